// The txn-log grid's model: which zxids become columns, each server's cells (committed or
// not), epoch boundaries, and what DIFF, TRUNC and SNAP do to a row. Headless.
#include <catch2/catch.hpp>

#include <sstream>

#include "load_session.hpp"
#include "log_grid_model.hpp"
#include "session.hpp"
#include "zab/zxid.hpp"

using namespace zabscope;
using zab::makeZxid;
using zab::Zxid;

namespace {
using test::load;
void script(Session& s, const std::string& lines) {
  std::istringstream in(lines);
  std::string line, error;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    INFO(line);
    REQUIRE(s.scriptLine(line, error));
  }
}
const LogRow& row(const LogGridModel& m, zab::Sid sid) {
  for (const auto& r : m.rows)
    if (r.sid == sid) return r;
  FAIL("no row for S" << sid);
  return m.rows.front();
}
std::ptrdiff_t column(const LogGridModel& m, Zxid z) {
  auto it = std::find(m.columns.begin(), m.columns.end(), z);
  return it == m.columns.end() ? -1 : it - m.columns.begin();
}
const LogCell& cell(const LogGridModel& m, zab::Sid sid, Zxid z) {
  const auto k = column(m, z);
  REQUIRE(k >= 0);
  return row(m, sid).cells[static_cast<std::size_t>(k)];
}

// examples/sync-modes.zab, in its three acts.
const char* kSetup = "ensemble participants=3\nseed 12\nlatency 2..6\nstart 1 2 3\n";
const char* kThreeWrites =
    "run until=stable max=20000\nwrite 3 /a 1\nrun 100\nkill 1\nwrite 3 /b 2\nwrite 3 /c 3\nrun 100\n";
const char* kDiff = "restart 1\nrun until=stable max=20000\nexpect sync 1=DIFF\n";
const char* kTrunc =
    "kill 1\nkill 2\nwrite 3 /d lost\nrun 50\nkill 3\nrestart 1\nrestart 2\nrun until=stable max=20000\n"
    "expect leader=2 epoch=2\nrestart 3\nrun until=stable max=20000\nexpect sync 3=TRUNC\n";
const char* kSnap = "wipe 1\nrestart 1\nrun until=stable max=20000\nexpect sync 1=SNAP\n";
}  // namespace

TEST_CASE("log grid: one column per zxid, committed cells, the leader's row and the epoch banner") {
  Session s = load(kSetup);
  script(s, kThreeWrites);
  const LogGridModel m = buildLogGrid(s.sim(), 50);
  REQUIRE(m.columns == std::vector<Zxid>{makeZxid(1, 1), makeZxid(1, 2), makeZxid(1, 3)});
  CHECK(m.epochStartsAt(0));
  CHECK_FALSE(m.epochStartsAt(1));
  CHECK_FALSE(m.olderHidden);
  CHECK_FALSE(m.newerHidden);
  REQUIRE(m.rows.size() == 3);
  CHECK(row(m, 3).leader);
  CHECK_FALSE(row(m, 2).leader);
  for (Zxid z : m.columns) {
    CHECK(cell(m, 3, z).present);
    CHECK(cell(m, 3, z).state == CellState::Committed);
    CHECK(cell(m, 2, z).state == CellState::Committed);
  }
  // S1 was killed after 1:1: its (faded) row holds 1:1 only.
  CHECK_FALSE(row(m, 1).alive);
  CHECK(cell(m, 1, makeZxid(1, 1)).present);
  CHECK_FALSE(cell(m, 1, makeZxid(1, 3)).present);
  REQUIRE(m.banner);
  CHECK(m.banner->text() == "epoch 1 established: S3 leads");
}

TEST_CASE("log grid: the first election's syncs of empty servers leave no tags") {
  // Five empty servers: some learners get an empty SNAP or an empty DIFF; neither changed a row.
  Session s = load("ensemble participants=5\nseed 1\nstart 1 2 3 4 5\n");
  script(s, "run until=stable max=20000\nwrite 1 /a 1\nrun 200\n");
  const LogGridModel m = buildLogGrid(s.sim(), 50);
  bool synced = false;
  for (const auto& r : m.rows) {
    INFO("S" << r.sid << ": " << r.tag());
    CHECK(r.tag().empty());
    synced = synced || r.sync.has_value();
  }
  CHECK(synced);
}

TEST_CASE("log grid: a write in flight is logged, not committed, on the servers that have it") {
  Session s = load(kSetup);
  script(s, "run until=stable max=20000\nwrite 3 /a 1\n");
  // Step until some server has logged 1:1 but not applied it yet.
  bool seen = false;
  for (int i = 0; i < 200 && !seen; ++i) {
    REQUIRE(s.stepForward());
    const LogGridModel m = buildLogGrid(s.sim(), 50);
    if (column(m, makeZxid(1, 1)) < 0) continue;
    for (const auto& r : m.rows) {
      const LogCell& c = cell(m, r.sid, makeZxid(1, 1));
      if (c.present && c.state != CellState::Committed) seen = true;
    }
  }
  CHECK(seen);
}

TEST_CASE("log grid: DIFF marks the cells the leader copied, TRUNC shows the cut cells, SNAP replaces the row") {
  Session s = load(kSetup);
  script(s, kThreeWrites);
  script(s, kDiff);
  {
    const LogGridModel m = buildLogGrid(s.sim(), 50);
    const LogRow& r1 = row(m, 1);
    REQUIRE(r1.sync == zab::SyncMode::DIFF);
    CHECK(r1.syncFrom == makeZxid(1, 1));
    CHECK(r1.syncZxid == makeZxid(1, 3));
    CHECK(r1.tag() == "DIFF 1:1 -> 1:3");
    CHECK(cell(m, 1, makeZxid(1, 1)).origin == CellOrigin::Own);
    CHECK(cell(m, 1, makeZxid(1, 2)).origin == CellOrigin::Diff);
    CHECK(cell(m, 1, makeZxid(1, 3)).origin == CellOrigin::Diff);
    CHECK(cell(m, 1, makeZxid(1, 3)).state == CellState::Committed);
    CHECK(cell(m, 3, makeZxid(1, 3)).origin == CellOrigin::Own);  // the leader's own
    CHECK(row(m, 2).tag().empty());  // S2's empty DIFF at start-up changed nothing: no tag
  }
  script(s, kTrunc);
  {
    const LogGridModel m = buildLogGrid(s.sim(), 50);
    const LogRow& r3 = row(m, 3);
    REQUIRE(r3.sync == zab::SyncMode::TRUNC);
    CHECK(r3.tag() == "TRUNC to 1:3");
    CHECK(r3.cutCount == 1);
    // 1:4 was logged by S3 alone, never committed: a column, struck out in S3's row, absent elsewhere.
    const LogCell& cut = cell(m, 3, makeZxid(1, 4));
    CHECK(cut.present);
    CHECK(cut.state == CellState::Cut);
    CHECK_FALSE(cell(m, 2, makeZxid(1, 4)).present);
    CHECK(cell(m, 3, makeZxid(1, 3)).state == CellState::Committed);
    CHECK(row(m, 2).leader);
    REQUIRE(m.banner);
    CHECK(m.banner->epoch == 2);
    CHECK(m.banner->leader == 2);
  }
  script(s, kSnap);
  {
    const LogGridModel m = buildLogGrid(s.sim(), 50);
    const LogRow& r1 = row(m, 1);
    REQUIRE(r1.sync == zab::SyncMode::SNAP);
    CHECK(r1.tag() == "SNAP at " + zab::formatEpochCounter(r1.syncZxid));
    CHECK(r1.syncZxid >= makeZxid(1, 3));
    for (Zxid z : {makeZxid(1, 1), makeZxid(1, 2), makeZxid(1, 3)}) {
      CHECK(cell(m, 1, z).present);
      CHECK(cell(m, 1, z).origin == CellOrigin::Snap);
    }
    CHECK_FALSE(cell(m, 1, makeZxid(1, 4)).present);
  }
}

TEST_CASE("log grid: a new epoch's txns start after a boundary") {
  Session s = load(kSetup);
  script(s, kThreeWrites);
  script(s, "restart 1\nrun until=stable max=20000\nkill leader\nrun until=stable max=20000\nwrite 1 /e 5\nrun 200\n");
  const LogGridModel m = buildLogGrid(s.sim(), 50);
  REQUIRE(m.columns.size() == 4);
  CHECK(zab::epochOf(m.columns.back()) == 2);
  CHECK(m.epochStartsAt(3));
  CHECK_FALSE(m.epochStartsAt(2));
  REQUIRE(m.banner);
  CHECK(m.banner->epoch == 2);
}

TEST_CASE("log grid: a million-txn history shows its newest columns and scrolls by anchor") {
  zab::AppendLog<zab::HistoryEntry> big;
  const std::int64_t n = 1'000'000;
  for (std::int64_t c = 1; c <= n; ++c) big.push_back({makeZxid(1, c), 0});
  zab::AppendLog<zab::HistoryEntry> behind;  // a follower 10 txns behind, with 2 uncommitted
  for (std::int64_t c = 1; c <= n - 10; ++c) behind.push_back({makeZxid(1, c), 0});
  std::vector<LogRowSource> rows(2);
  rows[0].history = &big;
  rows[1].history = &behind;
  rows[1].extras = {{makeZxid(1, n - 9), CellState::Logged}, {makeZxid(1, n - 8), CellState::Unflushed}};

  const MergedColumns m = mergeLogRows(rows, 12, std::nullopt);
  REQUIRE(m.columns.size() == 12);
  CHECK(m.columns.front() == makeZxid(1, n - 11));
  CHECK(m.columns.back() == makeZxid(1, n));
  CHECK(m.olderHidden);
  CHECK_FALSE(m.newerHidden);
  // Row 1: committed up to n-10, then logged, then unflushed, then nothing.
  CHECK(m.cells[1][1].state == CellState::Committed);  // n-10
  CHECK(m.cells[1][2].state == CellState::Logged);     // n-9
  CHECK(m.cells[1][3].state == CellState::Unflushed);  // n-8
  CHECK_FALSE(m.cells[1][4].present);                  // n-7
  CHECK(m.cells[0][11].present);

  // Scrolling: 100 columns older, then back; past the newest follows the newest again.
  auto anchor = shiftLogAnchor(rows, std::nullopt, -100);
  REQUIRE(anchor);
  CHECK(*anchor == makeZxid(1, n - 100));
  const MergedColumns older = mergeLogRows(rows, 12, anchor);
  CHECK(older.columns.back() == makeZxid(1, n - 100));
  CHECK(older.newerHidden);
  CHECK(shiftLogAnchor(rows, anchor, 40) == makeZxid(1, n - 60));
  CHECK_FALSE(shiftLogAnchor(rows, anchor, 100).has_value());
  // The oldest stays the oldest.
  CHECK(shiftLogAnchor(rows, makeZxid(1, 2), -5) == makeZxid(1, 1));
}

TEST_CASE("log grid: rows with gaps merge into shared columns, epoch by epoch") {
  zab::AppendLog<zab::HistoryEntry> a{{makeZxid(1, 1), 0}, {makeZxid(1, 2), 0}, {makeZxid(2, 1), 0}};
  zab::AppendLog<zab::HistoryEntry> b{{makeZxid(1, 1), 0}};
  std::vector<LogRowSource> rows(2);
  rows[0].history = &a;
  rows[1].history = &b;
  rows[1].extras = {{makeZxid(1, 3), CellState::Cut}};
  const MergedColumns m = mergeLogRows(rows, 10, std::nullopt);
  REQUIRE(m.columns == std::vector<Zxid>{makeZxid(1, 1), makeZxid(1, 2), makeZxid(1, 3), makeZxid(2, 1)});
  CHECK_FALSE(m.cells[1][1].present);
  CHECK(m.cells[1][2].state == CellState::Cut);
  CHECK_FALSE(m.cells[0][2].present);
  CHECK(m.cells[0][3].present);
  LogGridModel g;
  g.columns = m.columns;
  CHECK(g.epochStartsAt(3));
  CHECK_FALSE(g.epochStartsAt(2));
}

TEST_CASE("log grid: a leader whose epoch is not established yet is named, as the header names it") {
  Session s = load(kSetup);
  script(s, "run until=leader max=20000\n");
  REQUIRE(s.sim().leader());
  const LogGridModel early = buildLogGrid(s.sim(), 50);
  CHECK_FALSE(early.banner);  // discovery: no quorum has acked NEWLEADER
  REQUIRE(early.leaderNotEstablished);
  CHECK(*early.leaderNotEstablished == *s.sim().leader());
  script(s, "run until=stable max=20000\n");
  const LogGridModel later = buildLogGrid(s.sim(), 50);
  CHECK(later.banner);
  CHECK_FALSE(later.leaderNotEstablished);
}

// 3.8.0's NEWLEADER (ZOOKEEPER-4785): S1 applies the DIFF's txns at UPTODATE while its stalled
// disk has not written them. Those cells are committed and marked not on disk; once the fsync
// ends the mark goes. The DIFF before (no stall) leaves no mark.
TEST_CASE("log grid: txns applied before their fsync are marked not on disk") {
  Session s = load("ensemble participants=3\nseed 1\nlatency 5\nstart 1 2 3\n");
  script(s, "run until=stable max=5000\nwrite 3 /x 0\nrun 100\nkill 1\nwrite 3 /a 1\nwrite 3 /b 2\nwrite 3 /c 3\n"
            "run 200\nkill 3\nrestart 1\ndiskfault 1 stall 3000\nrun until=stable max=3000\nexpect sync 1=DIFF\n");
  {
    const LogGridModel m = buildLogGrid(s.sim(), 50);
    for (Zxid z : {makeZxid(1, 2), makeZxid(1, 3), makeZxid(1, 4)}) {
      INFO(zab::formatZxid(z));
      CHECK(cell(m, 1, z).state == CellState::Committed);
      CHECK(cell(m, 1, z).origin == CellOrigin::Diff);
      CHECK(cell(m, 1, z).notOnDisk);
      CHECK_FALSE(cell(m, 2, z).notOnDisk);  // the leader's own, long on its disk
    }
    CHECK_FALSE(cell(m, 1, makeZxid(1, 1)).notOnDisk);
  }
  SECTION("a power cut now: the stopped server's row shows them lost with its memory") {
    script(s, "crash 1\n");
    const LogGridModel m = buildLogGrid(s.sim(), 50);
    for (Zxid z : {makeZxid(1, 2), makeZxid(1, 3), makeZxid(1, 4)}) CHECK(cell(m, 1, z).notOnDisk);
    CHECK_FALSE(cell(m, 1, makeZxid(1, 1)).notOnDisk);
  }
  SECTION("the stall ends and the fsync completes") {
    script(s, "run 4000\n");
    const LogGridModel m = buildLogGrid(s.sim(), 50);
    for (Zxid z : {makeZxid(1, 2), makeZxid(1, 3), makeZxid(1, 4)}) CHECK_FALSE(cell(m, 1, z).notOnDisk);
    script(s, "kill 1\n");  // on its disk now: a stop loses nothing
    const LogGridModel stopped = buildLogGrid(s.sim(), 50);
    for (Zxid z : {makeZxid(1, 2), makeZxid(1, 3), makeZxid(1, 4)}) CHECK_FALSE(cell(stopped, 1, z).notOnDisk);
  }
}
