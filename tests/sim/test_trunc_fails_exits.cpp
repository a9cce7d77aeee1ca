// tests/scenarios/trunc-fails-exits.zab, checked step by step: the learner whose txn log cannot
// carry out a TRUNC exits once per start (3.8.0's requestSystemExit(QUORUM_PACKET_ERROR)),
// rather than going LOOKING and meeting the same TRUNC again every few tens of ms.
#include <catch2/catch.hpp>

#include <string>

#include "read_file.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/simulation.hpp"

using namespace zab::sim;

TEST_CASE("a TRUNC past the end of the learner's log ends its process once per start", "[sim][sync]") {
  const std::string path = std::string(ZABSCOPE_SOURCE_DIR) + "/tests/scenarios/trunc-fails-exits.zab";
  const auto text = test::readFile(path);
  REQUIRE(text);
  ScenarioParse parsed = parseScenario(*text, path, nullptr);
  REQUIRE(parsed.scenario);
  Simulation sim = makeSimulation(*parsed.scenario);
  int truncs = 0, exits = 0;
  RunOptions options;
  options.onRecord = [&](const StepRecord& r) {
    for (const auto& line : r.explanationLines()) {
      if (line.find("-> TRUNC to 0x100000001") != std::string::npos && line.find("for S1") != std::string::npos) ++truncs;
      if (line.find("Not able to truncate the log to 0x100000001") != std::string::npos &&
          line.find("ZOOKEEPER-1549") != std::string::npos)
        ++exits;
    }
  };
  RunResult result = runScenario(*parsed.scenario, sim, options);
  INFO("seed " << sim.seed());
  CHECK(result.failures.empty());
  CHECK(truncs == 2);  // one per start of S1: no TRUNC storm
  CHECK(exits == 2);
}
