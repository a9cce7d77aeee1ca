#!/usr/bin/env bash
# The txn-log grid on screen: examples/log-grid.zab in the Log tab, in both themes and at a
# projector's 1280x720 --scale 2. After the SNAP the grid must show SNAP cells, committed
# cells and the leader's row; in the middle of the DIFF, the cells the DIFF copied. The
# colours are the theme's (ui/theme.cpp: logSnapFill, logCommittedFill, logDiffFill,
# logLeaderRowColor); --min=800 is more than the legend's swatch of each colour (about 300
# pixels at 1600x900) and less than one cell (about 1,100). Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
shoot() {  # shoot WxH OUT SCRIPT-LINES ARGS...
  local size="$1" png="$2" lines="$3"
  shift 3
  rm -f "$png"
  printf '%s\nframes 3\nscreenshot %s\n' "$lines" "$png" > "$out/s.script"
  xvfb-run -a -s "-screen 0 ${size}x24" "$zabscope" --width "${size%x*}" --height "${size#*x}" \
    --scenario "$src/examples/log-grid.zab" --script "$out/s.script" "$@" || { echo "zabscope failed ($png)"; exit 1; }
}
fail=0
shoot 1600x900 "$out/end-light.png" 'tab Log'
"$png_stats" "$out/end-light.png" --min=800 8C46BE 344460 FFEEC4 || fail=1
shoot 1600x900 "$out/end-dark.png" $'tab Log\ntheme dark'
"$png_stats" "$out/end-dark.png" --min=800 DC96FA 788CAF 3E3212 || fail=1
shoot 1280x720 "$out/end-720-scale2.png" 'tab Log' --scale 2
"$png_stats" "$out/end-720-scale2.png" || fail=1
# Just after the DIFF: the copied cells are committed (and no SNAP happened yet). Step 120: S1
# ACKed NEWLEADER with 1:2 and 1:3 queued for its disk (3.8.0's order), logged them at its
# fsync, and applied them at UPTODATE.
shoot 1600x900 "$out/diff.png" $'tab Log\njump 120'
"$png_stats" "$out/diff.png" --min=800 0096A0 || fail=1
if "$png_stats" "$out/diff.png" --min=800 8C46BE > /dev/null; then echo "SNAP cells before any SNAP"; fail=1; fi
[ $fail -eq 0 ] && echo "log grid GUI test passed"
exit $fail
