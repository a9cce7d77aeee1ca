#!/usr/bin/env bash
# Real ZooKeeper logs in the app (File > Open logs, read-only), one recording of
# tests/real-logs per run, named by the fifth argument:
#  failover: opened by the GUI script command open-logs, stepped until the first leader (S2,
#    epoch 1), to the end (S3 after S2 was killed) and back; then opened from the command line
#    (--logs) on a projector, 1280x720 at --scale 2.
#  kill-leader-restart: logs of a real run on one machine (recorded by `zabsim real`): at the end
#    S3 leads and S1, S2 follow, as the servers themselves said, although the runner killed all
#    three at the end (only the leader's GOODBYE lines show that); no clock-skew warning, so one
#    shared time axis.
# At each stop the screen must show the leader's and the followers' state colours
# (ui/theme.cpp stateColor: LEADING C81E28, FOLLOWING 286EDC; --min=800 pixels, about one disc).
# The script fails if a leader differs. Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"; recording="$5"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
logs="$src/tests/real-logs/$recording"
fail=0
# open_logs NAME SCRIPT-LINES...: opens the three logs and runs the lines at 1600x900.
open_logs() {
  local name="$1"
  shift
  { echo "open-logs $logs/server1.log $logs/server2.log $logs/server3.log"; printf '%s\n' "$@"; } > "$out/$name.script"
  xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --width 1600 --height 900 --script "$out/$name.script" \
    || { echo "zabscope failed on $out/$name.script (a leader differs from the one expected?)"; exit 1; }
}
# colours PNG MIN COLOUR WHY: PNG must show at least MIN pixels of COLOUR.
colours() { "$png_stats" "$out/$1.png" --min="$2" "$3" || { echo "$1.png: $4"; fail=1; }; }
case "$recording" in
  failover)
    open_logs imported "expect-leader none" "until leader" "expect-leader 2" "step 12" "frames 3" \
      "screenshot $out/first-leader.png" "jump 100000" "expect-leader 3" "frames 3" "screenshot $out/end.png" \
      "back 40" "tab Graphs" "frames 3" "screenshot $out/graphs.png"
    for png in first-leader end graphs; do
      colours $png 800 C81E28 "no leader disc"
      colours $png 800 286EDC "no follower disc"
    done
    # A projector: 1280x720 at --scale 2, opened from the command line.
    rm -f "$out/end-720-scale2.png"
    xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --width 1280 --height 720 --scale 2 --frames 5 \
      --logs "$logs/server1.log" "$logs/server2.log" "$logs/server3.log" --screenshot "$out/end-720-scale2.png" \
      || { echo "zabscope --logs failed"; exit 1; }
    "$png_stats" "$out/end-720-scale2.png" || fail=1
    ;;
  kill-leader-restart)
    open_logs real-run "jump 100000" "expect-leader 3" "frames 3" "screenshot $out/real-run-end.png"
    colours real-run-end 800 C81E28 "no leader disc at the end"
    colours real-run-end 1600 286EDC "fewer than two follower discs at the end"
    ;;
  trunc)
    # The old leader S3 comes back and is cut back (TRUNC) by S2: all three in broadcast at the end.
    open_logs trunc "jump 100000" "expect-leader 2" "frames 3" "screenshot $out/trunc-end.png"
    colours trunc-end 800 C81E28 "no leader disc at the end"
    colours trunc-end 1600 286EDC "fewer than two follower discs at the end (S3 after its TRUNC)"
    ;;
  *) echo "imported_logs.sh: unknown recording '$recording' (failover, kill-leader-restart or trunc)"; exit 2 ;;
esac
[ $fail -eq 0 ] && echo "imported logs GUI test ($recording) passed"
exit $fail
