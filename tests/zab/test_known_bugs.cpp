// Known ZooKeeper 3.8.0 bugs reproduced on purpose (engine/zab/known_bugs.hpp): the sync
// decision and the learner's TRUNC do what 3.8.0 does, name the bug, and apply the fix when
// the scenario asks for it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "zab/known_bugs.hpp"
#include "zab/learner_sync.hpp"
#include "zab/zk_database.hpp"
#include "zab/zxid.hpp"

using namespace zab;

namespace {

Zxid z(std::int64_t epoch, std::int64_t counter) { return makeZxid(epoch, counter); }

LoggedProposal logged(Zxid zxid) { return LoggedProposal{zxid, serializeTxn(syntheticTxn(zxid))}; }
// A learner's disk with these epoch files and an empty snapshot; the txn log is the test's.
PeerDisk learnerDisk(Epoch current, Epoch accepted) {
  PeerDisk disk;
  disk.initialized = true;
  disk.currentEpoch = current;
  disk.acceptedEpoch = accepted;
  disk.addSnapshot(ZKDatabase().snapshot());
  return disk;
}

// A follower that was SNAP-synced at 1:71 (snapshot taken at NEWLEADER) over a log of 1:1 .. 1:62.
PeerDisk snapSyncedAt71() {
  PeerDisk disk = learnerDisk(2, 2);
  ZKDatabase full;
  for (std::int64_t c = 1; c <= 71; ++c) {
    LoggedProposal p = logged(z(1, c));
    full.apply(*deserializeTxn(p.data), p.data);
    if (c <= 62) disk.txnLog.append(p);
  }
  disk.addSnapshot(full.snapshot());
  return disk;
}

// A leader that was synced by SNAP at 2:17 over a txn log holding 1:1 .. 1:75 (stale 1:73 ..
// 1:75 included), then logged 2:18 .. 2:23 (seed 3416's leader S7).
SyncInputs seed3416Leader() {
  SyncInputs in;
  for (std::int64_t c = 1; c <= 75; ++c) in.txnLog.append(logged(z(1, c)));
  for (std::int64_t c = 18; c <= 23; ++c) in.txnLog.append(logged(z(2, c)));
  for (std::int64_t c = 18; c <= 23; ++c) in.committedLog.push_back(logged(z(2, c)));
  in.lastProcessedZxid = z(2, 23);
  in.peerLastZxid = z(1, 75);
  in.snapshotSizeFactor = 0;  // no size limit
  in.txnLogHoleBefore = z(2, 17);
  return in;
}

}  // namespace

TEST_CASE("known bugs: fix= names are parsed, unknown ones are refused", "[known_bugs]") {
  KnownBugFixes f;
  REQUIRE_FALSE(parseKnownBugFixes("ZOOKEEPER-2846,ZOOKEEPER-1549", f));
  REQUIRE(f.zk2846);
  REQUIRE(f.zk1549);
  KnownBugFixes g;
  REQUIRE(parseKnownBugFixes("ZOOKEEPER-2846,ZOOKEEPER-9999", g) == std::string("ZOOKEEPER-9999"));
  KnownBugFixes h;
  REQUIRE_FALSE(parseKnownBugFixes("ZOOKEEPER-4785", h));
  REQUIRE(h.zk4785);
  REQUIRE_FALSE(h.zk2846);
  REQUIRE_FALSE(knownBugSummary(kZk4785).empty());
  KnownBugFixes k;
  REQUIRE_FALSE(parseKnownBugFixes("SHUTDOWN-BEFORE-RUNNING", k));
  REQUIRE(k.shutdownBeforeRunning);
  REQUIRE_FALSE(k.zk4785);
  REQUIRE_FALSE(knownBugSummary(kShutdownBeforeRunning).empty());
}

TEST_CASE("ZOOKEEPER-2846: a DIFF read from a txn log across a SNAP's hole is named, and refused with the fix",
          "[known_bugs][learner_sync]") {
  SyncInputs in = seed3416Leader();
  SECTION("3.8.0: DIFF from the log, stale 1:75 kept, 2:1 .. 2:17 never sent") {
    const SyncPlan plan = syncFollower(in);
    REQUIRE_FALSE(plan.needSnap);
    REQUIRE(plan.mode == SyncMode::DIFF);
    REQUIRE(plan.knownBug == kZk2846);
    REQUIRE(plan.packets.at(1).zxid == z(2, 18));
    REQUIRE(plan.explanation.find("known ZooKeeper 3.8.0 bug ZOOKEEPER-2846") != std::string::npos);
  }
  SECTION("fix: the log is not read before the hole -> SNAP") {
    in.fixZk2846 = true;
    const SyncPlan plan = syncFollower(in);
    REQUIRE(plan.needSnap);
    REQUIRE(plan.knownBug.empty());
    REQUIRE(plan.explanation.find("fix ZOOKEEPER-2846") != std::string::npos);
  }
  SECTION("a peer after the hole is served from the log as before, with no bug named") {
    in.peerLastZxid = z(2, 19);
    in.committedLog.clear();
    for (std::int64_t c = 21; c <= 23; ++c) in.committedLog.push_back(logged(z(2, c)));
    const SyncPlan plan = syncFollower(in);
    REQUIRE(plan.mode == SyncMode::DIFF);
    REQUIRE(plan.knownBug.empty());
  }
}

TEST_CASE("ZOOKEEPER-1549: TRUNC keeps a newer snapshot, or fails when the log does not reach", "[known_bugs]") {
  PeerDisk disk = snapSyncedAt71();

  SECTION("3.8.0, TRUNC to 1:52: the log is cut, the reload comes from the dirty snapshot at 1:71") {
    ZKDatabase db;
    TruncateResult r = truncateLog(disk, db, z(1, 52), false);
    REQUIRE_FALSE(r.logTooShort);
    REQUIRE(r.load.ok);
    REQUIRE(r.dirtySnapshot);
    REQUIRE(disk.txnLog.back().zxid == z(1, 52));
    REQUIRE(db.lastProcessedZxid() == z(1, 71));  // the learner then claims 1:52
  }
  SECTION("3.8.0, TRUNC to 1:65: past the log's end -> 'No log files found to truncate!', nothing changes") {
    ZKDatabase db;
    TruncateResult r = truncateLog(disk, db, z(1, 65), false);
    REQUIRE(r.logTooShort);
    REQUIRE(r.error.find("No log files found to truncate!") != std::string::npos);
    REQUIRE(disk.snapshots.size() == 2);
    REQUIRE(disk.txnLog.size() == 62);
  }
  SECTION("fix: newer snapshots go, the reload is the true state") {
    ZKDatabase db;
    TruncateResult r = truncateLog(disk, db, z(1, 52), true);
    REQUIRE_FALSE(r.dirtySnapshot);
    REQUIRE(r.load.ok);
    REQUIRE(db.lastProcessedZxid() == z(1, 52));
    ZKDatabase db2;
    PeerDisk disk2 = disk;
    TruncateResult r2 = truncateLog(disk2, db2, z(1, 65), true);
    REQUIRE(r2.logTooShort);  // the learner rejoins at its true last zxid, 1:52
    REQUIRE(db2.lastProcessedZxid() == z(1, 52));
  }
}

TEST_CASE("ZOOKEEPER-1549: a restart reads the snapshot with the highest zxid in its name, not the newest file",
          "[known_bugs]") {
  // After a TRUNC to 1:52 over a dirty snapshot at 1:71, the learner claims 1:52 and its
  // NEWLEADER snapshot is named snapshot.1:52 (lastProcessedZxid) while its tree holds 1:53 ..
  // 1:71. FileSnap.findNValidSnapshots sorts by the zxid in the name, so a restart reads the
  // older file, snapshot.1:71, and the server comes back at 1:71.
  PeerDisk disk = snapSyncedAt71();
  ZKDatabase db;
  TruncateResult r = truncateLog(disk, db, z(1, 52), false);
  REQUIRE(r.dirtySnapshot);
  db.setLastProcessedZxid(z(1, 52));  // Learner.syncWithLeader after a TRUNC
  disk.addSnapshot(db.snapshot());    // the NEWLEADER snapshot, named 1:52
  REQUIRE(disk.snapshots.back().zxid == z(1, 52));
  CHECK(disk.restorableSnapshot()->zxid == z(1, 71));
  ZKDatabase restarted;
  REQUIRE(loadDataBase(disk, restarted).ok);
  CHECK(restarted.lastProcessedZxid() == z(1, 71));
  SECTION("a later snapshot at the same zxid replaces the file") {
    ZKDatabase again;
    again.restoreSnapshot(*disk.restorableSnapshot());
    disk.addSnapshot(again.snapshot());
    CHECK(disk.restorableSnapshot() == &disk.snapshots.back());
  }
  SECTION("the fix deletes the newer snapshots, and the restart reads what is left") {
    PeerDisk fixed = disk;
    ZKDatabase db2;
    truncateLog(fixed, db2, z(1, 52), true);
    CHECK(fixed.restorableSnapshot()->zxid <= z(1, 52));
  }
}

TEST_CASE("ZOOKEEPER-1558: a leader's start-up snapshot that a SNAP rolled back is loaded again, and named",
          "[known_bugs]") {
  // S3 logged 1:1 .. 1:4 (1:2 .. 1:4 never committed), and Leader.lead snapshotted 1:4. A new
  // leader without 1:2 .. 1:4 then synced it by SNAP at 1:1 (its NEWLEADER snapshot, 1:1).
  PeerDisk disk = learnerDisk(3, 3);
  ZKDatabase leaderDb;
  for (std::int64_t c = 1; c <= 4; ++c) {
    LoggedProposal p = logged(z(1, c));
    leaderDb.apply(*deserializeTxn(p.data), p.data);
    disk.txnLog.append(p);
  }
  SnapshotFile startup = leaderDb.snapshot();
  startup.leaderStartup = true;
  disk.addSnapshot(startup);
  ZKDatabase synced;
  LoggedProposal first = logged(z(1, 1));
  synced.apply(*deserializeTxn(first.data), first.data);
  SnapshotFile snapSynced = synced.snapshot();
  snapSynced.snapSync = true;
  disk.addSnapshot(snapSynced);
  REQUIRE(disk.snapshots.back().zxid == z(1, 1));

  SECTION("3.8.0: the start-up snapshot has the highest zxid; its uncommitted txns come back, named") {
    ZKDatabase restarted;
    const LoadResult r = loadDataBase(disk, restarted);
    REQUIRE(r.ok);
    CHECK(restarted.lastProcessedZxid() == z(1, 4));
    CHECK(r.uncommittedFromLeaderSnapshot == std::vector<Zxid>{z(1, 2), z(1, 3), z(1, 4)});
  }
  SECTION("the same snapshot not taken at Leader.lead (a follower's, of committed txns) is not named") {
    PeerDisk plain = learnerDisk(3, 3);
    plain.addSnapshot(leaderDb.snapshot());
    plain.addSnapshot(snapSynced);
    ZKDatabase restarted;
    CHECK(loadDataBase(plain, restarted).uncommittedFromLeaderSnapshot.empty());
  }
  SECTION("rolled back by a TRUNC (its NEWLEADER snapshot is no SNAP's): ZOOKEEPER-1549's case, not named here") {
    PeerDisk truncated = learnerDisk(3, 3);
    truncated.addSnapshot(startup);
    truncated.addSnapshot(synced.snapshot());
    ZKDatabase restarted;
    CHECK(loadDataBase(truncated, restarted).uncommittedFromLeaderSnapshot.empty());
  }
  SECTION("a start-up snapshot that nothing rolled back is not named") {
    PeerDisk kept = learnerDisk(1, 1);
    kept.addSnapshot(startup);
    ZKDatabase restarted;
    CHECK(loadDataBase(kept, restarted).uncommittedFromLeaderSnapshot.empty());
  }
  SECTION("fix=ZOOKEEPER-1558 is parsed") {
    KnownBugFixes f;
    REQUIRE_FALSE(parseKnownBugFixes("ZOOKEEPER-1558", f));
    CHECK(f.zk1558);
    CHECK_FALSE(knownBugSummary(kZk1558).empty());
  }
}

TEST_CASE("TRUNC-KEEPS-NEXT: a TRUNC to a zxid the log lacks keeps the txn after it, the fix cuts exactly",
          "[known_bugs]") {
  // A learner that logged 1:1, 1:2 and then 2:1 as the leader of an epoch 2 nobody else heard
  // of; the new leader committed 1:3, which the learner never got, and TRUNCs it to 1:3.
  PeerDisk disk = learnerDisk(2, 3);
  for (Zxid x : {z(1, 1), z(1, 2), z(2, 1)}) disk.txnLog.append(logged(x));

  SECTION("3.8.0: FileTxnIterator stops at 2:1, the first txn at or beyond 1:3, and the cut comes after it") {
    ZKDatabase db;
    TruncateResult r = truncateLog(disk, db, z(1, 3), false);
    REQUIRE_FALSE(r.logTooShort);
    REQUIRE(r.load.ok);
    REQUIRE(r.keptPast == z(2, 1));
    REQUIRE(disk.txnLog.size() == 3);
    REQUIRE(disk.txnLog.back().zxid == z(2, 1));
    REQUIRE(db.lastProcessedZxid() == z(2, 1));  // reloaded with 2:1; the learner then claims 1:3
    REQUIRE(std::string(knownBugSummary(kTruncKeepsNext)).find("lacks") != std::string::npos);
  }
  SECTION("fix: the log ends at 1:2 and nothing past 1:3 is reloaded") {
    ZKDatabase db;
    TruncateResult r = truncateLog(disk, db, z(1, 3), false, true);
    REQUIRE(r.load.ok);
    REQUIRE(r.keptPast == 0);
    REQUIRE(disk.txnLog.size() == 2);
    REQUIRE(disk.txnLog.back().zxid == z(1, 2));
    REQUIRE(db.lastProcessedZxid() == z(1, 2));
  }
  SECTION("a TRUNC to a zxid the log holds cuts right after it in both, naming nothing") {
    ZKDatabase db;
    TruncateResult r = truncateLog(disk, db, z(1, 2), false);
    REQUIRE(r.keptPast == 0);
    REQUIRE(disk.txnLog.back().zxid == z(1, 2));
  }
  SECTION("3.8.0 cuts by position: a log holding 2:1 twice keeps only the first") {
    disk.txnLog.append(logged(z(2, 1)));  // kept by an earlier TRUNC, then forwarded and logged again
    ZKDatabase db;
    TruncateResult r = truncateLog(disk, db, z(1, 3), false);
    REQUIRE(r.keptPast == z(2, 1));
    REQUIRE(disk.txnLog.size() == 3);  // 1:1, 1:2, the first 2:1
  }
  KnownBugFixes f;
  REQUIRE_FALSE(parseKnownBugFixes("TRUNC-KEEPS-NEXT", f));
  REQUIRE(f.truncKeepsNext);
}
