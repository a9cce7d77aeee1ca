#pragma once
// One direction of a simulated TCP connection: the frames sent and not yet delivered, in
// order. A vector with a moving head instead of std::deque, whose constructor alone
// allocates twice (a connection is made per dial, many per election). The same operations
// the harness and the views use on a deque: push at either end, pop the head, index, erase
// and insert by position (manual drop / duplicate), iterate in order.
#include <cstddef>
#include <utility>
#include <vector>

namespace zab::sim {

template <class T>
class FrameFifo {
 public:
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }
  T& operator[](std::size_t i) { return items_[head_ + i]; }
  const T& operator[](std::size_t i) const { return items_[head_ + i]; }
  iterator begin() { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  const_iterator end() const { return items_.end(); }

  void push_back(T v) { items_.push_back(std::move(v)); }
  void push_front(T v) {
    if (head_ > 0) items_[--head_] = std::move(v);
    else items_.insert(items_.begin(), std::move(v));
  }
  void pop_front() {
    items_[head_] = T{};  // release what the frame holds now, not when the slot is reused
    if (++head_ == items_.size()) clear();
    else if (head_ >= 16 && head_ > size()) compact();  // a link that never drains stays small
  }
  void clear() {
    items_.clear();
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
  std::size_t head_ = 0;  // items_[0, head_) are delivered
};

}  // namespace zab::sim
