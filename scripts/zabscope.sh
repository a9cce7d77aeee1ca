#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (run as root, or with sudo available):
#   scripts/zabscope.sh run    install what is missing, build, start the app (no display: a headless tour)
#   scripts/zabscope.sh test   install what is missing, build, run every test (ctest), then the fuzz smoke
#   scripts/zabscope.sh packages   print the install list, one package a line
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Debian package the build, the tests and the app need. They are installed with
# --no-install-recommends, so a package is only there if it is named here or is a Depends /
# Pre-Depends of one named here. The ctest check packages/install_list (scripts/check_packages.sh)
# maps every system header, CMake file, library and tool the build used to its package and fails
# when one is missing from this list.
PACKAGES=(
  # build tools (python3-glad generates the OpenGL loader; it also brings python3)
  cmake ninja-build g++ pkg-config python3-glad
  # libraries
  libfmt-dev catch2 nlohmann-json3-dev libcli11-dev libbenchmark-dev
  libimgui-dev libglfw3-dev libstb-dev
  libgl-dev libx11-dev
  libmimalloc-dev  # the heap allocator the programs link (cmake/HeapAllocator.cmake)
  libopengl-dev  # libOpenGL.so: without it CMake's FindOpenGL falls back to libGL.so and has no OpenGL::GLX
  libxrandr-dev  # GLFW/glfw3native.h (app/presenter.cpp) includes X11/extensions/Xrandr.h
  # the GUI tests (an X server, key presses) and the app's fonts and software renderer
  xvfb xauth xdotool libgl1-mesa-dri fonts-dejavu-core fonts-wqy-microhei
  # the fuzz smoke (scripts/fuzz_smoke.sh): clang and its libFuzzer and sanitizer runtimes;
  # llvm brings llvm-symbolizer (file:line in sanitizer reports) and the llvm-ar CMake picks for clang
  clang libclang-rt-14-dev llvm
  # the real-ensemble tests (zabsim real / compare, tests/real): ZooKeeper 3.8 and a JRE to run it
  zookeeper
  lld  # CMake records ld.lld as the clang toolchain's linker (CMAKE_LINKER) when it is there
)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  cmake --preset default
  cmake --build --preset default
}

cmd="${1:-run}"
shift || true
case "$cmd" in
  run)
    install_missing
    build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      # No window can open: take the headless tour instead, an explained trace and the final state.
      echo "== no display: the headless tour (./build/app/zabsim run examples/tour.zab --summary)"
      ./build/app/zabsim run examples/tour.zab --summary
      echo
      echo "That was zabsim, the headless engine (other scenarios: examples/*.zab). To open the window,"
      echo "run this command again where a display is (DISPLAY or WAYLAND_DISPLAY set), or take a screenshot"
      echo "with a virtual X server:"
      echo "  xvfb-run -a -s \"-screen 0 1600x900x24\" ./build/app/zabscope --screenshot shot.png"
      exit 0
    fi
    exec ./build/app/zabscope "$@"
    ;;
  test)
    install_missing
    build
    ctest --preset default --output-on-failure "$@"
    # Every libFuzzer target for 20 s on its seed corpus (tests/fuzz), built with clang.
    bash scripts/fuzz_smoke.sh 20
    ;;
  packages)
    printf '%s\n' "${PACKAGES[@]}"
    ;;
  *)
    echo "usage: scripts/zabscope.sh run|test|packages" >&2
    exit 2
    ;;
esac
