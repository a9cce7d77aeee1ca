#!/usr/bin/env bash
# The frame bench (README, Benchmarks) still runs and reports every part: the frames, the clicks
# on the timeline after a long session, the jumps back to back (random, then of one shape). Counts and the shape of each
# line only: timings are for benchmarks, never for tests. Exit 77 only where no X server can run.
set -u
zabscope="$1"; src="$2"
source "$src/tests/gui/need_xvfb.sh"
out=$(xvfb-run -a -s "-screen 0 1280x720x24" "$zabscope" --scenario "$src/tests/gui/bench-7-peers.zab" --play \
  --bench-frames 20 --bench-after-events 3000 --bench-clicks 4 --bench-jumps 5 2>&1)
rc=$?
echo "$out"
[[ $rc == 0 ]] || { echo "the frame bench exited $rc"; exit 1; }
fail=0
expect() {  # REGEX WHAT
  grep -Eq "$1" <<<"$out" || { echo "missing: $2 (/$1/)"; fail=1; }
}
expect '^frames 20  median [0-9.]+ ms  p99 [0-9.]+ ms' "the 20 measured frames"
expect '^clicks 4  jump mean [0-9.]+ ms  p99 [0-9.]+ ms; the frames that show them median [0-9.]+ ms  p99 [0-9.]+ ms; all 40 frames median' \
  "the 4 clicks and their 40 frames"
expect '^jumps 5  mean [0-9.]+ ms  p99 [0-9.]+ ms  over [0-9]+ timeline entries; [0-5] restored a checkpoint \([0-9.]+ us each\), [0-9]+ actions replayed per jump' \
  "the 5 jumps back to back, split into restores and replayed actions"
# Each jump of one shape restores a checkpoint and replays half a segment (512 actions).
expect '^jumps of one shape 5  mean [0-9.]+ ms  p99 [0-9.]+ ms  over [0-9]+ timeline entries; 5 restored a checkpoint \([0-9.]+ us each\), 512 actions replayed per jump' \
  "the 5 jumps of one shape, each a restore and 512 replayed actions"
# The long session came first: the timeline holds the 3,000 events and the played frames.
entries=$(grep -Eo 'over [0-9]+ timeline entries' <<<"$out" | tail -1 | grep -Eo '[0-9]+')
[[ ${entries:-0} -ge 3000 ]] || { echo "the jumps ran over ${entries:-no} entries, expected at least 3000"; fail=1; }
exit $fail
