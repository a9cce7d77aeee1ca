#!/usr/bin/env bash
# GUI smoke test: zabscope under its own Xvfb runs a script (elect, kill the leader,
# re-elect, rewind), must exit 0, and its screenshots must not be blank.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIPPED: xvfb-run is not installed (apt-get install xvfb); the GUI smoke test needs an X server"
  exit 77
fi
if ! xvfb-run -a -s "-screen 0 1600x900x24" true >/dev/null 2>&1; then
  echo "SKIPPED: Xvfb cannot start on this machine"
  exit 77
fi
# Under AddressSanitizer, Mesa's dlopen'ed GL driver leaks a few bytes at exit (not our code);
# leak detection is off for this process only, memory errors are still caught.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
sed "s|@OUT@|$out|g" "$src/tests/gui/smoke.script" > "$out/smoke.script"
rm -f "$out"/smoke-*.png
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --participants 5 --seed 4 --script "$out/smoke.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
for png in "$out/smoke-election.png" "$out/smoke-rewound.png"; do
  "$png_stats" "$png" || { echo "blank or missing screenshot: $png"; exit 1; }
done
echo "GUI smoke test passed"
