#!/usr/bin/env bash
# cmake --install puts the lessons where the installed app finds them: installed into a fresh
# prefix, zabscope started from another directory must list them (and open one).
set -u
build="$1"; src="$2"; out="$3"
source "$src/tests/gui/need_xvfb.sh"
rm -rf "$out"; mkdir -p "$out/elsewhere"
cmake --install "$build" --prefix "$out/prefix" >/dev/null || { echo "cmake --install failed"; exit 1; }
[ -f "$out/prefix/share/zabscope/lessons/05-the-leader-dies.lesson" ] || { echo "lessons not installed"; exit 1; }
cat > "$out/elsewhere/check.script" <<SCRIPT
expect-lessons 13
open $out/prefix/share/zabscope/lessons/05-the-leader-dies.lesson
tab Lessons
frames 2
SCRIPT
cd "$out/elsewhere" && xvfb-run -a -s "-screen 0 1280x720x24" "$out/prefix/bin/zabscope" --script check.script ||
  { echo "the installed zabscope did not find its lessons"; exit 1; }
"$out/prefix/bin/zabsim" run "$out/prefix/share/zabscope/examples/startup-together.zab" --quiet ||
  { echo "the installed zabsim cannot run an installed example"; exit 1; }
echo "install test passed"
