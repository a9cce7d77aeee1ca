# The heap allocator the programs run on. The engine makes and frees small objects at
# every simulated event (frames, decoded packets, queue buffers); mimalloc serves those
# faster than glibc's malloc (README, "Benchmarks"). Sanitizer and fuzz builds keep the
# default allocator: ASan must see every allocation through its own malloc.
option(ZABSCOPE_MIMALLOC "Link the programs against mimalloc (libmimalloc-dev)" ON)
if(ZABSCOPE_SANITIZE OR ZABSCOPE_FUZZ)
  set(ZABSCOPE_MIMALLOC OFF)
endif()
if(ZABSCOPE_MIMALLOC)
  find_package(mimalloc 2 REQUIRED)
endif()

# An object library, so that every program that links it really pulls it in (a static
# library's unreferenced object, and with it libmimalloc under --as-needed, would be dropped).
add_library(zabscope_heap OBJECT ${PROJECT_SOURCE_DIR}/app/heap_allocator.cpp)
target_include_directories(zabscope_heap PUBLIC ${PROJECT_SOURCE_DIR}/app)
if(ZABSCOPE_MIMALLOC)
  target_compile_definitions(zabscope_heap PRIVATE ZABSCOPE_MIMALLOC=1)
  target_link_libraries(zabscope_heap PUBLIC mimalloc)
endif()
add_library(zabscope::heap ALIAS zabscope_heap)
