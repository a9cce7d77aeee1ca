// 3.8.0's SyncRequestProcessor batches fsyncs: it appends what it finds queued, and when the
// queue is empty it flushes. A txn handed to it while an fsync runs waits in the queue and goes
// into the next fsync, so it becomes durable (and is ACKed) one fsync later than the txns that
// were already in. PeerTiming::fsyncTakesLateTxns replays runs recorded before the engine did so.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"
#include "sim_clock.hpp"

using namespace zab;
using namespace zab::sim;
using zabtest::logged;
using zabtest::runFor;

namespace {

struct TwoWrites {
  Zxid first = 0, second = 0;
  bool firstDurable = false, secondDurable = false, secondWaiting = false;
  bool secondDurableLater = false;
  bool inNextFsync = false;  // the second is the whole batch of the fsync that runs now
};

// Two writes at the leader 10 ms apart while each fsync takes 50 ms; looked at 55 ms after the
// first (its fsync is over), and again 100 ms later.
// Three servers whose every fsync takes 50 ms, stable, with nothing of the sync left in flight.
EnsembleSpec slowFsyncSpec() {
  EnsembleSpec spec;
  spec.qv = QuorumVerifier::majority(syntheticServers(3, 0));
  spec.seed = 7;
  spec.timing.fsyncMs = 50;
  return spec;
}
void settle(Simulation& sim) {
  sim.setExplain(false);
  sim.start({1, 2, 3});
  while (!sim.stable() && sim.now() < 10'000 && sim.step()) {
  }
  REQUIRE(sim.stable());
  runFor(sim, 200);
}

TwoWrites twoWritesDuringOneFsync(bool lateTxnsJoin) {
  EnsembleSpec spec = slowFsyncSpec();
  spec.timing.fsyncTakesLateTxns = lateTxnsJoin;
  Simulation sim(spec);
  settle(sim);
  const Sid lead = *sim.leader();
  const QuorumPeer& leader = sim.slot(lead)->peer;
  REQUIRE(leader.unflushed().empty());

  TwoWrites out;
  sim.clientOp(lead, ClientOpKind::Write, "/a", "1");  // proposed (and handed to the sync processor) at once
  REQUIRE(leader.leader());
  out.first = leader.leader()->lastProposed();
  runFor(sim, 10);
  sim.clientOp(lead, ClientOpKind::Write, "/b", "2");
  out.second = leader.leader()->lastProposed();
  REQUIRE(out.second == out.first + 1);
  runFor(sim, 45);
  out.firstDurable = logged(leader, out.first);
  out.secondDurable = logged(leader, out.second);
  out.secondWaiting = std::any_of(leader.unflushed().begin(), leader.unflushed().end(),
                                  [&](const LoggedProposal& p) { return p.zxid == out.second; });
  // What the Inspector shows: the running fsync's batch first, then what queued behind it.
  out.inNextFsync = out.secondWaiting && leader.txnsInFsync() == 1 && leader.unflushed().size() == 1;
  runFor(sim, 100);
  out.secondDurableLater = logged(leader, out.second);
  return out;
}

}  // namespace

TEST_CASE("fsync batches: a txn logged during an fsync waits for the next one", "[sim][disk]") {
  const TwoWrites w = twoWritesDuringOneFsync(false);
  CHECK(w.firstDurable);
  CHECK_FALSE(w.secondDurable);  // it arrived 10 ms into the first fsync
  CHECK(w.secondWaiting);
  CHECK(w.inNextFsync);          // when the first fsync ended, the next one started with it
  CHECK(w.secondDurableLater);   // and made it durable
}

TEST_CASE("fsync batches: runs recorded before join the running fsync", "[sim][disk]") {
  const TwoWrites w = twoWritesDuringOneFsync(true);
  CHECK(w.firstDurable);
  CHECK(w.secondDurable);  // durable when the first fsync ended
  CHECK_FALSE(w.secondWaiting);
}

// FileTxnLog.commit hands the appended txns to the OS (flush) before its fsync (force). A
// process killed while that fsync runs leaves them in the OS's page cache, which still writes
// them: after the restart they are in the txn log. The txn queued behind that fsync was never
// appended and is gone. A power cut (crash) loses both. PeerTiming::killLosesWrittenTxns
// replays runs recorded before the engine did so (a kill lost both).
namespace {
struct AfterStop {
  bool firstKept = false, secondKept = false;
};
AfterStop twoWritesThenStop(bool kill, bool oldRule) {
  EnsembleSpec spec = slowFsyncSpec();
  spec.timing.killLosesWrittenTxns = oldRule;
  Simulation sim(spec);
  settle(sim);
  const Sid lead = *sim.leader();
  sim.clientOp(lead, ClientOpKind::Write, "/a", "1");
  const Zxid first = sim.slot(lead)->peer.leader()->lastProposed();
  runFor(sim, 10);
  sim.clientOp(lead, ClientOpKind::Write, "/b", "2");
  const Zxid second = sim.slot(lead)->peer.leader()->lastProposed();
  runFor(sim, 20);  // the first fsync runs (30 ms left), the second txn waits behind it
  REQUIRE(sim.slot(lead)->peer.txnsInFsync() == 1);
  REQUIRE(sim.slot(lead)->peer.unflushed().size() == 2);
  if (kill) sim.kill(lead);
  else sim.crash(lead);
  sim.restart(lead);
  AfterStop out;
  out.firstKept = logged(sim.slot(lead)->peer, first);
  out.secondKept = logged(sim.slot(lead)->peer, second);
  return out;
}
}  // namespace

TEST_CASE("fsync batches: a kill keeps the running fsync's txns (the OS has them), a power cut does not",
          "[sim][disk]") {
  const AfterStop killed = twoWritesThenStop(true, false);
  CHECK(killed.firstKept);
  CHECK_FALSE(killed.secondKept);
  const AfterStop crashed = twoWritesThenStop(false, false);
  CHECK_FALSE(crashed.firstKept);
  CHECK_FALSE(crashed.secondKept);
  const AfterStop before = twoWritesThenStop(true, true);  // runs recorded before: a kill lost it
  CHECK_FALSE(before.firstKept);
  CHECK_FALSE(before.secondKept);
}
