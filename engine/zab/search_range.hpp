#pragma once
// Where an integer key can sit in a sorted run of unique integer keys, from the first and last
// keys alone: the per-peer tables (flat_map.hpp) and the voter list (quorum_verifier.hpp) hold
// sids, usually 1..N, and then the range is one entry and a lookup touches one cache line
// instead of log2(N) of them.
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace zab {

// Where `k` can sit among n sorted unique keys from `first` to `last` (first <= k <= last): at
// most k - first places from the front (only that many integers are smaller) and at least
// n - 1 - (last - k) (only last - k + 1 integers are at least k). Returns [lo, hi], positions.
template <class K>
std::pair<std::size_t, std::size_t> searchRange(const K& first, const K& last, const K& k, std::size_t n) {
  static_assert(std::is_integral_v<K>);
  // The differences are exact in unsigned arithmetic, even for negative keys.
  const auto fromFront = static_cast<std::uint64_t>(k) - static_cast<std::uint64_t>(first);
  const auto toBack = static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(k);
  const std::size_t hi = fromFront < n - 1 ? static_cast<std::size_t>(fromFront) : n - 1;
  const std::size_t lo = toBack < n - 1 ? n - 1 - static_cast<std::size_t>(toBack) : 0;
  return {lo, hi};
}

}  // namespace zab
