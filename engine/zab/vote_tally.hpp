#pragma once
// FLE's running count of the votes in recvset, per (leader, zxid, round, peerEpoch): speed only,
// never behaviour. ZooKeeper's termPredicate counts the recvset entries that equal the proposal;
// against a LOOKING target Vote.equals compares exactly these four fields, so one count kept as
// votes come and go is the same decision, read in O(1).
//
// A round can hold as many distinct votes as there are peers (each proposes itself first), so a
// lookup must not depend on that number: the counts sit in one vector in arrival order and an
// open-addressing table of indices finds a key's count with one or two probes. A binary search
// over a sorted vector touched about log2(N) cache lines per lookup, three lookups per vote.
// Counts that fall to 0 stay until the round ends (clear()).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "types.hpp"

namespace zab {

class VoteTally {
 public:
  using Key = std::tuple<Sid, Zxid, std::int64_t, Epoch>;  // (leader, zxid, electionEpoch, peerEpoch)

  void clear() {  // keeps both buffers: a new round does not allocate again
    entries_.clear();
    std::fill(buckets_.begin(), buckets_.end(), 0u);
  }
  void add(const Key& k) { ++countOf(k); }
  void remove(const Key& k) { --countOf(k); }
  std::size_t count(const Key& k) const {
    if (buckets_.empty()) return 0;
    const std::uint32_t at = buckets_[bucketOf(k)];
    return at == 0 ? 0 : entries_[at - 1].second;
  }

 private:
  static std::uint64_t hashOf(const Key& k) {
    // A multiply-xorshift mix of the four fields: the keys of a round differ mostly in the leader.
    std::uint64_t h = static_cast<std::uint64_t>(std::get<0>(k)) * 0x9E3779B97F4A7C15ULL;
    h = (h ^ static_cast<std::uint64_t>(std::get<1>(k))) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ static_cast<std::uint64_t>(std::get<2>(k))) * 0x94D049BB133111EBULL;
    h = (h ^ static_cast<std::uint64_t>(std::get<3>(k))) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
  }
  // The bucket that holds `k`, or the empty bucket where it would go (linear probing).
  std::size_t bucketOf(const Key& k) const {
    const std::size_t mask = buckets_.size() - 1;
    for (std::size_t b = hashOf(k) & mask;; b = (b + 1) & mask) {
      const std::uint32_t at = buckets_[b];
      if (at == 0 || entries_[at - 1].first == k) return b;
    }
  }
  std::size_t& countOf(const Key& k) {
    if (buckets_.empty()) {
      buckets_.assign(16, 0u);  // a five-server round's keys and room to spare
      entries_.reserve(8);
    }
    std::size_t b = bucketOf(k);
    if (buckets_[b] != 0) return entries_[buckets_[b] - 1].second;
    if (2 * (entries_.size() + 1) > buckets_.size()) {  // keep the table at most half full
      grow();
      b = bucketOf(k);
    }
    entries_.emplace_back(k, 0);
    buckets_[b] = static_cast<std::uint32_t>(entries_.size());
    return entries_.back().second;
  }
  void grow() {
    buckets_.assign(buckets_.size() * 2, 0u);
    const std::size_t mask = buckets_.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t b = hashOf(entries_[i].first) & mask;
      while (buckets_[b] != 0) b = (b + 1) & mask;
      buckets_[b] = static_cast<std::uint32_t>(i + 1);
    }
  }

  std::vector<std::pair<Key, std::size_t>> entries_;  // in first-seen order: indices are stable
  std::vector<std::uint32_t> buckets_;                 // 0 = empty, else an index into entries_ + 1
};

}  // namespace zab
