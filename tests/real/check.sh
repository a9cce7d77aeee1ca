#!/usr/bin/env bash
# The real-ensemble test: `zabsim real` and `zabsim compare` on a small scenario, against real
# ZooKeeper 3.8 servers (Debian's zookeeper package, one JVM each on 127.0.0.1).
#   tests/real/check.sh ZABSIM SCENARIO
# Exit 77 (ctest: skipped) with a message where Java or the package is missing.
set -u
zabsim="$1" scenario="$2"
if ! command -v java >/dev/null 2>&1; then
  echo "SKIPPED: no java in PATH; scripts/zabscope.sh test installs Debian's zookeeper package, which pulls a JRE"
  exit 77
fi
for jar in zookeeper slf4j-log4j12 log4j-1.2; do
  if [ ! -f "/usr/share/java/$jar.jar" ]; then
    echo "SKIPPED: /usr/share/java/$jar.jar is missing; install Debian's zookeeper package (scripts/zabscope.sh test does)"
    exit 77
  fi
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Ports from the PID, so that two checkouts testing at once do not join each other's ensembles.
base=$((20000 + ($$ % 500) * 40))

echo "== zabsim real $scenario --port-base $base"
"$zabsim" real "$scenario" --quiet --timeout 90 --port-base "$base" --keep "$work/run" --trace "$work/real.jsonl" > "$work/real.json"
rc=$?
if [ $rc -ne 0 ]; then
  echo "FAILED: zabsim real exited $rc"; cat "$work/real.json"
  for log in "$work"/run/s*/zookeeper.log; do echo "--- $log (last lines)"; tail -n 15 "$log"; done
  exit 1
fi
# What the scenario determines, read from the real servers.
python3 - "$work/real.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
peers = {p["sid"]: p for p in d["peers"]}
problems = []
def want(what, got, expected):
    if got != expected: problems.append(f"{what}: {got!r}, expected {expected!r}")
want("leader", d["leader"], 3)
want("epoch", d["epoch"], 2)
want("committed_writes", d["committed_writes"], 2)
want("client_ops zxids", [op["zxid"] for op in d["client_ops"]], ["0x100000001", "0x100000002"])
for sid, state in {1: "FOLLOWING", 2: "FOLLOWING", 3: "LEADING"}.items():
    p = peers[sid]
    want(f"S{sid} alive", p["alive"], True)
    want(f"S{sid} state", p["state"], state)
    want(f"S{sid} epochs", (p["accepted_epoch"], p["current_epoch"]), (2, 2))
    want(f"S{sid} last_sync", p["last_sync"], "DIFF")
    want(f"S{sid} znodes", p["znodes"], 6)
for sid in (1, 2):
    want(f"S{sid} last_zxid", peers[sid]["last_zxid"], "0x100000002")
for p in problems: print("FAILED:", p)
if not problems: print("real outcome as the scenario determines: leader S3, epoch 2, two writes at 0x100000001..2")
sys.exit(1 if problems else 0)
PY
# The logs are one per server, in the pattern of ZooKeeper's own logback.xml.
for sid in 1 2 3; do
  grep -q "\[myid:$sid\] - INFO .*LEADER ELECTION TOOK" "$work/run/s$sid/zookeeper.log" ||
    { echo "FAILED: s$sid/zookeeper.log has no 'LEADER ELECTION TOOK' line"; exit 1; }
done

# The real run's timeline, read from the logs by the importer, in the JSONL of zabsim run --trace.
grep -q '"peer":3.*LEADING' "$work/real.jsonl" || { echo "FAILED: the --trace timeline has no S3 LEADING event"; exit 1; }

echo "== zabsim compare $scenario"
"$zabsim" compare "$scenario" --quiet --timeout 90 --port-base "$base" > "$work/compare.txt"
rc=$?
cat "$work/compare.txt"
[ $rc -eq 0 ] || { echo "FAILED: zabsim compare exited $rc"; exit 1; }
grep -q "no differences" "$work/compare.txt" || { echo "FAILED: compare found differences"; exit 1; }
# No server outlives zabsim.
if pgrep -f "$work/run/s" >/dev/null; then echo "FAILED: a server of this test is still running"; exit 1; fi
echo "ok"
