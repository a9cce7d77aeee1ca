#!/usr/bin/env bash
# Mutation check: apply one protocol mutation at a time to a copy of the source, rebuild the
# simulation tests, and see whether the ctest seeds catch it. A mutation nobody catches is a
# hole in the sweeps. Issue 10 point 5.
#
#   bash scripts/mutants.sh [NAME...]        # default: every mutation below
#
# Environment: MUTANTS_DIR (default /tmp/zabscope-mutants) holds the copy and its build (the
# build is reused between runs); MUTANTS_FILTER picks the test cases that count as "the sweeps"
# (a Catch2 filter; default: the ZAB and election seed sweeps).
#
# Output: one line per mutation, "caught by the sweeps", "caught only by other tests" or
# "NOT CAUGHT", and exit 1 if any mutation was not caught by the sweeps.
set -u
src="$(cd "$(dirname "$0")/.." && pwd)"
work="${MUTANTS_DIR:-/tmp/zabscope-mutants}"
filter="${MUTANTS_FILTER:-ZAB seed sweep*,seed sweep: loss*}"

# name@@file@@exact text@@replacement (\n: a line break). Each text must occur exactly once in
# its file.
mutations=(
  'commit-without-ack-quorum@@engine/zab/leader.cpp@@if (!self.quorumVerifier().containsQuorum(it->second.acks)) return false;@@if (it->second.acks.empty()) return false;'
  'ack-before-fsync@@engine/zab/learner.cpp@@  pendingTxns_.push_back(p);\n  self.logProposal(p.logged, fx);@@  pendingTxns_.push_back(p);\n  self.logProposal(p.logged, fx);\n  send(self, QuorumPacket{PacketType::ACK, p.logged.zxid, std::nullopt}, fx);'
  'broadcast-before-newleader-quorum@@engine/zab/leader.cpp@@if (newLeaderAcks_.count(self.myid()) && self.quorumVerifier().containsQuorum(newLeaderAcks_)) {@@if (newLeaderAcks_.count(self.myid())) {'
  'election-ignores-zxid@@engine/zab/fast_leader_election.cpp@@(newEpoch == curEpoch && (newZxid > curZxid || (newZxid == curZxid && newId > curId)))@@(newEpoch == curEpoch && ((void)newZxid, (void)curZxid, newId > curId))'
  'epoch-without-quorum@@engine/zab/leader.cpp@@if (electingFollowers_.count(self.myid()) && qv.containsQuorum(electingFollowers_)) {@@if (electingFollowers_.count(self.myid())) {'
  'skip-detected-gap@@engine/zab/learner_sync.cpp@@      if (currentZxid < minCL) {@@      if (false) {'
)

want=("$@")
selected() {
  [ ${#want[@]} -eq 0 ] && return 0
  local w
  for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

# The copy: the working tree as it is now (uncommitted changes included), without builds. tar
# keeps the files' times, so the build directory beside it (kept between runs) rebuilds little.
rm -rf "$work/src"
mkdir -p "$work/src"
tar -C "$src" --exclude='./build*' --exclude='./.git' -cf - . | tar -C "$work/src" -xf - || exit 2
cd "$work/src" || exit 2
cmake -S . -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZABSCOPE_BUILD_BENCHMARKS=OFF >/dev/null || exit 2
ln -sfn "$work/build" build
build() { timeout 1800 cmake --build build -j"$(nproc)" --target zab_sim_tests zab_protocol_tests >"$work/build.log" 2>&1; }
echo "== building the unmutated copy in $work/src"
build || { echo "the unmutated copy does not build; see $work/build.log"; exit 2; }
if ! timeout 1800 build/tests/zab_sim_tests "$filter" >"$work/baseline.log" 2>&1; then
  echo "the unmutated sweeps fail; see $work/baseline.log"
  exit 2
fi

missed=0
for m in "${mutations[@]}"; do
  name=${m%%@@*} rest=${m#*@@}
  file=${rest%%@@*} rest=${rest#*@@}
  text=${rest%%@@*} repl=${rest#*@@}
  selected "$name" || continue
  cp "$file" "$file.orig"
  if ! python3 - "$file" "$text" "$repl" <<'EOF'
import sys
path, text, repl = sys.argv[1:4]
text, repl = text.replace("\\n", "\n"), repl.replace("\\n", "\n")
s = open(path).read()
n = s.count(text)
if n != 1:
    sys.exit(f"{path}: the mutation's text occurs {n} times, not once: update scripts/mutants.sh")
open(path, "w").write(s.replace(text, repl))
EOF
  then
    echo "$name: SKIPPED (text not found)"
    mv "$file.orig" "$file"
    missed=1
    continue
  fi
  if ! build; then
    cp "$work/build.log" "$work/$name.build.log"
    echo "$name: does not build (see $work/$name.build.log)"
    mv "$file.orig" "$file"
    missed=1
    continue
  fi
  log="$work/$name.log"
  if ! timeout 1800 build/tests/zab_sim_tests "$filter" >"$log" 2>&1; then
    echo "$name: caught by the sweeps ($(grep -m1 -oE 'seed [0-9]+' "$log" || echo 'see log'); $log)"
  elif ! { timeout 1800 build/tests/zab_sim_tests && timeout 1800 build/tests/zab_protocol_tests; } >"$log.all" 2>&1; then
    echo "$name: caught only by other tests ($log.all)"
    missed=1
  else
    echo "$name: NOT CAUGHT"
    missed=1
  fi
  mv "$file.orig" "$file"
  touch "$file"
done
build >/dev/null 2>&1  # leave the copy unmutated
exit $missed
