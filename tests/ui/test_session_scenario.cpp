// A session saved as a scenario replays to the same state: in the GUI's model (Session) and
// headless (the scenario runner, as zabsim runs it). Manual deliveries, drops, duplicates, a
// timer fired by hand, commands, steps and clock advances all survive the round trip.
#include <catch2/catch.hpp>

#include <algorithm>

#include "load_session.hpp"
#include "session.hpp"
#include "session_scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/state_json.hpp"

using namespace zabscope;
using namespace zab::sim;

namespace {

using test::load;

// What "the same state" means: the JSON state (peers, epochs, zxids, digests, invariants), the
// clock, the step count, and every pending event with its time and number.
std::string fingerprint(const Simulation& sim) {
  std::string out = stateToJson(sim).dump();
  out += " t=" + std::to_string(sim.now()) + " steps=" + std::to_string(sim.stepCount());
  for (const auto& p : sim.pending())
    out += " " + std::to_string(p.id) + "@" + std::to_string(p.timeMs) + ":" + p.label;
  return out;
}

std::optional<PendingEvent> firstPending(const Session& s, bool message, std::size_t skip = 0) {
  for (const auto& p : s.sim().pending())
    if (p.isMessage() == message && skip-- == 0) return p;
  return std::nullopt;
}

void requireReplays(const Session& s) {
  const std::string text = sessionToScenario(s, s.cursor(), "test");
  INFO(text);
  Session again = load(text);
  CHECK(fingerprint(again.sim()) == fingerprint(s.sim()));

  ScenarioParse parsed = parseScenario(text, "saved.zab", {});
  REQUIRE(parsed.scenario);
  Simulation sim = makeSimulation(*parsed.scenario, std::nullopt);
  RunResult result = runScenario(*parsed.scenario, sim, RunOptions{});
  for (const auto& f : result.failures) INFO(f.str());
  CHECK(fingerprint(sim) == fingerprint(s.sim()));
}

}  // namespace

TEST_CASE("ui save: a session with manual deliveries - drops - a duplicate - a fired timer and commands replays") {
  Session s = load("ensemble participants=5 finalizeWait=50\nseed 7\nlatency 3..9\nstart 1 2 3\nrun 20\n");
  for (int i = 0; i < 5; ++i) s.stepForward();
  // By hand: deliver the second message ahead of its turn, drop one, duplicate one.
  auto second = firstPending(s, true, 1);
  REQUIRE(second);
  REQUIRE(s.deliver(second->id));
  auto drop = firstPending(s, true, 2);
  REQUIRE(drop);
  REQUIRE(s.drop(drop->id));
  auto dup = firstPending(s, true);
  REQUIRE(dup);
  REQUIRE(s.duplicate(dup->id));
  // A timer fired early (the Pending tab's Fire).
  auto timer = firstPending(s, false);
  REQUIRE(timer);
  REQUIRE(s.deliver(timer->id));
  std::string error;
  REQUIRE(s.command("start 4 5", error));
  for (int i = 0; i < 40; ++i) s.stepForward();
  REQUIRE(s.command("kill leader", error));
  // A clock advance with an event due sooner stops at that event (`wait`), one with none
  // before it is a plain `run`.
  auto next = s.sim().nextEventTime();
  REQUIRE(next);
  s.advanceClockTo(*next + 50);
  for (int i = 0; i < 300; ++i) s.stepForward();
  REQUIRE(s.command("write 1 /a hello world", error));
  for (int i = 0; i < 200; ++i) s.stepForward();
  requireReplays(s);

  const std::string text = sessionToScenario(s, s.cursor(), "test");
  CHECK(text.find("deliver from=") != std::string::npos);
  CHECK(text.find("drop from=") != std::string::npos);
  CHECK(text.find("duplicate from=") != std::string::npos);
  CHECK(text.find("deliver id=") != std::string::npos);
  CHECK(text.find("wait ") != std::string::npos);
}

TEST_CASE("ui save: only the timeline up to the cursor is saved") {
  Session s = load("ensemble participants=3\nseed 5\nlatency 2..6\nstart 1 2 3\nrun until=stable\n");
  const std::size_t end = s.cursor();
  REQUIRE(end > 20);
  s.jumpTo(end / 2);
  requireReplays(s);
}

TEST_CASE("ui save: a --seed override and a run that gave up survive") {
  std::vector<std::string> errors;
  auto s = Session::fromScenario("ensemble participants=3\nlatency 2..6\nstart 1\nrun until=leader max=700\nrun 33\n",
                                 "t.zab", {}, std::uint64_t{99}, errors);
  REQUIRE(s);
  CHECK(sessionToScenario(*s, s->cursor(), "t").find("seed 99\n") != std::string::npos);
  requireReplays(*s);
}
