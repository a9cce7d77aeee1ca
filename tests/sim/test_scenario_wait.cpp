// `wait MS` and `deliver|drop|duplicate id=N`: the two lines a GUI session saved as a scenario
// needs beyond the rest of the language (docs/scenario-language.md, sections 8 and 9).
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"

using namespace zab::sim;

namespace {
struct Ran {
  Simulation sim;
  RunResult result;
};
Ran run(const std::string& text) {
  ScenarioParse p = parseScenario(text, "t.zab", {});
  INFO((p.errors.empty() ? std::string() : p.errors.front().str()));
  REQUIRE(p.scenario);
  Ran r{makeSimulation(*p.scenario, std::nullopt), {}};
  r.result = runScenario(*p.scenario, r.sim, RunOptions{});
  return r;
}
std::string firstError(const std::string& text) {
  ScenarioParse p = parseScenario(text, "t.zab", {});
  return p.errors.empty() ? std::string() : p.errors.front().str();
}
}  // namespace

TEST_CASE("sim wait: moves the clock without performing events - and stops at the next one") {
  Ran idle = run("ensemble participants=3\nwait 250\n");
  CHECK(idle.sim.now() == 250);
  Ran busy = run("ensemble participants=3\nlatency 10\nstart 1 2 3\nwait 1000\n");
  const std::uint64_t steps = busy.sim.stepCount();
  REQUIRE(busy.sim.nextEventTime());
  CHECK(busy.sim.now() == *busy.sim.nextEventTime());  // stopped there, did not perform it
  CHECK(busy.sim.now() < 1000);
  Ran started = run("ensemble participants=3\nlatency 10\nstart 1 2 3\n");
  CHECK(started.sim.stepCount() == steps);
}

TEST_CASE("sim wait: errors name the line") {
  CHECK(firstError("ensemble participants=3\nwait\n") == "t.zab:2: expected 'wait MS' with MS >= 0");
  CHECK(firstError("ensemble participants=3\nwait -1\n") == "t.zab:2: expected 'wait MS' with MS >= 0");
  CHECK(firstError("ensemble participants=3\nwait 5 max=3\n").find("t.zab:2:") == 0);
}

TEST_CASE("sim deliver id=: fires a timer by its number - an unknown number fails with its line") {
  // S1 alone: its only pending events are timers.
  ScenarioParse p = parseScenario("ensemble participants=3\nstart 1\n", "t.zab", {});
  REQUIRE(p.scenario);
  Simulation sim = makeSimulation(*p.scenario, std::nullopt);
  runScenario(*p.scenario, sim, RunOptions{});
  auto pending = sim.pending();
  auto timer = std::find_if(pending.begin(), pending.end(), [](const PendingEvent& e) { return !e.isMessage(); });
  REQUIRE(timer != pending.end());
  Ran fired = run("ensemble participants=3\nstart 1\ndeliver id=" + std::to_string(timer->id) + "\n");
  CHECK(fired.result.failures.empty());
  CHECK(fired.sim.stepCount() == sim.stepCount() + 1);
  Ran missing = run("ensemble participants=3\nstart 1\ndrop id=999999\n");
  REQUIRE(missing.result.failures.size() == 1);
  CHECK(missing.result.failures[0].str() == "t.zab:3: drop id=999999: no such pending event");
  CHECK(firstError("ensemble participants=3\ndeliver id=0\n") == "t.zab:2: expected 'deliver id=N' alone, with N >= 1");
  CHECK(firstError("ensemble participants=3\ndeliver id=3 from=1\n") ==
        "t.zab:2: expected 'deliver id=N' alone, with N >= 1");
}
