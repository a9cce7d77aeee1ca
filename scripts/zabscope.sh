#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (run as root, or with sudo available):
#   scripts/zabscope.sh run    install what is missing, build, start the app
#   scripts/zabscope.sh test   install what is missing, build, run every test (ctest)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build g++ pkg-config
  libfmt-dev catch2 nlohmann-json3-dev libcli11-dev libbenchmark-dev
  libimgui-dev libglfw3-dev python3-glad libstb-dev
  libgl-dev libx11-dev
  xvfb xauth xdotool libgl1-mesa-dri fonts-wqy-microhei
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
      echo "No display: starting zabscope under xvfb-run would show nothing. Try:"
      echo "  xvfb-run -a -s '-screen 0 1600x900x24' ./build/app/zabscope --screenshot shot.png"
      echo "or the headless engine: ./build/app/zabsim run examples/startup-in-order.zab"
      exit 1
    fi
    exec ./build/app/zabscope "$@"
    ;;
  test)
    install_missing
    build
    ctest --preset default --output-on-failure "$@"
    ;;
  *)
    echo "usage: scripts/zabscope.sh run|test" >&2
    exit 2
    ;;
esac
