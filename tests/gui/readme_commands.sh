#!/usr/bin/env bash
# The README's scripted GUI example runs as written (from any directory, its screenshots in that
# directory), and a scripted or screenshot run whose command-line file does not open exits 2.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
source "$src/tests/gui/need_xvfb.sh"
rm -rf "$out"; mkdir -p "$out"
cd "$out" || exit 1
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --script "$src/examples/failover.script"
status=$?
[ $status -eq 0 ] || { echo "examples/failover.script: zabscope exited with $status"; exit 1; }
for png in failover-1-elected.png failover-2-reelected.png failover-3-rewound.png; do
  "$png_stats" "$out/$png" >/dev/null || { echo "blank or missing screenshot: $out/$png"; exit 1; }
done
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --scenario "$out/nothere.zab" --screenshot "$out/x.png" 2> err.txt
status=$?
[ $status -eq 2 ] || { echo "a missing --scenario with --screenshot exited $status, not 2"; cat err.txt; exit 1; }
grep -q "nothere.zab: cannot read the scenario file: no such file" err.txt || { echo "no reason given:"; cat err.txt; exit 1; }
echo "README GUI commands passed"
