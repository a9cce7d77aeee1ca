#!/usr/bin/env bash
# The presenter view under its own Xvfb at a projector's 1280x720 with --scale 2: the script
# steps an election, checks the caption, and takes screenshots that must not be blank.
# Exit 77 (ctest: skipped) only where no X server can run.
set -u
zabscope="$1"; png_stats="$2"; src="$3"; out="$4"
mkdir -p "$out"
source "$src/tests/gui/need_xvfb.sh"
sed "s|@OUT@|$out|g" "$src/tests/gui/presenter.script" > "$out/presenter.script"
rm -f "$out"/presenter-*.png
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --participants 3 --seed 1 --scale 2 --width 1280 --height 720 \
  --script "$out/presenter.script"
status=$?
if [ $status -ne 0 ]; then echo "zabscope exited with $status"; exit 1; fi
for png in presenter-vote presenter-vote-zh presenter-leader normal-after-presenter normal-toolbar-more; do
  "$png_stats" "$out/$png.png" || { echo "blank or missing screenshot: $out/$png.png"; exit 1; }
done
# The leader's card in the presenter's right-hand column (ui/leader_quorum.hpp): kill-the-leader
# at step 75 has S3 leading epoch 1 with its three waits passed (green marks, 006E28) and
# PROPOSAL 1:2 waiting for S2's ACK (orange, 963C00); at step 12 nobody leads and nothing of
# the card is drawn (no vote is compared at either step, so those colours are the card's).
printf 'jump 75\nframes 5\nscreenshot %s\njump 12\nframes 5\nscreenshot %s\n' \
  "$out/presenter-leader-card.png" "$out/presenter-no-leader.png" > "$out/leader-card.script"
xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --scenario "$src/examples/kill-the-leader.zab" --present --scale 2 \
  --width 1280 --height 720 --script "$out/leader-card.script" || { echo "zabscope exited with $? (leader card)"; exit 1; }
"$png_stats" "$out/presenter-leader-card.png" --min=400 006E28 963C00 \
  || { echo "the leader's card is not on screen at step 75"; exit 1; }
"$png_stats" "$out/presenter-no-leader.png" --max=0 006E28 963C00 \
  || { echo "a leader's card is drawn while nobody leads (step 12)"; exit 1; }
echo "presenter view test passed"
