// The comparison of the engine's run with a real ensemble's logs (ui/comparison.hpp): the shared
// time axis (compare_axis.hpp), the failover rule both runs are aligned on (lane_timeline.hpp),
// and the whole model on tests/real/kill-leader-restart.zab with the logs `zabsim real` kept of
// it (tests/real-logs/kill-leader-restart).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "comparison.hpp"
#include "compare_axis.hpp"
#include "lane_timeline.hpp"
#include "sim/scenario.hpp"

using namespace zabscope;
using zab::ServerState;

namespace {

std::string src() { return std::string(ZABSCOPE_SOURCE_DIR); }

zab::sim::Scenario loadScenario(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = zab::sim::parseScenario(text.str(), path, {});
  REQUIRE(parsed.scenario);
  return *parsed.scenario;
}

LaneState st(std::int64_t t, zab::Sid sid, bool alive, std::optional<ServerState> s, std::optional<std::int64_t> epoch = {}) {
  LaneState x;
  x.timeMs = t;
  x.sid = sid;
  x.alive = alive;
  x.state = s;
  x.currentEpoch = epoch;
  return x;
}

}  // namespace

TEST_CASE("comparison axis: screen x and shared time map both ways", "[comparison]") {
  AxisWindow w{-100, 400};
  CHECK(w.xOf(-100, 50, 450) == Approx(50));
  CHECK(w.xOf(300, 50, 450) == Approx(450));
  CHECK(w.xOf(100, 50, 450) == Approx(250));
  for (double t : {-100.0, -3.0, 0.0, 17.0, 299.0}) CHECK(w.timeAt(w.xOf(t, 50, 450), 50, 450) == Approx(t).margin(1e-6));
  CHECK(w.timeAt(10, 10, 10) == Approx(-100));  // no width: the left edge, not a division by zero
}

TEST_CASE("comparison axis: zoom keeps the point under it, and never below the minimum span", "[comparison]") {
  AxisWindow w{0, 1000};
  const float before = w.xOf(250, 0, 800);
  w.zoom(0.5, 250);
  CHECK(w.spanMs == Approx(500));
  CHECK(w.xOf(250, 0, 800) == Approx(before));
  for (int i = 0; i < 40; ++i) w.zoom(0.5, 250);
  CHECK(w.spanMs == Approx(kMinSpanMs));
  w.zoom(4, 250);
  CHECK(w.spanMs == Approx(kMinSpanMs * 4));
}

TEST_CASE("comparison axis: keepVisible moves the window the least", "[comparison]") {
  AxisWindow w{0, 1000};
  w.keepVisible(500);
  CHECK(w.startMs == 0);  // already inside the margins: no move
  w.keepVisible(1500);
  CHECK(w.endMs() == Approx(1600));  // just far enough: 10% margin on the right
  w.keepVisible(-200);
  CHECK(w.startMs == Approx(-300));
}

TEST_CASE("comparison axis: ticks are 1, 2 or 5 times a power of ten, at least the gap apart", "[comparison]") {
  CHECK(tickStepMs(1000, 1000, 50) == 50);
  CHECK(tickStepMs(1000, 1000, 60) == 100);
  CHECK(tickStepMs(1000, 1000, 150) == 200);
  CHECK(tickStepMs(10000, 800, 80) == 1000);
  CHECK(tickStepMs(30, 1000, 10) == 1);  // never below 1 ms
  CHECK(tickStepMs(1000, 0, 50) > 0);
}

TEST_CASE("comparison axis: own and shared time, and the first window shows both failovers", "[comparison]") {
  CHECK(toShared(3114, 3114) == 0);
  CHECK(toShared(3000, 3114) == -114);
  CHECK(toOwn(-114, 3114) == 3000);
  const AxisWindow w = failoverWindow(214.0, 255.0, -3114, 2000);
  CHECK(w.startMs < 0);  // a little before the failover
  CHECK(w.endMs() > 255);  // the later new leader inside, with room after it
  CHECK(w.xOf(255, 0, 1) < 0.8f);
  const AxisWindow whole = failoverWindow(std::nullopt, std::nullopt, 0, 5000);
  CHECK(whole.startMs <= 0);
  CHECK(whole.endMs() >= 5000);
}

TEST_CASE("failover start: a server that had a leader goes LOOKING, start-up elections do not count", "[comparison]") {
  LaneTimeline t;
  t.servers = {1, 2, 3};
  t.states = {st(0, 1, true, ServerState::LOOKING), st(0, 2, true, ServerState::LOOKING),
              st(200, 1, true, ServerState::FOLLOWING), st(200, 2, true, ServerState::LEADING, 1),
              st(500, 3, true, std::nullopt), st(510, 3, true, ServerState::LOOKING),  // S3 starts late: no failover
              st(520, 3, true, ServerState::FOLLOWING),
              st(900, 2, false, std::nullopt),                                          // the leader is killed
              st(903, 3, true, ServerState::LOOKING), st(905, 1, true, ServerState::LOOKING),
              st(1100, 3, true, ServerState::LEADING, 1), st(1100, 1, true, ServerState::FOLLOWING),
              st(1180, 3, true, ServerState::LEADING, 2)};
  t.endMs = 1200;
  REQUIRE(failoverStart(t));
  CHECK(*failoverStart(t) == 903);
  auto l = firstLeaderAfter(t, 903);
  REQUIRE(l);
  CHECK(l->sid == 3);
  CHECK(l->atMs == 1100);
  CHECK(l->epoch == 2);  // the epoch it establishes, not the one it had when elected
  CHECK(t.leaderAt(800) == 2);
  CHECK_FALSE(t.leaderAt(1000));
  CHECK(t.leaderAt(1150) == 3);
  CHECK(t.stateAt(2, 950)->alive == false);
  CHECK_FALSE(t.stateAt(3, 100));  // not started yet
  // A follower that drops out while its leader goes on leading is no failover.
  LaneTimeline blip = t;
  blip.states.insert(blip.states.begin() + 7, {st(600, 3, true, ServerState::LOOKING), st(650, 3, true, ServerState::FOLLOWING)});
  std::stable_sort(blip.states.begin(), blip.states.end(), [](const LaneState& a, const LaneState& b) { return a.timeMs < b.timeMs; });
  REQUIRE(failoverStart(blip));
  CHECK(*failoverStart(blip) == 903);
  // No failover at all: nothing to align on.
  LaneTimeline calm;
  calm.states = {st(0, 1, true, ServerState::LOOKING), st(200, 1, true, ServerState::LEADING)};
  CHECK_FALSE(failoverStart(calm));
}

TEST_CASE("comparison: kill-leader-restart on the engine and on real ZooKeeper 3.8, aligned at the failover",
          "[comparison]") {
  const auto scenario = loadScenario(src() + "/tests/real/kill-leader-restart.zab");
  std::vector<std::string> errors;
  auto c = Comparison::open(scenario, {src() + "/tests/real-logs/kill-leader-restart"}, errors);
  INFO((errors.empty() ? std::string() : errors.front()));
  REQUIRE(c);
  CHECK(c->logs().paths().size() == 3);
  CHECK(c->servers() == std::vector<zab::Sid>{1, 2, 3});
  REQUIRE(c->failoverAligned());
  // The engine kills S2 at 394 ms of its run; the logs show S1 leaving S2 about 3.1 s in.
  CHECK(c->anchor(Comparison::Side::Engine) >= 394);
  CHECK(c->anchor(Comparison::Side::Engine) < 420);
  CHECK(c->anchor(Comparison::Side::Real) > 3000);
  CHECK(c->anchor(Comparison::Side::Real) < 3200);
  // At shared 0 a server of each run has just gone LOOKING; the leader is gone in both.
  c->jumpToMs(0);
  CHECK_FALSE(c->leaderAt(Comparison::Side::Engine));
  CHECK_FALSE(c->leaderAt(Comparison::Side::Real));
  // The same failover twice: S3 wins epoch 2 in both, in a few hundred ms.
  for (auto side : {Comparison::Side::Engine, Comparison::Side::Real}) {
    REQUIRE(c->newLeader(side));
    CHECK(c->newLeader(side)->sid == 3);
    CHECK(c->newLeader(side)->epoch == 2);
    REQUIRE(c->electionMs(side));
    CHECK(*c->electionMs(side) > 100);
    CHECK(*c->electionMs(side) < 500);
  }
  CHECK(c->failoverSummary().find("new leader S3 / S3; epoch 2 / 2") != std::string::npos);
  CHECK(c->alignmentCaption().find("failover begins") != std::string::npos);
  // The window first shown holds 0 and both new leaders; the cursor starts where both have one.
  CHECK(c->window.startMs < 0);
  CHECK(c->window.endMs() > static_cast<double>(std::max(*c->electionMs(Comparison::Side::Engine), *c->electionMs(Comparison::Side::Real))));
  c->jumpToMs(std::max(*c->electionMs(Comparison::Side::Engine), *c->electionMs(Comparison::Side::Real)));
  CHECK(c->leaderAt(Comparison::Side::Engine) == 3);
  CHECK(c->leaderAt(Comparison::Side::Real) == 3);
  // Stepping visits every instant of both runs in order, and back.
  c->jumpToMs(c->firstMs());
  std::int64_t prev = c->cursorMs();
  std::size_t steps = 0;
  while (c->stepForward()) {
    CHECK(c->cursorMs() > prev);
    prev = c->cursorMs();
    ++steps;
  }
  CHECK(steps + 1 == c->stepCount());
  CHECK(c->cursorMs() == c->lastMs());
  CHECK(c->stepBack());
  CHECK(c->cursorMs() < c->lastMs());
  // The outcomes: what the logs show agrees; znodes and committed writes are not in the logs.
  CHECK(c->differences().empty());
  bool sawUnknown = false;
  for (const auto& r : c->rows()) {
    const auto v = c->verdict(r);
    CHECK(v != Comparison::Verdict::Differs);
    sawUnknown = sawUnknown || v == Comparison::Verdict::Unknown;
  }
  CHECK(sawUnknown);
  // Aligned at the beginning instead: 0 is each run's start, and the real run's failover comes later.
  c->setAlign(Comparison::Align::Start);
  CHECK(c->anchor(Comparison::Side::Engine) == 0);
  CHECK(c->anchor(Comparison::Side::Real) == 0);
  CHECK_FALSE(c->failoverAligned());
  CHECK(c->alignmentCaption().find("beginning") != std::string::npos);
  CHECK(c->cursorMs() == c->lastMs());
}

TEST_CASE("comparison: a row's verdict, and an unexpected difference is one", "[comparison]") {
  const auto scenario = loadScenario(src() + "/tests/real/kill-leader-restart.zab");
  std::vector<std::string> errors;
  auto c = Comparison::open(scenario, {src() + "/tests/real-logs/kill-leader-restart"}, errors);
  REQUIRE(c);
  CHECK(c->verdict({"S1 znodes", "6", "-", true}) == Comparison::Verdict::Unknown);
  CHECK(c->verdict({"leader", "3", "3", false}) == Comparison::Verdict::Same);
  // A differing row no difference explains (here none was found) reads as a difference.
  CHECK(c->verdict({"epoch", "2", "3", true}) == Comparison::Verdict::Differs);
}

TEST_CASE("comparison: the logs of a run kept by zabsim real, or a folder of *.log", "[comparison]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "zabscope-test-compare-kept";
  fs::remove_all(dir);
  for (int sid : {1, 2, 3}) {
    fs::create_directories(dir / ("s" + std::to_string(sid)) / "data");
    std::ofstream(dir / ("s" + std::to_string(sid)) / "zookeeper.log") << "\n";
  }
  fs::create_directories(dir / "scratch");  // not a server's folder
  const auto specs = Comparison::logSpecsIn(dir.string());
  REQUIRE(specs.size() == 3);
  CHECK(specs[0] == "1=" + (dir / "s1" / "zookeeper.log").string());
  CHECK(specs[2] == "3=" + (dir / "s3" / "zookeeper.log").string());
  // Picking one server's log in the app takes the whole run.
  CHECK(Comparison::logArgsForPicked((dir / "s2" / "zookeeper.log").string()) == std::vector<std::string>{dir.string()});
  const std::string fixture = src() + "/tests/real-logs/kill-leader-restart";
  CHECK(Comparison::logArgsForPicked(fixture + "/server2.log") == std::vector<std::string>{fixture});
  CHECK(Comparison::logSpecsIn(fixture).size() == 3);
  CHECK(Comparison::logSpecsIn(fixture + "/server1.log") == std::vector<std::string>{fixture + "/server1.log"});
  // Nothing to compare with: a clear error, no comparison.
  std::vector<std::string> errors;
  CHECK_FALSE(Comparison::open(zab::sim::Scenario{}, {(dir / "scratch").string()}, errors));
  REQUIRE_FALSE(errors.empty());
  CHECK(errors.front().find("no server logs") != std::string::npos);
  fs::remove_all(dir);
}
