#!/usr/bin/env bash
# The screen shows what was rendered. zabscope runs as a user would run it (not scripted):
# it plays a busy ensemble, is paused with the space bar, and saves a screenshot with F12
# twice (read back from the picture it keeps). What the X server shows must then equal that
# screenshot pixel for pixel, after many frames presented as repainted rectangles only.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; matches="$2"; src="$3"; out="$4"
mkdir -p "$out"
for tool in xvfb-run xdotool; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (apt-get install xvfb xdotool); this test needs an X server"
    exit 77
  fi
done
if ! xvfb-run -a -s "-screen 0 1600x900x24" true >/dev/null 2>&1; then
  echo "SKIPPED: Xvfb cannot start on this machine"
  exit 77
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"  # Mesa's driver, see smoke.sh
rm -f "$out"/zabscope-*.png
cd "$out"
xvfb-run -a -s "-screen 0 1600x900x24" bash -c '
  zabscope="$1"; matches="$2"; src="$3"
  "$zabscope" --scenario "$src/tests/gui/bench-7-peers.zab" --lessons "$src/lessons" --play &
  pid=$!
  win=""
  for _ in $(seq 50); do
    win=$(xdotool search --name "ZabScope" 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.1
  done
  [ -n "$win" ] || { echo "no zabscope window"; kill $pid; exit 1; }
  xdotool windowfocus --sync "$win" 2>/dev/null || true
  sleep 1.5                       # playing: the ensemble and the diagram move every frame
  xdotool key --window "$win" space
  sleep 0.5                       # paused
  # Twice: the first F12 changes the status line ("screenshot saved: ..."), the second
  # saves the same file again with the screen already showing that line.
  xdotool key --window "$win" F12
  sleep 0.5
  xdotool key --window "$win" F12
  sleep 1
  shot=$(ls zabscope-*.png 2>/dev/null | head -1)
  [ -n "$shot" ] || { echo "F12 saved no screenshot"; kill $pid; exit 1; }
  "$matches" "$shot"
  status=$?
  kill $pid
  wait $pid 2>/dev/null
  exit $status
' _ "$zabscope" "$matches" "$src"
