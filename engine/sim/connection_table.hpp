#pragma once
// Every simulated TCP connection by id, in id order. Ids are handed out 1, 2, 3... and never
// forgotten (an election of N peers dials about N^2 times), so the table is dense: entry `id`
// sits at position id - first id, found by arithmetic, and neighbours in id order are
// neighbours in memory. A std::map (with an index beside it) made a heap node per dial,
// scattered, which a large election's steps then missed in the cache.
//
// Storage is a list of fixed-capacity chunks: adding a connection never moves the others, so
// a `Connection&` held while a peer runs (and dials) stays valid, as a map node's did.
// Iteration yields (id, connection) pairs, like the map it replaces. A plain value: a copy (a
// checkpoint) copies the connections.
//
// Chunks start on a cache line: an entry of 128 bytes (simulation.hpp) is then exactly two
// lines, not parts of three.
#include <cstddef>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace zab::sim {

// std::allocator, but every block starts on a 64-byte boundary.
template <class T>
struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}  // NOLINT: rebinding, as std::allocator
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlign); }
  template <class U>
  bool operator==(const CacheLineAllocator<U>&) const { return true; }
};

template <class Key, class C>
class ConnectionTable {
 public:
  using value_type = std::pair<const Key, C>;

  ConnectionTable() = default;
  ConnectionTable(const ConnectionTable& o) : first_(o.first_), size_(o.size_) {
    chunks_.reserve(o.chunks_.size());
    for (const auto& chunk : o.chunks_) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);  // full capacity: a later add must not move this chunk
      for (const auto& e : chunk) chunks_.back().emplace_back(e);
    }
  }
  // A restore (a checkpoint assigned to the live simulation) finds the same first id: the
  // connections both tables have are assigned in place (their queues keep their buffers, a
  // frame both hold is not released and taken again), the rest dropped or added.
  ConnectionTable& operator=(const ConnectionTable& o) {
    if (this == &o) return *this;
    if (size_ == 0 || o.size_ == 0 || first_ != o.first_) {
      ConnectionTable copy(o);
      swap(copy);
      return *this;
    }
    while (size_ > o.size_) {
      chunks_.back().pop_back();
      if (chunks_.back().empty()) chunks_.pop_back();
      --size_;
    }
    for (std::size_t i = 0; i < size_; ++i) chunks_[i / kChunk][i % kChunk].second = o.chunks_[i / kChunk][i % kChunk].second;
    for (std::size_t i = size_; i < o.size_; ++i) chunkWithRoom().emplace_back(o.chunks_[i / kChunk][i % kChunk]);
    size_ = o.size_;
    return *this;
  }
  ConnectionTable(ConnectionTable&&) noexcept = default;  // the chunks' buffers move along
  ConnectionTable& operator=(ConnectionTable&&) noexcept = default;
  void swap(ConnectionTable& o) noexcept {
    chunks_.swap(o.chunks_);
    std::swap(first_, o.first_);
    std::swap(size_, o.size_);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  C* find(Key id) {
    if (size_ == 0 || id < first_) return nullptr;
    const auto i = static_cast<std::size_t>(id - first_);
    if (i >= size_) return nullptr;
    return &chunks_[i / kChunk][i % kChunk].second;
  }
  const C* find(Key id) const { return const_cast<ConnectionTable*>(this)->find(id); }
  bool contains(Key id) const { return find(id) != nullptr; }
  std::size_t count(Key id) const { return contains(id) ? 1 : 0; }
  C& at(Key id) {
    if (C* c = find(id)) return *c;
    throw std::out_of_range("ConnectionTable::at");
  }
  const C& at(Key id) const { return const_cast<ConnectionTable*>(this)->at(id); }

  // Adds connection `id`, which must follow the last one (the first may be any id).
  C& insert(Key id, C c) {
    if (size_ == 0) first_ = id;
    else if (id != static_cast<Key>(first_ + static_cast<Key>(size_)))
      throw std::logic_error("ConnectionTable: connection ids must be added in order, without gaps");
    auto& chunk = chunkWithRoom();
    ++size_;
    return chunk.emplace_back(id, std::move(c)).second;
  }

  template <bool kConst>
  class Iter {
   public:
    using Table = std::conditional_t<kConst, const ConnectionTable, ConnectionTable>;
    using reference = std::conditional_t<kConst, const value_type&, value_type&>;
    Iter(Table* t, std::size_t i) : t_(t), i_(i) {}
    reference operator*() const { return t_->chunks_[i_ / kChunk][i_ % kChunk]; }
    auto* operator->() const { return &**this; }
    Iter& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iter& o) const { return i_ == o.i_; }
    bool operator!=(const Iter& o) const { return i_ != o.i_; }

   private:
    Table* t_;
    std::size_t i_;
  };
  Iter<false> begin() { return {this, 0}; }
  Iter<false> end() { return {this, size_}; }
  Iter<true> begin() const { return {this, 0}; }
  Iter<true> end() const { return {this, size_}; }

 private:
  static constexpr std::size_t kChunk = 64;
  // The last chunk, or a new one when it is full: reserved whole, so that adding never moves an entry.
  auto& chunkWithRoom() {
    if (chunks_.empty() || chunks_.back().size() == kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    return chunks_.back();
  }
  std::vector<std::vector<value_type, CacheLineAllocator<value_type>>> chunks_;  // each reserved to kChunk, only the last not full
  Key first_{};
  std::size_t size_ = 0;
};

}  // namespace zab::sim
