#pragma once
// A first-in first-out queue that allocates nothing while it is empty: a vector with a moving
// head. std::deque allocates its map and a first block even when empty (and again when moved
// from), and the engine holds many queues that stay empty for most of their life: every
// process has a receive queue, an election queue and a committed log, every learner three
// more, every simulated connection two. Building and tearing down five processes per election
// spent a sixth of its allocations there.
//
// The operations the engine and its views use on a deque: push and pop at either end, front and
// back, index, iterate in order, erase and insert by position (the harness's manual drop and
// duplicate), clear; and take the head out by move (`takeFront`) or give the buffer back
// (`release`) for a queue that will not be used again. A plain value: a copy is a snapshot.
#include <cstddef>
#include <utility>
#include <vector>

namespace zab {

template <class T>
class Fifo {
 public:
  using value_type = T;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  Fifo() = default;
  // A copy (a checkpoint, a restore) holds the items alone, not the taken slots before the head:
  // a busy connection's queue has as many of those as items, each as big as an item.
  Fifo(const Fifo& o) : items_(o.begin(), o.end()) {}
  Fifo& operator=(const Fifo& o) {
    if (this != &o) {
      items_.assign(o.begin(), o.end());
      head_ = 0;
    }
    return *this;
  }
  // A moved-from queue is empty, as a moved-from deque is.
  Fifo(Fifo&& o) noexcept : items_(std::move(o.items_)), head_(o.head_) { o.clear(); }
  Fifo& operator=(Fifo&& o) noexcept {
    items_ = std::move(o.items_);
    head_ = o.head_;
    o.clear();
    return *this;
  }

  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }
  T& back() { return items_.back(); }
  const T& back() const { return items_.back(); }
  T& operator[](std::size_t i) { return items_[head_ + i]; }
  const T& operator[](std::size_t i) const { return items_[head_ + i]; }
  iterator begin() { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  const_iterator end() const { return items_.end(); }

  void push_back(const T& v) { items_.push_back(v); }
  void push_back(T&& v) { items_.push_back(std::move(v)); }
  template <class... A>
  T& emplace_back(A&&... a) {
    return items_.emplace_back(std::forward<A>(a)...);
  }
  void push_front(T v) {
    if (head_ > 0) items_[--head_] = std::move(v);
    else items_.insert(items_.begin(), std::move(v));
  }
  void pop_front() {
    items_[head_] = T{};  // release what the item holds now, not when the slot is reused
    if (++head_ == items_.size()) clear();
    else if (head_ >= 16 && head_ > size()) compact();  // a queue that never drains stays small
  }
  // The head, moved out; what is left in its place holds nothing and goes with the next clear.
  T takeFront() {
    T out = std::move(items_[head_]);
    if (++head_ == items_.size()) clear();
    else if (head_ >= 16 && head_ > size()) compact();
    return out;
  }
  void pop_back() {
    items_.pop_back();
    if (empty()) clear();
  }
  // Room for `n` items before the next reallocation (a queue that will hold several soon).
  void reserve(std::size_t n) { items_.reserve(head_ + n); }
  std::size_t capacity() const { return items_.capacity() - head_; }
  // Before a push into a full buffer whose first half or more was taken: the items move to the
  // front, so a queue that never quite drains reuses its buffer instead of doubling it each
  // time it fills (at least half of it is free after the move: O(1) per push amortised).
  void reuseTakenRoom() {
    if (head_ > 0 && items_.size() == items_.capacity() && 2 * head_ >= items_.size()) compact();
  }
  void clear() {
    items_.clear();  // keeps the capacity: a queue that filled once does not allocate again
    head_ = 0;
  }
  void release() {
    std::vector<T>().swap(items_);
    head_ = 0;
  }
  iterator erase(iterator it) {
    auto out = items_.erase(it);
    if (empty()) {
      clear();
      return end();
    }
    return out;
  }
  iterator insert(iterator it, T v) { return items_.insert(it, std::move(v)); }

 private:
  void compact() {
    items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }

  std::vector<T> items_;
  std::size_t head_ = 0;  // items_[0, head_) are taken
};

}  // namespace zab
