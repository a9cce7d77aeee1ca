#pragma once
// One direction of a simulated TCP connection: the frames sent and not yet delivered, in
// order. A zab::Fifo (a vector with a moving head) instead of std::deque, whose constructor
// alone allocates twice (a connection is made per dial, many per election).
#include "zab/fifo.hpp"

namespace zab::sim {

template <class T>
using FrameFifo = zab::Fifo<T>;

}  // namespace zab::sim
