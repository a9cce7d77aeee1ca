#!/usr/bin/env bash
# Damage with holes (ui/damage_cells.hpp: only the cells under the triangles that changed,
# not their bounding box) and all cells drawn in one render (PartialRenderer::paintAll),
# against a changed run's whole box (ZABSCOPE_NO_CELLS=1) and one render per rectangle
# (ZABSCOPE_NO_BATCH=1): the same script, the same screenshots, pixel for pixel, with 15 + 3
# peers and about 500 messages in flight, light and dark, the diagram in its strip and
# enlarged. Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
source "$src/tests/gui/same_pixels.sh"
# Cells are off by default (app/partial_renderer.hpp); switch them on for both runs, and
# ZABSCOPE_NO_CELLS=1 turns them off again for the comparison run.
export ZABSCOPE_CELLS=1
same_pixels cells ZABSCOPE_NO_CELLS "$src/tests/gui/bench-15-peers.zab" "$src/tests/gui/diagram_scroll.script" 5 \
  "damage in cells and damage in whole boxes" || exit 1
same_pixels batched ZABSCOPE_NO_BATCH "$src/tests/gui/bench-15-peers.zab" "$src/tests/gui/diagram_scroll.script" 5 \
  "the cells in one render and one render per cell" || exit 1
echo "damage in cells, drawn in one render, matches whole boxes and one render per rectangle in all 5 screenshots"
