#pragma once
// Every simulated TCP connection by id, in id order. Ids are handed out 1, 2, 3... and a
// connection is never forgotten, so a long run holds thousands (an election of N peers dials
// about N^2 times). The map keeps the order the views iterate in; an index by id makes the
// lookups of every step O(1) instead of a walk down a deep tree. The index points into the
// map's nodes, so a copy (a checkpoint) rebuilds its own.
#include <cstdint>
#include <map>
#include <vector>

namespace zab::sim {

template <class Key, class C>
class ConnectionTable {
 public:
  using Map = std::map<Key, C>;

  ConnectionTable() = default;
  ConnectionTable(const ConnectionTable& o) : map_(o.map_) { reindex(); }
  ConnectionTable& operator=(const ConnectionTable& o) {
    if (this != &o) {
      map_ = o.map_;
      reindex();
    }
    return *this;
  }
  ConnectionTable(ConnectionTable&&) noexcept = default;  // a moved map keeps its nodes
  ConnectionTable& operator=(ConnectionTable&&) noexcept = default;

  C* find(Key id) {
    if (id < index_.size() && index_[id]) return index_[id];
    auto it = map_.find(id);
    return it == map_.end() ? nullptr : &it->second;
  }
  const C* find(Key id) const { return const_cast<ConnectionTable*>(this)->find(id); }
  bool contains(Key id) const { return find(id) != nullptr; }
  C& at(Key id) {
    if (C* c = find(id)) return *c;
    return map_.at(id);  // throws, as std::map::at does
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
  void remember(Key id, C* c) {
    if (id > 1'000'000'000) return;  // not a dense id: the map alone finds it
    if (id >= index_.size()) index_.resize(static_cast<std::size_t>(id) + 1, nullptr);
    index_[id] = c;
  }
  void reindex() {
    index_.clear();
    for (auto& [id, c] : map_) remember(id, &c);
  }

  Map map_;
  std::vector<C*> index_;  // by id; null where none
};

}  // namespace zab::sim
