#!/usr/bin/env bash
# A quick key tap is not lost while frames are slow (app/key_taps.hpp). Every frame is made
# 400 ms slow (ZABSCOPE_FRAME_DELAY_MS), then F12 is tapped with press and release sent at once
# (xdotool key), so both reach the app between two frames. The tap must still save a screenshot.
# Dear ImGui 1.86 alone reads the key as never pressed. Exit 77 only where no X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
GUI_TEST_TOOLS=xdotool
source "$src/tests/gui/need_xvfb.sh"
rm -f "$out"/zabscope-*.png
cd "$out"
ZABSCOPE_FRAME_DELAY_MS=400 xvfb-run -a -s "-screen 0 1280x720x24" bash -c '
  zabscope="$1"; src="$2"
  "$zabscope" --scenario "$src/examples/kill-the-leader.zab" --lessons "$src/lessons" &
  pid=$!
  source "$src/tests/gui/wait_window.sh"
  wait_for_window $pid 100 || exit 1
  sleep 2                              # a few slow frames have passed
  xdotool key --window "$win" F12      # press and release together
  for _ in $(seq 100); do              # up to 10 s
    ls zabscope-*.png >/dev/null 2>&1 && break
    sleep 0.1
  done
  kill $pid
  wait $pid 2>/dev/null
  if ls zabscope-*.png >/dev/null 2>&1; then echo "quick tap of F12 saved $(ls zabscope-*.png)"; exit 0; fi
  echo "a quick tap of F12 was lost: no screenshot saved"
  exit 1
' _ "$zabscope" "$src"
