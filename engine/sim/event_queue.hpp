#pragma once
// The simulation's pending events, popped in (time, seq) order: an indexed 4-ary heap over
// a pool of slots (half the levels of a binary heap, and a node's four children share a cache
// line or two: a pop sifts down through fewer, cheaper levels). Cancelling or re-arming an event by its handle costs O(log n), and a step
// allocates nothing once the pool has grown (a std::map made a node per event). (time, seq)
// is unique, so the order is the same total order the map gave, and runs are unchanged.
// A plain value: copying the queue copies its vectors (a checkpoint is a snapshot).
#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

namespace zab::sim {

template <class T>  // T has `std::int64_t time` and `std::uint64_t seq`
class EventQueue {
 public:
  using Handle = std::uint32_t;  // a slot; valid until the event is popped or removed

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const T& top() const { return slots_[heap_.front().slot].item; }
  const T& at(Handle h) const { return slots_[h].item; }

  Handle push(T item) {
    Handle h;
    if (!free_.empty()) {
      h = free_.back();
      free_.pop_back();
      slots_[h].item = std::move(item);
    } else {
      h = static_cast<Handle>(slots_.size());
      slots_.push_back(Slot{std::move(item), 0});
    }
    heap_.push_back(Entry{slots_[h].item.time, slots_[h].item.seq, h});
    slots_[h].pos = heap_.size() - 1;
    siftUp(heap_.size() - 1);
    return h;
  }

  T pop() { return remove(heap_.front().slot); }

  T remove(Handle h) {
    std::size_t pos = slots_[h].pos;
    T out = std::move(slots_[h].item);
    free_.push_back(h);
    std::size_t last = heap_.size() - 1;
    if (pos != last) {
      heap_[pos] = heap_[last];
      slots_[heap_[pos].slot].pos = pos;
      heap_.pop_back();
      if (!siftUp(pos)) siftDown(pos);
    } else {
      heap_.pop_back();
    }
    return out;
  }

  // Replaces the event behind `h` (a re-armed timer): same slot, new (time, seq).
  void replace(Handle h, T item) {
    slots_[h].item = std::move(item);
    std::size_t pos = slots_[h].pos;
    heap_[pos].time = slots_[h].item.time;
    heap_[pos].seq = slots_[h].item.seq;
    if (!siftUp(pos)) siftDown(pos);
  }

  // Every pending event, in no particular order (callers sort or count).
  template <class F>
  void forEach(F&& f) const {
    for (const Entry& e : heap_) f(e.slot, slots_[e.slot].item);
  }

 private:
  static constexpr std::size_t kArity = 4;  // siftDown's tournament assumes four
  struct Slot {
    T item;
    std::size_t pos = 0;  // index in heap_
  };
  struct Entry {
    std::int64_t time;
    std::uint64_t seq;
    Handle slot;
    bool operator<(const Entry& o) const { return time != o.time ? time < o.time : seq < o.seq; }
  };

  void place(std::size_t pos, const Entry& e) {
    heap_[pos] = e;
    slots_[e.slot].pos = pos;
  }
  bool siftUp(std::size_t pos) {
    Entry e = heap_[pos];
    std::size_t start = pos;
    while (pos > 0) {
      std::size_t parent = (pos - 1) / kArity;
      if (!(e < heap_[parent])) break;
      place(pos, heap_[parent]);
      pos = parent;
    }
    place(pos, e);
    return pos != start;
  }
  void siftDown(std::size_t pos) {
    Entry e = heap_[pos];
    const std::size_t n = heap_.size();
    while (true) {
      const std::size_t first = kArity * pos + 1;
      if (first >= n) break;
      std::size_t child = first;  // the least of the (up to) kArity children
      if (first + kArity <= n) {  // all four: a fixed tournament, no loop bound to test
        const std::size_t a = heap_[first + 1] < heap_[first] ? first + 1 : first;
        const std::size_t b = heap_[first + 3] < heap_[first + 2] ? first + 3 : first + 2;
        child = heap_[b] < heap_[a] ? b : a;
      } else {
        for (std::size_t c = first + 1; c < n; ++c)
          if (heap_[c] < heap_[child]) child = c;
      }
      if (!(heap_[child] < e)) break;
      place(pos, heap_[child]);
      pos = child;
    }
    place(pos, e);
  }

  std::vector<Slot> slots_;
  std::vector<Handle> free_;
  std::vector<Entry> heap_;
};

}  // namespace zab::sim
