#pragma once
// DataTree's nodes by path, hashed: every apply looks its path up, and a walk down the ordered
// map compared the path at each of its levels. Lookups only: the index has no iteration, so no
// order of its own can reach anything the engine outputs (the map keeps the order that
// snapshots, digests and views iterate in). Keys are views of the map's own keys, which never
// move. Open addressing with linear probing in a power-of-two table at most half full; an erase
// moves the rest of its probe run back, so no tombstones pile up.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "shared_bytes.hpp"

namespace zab {

template <class Value>
class PathIndex {
 public:
  void clear() {
    slots_.clear();
    size_ = 0;
  }
  // `path` must not be in the index yet.
  void insert(std::string_view path, Value v) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place(Slot{path, hash(path), std::move(v), true});
    ++size_;
  }
  void erase(std::string_view path) {
    if (slots_.empty()) return;
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = slotOf(path);
    if (!slots_[i].used) return;
    // Each later entry of the run moves into the hole unless its home lies cyclically in (hole, it].
    for (std::size_t j = (i + 1) & mask; slots_[j].used; j = (j + 1) & mask) {
      const std::size_t home = slots_[j].hash & mask;
      const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (stays) continue;
      slots_[i] = std::move(slots_[j]);
      i = j;
    }
    slots_[i] = Slot{};
    --size_;
  }
  // The value stored for `path`, or nullptr.
  const Value* find(std::string_view path) const {
    if (slots_.empty()) return nullptr;
    const Slot& s = slots_[slotOf(path)];
    return s.used ? &s.value : nullptr;
  }

 private:
  struct Slot {
    std::string_view key;
    std::uint64_t hash = 0;
    Value value{};
    bool used = false;
  };
  static std::uint64_t hash(std::string_view p) {  // the engine's FNV-1a (paths are a few bytes)
    return SharedBytes::fnv1a(reinterpret_cast<const std::uint8_t*>(p.data()), p.size());
  }
  // Where `path` is, or the empty slot that ends its probe run.
  std::size_t slotOf(std::string_view path) const {
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t h = hash(path);
    std::size_t i = h & mask;
    while (slots_[i].used && !(slots_[i].hash == h && slots_[i].key == path)) i = (i + 1) & mask;
    return i;
  }
  void place(Slot s) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = s.hash & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    slots_[i] = std::move(s);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : 2 * old.size(), Slot{});
    for (Slot& s : old)
      if (s.used) place(std::move(s));
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace zab
