#!/usr/bin/env bash
# A question's feedback is on screen after answering, in the classroom size (1280x720 at
# --scale 1.5): questions with long choices that wrap put the feedback below the panel's edge
# unless the panel scrolls to it. Two such questions: lesson 07's TRUNC question and lesson 14's
# stale read. A wrong answer's red text must show, then the right answer's green text.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
export XDG_CONFIG_HOME="$out/config"
fail=0
# feedback NAME LESSON WRONG RIGHT RIGHT-PIXELS STEP-VERBS...: walks the lesson to its question
# with the given lesson-do/lesson-next verbs, answers WRONG then RIGHT, a screenshot after each.
# RIGHT-PIXELS: the least green the right answer's feedback shows ("Right." alone covers about 85).
feedback() {
  local name="$1" lesson="$2" wrong="$3" right="$4" right_min="$5"
  shift 5
  rm -rf "$XDG_CONFIG_HOME" "$out/$name"-*.png
  { echo "lesson $src/lessons/$lesson"
    printf '%s\n' "$@"
    printf 'frames 2\nlesson-answer %s\nframes 6\nscreenshot %s\n' "$wrong" "$out/$name-wrong.png"
    printf 'lesson-answer %s\nframes 6\nscreenshot %s\n' "$right" "$out/$name-right.png"
  } > "$out/$name.script"
  xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --scale 1.5 --width 1280 --height 720 --script "$out/$name.script" \
    || { echo "zabscope exited with $? on $out/$name.script"; fail=1; return; }
  # The feedback colours of ui/lessons_panel.cpp: "Not quite." BF1A1A, "Right." 1A8033. Three
  # lines of text cover about 1100 pixels; nothing else on screen has these colours.
  "$png_stats" "$out/$name-wrong.png" --min=300 BF1A1A || { echo "$name: the wrong answer's feedback is not on screen"; fail=1; }
  "$png_stats" "$out/$name-right.png" --min="$right_min" 1A8033 || { echo "$name: the right answer's feedback is not on screen"; fail=1; }
}
feedback trunc 07-synchronization.lesson 1 2 60 \
  lesson-do lesson-next lesson-next lesson-do lesson-next lesson-do lesson-next lesson-do lesson-next
feedback stale-read 14-reads-sync-and-stale-reads.lesson 3 2 300 \
  lesson-do lesson-next lesson-do lesson-next
[ $fail -eq 0 ] && echo "lesson feedback test passed"
exit $fail
