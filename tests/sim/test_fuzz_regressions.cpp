// Bugs found with the fuzz build (tests/fuzz), kept as ordinary tests so the default build guards
// them too. Each one's bytes are also in the fuzz target's seed corpus.
#include <catch2/catch.hpp>

#include <string>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/simulation.hpp"

using namespace zab::sim;

namespace {

RunResult runText(const std::string& text, Simulation& sim) {
  ScenarioParse p = parseScenario(text, "fuzz.zab", {});
  REQUIRE(p.scenario);
  sim = makeSimulation(*p.scenario);
  return runScenario(*p.scenario, sim, RunOptions{});
}

}  // namespace

// fuzz_scenario_run (a hand-made input, UBSan): a huge run on an idle ensemble moved the clock to INT64_MAX; the next event
// (now + latency) overflowed, so the election after it never got going (2,000,000 events at the
// end of time, and UB). The clock now stops at kMaxVirtualTimeMs and the ensemble works on.
TEST_CASE("fuzz regression: a huge run before start leaves a clock the ensemble can still run on") {
  for (const char* huge : {"run 9223372036854775807\n", "run until=leader max=9223372036854775807\n"}) {
    INFO(huge);
    Simulation sim;
    RunResult r = runText(std::string("ensemble participants=3\n") + huge + "start 1 2 3\nrun until=leader\n", sim);
    CHECK(r.failures.empty());
    CHECK(sim.now() >= kMaxVirtualTimeMs);
    CHECK(sim.now() < kMaxVirtualTimeMs + 60000);
    CHECK(sim.leader().has_value());
  }
}

// Numbers the parser passed on unchecked and the engine then overflowed on: a history epoch whose
// successor leaves a zxid's 32 bits (Leader::getEpochToPropose adds 1), and a workload for= past
// the end of the clock (Simulation::setWorkload adds it to now). Both are file:line errors now.
TEST_CASE("fuzz regression: history epochs and workload durations have a range") {
  auto errorOf = [](const std::string& line) {
    ScenarioParse p = parseScenario("ensemble participants=3\n" + line + "\n", "f.zab", {});
    return p.errors.empty() ? std::string() : p.errors.front().str();
  };
  CHECK(errorOf("history 1 epoch=9223372036854775807 zxid=5:3") ==
        "f.zab:2: epoch= must be 0..4294967294, got 9223372036854775807");
  CHECK(errorOf("history 1 epoch=5 accepted=-1 zxid=5:3") == "f.zab:2: accepted= must be 0..4294967294, got -1");
  CHECK(errorOf("history 1 epoch=4294967294 zxid=5:3").empty());
  CHECK(errorOf("workload writes=1 for=9223372036854775807") ==
        "f.zab:2: for= must be 0..1000000000000000, got 9223372036854775807");
  CHECK(errorOf("workload writes=1 for=5000").empty());
}
