// The Graphs panel's headless model: series made from the timeline (records, milestones, peer
// changes) and the answered client operations, cut at the cursor, kept consistent when the
// user goes back, forks or switches branches.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "load_session.hpp"
#include "metrics.hpp"
#include "session.hpp"
#include "zab/zxid.hpp"

using namespace zabscope;

namespace {
using test::load;

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
  CHECK(m.cursor() == s.cursor());
  CHECK(m.scanned() == s.length());
  CHECK(m.messagesPerSecond() == fresh.messagesPerSecond());
  for (std::size_t k = 0; k <= m.messagesPerSecond().size(); ++k) {
    CHECK(m.messagesIn(k) == fresh.messagesIn(k));
    CHECK(m.retransmitsIn(k) == fresh.retransmitsIn(k));
  }
  CHECK(m.retransmitsPerSecond() == fresh.retransmitsPerSecond());
  REQUIRE(m.elections().size() == fresh.elections().size());
  for (std::size_t i = 0; i < m.elections().size(); ++i) {
    CHECK(m.elections()[i].sid == fresh.elections()[i].sid);
    CHECK(m.elections()[i].startMs == fresh.elections()[i].startMs);
    CHECK(m.elections()[i].endMs == fresh.elections()[i].endMs);
  }
  CHECK(m.openElections() == fresh.openElections());
  CHECK(m.committedWritesPerSecond() == fresh.committedWritesPerSecond());
  CHECK(m.latencyPerSecond() == fresh.latencyPerSecond());
  CHECK(m.failedOps() == fresh.failedOps());
  REQUIRE(m.peers().size() == fresh.peers().size());
  for (const auto& [sid, all] : fresh.peers()) {
    INFO("S" << sid);
    const auto a = m.peerSamples(sid), b = fresh.peerSamples(sid);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].timeMs == b[i].timeMs);
      CHECK(a[i].entry == b[i].entry);
      CHECK(a[i].sameValues(b[i]));
    }
  }
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
  for (const auto& [sid, all] : m.peers()) {
    INFO("S" << sid);
    const auto series = m.peerSamples(sid);
    REQUIRE(series.size() >= 2);
    CHECK(series.front().timeMs == 0);
    CHECK(series.front().currentEpoch == 0);
    CHECK(series.back().currentEpoch == 1);
    CHECK(series.back().alive);
    // One sample per change, at event granularity: several can share a millisecond.
    for (std::size_t i = 1; i < series.size(); ++i) {
      CHECK(series[i - 1].timeMs <= series[i].timeMs);
      CHECK(series[i - 1].entry < series[i].entry);
      CHECK_FALSE(series[i - 1].sameValues(series[i]));
    }
  }
  CHECK(m.peerAt(3, 999)->state == zab::ServerState::LEADING);
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
  // The per-second latency summary counts every commit, with its range.
  std::int64_t summarised = 0;
  for (std::size_t k = 0; k < m.latencyPerSecond().size(); ++k) {
    const auto& sec = m.latencyPerSecond()[k];
    summarised += sec.count;
    CHECK(sec.count == (k < m.committedWritesPerSecond().size() ? m.committedWritesPerSecond()[k] : 0));
    if (sec.count > 0) CHECK(sec.minMs <= sec.maxMs);
  }
  CHECK(summarised == static_cast<std::int64_t>(m.commits().size()));

  // Every peer's zxid grows within epoch 1 and never goes backwards while alive.
  for (const auto& [sid, all] : m.peers()) {
    INFO("S" << sid);
    const auto series = m.peerSamples(sid);
    CHECK(zab::epochOf(series.back().zxid) == 1);
    CHECK(zab::counterOf(series.back().zxid) > 40);
    for (std::size_t i = 1; i < series.size(); ++i) CHECK(series[i - 1].zxid <= series[i].zxid);
  }
  requireSameAsFresh(m, s);
}

TEST_CASE("ui metrics: jumping back hides the future without a rescan - going on is incremental again") {
  Session s = load(kWorkload);
  Metrics m;
  play(s, m, 3000);
  std::size_t end = s.cursor();
  std::int64_t written = total(m.committedWritesPerSecond());
  CHECK(m.rebuilds() == 0);

  s.jumpTo(end / 3);
  m.update(s);
  CHECK(m.rebuilds() == 0);  // the same timeline: cut at the cursor, not scanned again
  CHECK(m.cursor() == end / 3);
  CHECK(m.scanned() == end);
  CHECK(total(m.committedWritesPerSecond()) < written);
  for (const auto& [sid, all] : m.peers())
    for (const auto& p : m.peerSamples(sid)) CHECK(p.timeMs <= s.sim().now());
  requireSameAsFresh(m, s);

  // Forward again, one step at a time: no further rebuilds, and the same series as before.
  while (s.cursor() < end) {
    s.stepForward();
    m.update(s);
  }
  CHECK(m.rebuilds() == 0);
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
  CHECK(m.cursor() == 0);
  CHECK(m.elections().empty());
  s.jumpTo(end);
  m.update(s);
  CHECK(m.rebuilds() == rebuildsSoFar);
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
  CHECK_FALSE(m.peerSamples(3).back().alive);
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
  CHECK(m.peerSamples(3).back().alive);
  CHECK(m.nowMs() < forkNow);
  // From its start on (the first entries set the ensemble up), S3 is never down on this line.
  const auto s3 = m.peerSamples(3);
  auto started = std::find_if(s3.begin(), s3.end(), [](const PeerSample& p) { return p.alive; });
  REQUIRE(started != s3.end());
  CHECK(started->timeMs == 0);
  for (auto it = started; it != s3.end(); ++it) CHECK(it->alive);
}

namespace {
// Three servers elect S3, then five writes a while apart, each committed on its own.
const char* kFiveWrites =
    "ensemble participants=3\nseed 1\nlatency 2..6\nstart 1 2 3\nrun 1000\n"
    "write 3 /a 1\nrun 40\nwrite 3 /a 2\nrun 40\nwrite 3 /a 3\nrun 3\nwrite 3 /a 4\nrun 40\nwrite 3 /a 5\nrun 40\n";

// The (time, zxid) steps of `sid`'s series within epoch `epoch`, counters above 0.
std::vector<std::pair<std::int64_t, zab::Zxid>> writeSteps(const Metrics& m, zab::Sid sid, zab::Epoch epoch) {
  std::vector<std::pair<std::int64_t, zab::Zxid>> out;
  for (const auto& p : m.peerSamples(sid))
    if (zab::epochOf(p.zxid) == epoch && zab::counterOf(p.zxid) > 0 && (out.empty() || out.back().second != p.zxid))
      out.emplace_back(p.timeMs, p.zxid);
  return out;
}
}  // namespace

TEST_CASE("ui metrics: every write is its own step of the zxid series - at its commit time, shown or not") {
  Session s = load(kFiveWrites);  // the scenario ran before any Metrics looked: a graph opened late
  REQUIRE(s.sim().leader() == zab::Sid{3});
  Metrics late;
  late.update(s);
  const auto steps = writeSteps(late, 3, 1);
  REQUIRE(steps.size() == 5);
  REQUIRE(late.commits().size() == 5);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    INFO("write " << i + 1);
    CHECK(zab::counterOf(steps[i].second) == static_cast<std::int64_t>(i + 1));
    CHECK(steps[i].first == late.commits()[i].answeredMs);  // the leader applies it and answers in one step
  }
  // Writes 3 and 4 are 3 ms apart: two steps, not one per second (or per frame).
  CHECK(steps[3].first - steps[2].first < 40);
  // The followers apply each write too, a little later, one step each.
  for (zab::Sid f : {1, 2}) {
    const auto fs = writeSteps(late, f, 1);
    REQUIRE(fs.size() == 5);
    for (std::size_t i = 0; i < fs.size(); ++i) CHECK(fs[i].first >= steps[i].first);
  }

  // The same series when the graph watched every step from the start.
  Session again = load(kThree);
  Metrics watched;
  for (const char* line : {"run 1000", "write 3 /a 1", "run 40", "write 3 /a 2", "run 40", "write 3 /a 3", "run 3",
                           "write 3 /a 4", "run 40", "write 3 /a 5", "run 40"}) {
    std::string error;
    REQUIRE(again.scriptLine(line, error));
    watched.update(again);
  }
  CHECK(writeSteps(watched, 3, 1) == steps);
  requireSameAsFresh(watched, again);
}

TEST_CASE("ui metrics: after a jump the series end at the cursor - back and forth gives the same series") {
  Session s = load(kFiveWrites);
  Metrics m;
  m.update(s);
  const std::size_t end = s.cursor();
  const auto allSteps = writeSteps(m, 3, 1);
  REQUIRE(allSteps.size() == 5);

  // Back to the entry that committed the third write at the leader.
  std::size_t third = 0;
  for (const auto& c : s.peerChanges())
    if (c.sid == 3 && c.zxid == allSteps[2].second) third = c.entry;
  REQUIRE(third > 0);
  for (std::size_t k : {third, third + 1}) {
    s.jumpTo(k);
    m.update(s);
    INFO("cursor " << k);
    const std::int64_t now = s.sim().now();
    for (const auto& [sid, all] : m.peers())
      for (const auto& p : m.peerSamples(sid)) {
        CHECK(p.timeMs <= now);
        CHECK(p.entry < k);
      }
    // Entry `third` is the step that commits write 3: not yet in force at the cursor before it.
    CHECK(writeSteps(m, 3, 1).size() == (k == third ? 2u : 3u));
    CHECK(m.peerAt(3, now + 100000)->zxid == (k == third ? allSteps[1].second : allSteps[2].second));
    requireSameAsFresh(m, s);
  }
  // Forward to the end, back to the middle, forward again: the series at each cursor match.
  s.jumpTo(end);
  m.update(s);
  CHECK(writeSteps(m, 3, 1) == allSteps);
  s.jumpTo(end / 2);
  m.update(s);
  requireSameAsFresh(m, s);
  s.jumpTo(end);
  m.update(s);
  CHECK(writeSteps(m, 3, 1) == allSteps);
  requireSameAsFresh(m, s);
  CHECK(m.rebuilds() == 0);
}

// Not run by default (a long session): `zab_ui_tests "[.long]"` prints what an update costs after
// N events and after random jumps, and how many spans a whole-run plot reads. No timed assertion.
TEST_CASE("ui metrics: a long run - what an update and a whole-run plot cost", "[.long]") {
  Session s = load("ensemble participants=5\nseed 3\nlatency 2..8\nstart 1 2 3 4 5\nworkload writes=50 reads=10\n");
  for (int i = 0; i < 300000 && s.stepForward(); ++i) {
  }
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a) { return std::chrono::duration<double, std::milli>(Clock::now() - a).count(); };
  Metrics m;
  auto t0 = Clock::now();
  m.update(s);
  WARN(s.length() << " entries, " << s.peerChanges().size() << " peer changes: first update " << ms(t0) << " ms");
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  double worst = 0, sum = 0;
  for (int k = 0; k < 50; ++k) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    s.jumpTo(static_cast<std::size_t>(x % (s.length() + 1)));
    t0 = Clock::now();
    m.update(s);
    const double d = ms(t0);
    worst = std::max(worst, d);
    sum += d;
  }
  WARN("update after a random jump: mean " << sum / 50 << " ms, worst " << worst << " ms");
  s.jumpTo(s.length());
  m.update(s);
  std::vector<PeerSpan> spans;
  t0 = Clock::now();
  for (const auto& [sid, series] : m.peers())
    series.spans(0, m.nowMs(), static_cast<double>(m.nowMs()) / 1000.0, m.cursor(), spans);
  WARN("whole run at 1000 px: " << spans.size() << " spans for 5 peers in " << ms(t0) << " ms");
  CHECK(spans.size() <= 5 * (4 * 1000 + 64));
}
