# Sourced inside a GUI test's X session, for tests that drive zabscope as a person would (xdotool).
# wait_for_window PID TRIES: sets `win` to zabscope's window, polling every 0.1 s up to TRIES
# times; if none appears, says so, stops PID and returns 1.
wait_for_window() {
  local pid="$1" tries="$2"
  win=""
  for _ in $(seq "$tries"); do
    win=$(xdotool search --name "ZabScope" 2>/dev/null | head -1)
    [ -n "$win" ] && return 0
    sleep 0.1
  done
  echo "no zabscope window"
  kill "$pid"
  return 1
}
