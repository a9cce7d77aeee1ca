// Simulation::stallDisk: one server's fsyncs wait while its process runs on. A leader does not
// wait for its own fsync to commit (Leader.processAck counts the followers' ACKs like any
// others), so during a stall its committedLog runs ahead of its txn log: the state in which
// syncFollower needs ZOOKEEPER-2418's "Detected gap" fallback.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <vector>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"
#include "sim_clock.hpp"

using namespace zab;
using namespace zab::sim;
using zabtest::logged;
using zabtest::runFor;

TEST_CASE("stallDisk: a leader commits on its followers' ACKs while its own fsync waits", "[sim][disk]") {
  EnsembleSpec spec;
  spec.qv = QuorumVerifier::majority(syntheticServers(3, 0));
  spec.seed = 7;
  Simulation sim(spec);
  sim.setExplain(false);
  sim.start({1, 2, 3});
  while (!sim.stable() && sim.now() < 10'000 && sim.step()) {
  }
  REQUIRE(sim.stable());
  const Sid lead = *sim.leader();
  const QuorumPeer& leader = sim.slot(lead)->peer;
  const Zxid before = leader.db().lastProcessedZxid();

  sim.stallDisk(lead, 1000);
  sim.clientOp(lead, ClientOpKind::Write, "/a", "x");
  runFor(sim, 300);
  const Zxid z = leader.db().lastProcessedZxid();
  CHECK(z > before);            // committed and applied on the followers' ACKs
  CHECK_FALSE(logged(leader, z));  // but not yet in the leader's own txn log
  CHECK_FALSE(leader.unflushed().empty());

  runFor(sim, 1000);
  CHECK(logged(leader, z));  // the stall is over: the fsync completed
  CHECK(leader.unflushed().empty());
}

TEST_CASE("stallDisk: a server that is not there has no disk to stall", "[sim][disk]") {
  EnsembleSpec spec;
  spec.qv = QuorumVerifier::majority(syntheticServers(3, 0));
  Simulation sim(spec);
  StepRecord rec = sim.stallDisk(9, 100);
  CHECK(rec.explanation().find("no disk to stall") != std::string::npos);
}
