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
shoot 1600x900 docs/screenshot-lesson-en.png $'lesson lessons/02-startup-election.lesson\nlesson-do\nlesson-next\nlesson-do'
shoot 1600x900 docs/screenshot-lesson-zh.png \
  $'lesson lessons/02-startup-election.lesson\nlanguage zh\nlesson-do\nlesson-next\nlesson-do'
# Readability at the two sizes a classroom meets: a 720p projector and a 4K screen.
shoot 1280x720 docs/screenshot-1280x720.png \
  $'until leader\ncommand kill leader\nstep 40\nselect 2\ntab Inspector' --scenario examples/writes-and-observers.zab
shoot 3840x2160 docs/screenshot-3840x2160.png \
  $'until leader\ncommand kill leader\nstep 40\nselect 2\ntab Inspector' --scenario examples/writes-and-observers.zab --scale 2.4
# The txn-log grid (Log tab): DIFF, TRUNC (the cut cell struck out), epoch 2, SNAP; both themes,
# and a projector's 720p at --scale 2.
shoot 1600x900 docs/screenshot-log-grid.png 'tab Log' --scenario examples/log-grid.zab
shoot 1600x900 docs/screenshot-log-grid-diff.png $'tab Log\njump 117' --scenario examples/log-grid.zab
shoot 1920x1080 docs/screenshot-log-grid-dark-1920x1080.png $'tab Log\ntheme dark' --scenario examples/log-grid.zab
shoot 1280x720 docs/screenshot-log-grid-1280x720-scale2.png 'tab Log' --scenario examples/log-grid.zab --scale 2
shoot 1920x1080 docs/screenshot-log-grid-kill-the-leader-1920x1080.png 'tab Log' --scenario examples/kill-the-leader.zab
shoot 1280x720 docs/screenshot-log-grid-kill-the-leader-dark-1280x720-scale2.png $'tab Log\ntheme dark' \
  --scenario examples/kill-the-leader.zab --scale 2
