#!/usr/bin/env bash
# At 1280x720 with --scale 1.5, a wrong answer's red "Not quite." feedback is on screen: the
# lesson panel scrolls it into view (it appears under the Answer button, below the panel's edge
# for a question with long, wrapped choices: lesson 07's TRUNC question).
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
export XDG_CONFIG_HOME="$out/config"
rm -rf "$XDG_CONFIG_HOME"
cat > "$out/feedback.script" <<SCRIPT
lesson $src/lessons/07-synchronization.lesson
lesson-do
lesson-next
lesson-next
lesson-do
lesson-next
lesson-do
lesson-next
lesson-do
lesson-next
frames 2
lesson-answer 1
frames 3
screenshot $out/wrong.png
SCRIPT
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --scale 1.5 --width 1280 --height 720 --script "$out/feedback.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
# BF1A1A is the feedback's red, ImVec4(0.75, 0.1, 0.1); three lines of it cover about 1100 pixels.
"$png_stats" "$out/wrong.png" --min=300 BF1A1A || { echo "the wrong answer's feedback is not on screen"; exit 1; }
echo "lesson feedback test passed"
