#!/usr/bin/env bash
# Regenerates the screenshots in docs/ from scripted zabscope runs (the same --script actions
# the GUI smoke test uses), under Xvfb. Run from the repository root after building:
#   bash docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
app=./build/app/zabscope
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shoot() {  # shoot WIDTHxHEIGHT OUT.png SCRIPT-TEXT ZABSCOPE-ARGS...
  local size="$1" out="$2" text="$3"
  shift 3
  printf '%s\nframes 8\nscreenshot %s\n' "$text" "$PWD/$out" > "$tmp/s.script"
  xvfb-run -a -s "-screen 0 ${size}x24" "$app" --width "${size%x*}" --height "${size#*x}" --script "$tmp/s.script" "$@"
  echo "wrote $out"
}

# An election in progress: votes in flight, S1's FLE state in the Inspector.
shoot 1600x900 docs/screenshot-election.png $'step 40\nselect 1\ntab Inspector' --participants 5 --seed 1
# Discovery and sync after the leader is killed: LEADERINFO in flight, the event log explaining.
shoot 1600x900 docs/screenshot-discovery-sync.png \
  $'until leader\nplay 300\ncommand kill leader\nuntil leader\nstep 12\nselect 2\ntab Event log' --participants 5 --seed 4
# A lesson, in English and in Chinese.
shoot 1600x900 docs/screenshot-lesson-en.png $'lesson lessons/02-startup-election.lesson\nlesson-do\nlesson-next\nlesson-answer 2\nlesson-do'
shoot 1600x900 docs/screenshot-lesson-zh.png \
  $'lesson lessons/02-startup-election.lesson\nlanguage zh\nlesson-do\nlesson-next\nlesson-answer 2\nlesson-do'
# Readability at the two sizes a classroom meets: a 720p projector and a 4K screen.
shoot 1280x720 docs/screenshot-1280x720.png \
  $'until leader\ncommand kill leader\nstep 40\nselect 2\ntab Inspector' --scenario examples/writes-and-observers.zab
shoot 3840x2160 docs/screenshot-3840x2160.png \
  $'until leader\ncommand kill leader\nstep 40\nselect 2\ntab Inspector' --scenario examples/writes-and-observers.zab --scale 2.4
shoot_parked() {  # like shoot, with the pointer in the bottom-right corner: no hover tooltip
  local size="$1" out="$2" text="$3"
  shift 3
  printf '%s\nframes 8\nscreenshot %s\n' "$text" "$PWD/$out" > "$tmp/s.script"
  xvfb-run -a -s "-screen 0 ${size}x24" bash -c '(sleep 0.5; xdotool mousemove "$1" "$2") & shift 2; exec "$@"' _ \
    "$(( ${size%x*} - 1 ))" "$(( ${size#*x} - 1 ))" \
    "$app" --width "${size%x*}" --height "${size#*x}" --script "$tmp/s.script" "$@"
  echo "wrote $out"
}

# The presenter view (issue 11 points 1-3): a vote compared on the canvas, with its caption,
# at a 720p projector with --scale 2 and at 1920x1080; in Chinese; 15 + 3 peers.
shoot_parked 1280x720 docs/screenshot-presenter-vote.png $'present on\nuntil vote\nuntil vote' --participants 3 --seed 1 --scale 2
shoot_parked 1280x720 docs/screenshot-presenter-vote-zh.png $'present on\nlanguage zh\nuntil vote\nuntil vote' --participants 3 --seed 1 --scale 2
shoot_parked 1920x1080 docs/screenshot-presenter-1920x1080.png $'present on\nuntil leader\ncommand kill leader\nuntil vote\nuntil vote\nuntil vote' --participants 5 --seed 4
shoot_parked 1600x900 docs/screenshot-15-peers.png $'until vote\nuntil vote' --participants 15 --observers 3 --seed 3
# The compact layout of a short screen (1280x720 at --scale 2): the diagram moves into a tab.
shoot_parked 1280x720 docs/screenshot-1280x720-scale2.png $'until leader\ncommand kill leader\nstep 30' --participants 5 --seed 4 --scale 2

# Graphs made from the timeline: every write a step of the zxid plot; after a jump back the plots
# end at the cursor (issue 11 point 7).
graphs_run=$'until leader\ncommand workload writes=6\nplay 2500\ncommand kill leader\nuntil leader\nplay 2500\ngraphs large'
shoot_parked 1600x900 docs/screenshot-graphs.png "$graphs_run" --participants 5 --seed 4
shoot_parked 1600x900 docs/screenshot-graphs-jump-back.png "$graphs_run"$'\nframes 4\njump 420' --participants 5 --seed 4
shoot_parked 1280x720 docs/screenshot-graphs-1280x720-scale2.png "$graphs_run" --participants 5 --seed 4 --scale 2
# The space-time diagram enlarged (key D) and detached into its own window (issue 11 point 5).
shoot_parked 1280x720 docs/screenshot-diagram-enlarged-1280x720-scale2.png \
  $'until leader\ncommand workload writes=6\nplay 800\ndiagram enlarged' --participants 5 --seed 4 --scale 2
shoot_parked 1600x900 docs/screenshot-diagram-detached.png \
  $'until leader\ncommand workload writes=6\nplay 800\ndiagram detached' --participants 5 --seed 4
# The txn-log grid (Log tab): DIFF, TRUNC (the cut cell struck out), epoch 2, SNAP; both themes,
# and a projector's 720p at --scale 2.
shoot 1600x900 docs/screenshot-log-grid.png 'tab Log' --scenario examples/log-grid.zab
shoot 1600x900 docs/screenshot-log-grid-diff.png $'tab Log\njump 117' --scenario examples/log-grid.zab
shoot 1920x1080 docs/screenshot-log-grid-dark-1920x1080.png $'tab Log\ntheme dark' --scenario examples/log-grid.zab
shoot 1280x720 docs/screenshot-log-grid-1280x720-scale2.png 'tab Log' --scenario examples/log-grid.zab --scale 2
shoot 1920x1080 docs/screenshot-log-grid-kill-the-leader-1920x1080.png 'tab Log' --scenario examples/kill-the-leader.zab
shoot 1280x720 docs/screenshot-log-grid-kill-the-leader-dark-1280x720-scale2.png $'tab Log\ntheme dark' \
  --scenario examples/kill-the-leader.zab --scale 2
# Files and safe state (README "Files in and out"), at a 720p projector with --scale 2 and at
# 1920x1080: the File menu, the confirmation before a session is discarded, the notice after a
# fork, the peer menu with what cannot apply greyed out, and a Chinese lesson whose title needs
# a glyph outside the common set (宕).
export XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$XDG_CONFIG_HOME/zabscope"
printf '%s\n' "$PWD/examples/kill-the-leader.zab" "$PWD/lessons/05-the-leader-dies.lesson" > "$XDG_CONFIG_HOME/zabscope/recent-files"
work=$'open examples/kill-the-leader.zab\nuntil leader\nstep 30\ncommand kill 1\nstep 20'
for size in 1280x720 1920x1080; do
  if [ "$size" = 1280x720 ]; then suffix=""; scale=(--scale 2); else suffix="-1920x1080"; scale=(); fi
  shoot "$size" "docs/screenshot-file-menu$suffix.png" "$work"$'\nmenu File' "${scale[@]}"
  shoot "$size" "docs/screenshot-confirm-discard$suffix.png" "$work"$'\nopen lessons/05-the-leader-dies.lesson' "${scale[@]}"
  shoot "$size" "docs/screenshot-fork-notice$suffix.png" "$work"$'\nback 12\ncommand restart 1' "${scale[@]}"
  shoot "$size" "docs/screenshot-peer-menu$suffix.png" "$work"$'\nselect 1\nmenu peer' "${scale[@]}"
  shoot "$size" "docs/screenshot-lesson5-zh$suffix.png" \
    $'lesson lessons/05-the-leader-dies.lesson\nlanguage zh\nlesson-do' "${scale[@]}"
done
# The engine's run above, a real ZooKeeper 3.8 ensemble's logs of the same scenario below (README
# "A real ensemble alongside"): tests/real/kill-leader-restart.zab with the logs `zabsim real` kept
# of it, aligned at the failover; at 1600x900 and at a 720p projector with --scale 2.
compare=(--scenario tests/real/kill-leader-restart.zab --compare-logs tests/real-logs/kill-leader-restart)
shoot 1600x900 docs/compare-engine-vs-real-1600x900.png 'frames 2' "${compare[@]}"
shoot 1280x720 docs/compare-engine-vs-real-1280x720-scale2.png 'frames 2' "${compare[@]}" --scale 2
shoot 1600x900 docs/compare-engine-vs-real-from-start-1600x900.png $'compare-align start\nframes 2' "${compare[@]}"
