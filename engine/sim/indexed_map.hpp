#pragma once
// A std::map by a small integer id, with an index by id beside it. The map keeps the order
// the views iterate in; the index makes the lookups of every step O(1) instead of a walk down
// a tree. It holds every simulated TCP connection (ids 1, 2, 3..., never forgotten: an
// election of N peers dials about N^2 times) and every peer slot (by sid: every event looks
// up the peer it is for). The index points into the map's nodes, so a copy (a checkpoint)
// rebuilds its own. Ids that are negative or huge are found in the map alone.
#include <cstdint>
#include <map>
#include <type_traits>
#include <vector>

namespace zab::sim {

// Ids above kMaxDense are found in the map alone: the index never grows past it.
template <class Key, class C, std::size_t kMaxDense = 1'000'000'000>
class IndexedMap {
 public:
  using Map = std::map<Key, C>;

  IndexedMap() = default;
  IndexedMap(const IndexedMap& o) : map_(o.map_) { reindex(); }
  // A restore (a checkpoint assigned to the live simulation) usually finds the same keys: each
  // value is then assigned in place, so that its containers keep their memory and a shared
  // member both sides hold is not released and taken again.
  IndexedMap& operator=(const IndexedMap& o) {
    if (this == &o) return *this;
    if (sameKeys(o)) {
      auto it = map_.begin();
      for (const auto& [id, c] : o.map_) (it++)->second = c;
    } else {
      map_ = o.map_;
      reindex();
    }
    return *this;
  }
  IndexedMap(IndexedMap&&) noexcept = default;  // a moved map keeps its nodes
  IndexedMap& operator=(IndexedMap&&) noexcept = default;

  C* find(Key id) {
    if (dense(id) && static_cast<std::size_t>(id) < index_.size() && index_[static_cast<std::size_t>(id)])
      return index_[static_cast<std::size_t>(id)];
    auto it = map_.find(id);
    return it == map_.end() ? nullptr : &it->second;
  }
  const C* find(Key id) const { return const_cast<IndexedMap*>(this)->find(id); }
  bool contains(Key id) const { return find(id) != nullptr; }
  C& at(Key id) {
    if (C* c = find(id)) return *c;
    return map_.at(id);  // throws, as std::map::at does
  }
  C& operator[](Key id) {  // std::map's: a default-built value where none was
    if (C* c = find(id)) return *c;
    C& slot = map_[id];
    remember(id, &slot);
    return slot;
  }
  C& insert(Key id, C c) {
    C& slot = map_[id] = std::move(c);
    remember(id, &slot);
    return slot;
  }

  const Map& map() const { return map_; }
  typename Map::iterator begin() { return map_.begin(); }
  typename Map::iterator end() { return map_.end(); }
  typename Map::const_iterator begin() const { return map_.begin(); }
  typename Map::const_iterator end() const { return map_.end(); }

 private:
  static bool dense(Key id) {  // else the map alone finds it
    if constexpr (std::is_signed_v<Key>) {
      if (id < 0) return false;
    }
    return static_cast<std::uint64_t>(id) <= kMaxDense;
  }
  void remember(Key id, C* c) {
    if (!dense(id)) return;
    const auto i = static_cast<std::size_t>(id);
    if (i >= index_.size()) index_.resize(i + 1, nullptr);
    index_[i] = c;
  }
  bool sameKeys(const IndexedMap& o) const {
    if (map_.size() != o.map_.size()) return false;
    auto it = map_.begin();
    for (const auto& kv : o.map_)
      if ((it++)->first != kv.first) return false;
    return true;
  }
  void reindex() {
    index_.clear();
    for (auto& [id, c] : map_) remember(id, &c);
  }

  Map map_;
  std::vector<C*> index_;  // by id; null where none
};

}  // namespace zab::sim
