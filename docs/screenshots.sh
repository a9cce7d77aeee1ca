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
