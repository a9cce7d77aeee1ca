#pragma once
// The seed sweeps' ZABSCOPE_SEED=N: replay one seed of a range and print its trace.
#include <cstdint>
#include <cstdlib>

// Returns N (0 when unset). With N set, narrows [first, last] to N; inRange is false when N
// lies outside the range (the caller then runs nothing).
inline std::uint64_t traceSeedIn(std::uint64_t& first, std::uint64_t& last, bool& inRange) {
  const char* only = std::getenv("ZABSCOPE_SEED");
  const std::uint64_t seed = only ? std::strtoull(only, nullptr, 10) : 0;
  inRange = !seed || (seed >= first && seed <= last);
  if (seed && inRange) first = last = seed;
  return seed;
}
