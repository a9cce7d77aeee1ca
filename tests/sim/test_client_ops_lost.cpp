// A client request the server never answers fails with connection loss when that server's role
// ends or its process stops (ZooKeeper's client library sees the connection close): writes,
// and syncs waiting at a learner. None stays unanswered forever. (A sync of the leader's own
// client does not wait: the leader's CommitProcessor has matchSyncs false.)
#include <catch2/catch.hpp>

#include <string>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/simulation.hpp"

using namespace zab;
using namespace zab::sim;

TEST_CASE("client ops: writes and syncs waiting at a server that loses its role or its process fail", "[sim]") {
  // S3 leads; S1 and S2 forward writes, then S1 and S3 ask for a sync while a write is
  // outstanding; the leader is killed before anything commits.
  const std::string text =
      "ensemble participants=3\nseed 12\nlatency 2..6\nstart 1 2 3\nrun until=stable max=20000\n"
      "write 2 /y v1\nwrite 1 /z v1\nrun 5\nsync 1\nsync 3\nrun 1\nkill 3\nrun 3000\n";
  ScenarioParse parsed = parseScenario(text, "lost.zab", nullptr);
  REQUIRE(parsed.scenario);
  Simulation sim = makeSimulation(*parsed.scenario);
  sim.keepAnsweredClientOps(100);
  RunResult result = runScenario(*parsed.scenario, sim, RunOptions{});
  INFO("seed " << sim.seed());
  CHECK(result.failures.empty());
  CHECK(sim.waitingClientOps().empty());  // every request was answered
  int syncsLost = 0, writesLost = 0;
  for (const ClientOp& op : sim.answeredClientOps()) {
    INFO("S" << op.server << " " << to_string(op.kind) << " " << op.path << ": " << op.result);
    if (op.server == 3 && op.kind == ClientOpKind::Sync) {  // answered at once, before the kill
      CHECK(op.ok);
      CHECK(op.answeredAt == op.submittedAt);
      continue;
    }
    CHECK_FALSE(op.ok);
    CHECK(op.result.rfind("connection loss: ", 0) == 0);
    (op.kind == ClientOpKind::Sync ? syncsLost : writesLost) += 1;
  }
  CHECK(syncsLost == 1);   // S1's, at the learner
  CHECK(writesLost == 2);  // S1's and S2's
}
