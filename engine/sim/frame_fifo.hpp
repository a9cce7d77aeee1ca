#pragma once
// One direction of a simulated TCP connection: the frames sent and not yet delivered, in
// order. A vector with a moving head (std::deque's constructor alone allocates twice, and a
// connection is made per dial, many per election), with the operations the simulation and
// its views use: push at either end, take the head, index, iterate in order, erase and insert
// by position (the harness's manual drop and duplicate), clear.
//
// Its first push makes room for a few frames at once (growing 1, 2, 4 reallocated and moved
// the frames about twice per direction of each connection). A frame is moved in once and
// taken out once (takeFront): every move of an InFlight moves its strings too.
// `release()` gives the buffer back: a connection closed at both ends never carries a frame
// again, and a large election leaves thousands of them behind. A plain value: a copy is a
// snapshot.
#include <cstddef>
#include <utility>
#include <vector>

namespace zab::sim {

template <class T>
class FrameFifo {
 public:
  using value_type = T;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;
  static constexpr std::size_t kFirstCapacity = 4;

  FrameFifo() = default;
  FrameFifo(const FrameFifo&) = default;
  FrameFifo& operator=(const FrameFifo&) = default;
  // A moved-from queue is empty, as a moved-from deque is.
  FrameFifo(FrameFifo&& o) noexcept : items_(std::move(o.items_)), head_(std::exchange(o.head_, 0)) { o.items_.clear(); }
  FrameFifo& operator=(FrameFifo&& o) noexcept {
    items_ = std::move(o.items_);
    head_ = std::exchange(o.head_, 0);
    o.items_.clear();
    return *this;
  }

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
  std::size_t capacity() const { return items_.capacity() - head_; }

  void push_back(T&& v) {
    if (items_.capacity() == 0) items_.reserve(kFirstCapacity);
    items_.push_back(std::move(v));
  }
  void push_front(T&& v) {
    if (head_ > 0) items_[--head_] = std::move(v);
    else items_.insert(items_.begin(), std::move(v));
  }
  // The head, moved out; what is left in its place holds nothing and goes with the next clear.
  T takeFront() {
    T out = std::move(items_[head_]);
    advance();
    return out;
  }
  void pop_front() {
    items_[head_] = T{};  // release what the item holds now, not when the slot is reused
    advance();
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
  void advance() {
    if (++head_ == items_.size()) clear();
    else if (head_ >= 16 && head_ > size()) {  // a queue that never drains stays small
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  std::vector<T> items_;
  std::size_t head_ = 0;  // items_[0, head_) are taken
};

}  // namespace zab::sim
