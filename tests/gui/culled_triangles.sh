#!/usr/bin/env bash
# Each repainted rectangle is given only the triangles that reach into it
# (PartialRenderer::cullOutside), against every triangle of every command that meets it
# (ZABSCOPE_NO_CULL=1): the same script, the same screenshots, pixel for pixel, with 15 + 3
# peers and about 500 messages in flight, light and dark, the diagram in its strip and
# enlarged. Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
source "$src/tests/gui/same_pixels.sh"
same_pixels culled ZABSCOPE_NO_CULL "$src/tests/gui/bench-15-peers.zab" "$src/tests/gui/diagram_scroll.script" 5 \
  "culled and unculled triangles" || exit 1
echo "the culled triangles draw what all of them draw in all 5 screenshots"
