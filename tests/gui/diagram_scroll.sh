#!/usr/bin/env bash
# Scrolling the space-time diagram by moving its pixels (ui/scroll_layer.hpp) against
# repainting it whole every frame (ZABSCOPE_DIAGRAM_REPAINT=1): the same script, the same
# screenshots, pixel for pixel, with 15 + 3 peers and about 500 messages in flight. Exit 77
# (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
for mode in scroll full; do
  sed -e "s|@OUT@|$out|g" -e "s|@MODE@|$mode|g" "$src/tests/gui/diagram_scroll.script" > "$out/$mode.script"
  rm -f "$out/$mode"-*.png
  if [ "$mode" = full ]; then export ZABSCOPE_DIAGRAM_REPAINT=1; fi
  xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --scenario "$src/tests/gui/bench-15-peers.zab" \
    --script "$out/$mode.script" || { echo "zabscope ($mode) failed"; exit 1; }
done
status=0
for i in 1 2 3 4 5; do
  if [ ! -s "$out/scroll-$i.png" ] || ! cmp -s "$out/scroll-$i.png" "$out/full-$i.png"; then
    echo "screenshot $i differs between scrolling and repainting the diagram: $out/scroll-$i.png $out/full-$i.png"
    status=1
  fi
done
[ $status -eq 0 ] && echo "the scrolled diagram matches the repainted one in all 5 screenshots (the last with the diagram enlarged)"
exit $status
