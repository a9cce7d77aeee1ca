#!/usr/bin/env bash
# The engine's run above, a real ensemble's run below (zabscope --scenario FILE --compare-logs DIR):
# tests/real/kill-leader-restart.zab with the logs `zabsim real` kept of it
# (tests/real-logs/kill-leader-restart). The GUI script checks both runs' leader at the cursor
# (S3 in both once the failover is over; none in either at 0 ms, where the failover begins); each
# screenshot must show the leader's and the followers' band colours (ui/theme.cpp stateColor:
# LEADING C81E28, FOLLOWING 286EDC) in the upper half (engine) and in the lower half (real) of
# the window separately, and with the cursor at the end the DIFF/SNAP arrows (Sync 0096AA) in both.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
scenario="$src/tests/real/kill-leader-restart.zab"
logs="$src/tests/real-logs/kill-leader-restart"
cat > "$out/compare.script" <<SCRIPT
frames 3
expect-leader 3
screenshot $out/failover.png
compare-at 0
expect-leader none
compare-at 100000
expect-leader 3/3
compare-align start
expect-leader 3
frames 3
screenshot $out/whole-runs.png
SCRIPT
fail=0
rm -f "$out"/*.png
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --width 1600 --height 900 --scenario "$scenario" \
  --compare-logs "$logs" --script "$out/compare.script" || { echo "zabscope failed on the comparison script"; exit 1; }
for png in failover whole-runs; do
  # Rows as % of the height: the engine's lanes lie in 20-50, the real ones in 60-95.
  "$png_stats" "$out/$png.png" --rows=20:50 --min=300 C81E28 286EDC || { echo "$png.png: the engine half lacks leader/follower bands"; fail=1; }
  "$png_stats" "$out/$png.png" --rows=60:95 --min=300 C81E28 286EDC || { echo "$png.png: the real half lacks leader/follower bands"; fail=1; }
done
"$png_stats" "$out/whole-runs.png" --rows=20:50 --min=40 0096AA || { echo "whole-runs.png: no DIFF/SNAP arrow in the engine half"; fail=1; }
"$png_stats" "$out/whole-runs.png" --rows=60:95 --min=40 0096AA || { echo "whole-runs.png: no DIFF/SNAP arrow in the real half"; fail=1; }
# A projector: 1280x720 at --scale 2.
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --width 1280 --height 720 --scale 2 --frames 5 --scenario "$scenario" \
  --compare-logs "$logs" --screenshot "$out/failover-720-scale2.png" || { echo "zabscope --compare-logs failed at 720p"; exit 1; }
"$png_stats" "$out/failover-720-scale2.png" --min=300 C81E28 286EDC || fail=1
# Bad input: a folder without logs is a clear error, and the app still starts (with the session)
# and renders; a screenshot run then exits 2, so that a script can tell.
xvfb-run -a -s "-screen 0 800x600x24" "$zabscope" --frames 2 --scenario "$scenario" --compare-logs "$src/tests/gui" \
  --screenshot "$out/no-logs.png" 2> "$out/no-logs.err"
status=$?
[ $status -eq 2 ] || { echo "zabscope exited $status without logs, not 2"; fail=1; }
"$png_stats" "$out/no-logs.png" >/dev/null || { echo "zabscope did not render without logs"; fail=1; }
grep -q "no server logs here" "$out/no-logs.err" || { echo "no clear error for a folder without logs"; cat "$out/no-logs.err"; fail=1; }
[ $fail -eq 0 ] && echo "comparison GUI test passed"
exit $fail
