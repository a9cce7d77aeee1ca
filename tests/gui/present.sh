#!/usr/bin/env bash
# The screen shows what was rendered. zabscope runs as a user would run it (not scripted):
# it plays a busy ensemble, is paused with the space bar, and saves a screenshot with F12
# twice (read back from the picture it keeps). What the X server shows must then equal that
# screenshot pixel for pixel, after many frames presented as repainted rectangles only.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; matches="$2"; src="$3"; out="$4"
mkdir -p "$out"
GUI_TEST_TOOLS=xdotool
source "$src/tests/gui/need_xvfb.sh"
rm -f "$out"/zabscope-*.png "$out"/before-second
cd "$out"
xvfb-run -a -s "-screen 0 1600x900x24" bash -c '
  zabscope="$1"; matches="$2"; src="$3"
  "$zabscope" --scenario "$src/tests/gui/bench-7-peers.zab" --lessons "$src/lessons" --play &
  pid=$!
  source "$src/tests/gui/wait_window.sh"
  wait_for_window $pid 50 || exit 1
  xdotool windowfocus --sync "$win" 2>/dev/null || true
  # A key held for a while, as a person presses it: Dear ImGui 1.86 polls key state once a
  # frame, so a press and release that arrive together (xdotool key) can be missed.
  press() {
    xdotool keydown --window "$win" "$1"
    sleep 0.1  # well under the key-repeat delay of Dear ImGui (0.275 s)
    xdotool keyup --window "$win" "$1"
  }
  sleep 1.5                       # playing: the ensemble and the diagram move every frame
  press space
  sleep 0.5                       # paused
  # F12 twice: the first changes the status line ("screenshot saved: ..."), the second saves
  # the same file again with the screen already showing that line. X delivers the keys in
  # order, so both come after the pause.
  press F12
  sleep 0.5
  touch before-second
  press F12
  shot=""
  for _ in $(seq 100); do          # up to 10 s on a loaded machine
    shot=$(ls -t zabscope-*.png 2>/dev/null | head -1)
    [ -n "$shot" ] && [ "$shot" -nt before-second ] && break
    sleep 0.1
  done
  [ -n "$shot" ] && [ "$shot" -nt before-second ] || { echo "F12 saved no screenshot"; kill $pid; exit 1; }
  sleep 0.5                       # the frame is presented after it is saved
  "$matches" "$shot"
  status=$?
  kill $pid
  wait $pid 2>/dev/null
  exit $status
' _ "$zabscope" "$matches" "$src"
