#!/usr/bin/env bash
# The presenter view under its own Xvfb at a projector's 1280x720 with --scale 2: the script
# steps an election, checks the caption, and takes screenshots that must not be blank.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
sed "s|@OUT@|$out|g" "$src/tests/gui/presenter.script" > "$out/presenter.script"
rm -f "$out"/presenter-*.png
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --participants 3 --seed 1 --scale 2 --width 1280 --height 720 \
  --script "$out/presenter.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
for png in presenter-vote presenter-vote-zh presenter-leader normal-after-presenter normal-toolbar-more; do
  "$png_stats" "$out/$png.png" || { echo "blank or missing screenshot: $out/$png.png"; exit 1; }
done
echo "presenter view test passed"
