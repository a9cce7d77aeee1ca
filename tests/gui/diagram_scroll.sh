#!/usr/bin/env bash
# Scrolling the space-time diagram by moving its pixels (ui/scroll_layer.hpp) against
# repainting it whole every frame (ZABSCOPE_DIAGRAM_REPAINT=1): the same script, the same
# screenshots, pixel for pixel, with 15 + 3 peers and about 500 messages in flight. Exit 77
# (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
source "$src/tests/gui/same_pixels.sh"
same_pixels scroll ZABSCOPE_DIAGRAM_REPAINT "$src/tests/gui/bench-15-peers.zab" "$src/tests/gui/diagram_scroll.script" 5 \
  "scrolling and repainting the diagram" || exit 1
echo "the scrolled diagram matches the repainted one in all 5 screenshots (the last with the diagram enlarged)"
