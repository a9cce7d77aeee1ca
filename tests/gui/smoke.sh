#!/usr/bin/env bash
# GUI smoke test: zabscope under its own Xvfb runs a script (elect, kill the leader,
# re-elect, rewind), must exit 0, and its screenshots must not be blank.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
sed "s|@OUT@|$out|g" "$src/tests/gui/smoke.script" > "$out/smoke.script"
rm -f "$out"/smoke-*.png
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --participants 5 --seed 4 --script "$out/smoke.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
for png in "$out/smoke-election.png" "$out/smoke-rewound.png" "$out/smoke-diagram-enlarged.png" "$out/smoke-diagram-detached.png"; do
  "$png_stats" "$png" || { echo "blank or missing screenshot: $png"; exit 1; }
done
echo "GUI smoke test passed"
