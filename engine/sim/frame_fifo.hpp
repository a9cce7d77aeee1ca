#pragma once
// One direction of a simulated TCP connection: the frames sent and not yet delivered, in
// order. A zab::Fifo (a vector with a moving head: std::deque's constructor alone allocates
// twice, and a connection is made per dial, many per election) whose first push makes room
// for a few frames at once: growing 1, 2, 4 reallocated and moved the frames about twice per
// direction of each connection; and a direction that never quite drains (a large
// election's busy links) moves its frames to the front of its buffer when it fills
// rather than doubling it. A frame is moved in once and taken out once (takeFront):
// every move of an InFlight copies its 80 bytes. `release()` gives the buffer back: a
// connection closed at both ends never carries a frame again, and a large election leaves
// thousands of them behind.
#include <cstddef>
#include <utility>

#include "zab/fifo.hpp"

namespace zab::sim {

template <class T>
class FrameFifo : public zab::Fifo<T> {
 public:
  static constexpr std::size_t kFirstCapacity = 4;

  void push_back(T&& v) {
    if (this->capacity() == 0) this->reserve(kFirstCapacity);
    else this->reuseTakenRoom();
    zab::Fifo<T>::push_back(std::move(v));
  }
};

}  // namespace zab::sim
