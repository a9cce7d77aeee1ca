#pragma once
// Our own PRNG (xoshiro256**, seeded through splitmix64) and range mapping. Library
// distributions differ between standard libraries and would break replay.
#include <array>
#include <cstdint>

namespace zab::sim {

std::uint64_t splitmix64(std::uint64_t& state);

class Prng {
 public:
  Prng() : Prng(1) {}
  explicit Prng(std::uint64_t seed);
  std::uint64_t next();
  // Uniform integer in [lo, hi] (inclusive), unbiased by rejection.
  std::int64_t uniform(std::int64_t lo, std::int64_t hi);
  // True with probability p (p <= 0 never, p >= 1 always).
  bool chance(double p);
  // A derived generator for a subsystem, so adding draws in one does not shift another.
  Prng fork(std::uint64_t salt);

  bool operator==(const Prng&) const = default;

 private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace zab::sim
