#!/usr/bin/env bash
# The layers (the space-time diagram, the ensemble's links) copied into the window with
# glBlitFramebuffer, with the rectangles under them left uncleared (app/layer_blit), against
# their quads drawn as ImGui draws them (ZABSCOPE_NO_BLIT=1): the same script, the same
# screenshots, pixel for pixel, with 15 + 3 peers and about 500 messages in flight, light and
# dark, the diagram in its strip and enlarged. Exit 77 (ctest: skipped) only where no X
# server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
for mode in blit quad; do
  sed -e "s|@OUT@|$out|g" -e "s|@MODE@|$mode|g" "$src/tests/gui/diagram_scroll.script" > "$out/$mode.script"
  rm -f "$out/$mode"-*.png
  if [ "$mode" = quad ]; then export ZABSCOPE_NO_BLIT=1; fi
  xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --scenario "$src/tests/gui/bench-15-peers.zab" \
    --script "$out/$mode.script" || { echo "zabscope ($mode) failed"; exit 1; }
done
status=0
for i in 1 2 3 4 5; do
  if [ ! -s "$out/blit-$i.png" ] || ! cmp -s "$out/blit-$i.png" "$out/quad-$i.png"; then
    echo "screenshot $i differs between copying the layers and drawing their quads: $out/blit-$i.png $out/quad-$i.png"
    status=1
  fi
done
[ $status -eq 0 ] && echo "the copied layers match the drawn quads in all 5 screenshots"
exit $status
