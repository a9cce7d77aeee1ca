// Links the program against mimalloc when the build asks for it (cmake/HeapAllocator.cmake).
// Linking libmimalloc ahead of libc replaces malloc and operator new for the whole process;
// this file only names the allocator, and its reference to mi_version keeps the library
// among the program's needed libraries under the linker's --as-needed.
#include "heap_allocator.hpp"

#if ZABSCOPE_MIMALLOC
#include <mimalloc.h>
#endif

namespace zabscope {

std::string heapAllocatorName() {
#if ZABSCOPE_MIMALLOC
  const int v = mi_version();  // for example 209 for 2.0.9
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
#else
  return "glibc malloc";
#endif
}

}  // namespace zabscope
