#!/usr/bin/env bash
# The ZAB seed sweep over any range, on every core:
#
#   scripts/sweep.sh FIRST LAST
#
# Splits FIRST..LAST into chunks and runs one zab_sim_tests process per core on them
# (ZABSCOPE_SWEEP_SEEDS + the hidden tag [.zab-sweep-wide]); each seed writes one verdict line
# (ZABSCOPE_SWEEP_REPORT). Prints the failing seeds grouped by kind and the totals.
#
# A seed may also hit a known bug that costs a server its role and no data (ZOOKEEPER-4394's
# NullPointerException in a follower's sync): its verdict line says hit=ZOOKEEPER-4394, and the
# totals count those seeds apart; they fail only if something else does.
#
# Kinds: safety:<invariants> (a safety invariant broke), known:ZOOKEEPER-NNNN (the checker named a
# known ZooKeeper 3.8.0 bug), liveness (no convergence after healing), budget (the seed used its
# whole step budget: a storm or a livelock), timeout (the process passed SWEEP_TIMEOUT on that
# seed) and crash (the process died on that seed). A process that times out or dies is started
# again after the seed it stopped on, so one bad seed costs one seed, not a chunk.
#
# Settings (environment):
#   SWEEP_BIN      the test program (default build/tests/zab_sim_tests; build it first)
#   SWEEP_JOBS     processes at once (default: nproc)
#   SWEEP_CHUNK    seeds per process (default: the range split into 4 chunks per job, at most 250)
#   SWEEP_TIMEOUT  seconds one process may run (default 900)
#   SWEEP_OUT      where reports and logs go (default: a new temporary directory, kept)
#   ZABSCOPE_SWEEP_FAMILY=slow-leader-disk   sweep the leader-disk-stall pattern instead (test_zab_sweep.cpp)
#   ZABSCOPE_SWEEP_FAMILY=slow-snapshot      every sync a SNAP whose snapshot takes 1..100 ms to write, under writes
# Exit: 0 when every seed passed or failed only on known ZooKeeper bugs, 1 otherwise, 2 on usage.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ] || ! [[ "$1" =~ ^[0-9]+$ && "$2" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt "$2" ]; then
  echo "usage: scripts/sweep.sh FIRST LAST   (seeds, 1 <= FIRST <= LAST)" >&2
  exit 2
fi
first=$1 last=$2
# The fault models tests/sim/test_zab_sweep.cpp knows (kModels there): a misspelt one would make
# every seed fail at once.
case "${ZABSCOPE_SWEEP_MODEL:-}" in
  "" | classic | fixed-newleader | shutdown-fast-forwards | late-txns-join-fsync | instant-newleader-fsync | kill-loses-written | observer-sync-logged-at-once | sync-commit-without-npe) ;;
  *)
    echo "sweep: ZABSCOPE_SWEEP_MODEL=${ZABSCOPE_SWEEP_MODEL} is not a model; expected classic, fixed-newleader," \
      "shutdown-fast-forwards, late-txns-join-fsync, instant-newleader-fsync, kill-loses-written, observer-sync-logged-at-once or sync-commit-without-npe" >&2
    exit 2
    ;;
esac
bin=${SWEEP_BIN:-build/tests/zab_sim_tests}
jobs=${SWEEP_JOBS:-$(nproc)}
timeout_s=${SWEEP_TIMEOUT:-900}
seeds=$((last - first + 1))
chunk=${SWEEP_CHUNK:-$(((seeds + 4 * jobs - 1) / (4 * jobs)))}
((chunk > 250)) && [ -z "${SWEEP_CHUNK:-}" ] && chunk=250
((chunk < 1)) && chunk=1
out=${SWEEP_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/zab-sweep.XXXXXX")}
mkdir -p "$out"
if [ ! -x "$bin" ]; then
  echo "sweep: $bin is not built (cmake --preset default && cmake --build build --target zab_sim_tests)" >&2
  exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# One chunk, A..B: run it; if the process stops early (timeout, crash), record the seed it
# stopped on and go on after it.
run_chunk() {
  local a=$1 b=$2 cur=$1 rc done_to
  local report="$out/report.$a" log="$out/log.$a"
  : >"$report"
  while ((cur <= b)); do
    rc=0
    ZABSCOPE_SWEEP_SEEDS="$cur-$b" ZABSCOPE_SWEEP_REPORT="$report" \
      timeout "$timeout_s" "$bin" "[.zab-sweep-wide]" >>"$log" 2>&1 || rc=$?
    done_to=$(awk -F'[= ]' -v lo="$cur" '$2 >= lo { if ($2 > m) m = $2 } END { print m + 0 }' "$report")
    ((done_to >= b)) && break
    ((done_to < cur)) && done_to=$((cur - 1))
    local stuck=$((done_to + 1)) kind=crash
    ((rc == 124)) && kind=timeout
    echo "seed=$stuck verdict=fail kind=$kind steps=0 faults=0 wipes=0 virtual_ms=0 cpu_ms=0 rc=$rc" >>"$report"
    echo "sweep: seed $stuck: $kind (exit $rc), see $log" >&2
    cur=$((stuck + 1))
  done
}
export -f run_chunk
export out bin timeout_s

echo "== sweep seeds $first..$last: $jobs processes, $chunk seeds a chunk, $timeout_s s per process; output in $out"
start=$(date +%s)
for ((a = first; a <= last; a += chunk)); do
  b=$((a + chunk - 1))
  ((b > last)) && b=$last
  echo "$a $b"
done | xargs -P "$jobs" -L 1 bash -c 'run_chunk "$@"' _
wall=$(($(date +%s) - start))

cat "$out"/report.* >"$out/verdicts.txt"
awk -v wall="$wall" -v want="$seeds" '
  function val(k,   i) { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2); return "" }
  {
    seed = val("seed"); if (seed in seen) next; seen[seed] = 1
    n++; steps += val("steps"); faults += val("faults"); wipes += val("wipes"); cpu += val("cpu_ms")
    h = val("hit"); if (h != "" && h != "-") { hits[h]++; if (val("verdict") == "pass") hitpass[h]++ }
    if (val("verdict") == "pass") { pass++; next }
    k = val("kind"); bykind[k] = bykind[k] " " seed; count[k]++
    if (k !~ /^known:/) unknown++
  }
  END {
    if (n < want) printf "WARNING: %d of %d seeds have no verdict\n", want - n, want
    for (k in bykind) printf "FAIL %-40s %5d seeds:%s\n", k, count[k], bykind[k] | "sort"
    close("sort")
    printf "seeds %d: %d passed, %d failed (%d not on a known ZooKeeper bug)\n", n, pass, n - pass, unknown
    for (h in hits) printf "hit %s (liveness only, no data touched) in %d seeds, %d of them passed\n", h, hits[h], hitpass[h]
    printf "steps %d, faults injected %d (%d disk wipes)\n", steps, faults, wipes
    printf "CPU %.1f s, wall %d s: %.2f seeds per CPU second\n", cpu / 1000, wall, (cpu > 0 ? n / (cpu / 1000) : 0)
    exit (unknown > 0 || n < want) ? 1 : 0
  }' "$out/verdicts.txt"
