// A session's requests are answered in the order it sent them (CommitProcessor's pendingRequests):
// a read waits behind the session's writes and, at a learner, its syncs. Each server here has
// one client session, so a read at a server sees every write that server's client sent before.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/simulation.hpp"

using namespace zab;
using namespace zab::sim;

namespace {

struct Run {
  Simulation sim;
  RunResult result;
};

Run runText(const std::string& text) {
  ScenarioParse parsed = parseScenario(text, "session.zab", nullptr);
  REQUIRE(parsed.scenario);
  Run r{makeSimulation(*parsed.scenario), {}};
  r.sim.keepAnsweredClientOps(100);
  r.result = runScenario(*parsed.scenario, r.sim, RunOptions{});
  return r;
}

const ClientOp& answered(const Simulation& sim, std::uint64_t id) {
  for (const ClientOp& op : sim.answeredClientOps())
    if (op.id == id) return op;
  FAIL("client op " << id << " was not answered");
  throw;  // unreachable
}

const std::string kStable = "ensemble participants=3\nseed 7\nlatency 5\nstart 1 2 3\nrun until=stable max=20000\n";

}  // namespace

TEST_CASE("session order: a read after a write at the same follower waits and sees the write", "[sim][client]") {
  // S3 leads (the highest sid). S1's client writes /x and reads it in the same instant; S2's
  // client, another session, reads /x in that instant too.
  Run r = runText(kStable + "expect leader=3\nwrite 1 /x v1\nread 1 /x\nread 2 /x\nrun 100\n");
  INFO("seed " << r.sim.seed());
  CHECK(r.result.failures.empty());
  const ClientOp& write = answered(r.sim, 1);
  const ClientOp& ownRead = answered(r.sim, 2);
  const ClientOp& otherRead = answered(r.sim, 3);
  REQUIRE(write.ok);
  CHECK(ownRead.ok);
  CHECK(ownRead.result == "v1");  // read-your-writes
  CHECK(*ownRead.answeredAt == *write.answeredAt);  // answered right after the write, in the same step
  CHECK(ownRead.zxid == write.zxid);
  CHECK_FALSE(otherRead.ok);  // another session is not held back: /x does not exist yet at S2
  CHECK(otherRead.result == "NONODE");
  CHECK(*otherRead.answeredAt == otherRead.submittedAt);
}

TEST_CASE("session order: a read after a sync at a learner waits for the leader's SYNC", "[sim][client]") {
  Run r = runText(kStable + "expect leader=3\nwrite 3 /x v1\nrun 50\nwrite 3 /x v2\nsync 1\nread 1 /x\nrun 100\n");
  INFO("seed " << r.sim.seed());
  CHECK(r.result.failures.empty());
  const ClientOp& sync = answered(r.sim, 3);
  const ClientOp& read = answered(r.sim, 4);
  REQUIRE(sync.ok);
  CHECK(*sync.answeredAt > sync.submittedAt);
  CHECK(*read.answeredAt == *sync.answeredAt);
  CHECK(read.result == "v2");  // the sync waited for the leader's pending v2; the read after it sees v2
}

TEST_CASE("session order: the leader's own sync waits only for its own session's writes", "[sim][client]") {
  // S1 writes (proposed by the leader 5 ms later, outstanding at 6 ms); then the leader's client syncs: 3.8.0 answers it at
  // once, since the leader's CommitProcessor does not match syncs and S3's session has nothing
  // pending. After S3's own write, its sync waits for that write.
  Run r = runText(kStable + "expect leader=3\nwrite 1 /a v1\nrun 6\nsync 3\nrun 100\nwrite 3 /b v1\nsync 3\nrun 100\n");
  INFO("seed " << r.sim.seed());
  CHECK(r.result.failures.empty());
  const ClientOp& firstSync = answered(r.sim, 2);
  CHECK(firstSync.ok);
  CHECK(*firstSync.answeredAt == firstSync.submittedAt);
  const ClientOp& ownWrite = answered(r.sim, 3);
  const ClientOp& secondSync = answered(r.sim, 4);
  REQUIRE(ownWrite.ok);
  CHECK(*secondSync.answeredAt == *ownWrite.answeredAt);
  CHECK(*secondSync.answeredAt > secondSync.submittedAt);
  CHECK(secondSync.zxid == ownWrite.zxid);
}

TEST_CASE("session order: a read waiting behind a write fails when the server loses its role", "[sim][client]") {
  // Cut S1 off from the leader right after its write: the write cannot commit, the read waits
  // behind it, and both fail when S1 gives up on its leader.
  Run r = runText(kStable + "expect leader=3\nwrite 1 /x v1\nread 1 /x\npartition 1 | 2 3\nrun 20000\n");
  INFO("seed " << r.sim.seed());
  CHECK(r.sim.waitingClientOps().empty());
  const ClientOp& write = answered(r.sim, 1);
  const ClientOp& read = answered(r.sim, 2);
  CHECK_FALSE(write.ok);
  CHECK_FALSE(read.ok);
  CHECK(read.result.rfind("connection loss: ", 0) == 0);
  CHECK(*read.answeredAt == *write.answeredAt);
}

TEST_CASE("session order: at role end a client's requests fail in the order it sent them", "[sim][client]") {
  // A write, a sync and a read at the follower S1, which is then cut off from the leader.
  Run r = runText(kStable + "expect leader=3\nwrite 1 /x v1\nsync 1\nread 1 /x\npartition 1 | 2 3\nrun 20000\n");
  INFO("seed " << r.sim.seed());
  CHECK(r.sim.waitingClientOps().empty());
  std::vector<std::uint64_t> failedOrder;
  for (const ClientOp& op : r.sim.answeredClientOps())
    if (op.server == 1 && !op.ok) failedOrder.push_back(op.id);
  CHECK(failedOrder == std::vector<std::uint64_t>{1, 2, 3});
}
