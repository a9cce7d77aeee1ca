#pragma once
// Which heap allocator this program runs on, for the figures a benchmark prints.
#include <string>

namespace zabscope {
std::string heapAllocatorName();
}
