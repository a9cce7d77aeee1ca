# Warnings as an interface target: every project target links zabscope::warnings.
add_library(zabscope_warnings INTERFACE)
add_library(zabscope::warnings ALIAS zabscope_warnings)
target_compile_options(zabscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor)
