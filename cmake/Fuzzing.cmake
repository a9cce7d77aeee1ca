# libFuzzer builds (preset "fuzz", clang only): every target is instrumented for coverage and
# built with ASan + UBSan; the fuzz programs themselves link libFuzzer's main (tests/fuzz).
if(ZABSCOPE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ZABSCOPE_FUZZ needs clang (libFuzzer): use the 'fuzz' preset or CMAKE_CXX_COMPILER=clang++")
  endif()
  # UB aborts, so the fuzzer records it as a crash instead of printing and going on.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
