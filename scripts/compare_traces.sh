#!/usr/bin/env bash
# Behaviour check for engine changes that must not change a single byte of any run.
#
#   scripts/compare_traces.sh record DIR [ZABSIM]   write the outputs of every scenario to DIR
#   scripts/compare_traces.sh compare DIR [ZABSIM]  run them again and diff against DIR
#
# For every *.zab under examples/, tests/scenarios/ and tests/bench/ (the long runs excepted), it
# keeps `zabsim run F` (plain trace), `--json`, `--summary`, `--trace FILE`, and the plain trace
# under three other seeds, each with its exit code; and `zabsim lesson L` for every lesson.
# Record with the unchanged build, compare after the change: every file must be identical.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:?record|compare}"
dir="${2:?output directory}"
zabsim="${3:-$root/build/app/zabsim}"

out="$dir"
if [[ "$mode" == "compare" ]]; then out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT; fi
mkdir -p "$out"

cd "$root"
mapfile -t files < <(find examples tests/scenarios tests/bench -name '*.zab' ! -name 'long-run-*' | sort)
for f in "${files[@]}"; do
  key="${f//\//_}"
  "$zabsim" run "$f" >"$out/$key.plain" 2>&1; echo "rc=$?" >>"$out/$key.plain"
  "$zabsim" run "$f" --json >"$out/$key.json" 2>&1; echo "rc=$?" >>"$out/$key.json"
  "$zabsim" run "$f" --summary >"$out/$key.summary" 2>&1; echo "rc=$?" >>"$out/$key.summary"
  "$zabsim" run "$f" --quiet --trace "$out/$key.trace" >"$out/$key.traceout" 2>&1; echo "rc=$?" >>"$out/$key.traceout"
  for s in 1 7 424242; do
    "$zabsim" run "$f" --seed "$s" --trace "$out/$key.seed$s.trace" --json >"$out/$key.seed$s" 2>&1; echo "rc=$?" >>"$out/$key.seed$s"
  done
done
for l in lessons/*.lesson; do
  key="${l//\//_}"
  "$zabsim" lesson "$l" >"$out/$key.lesson" 2>&1; echo "rc=$?" >>"$out/$key.lesson"
done

n=$(ls "$out" | wc -l)
if [[ "$mode" == "record" ]]; then
  echo "recorded $n outputs of ${#files[@]} scenarios and $(ls lessons/*.lesson | wc -l) lessons in $dir"
  exit 0
fi
if diff -r -q "$dir" "$out"; then
  echo "identical: $n outputs of ${#files[@]} scenarios and $(ls lessons/*.lesson | wc -l) lessons"
else
  echo "DIFFERENT (see above)"; exit 1
fi
