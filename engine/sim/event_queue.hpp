#pragma once
// The simulation's pending events, popped in (time, seq) order. Times are whole virtual
// milliseconds and nearly every event is due within a second (a frame in 1 to 5 ms, a
// retransmission, FLE's poll, the leader's tick), so the queue is a calendar: a ring of
// kRing buckets, one per millisecond from the time of the last event popped, each a list of
// its events in seq order. Pushing, cancelling and re-arming an event is O(1) (an indexed
// heap sifted through log n levels for each: 11% of a 101-peer election), and popping finds
// the first non-empty bucket through a bitmap. Events due later than the ring reaches (an
// initLimit read timeout, a connect timeout) wait in a small indexed 4-ary heap, and a pop
// takes the lesser of the two heads, so the order is exactly the (time, seq) order of a
// std::map of events: runs are unchanged.
//
// Why a bucket holds only one time: every event in the ring is due in [base, base + kRing),
// where base is the time of the last event popped (it only grows: nothing is scheduled in
// the past, and a pop takes the least). Slots sit in a pool and are reused, so a step
// allocates nothing once the pool has grown. A plain value: copying the queue copies its
// vectors (a checkpoint is a snapshot).
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace zab::sim {

template <class T>  // T has `std::int64_t time` and `std::uint64_t seq`
class EventQueue {
 public:
  using Handle = std::uint32_t;  // a slot; valid until the event is popped or removed

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const T& top() const { return slots_[first()].item; }
  const T& at(Handle h) const { return slots_[h].item; }

  // Room for `n` pending events before the pool grows. A large election has about N^2 frames
  // and connects in flight at once, and every doubling of the pool copied each slot into
  // fresh memory: a 101-peer election spent 6% of its cache misses there.
  void reserve(std::size_t n) {
    slots_.reserve(n + 1);  // slot 0 is kNone
    free_.reserve(n);
  }

  Handle push(T item) {
    Handle h;
    if (!free_.empty()) {
      h = free_.back();
      free_.pop_back();
      slots_[h].item = std::move(item);
    } else {
      if (slots_.empty()) slots_.emplace_back();  // slot 0 is kNone: never an event
      h = static_cast<Handle>(slots_.size());
      slots_.push_back(Slot{std::move(item)});
    }
    slots_[h].live = true;
    link(h);
    ++size_;
    return h;
  }

  T pop() {
    const Handle h = first();
    base_ = slots_[h].item.time;  // the least pending time: the ring's window starts here now
    return remove(h);
  }

  T remove(Handle h) {
    unlink(h);
    Slot& s = slots_[h];
    s.live = false;
    free_.push_back(h);
    --size_;
    return std::move(s.item);
  }

  // Replaces the event behind `h` (a re-armed timer): same slot, new (time, seq).
  void replace(Handle h, T item) {
    Slot& s = slots_[h];
    if (s.pos != kInRing && !inWindow(item.time)) {
      // Far before and after (a learner's read timeout, re-armed at every packet). Re-armed
      // later, the usual case, the heap entry keeps its old key: a lower bound of the event's
      // time, brought up to date only when it could be the least (settleFar, from first()), so
      // a timer re-armed at every packet sifts about once per timeout period, not per packet.
      // Re-armed earlier, the entry takes the new key now and sifts up.
      Entry& e = far_[s.pos];
      const bool later = item.time != e.time ? item.time > e.time : item.seq > e.seq;
      s.item = std::move(item);
      if (later) return;
      e.time = s.item.time;
      e.seq = s.item.seq;
      siftUp(s.pos);
      return;
    }
    unlink(h);
    s.item = std::move(item);
    link(h);
  }

  // The least pending events in order, up to `n` of them and only as far as the least one's
  // bucket goes (a far least event comes alone): out[0] is top(). The last one is found from
  // its predecessor's link without reading it, so a caller may prefetch it. A hint for what
  // the next steps will read; nothing may be decided from it. Returns how many it gave.
  std::size_t peekAhead(const T* out[], std::size_t n) const {
    if (size_ == 0 || n == 0) return 0;
    Handle h = first();
    std::size_t k = 0;
    out[k++] = &slots_[h].item;
    if (slots_[h].pos != kInRing) return k;
    while (k < n && (h = slots_[h].next) != kNone) out[k++] = &slots_[h].item;
    return k;
  }

  // Every pending event, in no particular order (callers sort or count).
  template <class F>
  void forEach(F&& f) const {
    for (std::size_t h = 0; h < slots_.size(); ++h)
      if (slots_[h].live) f(static_cast<Handle>(h), slots_[h].item);
  }

 private:
  static constexpr std::size_t kRing = 1024;  // milliseconds the ring reaches past base_
  static constexpr std::size_t kWords = kRing / 64;
  // 0, so that an empty ring is all zeros (a new queue is a memset, not a loop).
  static constexpr Handle kNone = 0;
  static constexpr std::uint32_t kInRing = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::size_t kArity = 4;  // the far heap's siftDown tournament assumes four

  struct Slot {
    T item;
    Handle prev = kNone, next = kNone;  // the bucket's list (in the ring)
    mutable std::uint32_t pos = kInRing;  // index in far_, or kInRing (settleFar moves entries)
    bool live = false;
  };
  struct Bucket {
    Handle head = kNone, tail = kNone;
  };
  struct Entry {  // a far event: its key beside its slot, so sifting reads no slot
    std::int64_t time;
    std::uint64_t seq;
    Handle slot;
    bool operator<(const Entry& o) const { return time != o.time ? time < o.time : seq < o.seq; }
  };

  static bool before(const T& a, const T& b) { return a.time != b.time ? a.time < b.time : a.seq < b.seq; }

  // The least event: the head of the first non-empty bucket from base_, or the far heap's top.
  Handle first() const {
    Handle best = kNone;
    if (inRing_ > 0) {
      const std::size_t start = static_cast<std::size_t>(base_) % kRing;
      std::size_t w = start / 64;
      std::uint64_t bits = used_[w] & (~std::uint64_t{0} << (start % 64));
      for (std::size_t n = 0; bits == 0 && n < kWords; ++n) {
        w = (w + 1) % kWords;
        bits = used_[w];
        if (w == start / 64) bits &= ~(~std::uint64_t{0} << (start % 64));  // the wrapped-around part
      }
      assert(bits != 0);
      best = ring_[w * 64 + static_cast<std::size_t>(std::countr_zero(bits))].head;
    }
    if (!far_.empty()) {
      // The far top's key is a lower bound of every far event (see replace): a ring event
      // before it is the least without looking further; otherwise the top is made exact first.
      if (best != kNone && keyBefore(slots_[best].item, far_.front())) return best;
      settleFar();
      const Handle f = far_.front().slot;
      if (best == kNone || before(slots_[f].item, slots_[best].item)) best = f;
    }
    return best;
  }

  static bool keyBefore(const T& a, const Entry& e) { return a.time != e.time ? a.time < e.time : a.seq < e.seq; }

  // Brings the far heap's top key up to date, and again for each entry that comes up in its
  // place, until the top's key is its event's own: that event is then the least far event.
  // Changes no order, only the keys kept as lower bounds, hence const (far_ and Slot::pos are
  // mutable).
  void settleFar() const {
    while (true) {
      Entry& top = far_.front();
      const T& item = slots_[top.slot].item;
      if (top.time == item.time && top.seq == item.seq) return;
      top.time = item.time;
      top.seq = item.seq;
      siftDown(0);
    }
  }

  // Due where the ring reaches: in [base_, base_ + kRing).
  bool inWindow(std::int64_t t) const { return t >= base_ && t - base_ < static_cast<std::int64_t>(kRing); }

  void link(Handle h) {
    Slot& s = slots_[h];
    const std::int64_t t = s.item.time;
    if (!inWindow(t)) {
      s.pos = static_cast<std::uint32_t>(far_.size());
      far_.push_back(Entry{t, s.item.seq, h});
      siftUp(far_.size() - 1);
      return;
    }
    s.pos = kInRing;
    const std::size_t b = static_cast<std::size_t>(t) % kRing;
    Bucket& bucket = ring_[b];
    // Seq order within the bucket: a new event has the largest seq so far, so it goes last;
    // the walk back is for any caller that pushes an older seq.
    Handle after = bucket.tail;
    while (after != kNone && slots_[after].item.seq > s.item.seq) after = slots_[after].prev;
    s.prev = after;
    s.next = after == kNone ? bucket.head : slots_[after].next;
    (s.prev == kNone ? bucket.head : slots_[s.prev].next) = h;
    (s.next == kNone ? bucket.tail : slots_[s.next].prev) = h;
    used_[b / 64] |= std::uint64_t{1} << (b % 64);
    ++inRing_;
  }

  void unlink(Handle h) {
    Slot& s = slots_[h];
    if (s.pos != kInRing) {
      removeFar(s.pos);
      return;
    }
    const std::size_t b = static_cast<std::size_t>(s.item.time) % kRing;
    Bucket& bucket = ring_[b];
    (s.prev == kNone ? bucket.head : slots_[s.prev].next) = s.next;
    (s.next == kNone ? bucket.tail : slots_[s.next].prev) = s.prev;
    s.prev = s.next = kNone;
    if (bucket.head == kNone) used_[b / 64] &= ~(std::uint64_t{1} << (b % 64));
    --inRing_;
  }

  void removeFar(std::size_t pos) {
    const std::size_t last = far_.size() - 1;
    if (pos != last) {
      far_[pos] = far_[last];
      slots_[far_[pos].slot].pos = static_cast<std::uint32_t>(pos);
      far_.pop_back();
      if (!siftUp(pos)) siftDown(pos);
    } else {
      far_.pop_back();
    }
  }

  void place(std::size_t pos, const Entry& e) const {
    far_[pos] = e;
    slots_[e.slot].pos = static_cast<std::uint32_t>(pos);
  }
  bool siftUp(std::size_t pos) const {
    Entry e = far_[pos];
    std::size_t start = pos;
    while (pos > 0) {
      std::size_t parent = (pos - 1) / kArity;
      if (!(e < far_[parent])) break;
      place(pos, far_[parent]);
      pos = parent;
    }
    place(pos, e);
    return pos != start;
  }
  void siftDown(std::size_t pos) const {
    Entry e = far_[pos];
    const std::size_t n = far_.size();
    while (true) {
      const std::size_t first = kArity * pos + 1;
      if (first >= n) break;
      std::size_t child = first;  // the least of the (up to) kArity children
      if (first + kArity <= n) {  // all four: a fixed tournament, no loop bound to test
        const std::size_t a = far_[first + 1] < far_[first] ? first + 1 : first;
        const std::size_t b = far_[first + 3] < far_[first + 2] ? first + 3 : first + 2;
        child = far_[b] < far_[a] ? b : a;
      } else {
        for (std::size_t c = first + 1; c < n; ++c)
          if (far_[c] < far_[child]) child = c;
      }
      if (!(far_[child] < e)) break;
      place(pos, far_[child]);
      pos = child;
    }
    place(pos, e);
  }

  std::vector<Slot> slots_;
  std::vector<Handle> free_;
  std::size_t size_ = 0;
  std::int64_t base_ = 0;     // every event in the ring is due in [base_, base_ + kRing)
  std::size_t inRing_ = 0;
  std::array<Bucket, kRing> ring_{};  // zero: every bucket empty
  std::array<std::uint64_t, kWords> used_{};  // bit b: ring_[b] holds an event
  mutable std::vector<Entry> far_;    // the events due at base_ + kRing or later: an indexed 4-ary heap
};

}  // namespace zab::sim
