#!/usr/bin/env bash
# Partial repainting (app/partial_renderer) against full repainting (ZABSCOPE_FULL_REPAINT=1):
# the same script, the same screenshots, pixel for pixel. Exit 77 (ctest: skipped) only where no
# X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
source "$src/tests/gui/same_pixels.sh"
same_pixels partial ZABSCOPE_FULL_REPAINT "$src/tests/gui/bench-7-peers.zab" "$src/tests/gui/partial_repaint.script" 5 \
  "partial and full repainting" || exit 1
echo "partial repainting matches full repainting in all 5 screenshots"
