#!/usr/bin/env bash
# A lesson question in the GUI: answered wrong then right (lesson-answer), "Do it for me" stops
# at the vote switch and goes on, the lesson completes, and the progress file remembers it.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; src="$2"; out="$3"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
export XDG_CONFIG_HOME="$out/config"
rm -rf "$XDG_CONFIG_HOME"
cat > "$out/lesson.script" <<SCRIPT
lesson $src/lessons/02-startup-election.lesson
lesson-do
lesson-next
lesson-answer 1
lesson-answer 2
lesson-do
lesson-do
lesson-next
lesson-do
lesson-next
lesson-do
frames 4
SCRIPT
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --scale 1.5 --width 1280 --height 720 --script "$out/lesson.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
progress="$XDG_CONFIG_HOME/zabscope/lesson-progress"
if ! grep -qP '^02-startup-election\t4\tdone$' "$progress"; then
  echo "the progress file does not mark lesson 02 done:"; cat "$progress" 2>/dev/null; exit 1
fi
# Without an answer, "Do it for me" is refused: the script must fail.
printf 'lesson %s\nlesson-do\nlesson-next\nlesson-do\n' "$src/lessons/02-startup-election.lesson" > "$out/unanswered.script"
if xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --script "$out/unanswered.script" >"$out/unanswered.log" 2>&1; then
  echo "lesson-do before answering the question was not refused"; exit 1
fi
grep -q "answer the question first" "$out/unanswered.log" || { echo "no 'answer the question first':"; cat "$out/unanswered.log"; exit 1; }
echo "lesson questions test passed"
