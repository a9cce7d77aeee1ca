#!/usr/bin/env bash
# Partial repainting (app/partial_renderer) against full repainting: the same script, the same
# screenshots, pixel for pixel. Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
for mode in partial full; do
  sed -e "s|@OUT@|$out|g" -e "s|@MODE@|$mode|g" "$src/tests/gui/partial_repaint.script" > "$out/$mode.script"
  rm -f "$out/$mode"-*.png
  if [ "$mode" = full ]; then export ZABSCOPE_FULL_REPAINT=1; fi
  xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --scenario "$src/tests/gui/bench-7-peers.zab" \
    --script "$out/$mode.script" || { echo "zabscope ($mode repaint) failed"; exit 1; }
done
status=0
for i in 1 2 3 4 5; do
  if ! cmp -s "$out/partial-$i.png" "$out/full-$i.png"; then
    echo "screenshot $i differs between partial and full repainting: $out/partial-$i.png $out/full-$i.png"
    status=1
  fi
done
[ $status -eq 0 ] && echo "partial repainting matches full repainting in all 5 screenshots"
exit $status
