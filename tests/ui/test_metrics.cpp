// The Graphs panel's headless model: series scanned from the timeline and sampled from the
// live simulation, kept consistent when the user goes back, forks or switches branches.
#include <catch2/catch.hpp>

#include <numeric>

#include "metrics.hpp"
#include "session.hpp"
#include "zab/zxid.hpp"

using namespace zabscope;

namespace {
Session load(const std::string& text) {
  std::vector<std::string> errors;
  auto s = Session::fromScenario(text, "test.zab", {}, std::nullopt, errors);
  REQUIRE(errors.empty());
  REQUIRE(s.has_value());
  return std::move(*s);
}

// Like the GUI playing: every event, and an update after each (a frame per event).
void play(Session& s, Metrics& m, std::int64_t ms) {
  std::int64_t until = s.sim().now() + ms;
  m.update(s);
  while (true) {
    auto next = s.sim().nextEventTime();
    if (!next || *next > until) break;
    REQUIRE(s.stepForward());
    m.update(s);
  }
  s.advanceClockTo(until);
  m.update(s);
}

std::int64_t total(const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), std::int64_t{0}); }

std::int64_t familyTotal(const Metrics& m, zab::Family f) {
  std::int64_t n = 0;
  for (const auto& b : m.messagesPerSecond()) n += b[familyIndex(f)];
  return n;
}

// The scanned series of `m` equal those of a Metrics built in one go at the same cursor.
void requireSameAsFresh(const Metrics& m, const Session& s) {
  Metrics fresh;
  fresh.update(s);
  CHECK(m.scanned() == s.cursor());
  CHECK(m.messagesPerSecond() == fresh.messagesPerSecond());
  CHECK(m.retransmitsPerSecond() == fresh.retransmitsPerSecond());
  REQUIRE(m.elections().size() == fresh.elections().size());
  for (std::size_t i = 0; i < m.elections().size(); ++i) {
    CHECK(m.elections()[i].sid == fresh.elections()[i].sid);
    CHECK(m.elections()[i].startMs == fresh.elections()[i].startMs);
    CHECK(m.elections()[i].endMs == fresh.elections()[i].endMs);
  }
  CHECK(m.openElections() == fresh.openElections());
  CHECK(m.committedWritesPerSecond() == fresh.committedWritesPerSecond());
  CHECK(m.failedOps() == fresh.failedOps());
  REQUIRE(m.commits().size() == fresh.commits().size());
  for (std::size_t i = 0; i < m.commits().size(); ++i) {
    CHECK(m.commits()[i].answeredMs == fresh.commits()[i].answeredMs);
    CHECK(m.commits()[i].latencyMs == fresh.commits()[i].latencyMs);
    CHECK(m.commits()[i].server == fresh.commits()[i].server);
    CHECK(m.commits()[i].opId == fresh.commits()[i].opId);
  }
}

const char* kThree = "ensemble participants=3\nseed 1\nlatency 2..6\nstart 1 2 3\n";
const char* kWorkload = "ensemble participants=3\nseed 1\nlatency 2..6\nstart 1 2 3\nworkload writes=20 reads=20\n";
}  // namespace

TEST_CASE("ui metrics: a 3-node start elects in about finalizeWait - and S3 leads epoch 1") {
  Session s = load(kThree);
  Metrics m;
  m.update(s);
  // After `start`, all three are LOOKING: three elections are open, none has ended.
  CHECK(m.openElections().size() == 3);
  CHECK(m.elections().empty());
  play(s, m, 1000);
  REQUIRE(s.sim().leader() == zab::Sid{3});

  REQUIRE(m.elections().size() == 3);
  CHECK(m.openElections().empty());
  for (const auto& e : m.elections()) {
    INFO("S" << e.sid << " " << e.startMs << " .. " << e.endMs);
    CHECK(e.startMs == 0);
    CHECK(e.durationMs() >= 200);  // finalizeWait
    CHECK(e.durationMs() < 300);
    CHECK(e.round == 1);
    CHECK(e.outcome == (e.sid == 3 ? "LEADING" : "FOLLOWING"));
  }

  // Election notifications go first, and the election family is counted in second 0.
  REQUIRE_FALSE(m.messagesPerSecond().empty());
  CHECK(m.messagesPerSecond()[0][familyIndex(zab::Family::Election)] > 0);
  CHECK(familyTotal(m, zab::Family::Discovery) > 0);
  CHECK(familyTotal(m, zab::Family::Sync) > 0);

  // Peer samples: a step function from epoch 0 to epoch 1 for every peer.
  REQUIRE(m.peers().size() == 3);
  for (const auto& [sid, series] : m.peers()) {
    INFO("S" << sid);
    REQUIRE(series.size() >= 2);
    CHECK(series.front().timeMs == 0);
    CHECK(series.front().currentEpoch == 0);
    CHECK(series.back().currentEpoch == 1);
    CHECK(series.back().alive);
    for (std::size_t i = 1; i < series.size(); ++i) CHECK(series[i - 1].timeMs < series[i].timeMs);
  }
  CHECK(Metrics::sampleAt(m.peers().at(3), 999)->state == zab::ServerState::LEADING);
  CHECK(m.nowMs() == 1000);
}

TEST_CASE("ui metrics: a workload gives committed writes per second - commit latency and growing zxids") {
  Session s = load(kWorkload);
  Metrics m;
  play(s, m, 5000);

  CHECK(total(m.committedWritesPerSecond()) > 40);  // ~20/s for ~4.7 s, minus the election
  REQUIRE(m.committedWritesPerSecond().size() >= 4);
  CHECK(m.committedWritesPerSecond()[0] < m.committedWritesPerSecond()[2]);  // second 0 is mostly election
  for (std::size_t k = 1; k < 5 && k < m.committedWritesPerSecond().size(); ++k) CHECK(m.committedWritesPerSecond()[k] > 5);
  REQUIRE_FALSE(m.commits().empty());
  for (const auto& c : m.commits()) {
    CHECK(c.latencyMs > 0);     // a round trip to a quorum plus an fsync
    CHECK(c.latencyMs < 100);   // with 2..6 ms links
  }
  CHECK(familyTotal(m, zab::Family::Broadcast) > 100);  // PROPOSAL, ACK, COMMIT

  // Every peer's zxid grows within epoch 1 and never goes backwards while alive.
  for (const auto& [sid, series] : m.peers()) {
    INFO("S" << sid);
    CHECK(zab::epochOf(series.back().zxid) == 1);
    CHECK(zab::counterOf(series.back().zxid) > 40);
    for (std::size_t i = 1; i < series.size(); ++i) CHECK(series[i - 1].zxid <= series[i].zxid);
  }
  requireSameAsFresh(m, s);
}

TEST_CASE("ui metrics: jumping back rebuilds and drops the future - going on is incremental again") {
  Session s = load(kWorkload);
  Metrics m;
  play(s, m, 3000);
  std::size_t end = s.cursor();
  std::int64_t written = total(m.committedWritesPerSecond());
  CHECK(m.rebuilds() == 0);

  s.jumpTo(end / 3);
  m.update(s);
  CHECK(m.rebuilds() == 1);
  CHECK(m.scanned() == end / 3);
  CHECK(total(m.committedWritesPerSecond()) < written);
  for (const auto& [sid, series] : m.peers())
    for (const auto& p : series) CHECK(p.timeMs <= s.sim().now());
  requireSameAsFresh(m, s);

  // Forward again, one step at a time: no further rebuilds, and the same series as before.
  while (s.cursor() < end) {
    s.stepForward();
    m.update(s);
  }
  CHECK(m.rebuilds() == 1);
  CHECK(total(m.committedWritesPerSecond()) == written);
  requireSameAsFresh(m, s);

  // Stepping back takes the answered operations out one step at a time.
  for (int i = 0; i < 40; ++i) {
    s.stepBack();
    m.update(s);
  }
  requireSameAsFresh(m, s);
  CHECK(total(m.committedWritesPerSecond()) <= written);
  while (s.cursor() < end) {
    s.stepForward();
    m.update(s);
  }
  requireSameAsFresh(m, s);
  CHECK(total(m.committedWritesPerSecond()) == written);
  const std::size_t rebuildsSoFar = m.rebuilds();

  // A jump forward in one go is scanned incrementally too (samples only at its ends).
  s.jumpTo(0);
  m.update(s);
  CHECK(m.scanned() == 0);
  CHECK(m.elections().empty());
  s.jumpTo(end);
  m.update(s);
  CHECK(m.rebuilds() == rebuildsSoFar + 1);
  requireSameAsFresh(m, s);
}

TEST_CASE("ui metrics: a fork and a branch switch are detected - and a killed leader's followers elect again") {
  Session s = load(kWorkload);
  Metrics m;
  play(s, m, 2000);
  REQUIRE(s.sim().leader() == zab::Sid{3});
  std::size_t before = m.elections().size();
  std::size_t end = s.cursor();

  // Back to the middle and kill the leader there: a fork.
  s.jumpTo(end / 2);
  m.update(s);
  std::string error;
  REQUIRE(s.command("kill 3", error));
  play(s, m, 3000);
  REQUIRE(s.branches().size() == 1);
  requireSameAsFresh(m, s);
  CHECK_FALSE(m.peers().at(3).back().alive);
  // S1 and S2 left FOLLOWING and elected again: two more elections, a few hundred ms each.
  CHECK(m.elections().size() == before + 2);
  for (std::size_t i = before; i < m.elections().size(); ++i) {
    const auto& e = m.elections()[i];
    INFO("S" << e.sid);
    CHECK(e.sid != 3);
    CHECK(e.durationMs() >= 200);
    CHECK(e.round == 2);
  }
  CHECK(m.openElections().empty());
  std::int64_t forkNow = s.sim().now();

  // Back to the line where S3 lives: the samples of the killed future are gone.
  s.switchBranch(0);
  m.update(s);
  requireSameAsFresh(m, s);
  CHECK(m.elections().size() == before);
  CHECK(m.peers().at(3).back().alive);
  CHECK(m.nowMs() < forkNow);
  for (const auto& p : m.peers().at(3)) CHECK(p.alive);
}
