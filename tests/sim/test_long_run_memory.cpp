// Memory of a long run: what the simulator forgets must change nothing a run does or shows.
// Old txn-log files (QuorumPeer::forgetUnreadableLogFiles) leave memory once no restore,
// txn-log sync or TRUNC can read them; every scenario runs the same with and without that,
// and a long run with restarts, SNAPs and txn-log syncs keeps a bounded part of its log.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "read_file.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/state_json.hpp"

namespace {
using zab::sim::test::readFile;

struct Outcome {
  std::uint64_t digest = 0;
  std::string state;
  std::vector<std::string> violations;
  std::size_t failures = 0;
  std::size_t forgottenTxns = 0;  // over every peer
  std::size_t mostKept = 0;       // the most txns one peer kept in memory at the end
};

Outcome run(const zab::sim::Scenario& scenario, bool forget) {
  zab::sim::Scenario sc = scenario;
  sc.spec.timing.forgetUnreadableLogFiles = forget;
  auto sim = zab::sim::makeSimulation(sc);
  auto r = zab::sim::runScenario(sc, sim, {});
  Outcome o{r.traceDigest, zab::sim::stateToJson(sim, r.violations).dump(), r.violations, r.failures.size(), 0, 0};
  for (const auto& [sid, slot] : sim.peers()) {
    const auto& log = slot.alive ? slot.peer.disk().txnLog : slot.disk.txnLog;
    o.forgottenTxns += log.firstKept();
    o.mostKept = std::max(o.mostKept, log.size() - log.firstKept());
  }
  return o;
}

zab::sim::Scenario parse(const std::string& text, const std::string& name) {
  auto parsed = zab::sim::parseScenario(text, name, readFile);
  REQUIRE(parsed.scenario);
  return *parsed.scenario;
}

// Small files (snapCount=40: a roll and a snapshot every 21 to 40 txns), a short committedLog
// and a small but non-zero txn-log size limit, so that restarts take the committedLog, the
// txn log (a short absence) and SNAP (a longer one, a wiped disk).
std::string churn(int rounds) {
  std::string s =
      "ensemble participants=5 commitLogCount=3 snapshotSizeFactor=0.05 snapCount=40\n"
      "seed 77\nlatency 2..6\n"
      "start 1 2 3 4 5\nrun until=stable max=20000\n"
      "workload writes=40 keys=6\n";
  for (int i = 0; i < rounds; ++i) {
    const int victim = 1 + i % 5;
    s += "run 800\n";
    s += i % 4 == 3 ? "wipe " + std::to_string(victim) + "\n" : "kill " + std::to_string(victim) + "\n";
    s += i % 2 ? "run 120\n" : "run 400\n";  // a short absence: its zxid stays in the leader's newest file
    s += "restart " + std::to_string(victim) + "\n";
  }
  s += "workload writes=0\nrun until=stable max=200000\nexpect converged\n";
  return s;
}
}  // namespace

TEST_CASE("long run memory: forgetting old txn-log files changes no scenario", "[memory]") {
  const auto files = zab::sim::test::scenarioFiles({"/tests/scenarios", "/examples"});
  REQUIRE(files.size() >= 10);
  std::size_t forgotten = 0;
  for (const auto& f : files) {
    INFO(f);
    auto text = readFile(f);
    REQUIRE(text);
    auto sc = parse(*text, f);
    Outcome kept = run(sc, false), forgot = run(sc, true);
    CHECK(forgot.digest == kept.digest);
    CHECK(forgot.state == kept.state);
    // Again with a snapshot and a new file every 2 or 3 txns, so that forgetting happens in
    // the middle of each scenario's TRUNCs, DIFFs, SNAPs and restarts.
    sc.spec.timing.snapCount = 4;
    kept = run(sc, false);
    forgot = run(sc, true);
    CHECK(forgot.digest == kept.digest);
    CHECK(forgot.state == kept.state);
    forgotten += forgot.forgottenTxns;
  }
  CHECK(forgotten > 100);
}

TEST_CASE("long run memory: a run with restarts, wipes and syncs keeps a bounded txn log and runs the same",
          "[memory]") {
  const auto sc = parse(churn(20), "churn");
  const Outcome kept = run(sc, false), forgot = run(sc, true);
  CHECK(forgot.failures == 0);
  CHECK(forgot.violations.empty());
  CHECK(forgot.digest == kept.digest);
  CHECK(forgot.state == kept.state);
  CHECK(kept.forgottenTxns == 0);
  CHECK(forgot.forgottenTxns > 1000);  // it did forget
  // Bounded by the files a restore, a sync or a TRUNC can read (a few of snapCount's files),
  // not by the run: twice the rounds keep no more.
  CHECK(forgot.mostKept < 100);
  const Outcome longer = run(parse(churn(40), "churn40"), true);
  CHECK(longer.forgottenTxns > 1000);
  CHECK(longer.mostKept < 100);
}
