#!/usr/bin/env bash
# Logs of a real run on one machine (tests/real-logs/kill-leader-restart, recorded by
# `zabsim real`) in the app: at the end S3 leads and S1, S2 follow, as the servers themselves said,
# although the runner killed all three at the end (only the leader's GOODBYE lines show that); no
# clock-skew warning, so one shared time axis. The screen must show the leader's and the
# followers' colours (LEADING C81E28, FOLLOWING 286EDC: two follower discs, --min=1600 pixels).
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
logs="$src/tests/real-logs/kill-leader-restart"
cat > "$out/real-run.script" <<SCRIPT
open-logs $logs/server1.log $logs/server2.log $logs/server3.log
jump 100000
expect-leader 3
frames 3
screenshot $out/real-run-end.png
SCRIPT
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --width 1600 --height 900 --script "$out/real-run.script" \
  || { echo "zabscope failed on the real-run script (the leader at the end must be S3)"; exit 1; }
"$png_stats" "$out/real-run-end.png" --min=800 C81E28 || { echo "no leader disc at the end"; exit 1; }
"$png_stats" "$out/real-run-end.png" --min=1600 286EDC || { echo "fewer than two follower discs at the end"; exit 1; }
echo "imported real-run GUI test passed"
