#!/usr/bin/env bash
# Long-run cost of the headless simulator, and how election cost grows with the ensemble.
#
#   scripts/bench_long_run.sh [ZABSIM]
#       Runs `ZABSIM run --quiet` (default build/app/zabsim) on tests/bench/long-run-60s.zab and
#       tests/bench/long-run-600s.zab (5 peers elect, then 200 client writes/s for 60 s and
#       600 s of virtual time) and prints the CPU seconds (user + sys) and peak RSS of each, and
#       the ratio 600 s / 60 s. --quiet prints no trace and writes none, so zabsim makes no
#       explanations (Simulation::setExplain(false)); the invariant checks still run after
#       every step. Targets: ratio <= 11, the 600 s run under 30 s of CPU.
#       CPU_LIMIT=S caps each run at S CPU seconds (ulimit -t), for slow builds: a run that
#       hits the cap is reported as "> S".
#
#   scripts/bench_long_run.sh --election-scaling [ZAB_BENCH]
#       Runs BM_ElectionN (5, 9, 15, 25, 51, 101 peers) of ZAB_BENCH (default
#       build/tests/bench/zab_bench) and prints the CPU time per election and events per
#       election for each size, with the log-log slope (the fitted exponent) over all sizes
#       and over 25..101.
#
#   scripts/bench_long_run.sh --election-instructions [ZAB_BENCH_FIXED]
#       The same sizes counted in instructions instead of time (valgrind's callgrind, installed
#       apart: apt-get install valgrind) over zab_bench_fixed's fixed seeds: instructions and
#       events per election, with their fitted exponents. Repeatable to the instruction, and
#       blind to the caches: against --election-scaling it shows how much of the growth is work
#       and how much is cache misses.
#
# CPU time, not wall time: the figures hold on a busy machine. Run each twice or three times
# and take the median.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ "${1:-}" == "--election-scaling" ]]; then
  bench="${2:-$root/build/tests/bench/zab_bench}"
  out="$(mktemp)"
  trap 'rm -f "$out"' EXIT
  "$bench" --benchmark_filter='^BM_ElectionN/' --benchmark_out="$out" --benchmark_out_format=json >/dev/null 2>&1 || exit 1
  python3 - "$out" <<'EOF'
import json, math, sys
rows = [b for b in json.load(open(sys.argv[1]))["benchmarks"]
        if b.get("run_type") == "iteration" and not b.get("error_occurred")]
pts = []
print(f"{'peers':>5} {'CPU ms/election':>16} {'events/election':>16} {'events/s':>10} {'seeds':>6}")
for b in rows:
    n = int(b["name"].split("peers:")[1].split("/")[0])
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    ms = b["cpu_time"] * scale
    pts.append((n, ms, b["events/election"]))
    print(f"{n:>5} {ms:>16.3f} {b['events/election']:>16.0f} {b['events/s']:>10.0f} {b['iterations']:>6}")
def slope(p, i):
    xs = [math.log(q[0]) for q in p]; ys = [math.log(q[i]) for q in p]
    mx = sum(xs) / len(xs); my = sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
big = [q for q in pts if q[0] >= 25]
print(f"fitted exponent (CPU time ~ N^k): k = {slope(pts, 1):.2f} over all sizes, "
      f"{slope(big, 1):.2f} over 25..101")
print(f"events per election ~ N^{slope(pts, 2):.2f} over all sizes, N^{slope(big, 2):.2f} over 25..101")
EOF
  exit $?
fi

if [[ "${1:-}" == "--election-instructions" ]]; then
  fixed="${2:-$root/build/tests/bench/zab_bench_fixed}"
  command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
  [[ -x "$fixed" ]] || { echo "no zab_bench_fixed at $fixed" >&2; exit 1; }
  rows="$(mktemp)"
  trap 'rm -f "$rows" "$rows.cg"' EXIT
  # Elections per size: enough seeds for a fair mean, each size well under a minute.
  for spec in "5 300" "9 100" "15 40" "25 20" "51 4" "101 2"; do
    set -- $spec
    out="$(valgrind --tool=callgrind --callgrind-out-file="$rows.cg" "$fixed" elect "$1" "$2" 2>&1)" || { echo "$out" >&2; exit 1; }
    events="$(grep -o 'events=[0-9]*' <<<"$out" | cut -d= -f2)"
    instr="$(grep 'I *refs' <<<"$out" | awk '{print $NF}' | tr -d ,)"
    echo "$1 $2 $events $instr" >>"$rows"
  done
  python3 - "$rows" <<'EOF'
import math, sys
pts = []
print(f"{'peers':>5} {'elections':>9} {'instructions/election':>22} {'events/election':>16} {'instructions/event':>19}")
for line in open(sys.argv[1]):
    n, runs, events, instr = (int(x) for x in line.split())
    pts.append((n, instr / runs, events / runs))
    print(f"{n:>5} {runs:>9} {instr / runs:>22.0f} {events / runs:>16.0f} {instr / events:>19.0f}")
def slope(i):
    xs = [math.log(p[0]) for p in pts]; ys = [math.log(p[i]) for p in pts]
    mx = sum(xs) / len(xs); my = sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
print(f"fitted exponent of instructions per election: N^{slope(1):.2f}; events per election: N^{slope(2):.2f}")
EOF
  exit $?
fi

zabsim="${1:-$root/build/app/zabsim}"
[[ -x "$zabsim" ]] || { echo "no zabsim at $zabsim" >&2; exit 1; }

# Prints "USER SYS PEAK_KB STATUS" for one quiet run of a scenario.
measure() {
  local scenario="$1" tmp status
  tmp="$(mktemp)"
  if [[ -x /usr/bin/time ]]; then
    (
      [[ -n "${CPU_LIMIT:-}" ]] && ulimit -t "$CPU_LIMIT"
      /usr/bin/time -o "$tmp" -f "%U %S %M" "$zabsim" run "$scenario" --quiet >/dev/null
    )
    status=$?
    # /usr/bin/time adds a "Command terminated by signal" line when the cap kills zabsim.
    echo "$(tail -n 1 "$tmp") $status"
  else
    # No GNU time: bash's own timing of the child, without the peak RSS.
    local TIMEFORMAT="%U %S"
    { time (
        [[ -n "${CPU_LIMIT:-}" ]] && ulimit -t "$CPU_LIMIT"
        "$zabsim" run "$scenario" --quiet >/dev/null
      ) 2>/dev/null; } 2>"$tmp"
    status=$?
    echo "$(tail -n 1 "$tmp") - $status"
  fi
  rm -f "$tmp"
}

declare -A cpu
for length in 60 600; do
  scenario="$root/tests/bench/long-run-${length}s.zab"
  read -r user sys peak status <<<"$(measure "$scenario")"
  total="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  if [[ "$status" != 0 ]]; then
    if [[ -n "${CPU_LIMIT:-}" && "$status" -ge 128 ]]; then
      echo "long-run-${length}s: > ${CPU_LIMIT} s CPU (stopped at the CPU_LIMIT cap)"
      cpu[$length]=""
      continue
    fi
    echo "long-run-${length}s: zabsim exited with status $status" >&2
    exit 1
  fi
  cpu[$length]="$total"
  echo "long-run-${length}s: ${total} s CPU (user ${user} s, sys ${sys} s), peak RSS ${peak} KiB"
done

if [[ -n "${cpu[60]}" && -n "${cpu[600]}" ]]; then
  awk -v a="${cpu[60]}" -v b="${cpu[600]}" 'BEGIN {
    r = a > 0 ? b / a : 0
    printf "ratio 600 s / 60 s: %.2f (target <= 11); 600 s run: %.2f s CPU (target < 30 s)\n", r, b
    exit (r <= 11 && b < 30) ? 0 : 3
  }'
  exit $?
fi
exit 0
