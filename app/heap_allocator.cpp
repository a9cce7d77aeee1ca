// Links the program against mimalloc when the build asks for it (cmake/HeapAllocator.cmake).
// Linking libmimalloc ahead of libc replaces malloc and operator new for the whole process;
// this file only names the allocator, and its reference to mi_version keeps the library
// among the program's needed libraries under the linker's --as-needed.
#include "heap_allocator.hpp"

#if ZABSCOPE_MIMALLOC
#include <mimalloc.h>
#endif

#include <cstdlib>

namespace zabscope {

#if ZABSCOPE_MIMALLOC
namespace {
// The heap on transparent huge pages (madvise), unless MIMALLOC_LARGE_OS_PAGES says otherwise.
// A long run's heap is tens of MB of small objects touched all over: on 4 KiB pages a 600 s
// run took 13,000 page faults and their TLB misses (a fifth of its CPU on this machine); on
// 2 MiB pages it takes about 200. Where the kernel has THP off this changes nothing.
const bool kLargePages = [] {
  if (!std::getenv("MIMALLOC_LARGE_OS_PAGES")) mi_option_enable(mi_option_large_os_pages);
  return true;
}();
}  // namespace
#endif

std::string heapAllocatorName() {
#if ZABSCOPE_MIMALLOC
  const int v = mi_version();  // for example 209 for 2.0.9
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
#else
  return "glibc malloc";
#endif
}

}  // namespace zabscope
