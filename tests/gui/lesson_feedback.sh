#!/usr/bin/env bash
# A question's feedback is on screen after answering, in the classroom size (1280x720 at
# --scale 1.5): lesson 14 step 3 has long choices that wrap, so the feedback starts below the
# fold unless the panel scrolls to it. Wrong answer: its red text must show; right answer:
# its green text. Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
export XDG_CONFIG_HOME="$out/config"
rm -rf "$XDG_CONFIG_HOME" "$out"/*.png
cat > "$out/feedback.script" <<SCRIPT
lesson $src/lessons/14-reads-sync-and-stale-reads.lesson
lesson-do
lesson-next
lesson-do
lesson-next
lesson-answer 3
frames 6
screenshot $out/wrong.png
lesson-answer 2
frames 6
screenshot $out/right.png
SCRIPT
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --scale 1.5 --width 1280 --height 720 --script "$out/feedback.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
fail=0
# The feedback colours of ui/lessons_panel.cpp: "Not quite." BF1A1A, "Right." 1A8033.
"$png_stats" "$out/wrong.png" BF1A1A || { echo "the wrong answer's feedback is not on screen"; fail=1; }
"$png_stats" "$out/right.png" 1A8033 || { echo "the right answer's feedback is not on screen"; fail=1; }
[ $fail -eq 0 ] && echo "lesson feedback test passed"
exit $fail
