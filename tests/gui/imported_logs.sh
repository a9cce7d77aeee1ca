#!/usr/bin/env bash
# Real ZooKeeper logs in the app (File > Open logs, read-only): the failover excerpts of
# tests/real-logs are opened by the GUI script command open-logs, stepped until the first leader
# (S2, epoch 1), to the end (S3 after S2 was killed) and back. At each stop the screen must show
# the leader's and the followers' state colours (ui/theme.cpp stateColor: LEADING C81E28,
# FOLLOWING 286EDC; --min=800 pixels, about one disc). The script fails if a leader differs.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
logs="$src/tests/real-logs/failover"
cat > "$out/imported.script" <<SCRIPT
open-logs $logs/server1.log $logs/server2.log $logs/server3.log
expect-leader none
until leader
expect-leader 2
step 12
frames 3
screenshot $out/first-leader.png
jump 100000
expect-leader 3
frames 3
screenshot $out/end.png
back 40
tab Graphs
frames 3
screenshot $out/graphs.png
SCRIPT
fail=0
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --width 1600 --height 900 --script "$out/imported.script" \
  || { echo "zabscope failed on the imported-logs script"; exit 1; }
for png in first-leader end graphs; do
  "$png_stats" "$out/$png.png" --min=800 C81E28 286EDC || { echo "$png.png lacks the leader/follower colours"; fail=1; }
done
# A projector: 1280x720 at --scale 2, opened from the command line.
rm -f "$out/end-720-scale2.png"
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --width 1280 --height 720 --scale 2 --frames 5 \
  --logs "$logs/server1.log" "$logs/server2.log" "$logs/server3.log" --screenshot "$out/end-720-scale2.png" \
  || { echo "zabscope --logs failed"; exit 1; }
"$png_stats" "$out/end-720-scale2.png" || fail=1
[ $fail -eq 0 ] && echo "imported logs GUI test passed"
exit $fail
