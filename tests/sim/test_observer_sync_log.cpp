// An observer's sync, ended by UPTODATE: 3.8.0's Learner.syncWithLeader hands each proposed-and-
// committed txn of the sync to ObserverZooKeeperServer.commitRequest, which queues it for the
// SyncRequestProcessor (logged and fsynced later, as an INFORM's txn is) and applies it. The
// engine wrote them to the txn log at once, durable at UPTODATE; PeerTiming::
// observerSyncLoggedAtOnce replays runs recorded before (sitting 24).
#include <catch2/catch.hpp>

#include <vector>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"
#include "sim_clock.hpp"

using namespace zab;
using namespace zab::sim;
using zabtest::logged;
using zabtest::runFor;

namespace {

struct AtUpToDate {
  std::vector<Zxid> synced;    // the txns the observer missed while it was down
  bool applied = false;        // in its data tree at UPTODATE
  bool durable = false;        // in its txn log at UPTODATE
  bool durableLater = false;   // in its txn log 200 ms later
};

// S1..S3 vote, S4 observes with a slow disk (50 ms an fsync). After one write, S4 is killed, three
// more commit without it, and it restarts: the leader syncs it with a DIFF of three PROPOSAL +
// COMMIT pairs, which wait in packetsNotCommitted / packetsCommitted until UPTODATE. (Logged at
// once, as before, they are durable at UPTODATE: so the sync was a DIFF, not a SNAP.)
AtUpToDate observerSync(bool loggedAtOnce) {
  EnsembleSpec spec;
  spec.qv = QuorumVerifier::majority(syntheticServers(3, 1));
  spec.seed = 11;
  spec.timing.fsyncMs = 50;
  spec.timing.observerSyncLoggedAtOnce = loggedAtOnce;
  Simulation sim(spec);
  sim.setExplain(false);
  sim.start({1, 2, 3, 4});
  while (!sim.stable() && sim.now() < 10'000 && sim.step()) {
  }
  REQUIRE(sim.stable());
  runFor(sim, 200);
  const Sid lead = *sim.leader();
  // One write first: an empty observer (zxid 0) always gets a SNAP.
  sim.clientOp(lead, ClientOpKind::Write, "/start", "v");
  runFor(sim, 200);
  sim.kill(4);
  AtUpToDate out;
  for (const char* path : {"/a", "/b", "/c"}) {
    sim.clientOp(lead, ClientOpKind::Write, path, "v");
    out.synced.push_back(sim.slot(lead)->peer.leader()->lastProposed());
    runFor(sim, 100);
  }
  sim.restart(4);
  const QuorumPeer& obs = sim.slot(4)->peer;
  // Step to the UPTODATE that ends the observer's sync (it enters BROADCAST there).
  while (sim.now() < 20'000 && sim.step())
    if (sim.slot(4)->alive && obs.state() == ServerState::OBSERVING && obs.zabState() == ZabState::BROADCAST) break;
  REQUIRE(obs.zabState() == ZabState::BROADCAST);
  out.applied = obs.db().lastProcessedZxid() == out.synced.back();
  out.durable = logged(obs, out.synced.front()) && logged(obs, out.synced.back());
  runFor(sim, 200);
  out.durableLater = logged(obs, out.synced.front()) && logged(obs, out.synced.back());
  return out;
}

}  // namespace

TEST_CASE("observer sync: the txns of a DIFF reach the observer's disk through its sync processor, after UPTODATE",
          "[sim][disk]") {
  const AtUpToDate now = observerSync(false);
  CHECK(now.applied);
  CHECK_FALSE(now.durable);  // queued for the SyncRequestProcessor's next fsync
  CHECK(now.durableLater);
  // Runs recorded before: logged, durable, at UPTODATE itself.
  const AtUpToDate before = observerSync(true);
  CHECK(before.applied);
  CHECK(before.durable);
  CHECK(before.durableLater);
}
