#!/usr/bin/env bash
# Files in and out through the GUI: open a scenario, fork by acting in the past, save the session
# as a scenario, export the trace (JSON lines, ShiViz), the File menu, the confirmation before a
# lesson replaces the session, the peer menu. The saved scenario must replay headless to the
# state the GUI showed (zabsim run --json, compared with the JSON the GUI session saved).
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; zabsim="$2"; png_stats="$3"; src="$4"; out="$5"; sim_tests="$6"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
rm -f "$out"/files-*.png "$out"/saved.*
sed -e "s|@OUT@|$out|g" -e "s|@SRC@|$src|g" "$src/tests/gui/files.script" > "$out/files.script"
# Recent files go to a throwaway config folder.
export XDG_CONFIG_HOME="$out/config"
xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --script "$out/files.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
for png in "$out"/files-fork-notice.png "$out"/files-menu.png "$out"/files-confirm.png "$out"/files-lesson-zh.png \
           "$out"/files-peer-menu.png; do
  "$png_stats" "$png" >/dev/null || { echo "blank or missing screenshot: $png"; exit 1; }
done
# The saved scenario replays headless, and ends where the GUI was.
"$zabsim" run "$out/saved.zab" --quiet || { echo "the saved scenario does not replay cleanly"; exit 1; }
grep -q '^restart 2$' "$out/saved.zab" || { echo "the saved scenario lacks the forking action"; exit 1; }
head -1 "$out/saved.shiviz.log" | grep -qF '(?<event>.*)\n(?<host>\S*) (?<clock>{.*})' ||
  { echo "the ShiViz export does not start with the parser regex"; exit 1; }
# The exported ShiViz log passes the same checks as zabsim's (tests/sim/test_shiviz.cpp).
ZABSCOPE_SHIVIZ_FILE="$out/saved.shiviz.log" "$sim_tests" "[shiviz-file]" >/dev/null ||
  { echo "the exported ShiViz log is not well-formed"; ZABSCOPE_SHIVIZ_FILE="$out/saved.shiviz.log" "$sim_tests" "[shiviz-file]"; exit 1; }
[ "$(wc -l < "$out/saved.jsonl")" -gt 50 ] || { echo "the JSON lines trace is too short"; exit 1; }
# The dropped lesson is the newest recent file.
head -1 "$XDG_CONFIG_HOME/zabscope/recent-files" | grep -q '05-the-leader-dies.lesson$' ||
  { echo "the opened lesson is not in the recent files"; exit 1; }
echo "GUI files test passed"
