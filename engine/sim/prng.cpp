#include "prng.hpp"

namespace zab::sim {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Prng::Prng(std::uint64_t seed) {
  std::uint64_t sm = seed;
  for (auto& word : s_) word = splitmix64(sm);
}

namespace {
constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t Prng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::int64_t Prng::uniform(std::int64_t lo, std::int64_t hi) {
  if (hi <= lo) return lo;
  const std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
  if (range == 0) return static_cast<std::int64_t>(next());  // the full 64-bit range
  // Draws at or past `limit` are rejected (they would favour the low values). limit is more than
  // UINT64_MAX - range, so a draw at or below that is kept without working limit out: the same
  // draws, and the division for limit only for the rare draw near the top.
  std::uint64_t x = next();
  if (x > UINT64_MAX - range) {
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
    while (x >= limit) x = next();
  }
  return lo + static_cast<std::int64_t>(x % range);
}

bool Prng::chance(double p) {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  // 53 random bits -> [0, 1)
  const double u = static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
  return u < p;
}

Prng Prng::fork(std::uint64_t salt) {
  std::uint64_t sm = next() ^ salt;
  Prng child;
  for (auto& word : child.s_) word = splitmix64(sm);
  return child;
}

}  // namespace zab::sim
