#pragma once
// A map by server id, laid out by sid: the per-peer tables of FLE (recvset, outofelection) and
// of the election transport (send queues, last message, live connection, known initial message).
//
// Why not a sorted vector (flat_map.hpp): those tables fill in arrival order, which is random
// (recvset is emptied every round and refilled by whoever's vote comes next), and an insert in
// the middle of a sorted vector moves half of it. With N peers that is N/2 entries moved per
// vote, about N^3 per election for N^2 events: the cost per event grew with the ensemble. Here
// sids 1..N sit at slot sid - base, so a lookup, an insert and an erase touch one entry.
//
// Sids are usually dense (1..N), but any long is a valid sid: when the keys are too sparse for
// slots (their span more than 4 times their count, plus a little) the map keeps them sorted
// instead, as FlatMap does. Either way iteration is in sid order over (sid, value) pairs, and
// find, count, contains, at, operator[], try_emplace, erase and == behave as std::map's.
// An insert invalidates iterators and references, as a vector's does. A plain value: a copy is
// a snapshot.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <utility>
#include <vector>

#include "types.hpp"

namespace zab {

template <class V>
class SidMap {
 public:
  using key_type = Sid;
  using mapped_type = V;
  using value_type = std::pair<Sid, V>;

  template <class M, class P>
  class Iter {  // skips the empty slots
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = SidMap::value_type;
    using difference_type = std::ptrdiff_t;
    using pointer = P*;
    using reference = P&;
    Iter() = default;
    Iter(M* map, std::size_t slot) : m(map), i(slot) { skip(); }
    template <class M2, class P2>
    Iter(const Iter<M2, P2>& o) : m(o.m), i(o.i) {}  // iterator -> const_iterator
    reference operator*() const { return m->slots_[i]; }
    pointer operator->() const { return &m->slots_[i]; }
    Iter& operator++() {
      ++i;
      skip();
      return *this;
    }
    Iter operator++(int) {
      Iter old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const Iter& a, const Iter& b) { return a.i == b.i; }
    friend bool operator!=(const Iter& a, const Iter& b) { return a.i != b.i; }

    M* m = nullptr;
    std::size_t i = 0;  // the slot

   private:
    void skip() {
      while (i < m->slots_.size() && !m->used(i)) ++i;
    }
  };
  using iterator = Iter<SidMap, value_type>;
  using const_iterator = Iter<const SidMap, const value_type>;

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }
  void clear() {  // keeps the slots: a new round with the same peers does not allocate or move
    if (!dense_) {
      slots_.clear();
      dense_ = true;
    }
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (used(i)) markFree(i);
    count_ = 0;
  }

  // Slots for sids 0..maxSid made ready at once, for a table that will hold an ensemble's sids:
  // it then never grows while an election fills it (each growth moved every entry: 101 peers'
  // tables grew seven times each). Only while empty and for ZooKeeper's usual small sids; what
  // the map holds and how it behaves are unchanged.
  void reserveSids(Sid maxSid) {
    if (!slots_.empty() || !dense_ || maxSid < 0 || static_cast<std::uint64_t>(maxSid) >= kSlack) return;
    base_ = 0;  // as the first insert of a small sid sets it
    resizeSlots(static_cast<std::size_t>(maxSid) + 1);
  }

  iterator begin() { return {this, 0}; }
  iterator end() { return {this, slots_.size()}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, slots_.size()}; }

  iterator find(Sid k) { return {this, indexOf(k)}; }
  const_iterator find(Sid k) const { return {this, indexOf(k)}; }
  std::size_t count(Sid k) const { return indexOf(k) != slots_.size() ? 1 : 0; }
  bool contains(Sid k) const { return count(k) != 0; }
  V& at(Sid k) {
    const std::size_t i = indexOf(k);
    if (i == slots_.size()) throw std::out_of_range("SidMap::at");
    return slots_[i].second;
  }
  const V& at(Sid k) const { return const_cast<SidMap*>(this)->at(k); }

  template <class... A>
  std::pair<iterator, bool> try_emplace(Sid k, A&&... a) {
    const auto [i, there] = slotFor(k);
    if (there) return {iterator(this, i), false};
    slots_[i].first = k;
    slots_[i].second = V(std::forward<A>(a)...);
    ++count_;
    return {iterator(this, i), true};
  }
  V& operator[](Sid k) { return try_emplace(k).first->second; }

  iterator erase(const_iterator it) {
    eraseAt(it.i);
    return {this, it.i};  // a sorted map's next entry slid into this place
  }
  iterator erase(iterator it) { return erase(const_iterator(it)); }
  std::size_t erase(Sid k) {
    const std::size_t i = indexOf(k);
    if (i == slots_.size()) return 0;
    eraseAt(i);
    return 1;
  }

  friend bool operator==(const SidMap& a, const SidMap& b) {
    if (a.count_ != b.count_) return false;
    auto j = b.begin();
    for (auto i = a.begin(); i != a.end(); ++i, ++j)
      if (!(*i == *j)) return false;
    return true;
  }

 private:
  // Dense slots span at most this many times the entries they hold, plus kSlack, before the map
  // keeps its keys sorted instead: a few sparse sids must not cost thousands of slots, and
  // ZooKeeper's usual sids (1..255) stay in slots whatever order they arrive in.
  static constexpr std::uint64_t kMaxSpread = 4;
  static constexpr std::uint64_t kSlack = 256;

  // Dense mode: slot i is for sid base_ + i, and holds it when its key says so; a free slot's
  // key is any other sid (base_ + i + 1). No flag array: a lookup reads one entry.
  Sid slotSid(std::size_t i) const { return static_cast<Sid>(static_cast<std::uint64_t>(base_) + i); }
  bool used(std::size_t i) const { return !dense_ || slots_[i].first == slotSid(i); }
  void markFree(std::size_t i) {
    slots_[i].first = static_cast<Sid>(static_cast<std::uint64_t>(slotSid(i)) + 1);
    slots_[i].second = V{};  // release what the value holds (shared buffers)
  }

  // The slot holding `k`, or slots_.size() when there is none.
  std::size_t indexOf(Sid k) const {
    if (dense_) {
      const std::uint64_t i = static_cast<std::uint64_t>(k) - static_cast<std::uint64_t>(base_);
      return i < slots_.size() && slots_[i].first == k ? static_cast<std::size_t>(i) : slots_.size();
    }
    const std::size_t i = sortedPosition(k);
    return i < slots_.size() && slots_[i].first == k ? i : slots_.size();
  }
  std::size_t sortedPosition(Sid k) const {  // the first entry not below k (sorted mode)
    std::size_t lo = 0, hi = slots_.size();
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (slots_[mid].first < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // The slot where `k` is (true) or goes (false), making room for it. The usual case, a sid
  // inside the slots, stays small enough to inline.
  std::pair<std::size_t, bool> slotFor(Sid k) {
    if (dense_) {
      const std::uint64_t i = static_cast<std::uint64_t>(k) - static_cast<std::uint64_t>(base_);
      if (i < slots_.size()) return {static_cast<std::size_t>(i), slots_[i].first == k};
    }
    return makeSlot(k);
  }
  std::pair<std::size_t, bool> makeSlot(Sid k) {
    if (dense_) {
      if (slots_.empty()) {
        // ZooKeeper's sids are small non-negative numbers: then slot i is sid i, and sids that
        // come later in any order never move the slots down.
        base_ = k >= 0 && static_cast<std::uint64_t>(k) < kSlack ? 0 : k;
        const auto i = static_cast<std::size_t>(static_cast<std::uint64_t>(k) - static_cast<std::uint64_t>(base_));
        resizeSlots(i + 1);
        return {i, false};
      }
      const std::uint64_t i = static_cast<std::uint64_t>(k) - static_cast<std::uint64_t>(base_);
      // Outside the slots: widen them, below or above, if the keys stay dense enough.
      const bool below = k < base_;
      const std::uint64_t span =
          below ? static_cast<std::uint64_t>(base_) - static_cast<std::uint64_t>(k) + slots_.size() : i + 1;
      if (span <= kMaxSpread * (count_ + 1) + kSlack) {
        if (!below) {
          resizeSlots(static_cast<std::size_t>(span));
          return {static_cast<std::size_t>(i), false};
        }
        // Every slot moves up by `shift` and keeps its key: base_ moves down by as much.
        const auto shift = static_cast<std::size_t>(span - slots_.size());
        std::vector<value_type> slots(static_cast<std::size_t>(span));
        for (std::size_t j = 0; j < slots_.size(); ++j) slots[j + shift] = std::move(slots_[j]);
        slots_ = std::move(slots);
        base_ = k;
        for (std::size_t j = 0; j < shift; ++j) slots_[j].first = static_cast<Sid>(static_cast<std::uint64_t>(slotSid(j)) + 1);
        return {0, false};
      }
      toSorted();
    }
    const std::size_t at = sortedPosition(k);
    if (at < slots_.size() && slots_[at].first == k) return {at, true};
    slots_.emplace(slots_.begin() + static_cast<std::ptrdiff_t>(at));  // its key and value come next
    return {at, false};
  }
  void resizeSlots(std::size_t n) {
    // At least n slots, grown by half again each time and all made ready at once (free), so
    // that the next sids fall inside; room for a seven-server ensemble at the first insert.
    const std::size_t size = std::max<std::size_t>({n, slots_.size() + slots_.size() / 2, 8});
    const std::size_t old = slots_.size();
    slots_.resize(size);
    for (std::size_t j = old; j < size; ++j) slots_[j].first = static_cast<Sid>(static_cast<std::uint64_t>(slotSid(j)) + 1);
  }
  void toSorted() {  // keep only the used slots, in order
    std::size_t w = 0;
    for (std::size_t r = 0; r < slots_.size(); ++r)
      if (used(r)) {
        if (w != r) slots_[w] = std::move(slots_[r]);
        ++w;
      }
    slots_.resize(w);
    dense_ = false;
  }
  void eraseAt(std::size_t i) {
    --count_;
    if (dense_) markFree(i);
    else slots_.erase(slots_.begin() + static_cast<std::ptrdiff_t>(i));
  }

  std::vector<value_type> slots_;  // dense: slot i is for sid base_ + i; sorted: the entries in order
  Sid base_ = 0;
  std::size_t count_ = 0;
  bool dense_ = true;
};

}  // namespace zab
