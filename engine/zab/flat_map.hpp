#pragma once
// An ordered map (and set) by a small key, kept as a sorted vector. The election transport and
// FLE keep one entry per peer (send queues, last message, live connection, votes): a std::map
// made a heap node for each, allocated per process and per round and scattered in memory, so
// an N-peer election touched about N^2 nodes. Here a process's entries sit in one buffer and a
// lookup is a binary search over it. Keys arrive mostly in increasing order (FLE notifies the
// voters by sid), so an insert is usually an append. Integer keys (sids, connection ids) narrow
// the search first (searchRange): with dense sids 1..N a lookup reads one entry, not log2(N)
// cache lines, so an event's cost does not grow with the ensemble.
//
// The std::map operations the engine, its views and tests use: find, count, contains, at,
// operator[], try_emplace, erase by key or position, lower_bound, iteration in key order over
// (key, value) pairs, ==. An insert invalidates iterators and references, as a vector's does.
// A plain value: a copy is a snapshot.
#include <algorithm>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "search_range.hpp"

namespace zab {

// A map's first buffer holds this many entries: the peers of a five-server ensemble but one.
inline constexpr std::size_t kFirstCapacity = 4;

template <class K, class V>
class FlatMap {
 public:
  using key_type = K;
  using mapped_type = V;
  using value_type = std::pair<K, V>;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  void clear() { items_.clear(); }  // keeps the buffer: a new round does not allocate again

  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }

  iterator lower_bound(const K& k) {
    if (items_.empty() || items_.back().first < k) return items_.end();  // the usual append
    if constexpr (std::is_integral_v<K>) {
      if (!(items_.front().first < k)) return items_.begin();
      const auto [lo, hi] = searchRange(items_.front().first, items_.back().first, k, items_.size());
      return std::lower_bound(items_.begin() + static_cast<std::ptrdiff_t>(lo),
                              items_.begin() + static_cast<std::ptrdiff_t>(hi + 1), k, less);
    } else {
      return std::lower_bound(items_.begin(), items_.end(), k, less);
    }
  }
  const_iterator lower_bound(const K& k) const { return const_cast<FlatMap*>(this)->lower_bound(k); }
  iterator find(const K& k) {
    auto it = lower_bound(k);
    return it != items_.end() && it->first == k ? it : items_.end();
  }
  const_iterator find(const K& k) const { return const_cast<FlatMap*>(this)->find(k); }
  std::size_t count(const K& k) const { return find(k) != end() ? 1 : 0; }
  bool contains(const K& k) const { return find(k) != end(); }
  V& at(const K& k) {
    auto it = find(k);
    if (it == items_.end()) throw std::out_of_range("FlatMap::at");
    return it->second;
  }
  const V& at(const K& k) const { return const_cast<FlatMap*>(this)->at(k); }

  template <class... A>
  std::pair<iterator, bool> try_emplace(const K& k, A&&... a) {
    auto it = lower_bound(k);
    if (it != items_.end() && it->first == k) return {it, false};
    if (items_.capacity() == 0) {  // room for a small ensemble's peers at once, not 1, 2, 4
      items_.reserve(kFirstCapacity);
      it = items_.end();
    }
    it = items_.emplace(it, std::piecewise_construct, std::forward_as_tuple(k), std::forward_as_tuple(std::forward<A>(a)...));
    return {it, true};
  }
  V& operator[](const K& k) { return try_emplace(k).first->second; }

  iterator erase(const_iterator it) { return items_.erase(it); }
  iterator erase(iterator it) { return items_.erase(it); }
  std::size_t erase(const K& k) {
    auto it = find(k);
    if (it == items_.end()) return 0;
    items_.erase(it);
    return 1;
  }

  bool operator==(const FlatMap& o) const { return items_ == o.items_; }

 private:
  static bool less(const value_type& e, const K& k) { return e.first < k; }
  std::vector<value_type> items_;  // sorted by key, keys unique
};

// std::set's operations, over a sorted vector.
template <class K>
class FlatSet {
 public:
  using const_iterator = typename std::vector<K>::const_iterator;
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  void clear() { items_.clear(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  const_iterator find(const K& k) const {
    auto it = lowerBound(k);
    return it != items_.end() && *it == k ? it : items_.end();
  }
  std::size_t count(const K& k) const { return find(k) != end() ? 1 : 0; }
  bool contains(const K& k) const { return find(k) != end(); }
  bool insert(const K& k) {  // true when `k` was not there
    if (items_.capacity() == 0) items_.reserve(kFirstCapacity);
    auto it = items_.begin() + (lowerBound(k) - items_.cbegin());
    if (it != items_.end() && *it == k) return false;
    items_.insert(it, k);
    return true;
  }
  std::size_t erase(const K& k) {
    auto it = find(k);
    if (it == end()) return 0;
    items_.erase(it);
    return 1;
  }
  bool operator==(const FlatSet& o) const { return items_ == o.items_; }

 private:
  const_iterator lowerBound(const K& k) const {  // as FlatMap::lower_bound
    if (items_.empty() || items_.back() < k) return items_.end();
    if constexpr (std::is_integral_v<K>) {
      if (!(items_.front() < k)) return items_.begin();
      const auto [lo, hi] = searchRange(items_.front(), items_.back(), k, items_.size());
      return std::lower_bound(items_.begin() + static_cast<std::ptrdiff_t>(lo),
                              items_.begin() + static_cast<std::ptrdiff_t>(hi + 1), k);
    } else {
      return std::lower_bound(items_.begin(), items_.end(), k);
    }
  }

  std::vector<K> items_;  // sorted, unique
};

}  // namespace zab
