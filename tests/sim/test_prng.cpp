// Prng::uniform draws exactly what it drew when it worked out its rejection limit before every
// draw (the limit is now worked out only for a draw near the top): the same values and the same
// number of draws, for small ranges (latencies, jitter) and for ranges near 2^63, where about
// half the draws are rejected.
#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/prng.hpp"

namespace {

// The former Prng::uniform, written out over a copy of the generator.
std::int64_t referenceUniform(zab::sim::Prng& rng, std::int64_t lo, std::int64_t hi) {
  if (hi <= lo) return lo;
  const std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
  if (range == 0) return static_cast<std::int64_t>(rng.next());
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
  std::uint64_t x = rng.next();
  while (x >= limit) x = rng.next();
  return lo + static_cast<std::int64_t>(x % range);
}

}  // namespace

TEST_CASE("prng: uniform draws the same values as the limit-first rejection", "[prng]") {
  // hi - lo must fit an int64 (as every caller's does): wider spans overflow before uniform sees them.
  const std::vector<std::pair<std::int64_t, std::int64_t>> ranges = {
      {1, 5},  {0, 0},  {0, 1},  {-3, 3},  {100, 1100},
      {0, INT64_MAX},                                  // range 2^63: half the draws rejected
      {0, std::int64_t{1} << 62},                      // 2^62 + 1: a quarter rejected
      {-(std::int64_t{1} << 61), (std::int64_t{1} << 61) + 12345},
  };
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    zab::sim::Prng rng(seed);
    zab::sim::Prng ref(seed);
    for (int i = 0; i < 2000; ++i)
      for (const auto& [lo, hi] : ranges) {
        REQUIRE(rng.uniform(lo, hi) == referenceUniform(ref, lo, hi));
        REQUIRE(rng == ref);  // the same number of draws
      }
  }
}
