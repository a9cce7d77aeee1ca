// zabsim real / compare without Java: reading a real server's log and epoch files (logs recorded
// from `zabsim real tests/real/kill-leader-restart.zab`), the commands refused, and the comparison.
#include <catch2/catch.hpp>

#include <string>

#include "real/outcome_diff.hpp"
#include "real/real_outcome.hpp"
#include "real/real_run.hpp"
#include "sim/scenario.hpp"

using namespace zabscope::real;

namespace {
const std::string kLogs = std::string(ZABSCOPE_SOURCE_DIR) + "/tests/real/fixtures/kill-leader-restart/";

zab::sim::Scenario scenario(const std::string& text) {
  auto parsed = zab::sim::parseScenario(text, "t.zab", [](const std::string&) { return std::nullopt; });
  REQUIRE(parsed.scenario);
  return *parsed.scenario;
}
}  // namespace

TEST_CASE("a leader's last sync is the last one it sent", "[real-runner]") {
  // S3 took a SNAP as a late follower in epoch 1, then led epoch 2 and sent DIFFs.
  LogFacts f = readLogFacts(kLogs + "server3.log");
  REQUIRE(f.state == std::optional<std::string>("LEADING"));
  REQUIRE(f.lastSync == std::optional<std::string>("DIFF"));
  REQUIRE(f.electionMs == std::optional<std::int64_t>(412));
}

TEST_CASE("a restarted server's facts start at its new process", "[real-runner]") {
  // S2 led epoch 1 (sent a SNAP to S3), was killed, and came back as a follower with a DIFF.
  LogFacts f = readLogFacts(kLogs + "server2.log");
  REQUIRE(f.state == std::optional<std::string>("FOLLOWING"));
  REQUIRE(f.lastSync == std::optional<std::string>("DIFF"));
  REQUIRE(f.electionMs == std::optional<std::int64_t>(176));
}

TEST_CASE("no log or epoch file: nothing is read", "[real-runner]") {
  LogFacts f = readLogFacts("/nonexistent/zookeeper.log");
  REQUIRE_FALSE(f.state);
  REQUIRE_FALSE(f.lastSync);
  REQUIRE_FALSE(readEpochFile("/nonexistent/currentEpoch"));
}

TEST_CASE("commands with no real counterpart are refused with their line", "[real-runner]") {
  auto sc = scenario("ensemble participants=3\nstart 1 2 3\nrun until=stable\npartition 1 | 2,3\nloss 0\nstep 3\n");
  auto why = unmappableCommands(sc);
  REQUIRE(why.size() == 2);  // loss 0 changes nothing: allowed
  REQUIRE(why[0].rfind("t.zab:4: 'partition 1 | 2,3' cannot be played on real servers: network partitions", 0) == 0);
  REQUIRE(why[1].rfind("t.zab:6: 'step 3' cannot be played", 0) == 0);
  REQUIRE(unmappableCommands(scenario("ensemble participants=3\nstart 1 2 3\nkill leader\ncrash 2\nrestart 2\n")).empty());
}

TEST_CASE("compare: a different epoch is a difference the scenario determines", "[real-runner]") {
  nlohmann::json engine = {{"leader", 3}, {"epoch", 1}, {"committed_writes", 0},
                           {"peers", {{{"sid", 3}, {"alive", true}, {"role", "participant"}, {"state", "LEADING"},
                                       {"accepted_epoch", 1}, {"current_epoch", 1}, {"last_zxid", "0x100000000"},
                                       {"last_sync", nullptr}, {"znodes", 4}}}}};
  auto real = engine;
  REQUIRE(diffOutcomes(engine, real).empty());
  real["epoch"] = 2;
  auto d = diffOutcomes(engine, real);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].field == "epoch");
  REQUIRE_FALSE(d[0].expected);
}

TEST_CASE("compare: an outcome file of the wrong shape is named, not thrown", "[real-runner]") {
  using nlohmann::json;
  const json good = json::parse(R"({"leader": 2, "epoch": 1, "committed_writes": 0, "peers": [
      {"sid": 1, "alive": true, "state": "FOLLOWING", "accepted_epoch": 1, "current_epoch": 1, "last_zxid": "0x0",
       "last_sync": "DIFF", "role": "participant", "znodes": 4},
      {"sid": 2, "alive": false, "state": null, "accepted_epoch": null}]})");
  CHECK(outcomeShapeProblem(good).empty());
  auto with = [&](const std::string& pointer, json v) {
    json o = good;
    o[json::json_pointer(pointer)] = std::move(v);
    return outcomeShapeProblem(o);
  };
  CHECK(with("/leader", "2") == "leader: must be a whole number, got a string \"2\"");
  CHECK(with("/peers", 5) == "peers: must be a list, got a whole number");
  CHECK(with("/peers/0/sid", "1") == "peers[0].sid: must be a whole number, got a string \"1\"");
  CHECK(with("/peers/1/sid", 1) == "peers[1].sid: S1 is listed twice");
  CHECK(with("/peers/0/alive", "yes") == "peers[0].alive: must be true or false, got a string \"yes\"");
  CHECK(with("/peers/0/last_zxid", 1) == "peers[0].last_zxid: must be a string, got a whole number 1");
  CHECK(with("/peers/1", json::array()) == "peers[1]: must be an object, got a list");
  json noAlive = good;
  noAlive["peers"][0].erase("alive");
  CHECK(outcomeShapeProblem(noAlive) == "peers[0].alive: missing (an outcome printed by `zabsim real` has it)");
  CHECK(outcomeShapeProblem(json::array()) == "must be a JSON object (the outcome `zabsim real` prints), got a list");
  // Every shape accepted here can be compared without a type error.
  CHECK_NOTHROW(diffOutcomes(good, good));
  CHECK_NOTHROW(comparisonRows(good, good));
}
