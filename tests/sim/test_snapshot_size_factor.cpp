// zookeeper.snapshotSizeFactor as 3.8.0's ZKDatabase constructor reads it: a value above 1 is
// "invalid", and the default 0.33 is used instead (with a WARN). The engine used a factor of 2
// as given, so its DIFF-or-SNAP limit was six times 3.8.0's.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/simulation.hpp"

using namespace zab::sim;

namespace {

// Every explanation line of a run of `text`.
std::vector<std::string> traceOf(const std::string& text) {
  ScenarioParse parsed = parseScenario(text, "ssf.zab", nullptr);
  REQUIRE(parsed.scenario);
  Simulation sim = makeSimulation(*parsed.scenario);
  std::vector<std::string> lines;
  RunOptions options;
  options.onRecord = [&](const StepRecord& r) {
    for (auto& line : r.explanationLines()) lines.push_back(line);
  };
  RunResult result = runScenario(*parsed.scenario, sim, options);
  INFO("seed " << sim.seed());
  CHECK(result.failures.empty());
  return lines;
}

bool has(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines)
    if (l.find(text) != std::string::npos) return true;
  return false;
}

// S1 misses three writes; with commitLogCount=1 the leader's committedLog cannot cover them, so
// syncFollower weighs the txn log against sizeLimit = snapshotSizeFactor x the snapshot's size.
std::string scenario(const std::string& factor) {
  return "ensemble participants=3 commitLogCount=1 snapshotSizeFactor=" + factor +
         "\nseed 12\nlatency 5\nstart 1 2 3\nrun until=stable max=20000\nwrite 3 /a 1\nrun 100\nkill 1\n"
         "write 3 /b 2\nwrite 3 /c 3\nwrite 3 /d 4\nrun 100\nrestart 1\nrun until=stable max=20000\n";
}

}  // namespace

TEST_CASE("snapshotSizeFactor above 1 is replaced by the default 0.33, as ZKDatabase does", "[sim][sync]") {
  const auto lines = traceOf(scenario("2"));
  CHECK(has(lines, "the configured zookeeper.snapshotSizeFactor 2 is invalid (above 1): ZKDatabase uses the default 0.33"));
  CHECK(has(lines, "= snapshotSizeFactor 0.33 x snapshot"));
  CHECK_FALSE(has(lines, "snapshotSizeFactor 2 x"));
}

TEST_CASE("snapshotSizeFactor of 1 or less is used as configured", "[sim][sync]") {
  const auto lines = traceOf(scenario("1"));
  CHECK_FALSE(has(lines, "is invalid"));
  CHECK(has(lines, "= snapshotSizeFactor 1 x snapshot"));
}
