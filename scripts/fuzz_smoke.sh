#!/usr/bin/env bash
# The fuzz smoke: builds the libFuzzer targets (preset "fuzz": clang, ASan + UBSan) and runs each
# for a short time on a copy of its seed corpus in tests/fuzz/<name>/ (the repository is never
# written). Run by `scripts/zabscope.sh test` after ctest, so CI runs it too.
#
#   scripts/fuzz_smoke.sh [SECONDS]      (default 20 per target)
#
# A crash, a UBSan report, a leak, an input slower than 10 s or one allocation over 2 GB fails
# the smoke; the input that did it is kept and named (reproduce with: FUZZER INPUT).
# FUZZ_TARGETS="notification lesson" runs only those. Exit: 0 all clean, 1 a finding, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz_smoke.sh [SECONDS]" >&2
  exit 2
fi

echo "== fuzz smoke: building the libFuzzer targets (cmake --preset fuzz)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

targets=${FUZZ_TARGETS:-$(cd tests/fuzz && for f in fuzz_*.cpp; do n=${f#fuzz_}; echo "${n%.cpp}"; done)}
work=$(mktemp -d "${TMPDIR:-/tmp}/zab-fuzz.XXXXXX")
failed=()
printf '%-20s %10s %8s  %s\n' target execs exec/s result
for t in $targets; do
  bin=build-fuzz/tests/fuzz/fuzz_$t
  mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
  cp -r "tests/fuzz/$t/." "$work/$t/corpus/"
  dict=()  # the scenario language's words, for the targets that read it
  case $t in scenario | scenario_run | lesson) dict=(-dict=tests/fuzz/scenario.dict) ;; esac
  rc=0
  "$bin" "$work/$t/corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" >"$work/$t/log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t/log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    found=$(ls "$work/$t/artifacts" 2>/dev/null | head -1)
    result="FAILED (exit $rc): $bin $work/$t/artifacts/$found; log $work/$t/log"
    failed+=("$t")
  fi
  printf '%-20s %10s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "$result"
done

if ((${#failed[@]})); then
  for t in "${failed[@]}"; do
    echo "---- $t: the end of its log"
    grep -v '^#[0-9]' "$work/$t/log" | tail -40
  done
  echo "fuzz smoke FAILED: ${failed[*]} (inputs and logs in $work)"
  exit 1
fi
rm -rf "$work"
echo "fuzz smoke passed: $(echo $targets | wc -w) targets, $seconds s each"
