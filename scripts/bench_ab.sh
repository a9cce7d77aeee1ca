#!/usr/bin/env bash
# Issue 9's figures for two builds side by side, alternated in one script, so that a VM whose
# speed wanders (by a third within minutes on some) shows in both columns alike.
#
#   scripts/bench_ab.sh BASE_DIR [ROUNDS]
#       BASE_DIR holds the old build's zabsim, zabscope, zab_bench and zab_bench_scrub (copy them
#       there before rebuilding); the new build is build/. Each round runs every figure for the
#       old build, then for the new: zab_bench_scrub at 100,000 and 1,000,000 events, zabsim run
#       --quiet of tests/bench/long-run-{60,600}s.zab (five runs each, median CPU from getrusage),
#       BM_Election5 / BM_BroadcastEvents / BM_Failover5 (medians of three repetitions), the GUI
#       frame bench fresh and after 100,000 events (600 frames, 200 clicks on the timeline each
#       followed by nine frames, 1,000 timeline jumps back to back; needs xvfb-run) and the
#       election scaling (bench_long_run.sh --election-scaling). ROUNDS: 3.
#       A zabscope without --bench-jumps (before c46a04f) times its default 100 jumps; one
#       without --bench-clicks (before f013b4d) times no clicks.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:?usage: scripts/bench_ab.sh BASE_DIR [ROUNDS]}"
rounds="${2:-3}"
cd "$root" || exit 1
for f in zabsim zabscope zab_bench zab_bench_scrub; do
  [[ -x "$base/$f" ]] || { echo "bench_ab: $base/$f is missing" >&2; exit 1; }
done

long_run() {  # ZABSIM FILE: median CPU seconds of five runs
  python3 - "$1" "$2" <<'EOF'
import resource, statistics, subprocess, sys
ts = []
for _ in range(5):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.argv[1], "run", "--quiet", sys.argv[2]], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ts.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
print(f"  {sys.argv[2]}: median {statistics.median(ts):.3f} s CPU ({', '.join(f'{t:.3f}' for t in ts)})")
EOF
}

for round in $(seq 1 "$rounds"); do
  for side in base new; do
    if [[ $side == base ]]; then dir="$base"; zabsim="$base/zabsim"; zabscope="$base/zabscope"
      bench="$base/zab_bench"; scrub="$base/zab_bench_scrub"
    else dir=build; zabsim=build/app/zabsim; zabscope=build/app/zabscope
      bench=build/tests/bench/zab_bench; scrub=build/tests/bench/zab_bench_scrub
    fi
    echo "=== round $round, $side ($dir), $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg)"
    for n in 100000 1000000; do echo "  scrub $n: $("$scrub" --events "$n" --benchmark_filter=NONE 2>&1 | grep -i 'jump mean')"; done
    long_run "$zabsim" tests/bench/long-run-60s.zab
    long_run "$zabsim" tests/bench/long-run-600s.zab
    "$bench" --benchmark_filter='^BM_Election5$|^BM_BroadcastEvents$|^BM_Failover5$' --benchmark_repetitions=3 \
      --benchmark_report_aggregates_only=true 2>/dev/null | grep median | sed 's/^/  /'
    guiOptions=()
    "$zabscope" --help 2>&1 | grep -q -- --bench-jumps && guiOptions=(--bench-jumps 1000)
    "$zabscope" --help 2>&1 | grep -q -- --bench-clicks && guiOptions+=(--bench-clicks 200)
    for after in "" 100000; do
      extra=() label=fresh
      [[ -n $after ]] && extra=(--bench-after-events "$after") label="after $after events"
      echo "  GUI $label: $(xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" \
        --scenario tests/gui/bench-7-peers.zab --play --bench-frames 600 "${guiOptions[@]}" "${extra[@]}" 2>&1 |
        grep -E '^frames|^clicks|^jumps' | sed -E 's/ +\((window|a random timeline).*//' | tr '\n' ' ')"
    done
    bash scripts/bench_long_run.sh --election-scaling "$bench" | tail -3 | sed 's/^/  /'
  done
done
