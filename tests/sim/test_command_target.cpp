// Commands aimed at a server that does not run (kill, crash, pause, relook) or is not in the
// ensemble (restart, wipe, history) do nothing and say which it is (Simulation::commandTarget).
#include <catch2/catch.hpp>

#include <string>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"

using namespace zab;
using namespace zab::sim;

namespace {
bool says(const StepRecord& rec, const std::string& text) {
  INFO(rec.explanation());
  return rec.explanation().find(text) != std::string::npos;
}
}  // namespace

TEST_CASE("commands: a server that is not running or not there is named and nothing happens", "[sim]") {
  EnsembleSpec spec;
  spec.qv = QuorumVerifier::majority(syntheticServers(3, 0));
  spec.seed = 7;
  Simulation sim(spec);
  sim.start({1});
  CHECK(says(sim.kill(2), "S2 is not running"));
  CHECK(says(sim.crash(9), "S9 is not running"));
  CHECK(says(sim.pause(3, 100), "S3 is not running"));
  CHECK(says(sim.relook(2), "S2 is not running"));
  CHECK(says(sim.restart(9), "S9 is not in the ensemble"));
  CHECK(says(sim.wipeDisk(9), "S9 is not in the ensemble"));
  CHECK(says(sim.setHistory(9, 1, 1, 0), "S9 is not in the ensemble"));
  CHECK_FALSE(sim.slot(2)->alive);
  // A running server is a target: kill acts on it.
  CHECK(sim.slot(1)->alive);
  CHECK(says(sim.kill(1), "S1 process killed"));
  CHECK_FALSE(sim.slot(1)->alive);
  CHECK(says(sim.kill(1), "S1 is not running"));
  // restart needs only membership: a stopped server starts again.
  sim.restart(1);
  CHECK(sim.slot(1)->alive);
}
