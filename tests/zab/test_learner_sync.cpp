// The leader's sync decision (facts 3.7 and the LearnerHandlerTest-derived cases of facts 7):
// syncFollower, queueCommittedProposals and the txn-log fallback as a pure function.
#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "zab/learner_sync.hpp"
#include "zab/zxid.hpp"

using namespace zab;

namespace {

// Local names (the packet codec's to_string may not be linked in yet).
std::string typeName(PacketType t) {
  switch (t) {
    case PacketType::PROPOSAL: return "PROPOSAL";
    case PacketType::COMMIT: return "COMMIT";
    case PacketType::DIFF: return "DIFF";
    case PacketType::TRUNC: return "TRUNC";
    case PacketType::SNAP: return "SNAP";
    default: return "type" + std::to_string(static_cast<int>(t));
  }
}

// "DIFF 0x5, PROPOSAL 0x3, COMMIT 0x3, ..." so a mismatch prints readably.
std::string render(const std::vector<QuorumPacket>& packets) {
  std::string out;
  for (const QuorumPacket& p : packets) {
    if (!out.empty()) out += ", ";
    out += typeName(p.type) + " " + formatZxid(p.zxid);
  }
  return out;
}

std::string render(std::initializer_list<std::pair<PacketType, Zxid>> expected) {
  std::vector<QuorumPacket> packets;
  for (const auto& [type, zxid] : expected) packets.push_back(QuorumPacket{type, zxid, std::nullopt});
  return render(packets);
}

// An op packet followed by PROPOSAL/COMMIT pairs for `txns`.
std::string opThen(PacketType op, Zxid opZxid, std::initializer_list<Zxid> txns) {
  std::vector<QuorumPacket> packets{QuorumPacket{op, opZxid, std::nullopt}};
  for (Zxid z : txns) {
    packets.push_back(QuorumPacket{PacketType::PROPOSAL, z, std::nullopt});
    packets.push_back(QuorumPacket{PacketType::COMMIT, z, std::nullopt});
  }
  return render(packets);
}

// LearnerHandlerTest.createProposal: a proposal with the given zxid. The data is a few bytes
// derived from the zxid so PROPOSAL payloads can be checked.
LoggedProposal prop(Zxid zxid, std::size_t dataBytes = 3) {
  LoggedProposal p;
  p.zxid = zxid;
  for (std::size_t i = 0; i < dataBytes; ++i) p.data.push_back(static_cast<std::uint8_t>((zxid + static_cast<Zxid>(i)) & 0xff));
  return p;
}

std::vector<LoggedProposal> log(std::initializer_list<Zxid> zxids) {
  std::vector<LoggedProposal> out;
  for (Zxid z : zxids) out.push_back(prop(z));
  return out;
}

// The on-disk txn log is an AppendLog.
zab::AppendLog<LoggedProposal> logged(std::initializer_list<Zxid> zxids) { return zab::AppendLog<LoggedProposal>(log(zxids)); }

Zxid z(std::int64_t epoch, std::int64_t counter) { return makeZxid(epoch, counter); }

void requireDiff(const SyncPlan& plan) {
  REQUIRE_FALSE(plan.needSnap);
  REQUIRE(plan.mode == SyncMode::DIFF);
}
void requireTrunc(const SyncPlan& plan) {
  REQUIRE_FALSE(plan.needSnap);
  REQUIRE(plan.mode == SyncMode::TRUNC);
}
void requireSnap(const SyncPlan& plan, Zxid currentZxid) {
  REQUIRE(plan.needSnap);
  REQUIRE(plan.mode == SyncMode::SNAP);
  REQUIRE(plan.packets.empty());
  REQUIRE(plan.currentZxid == currentZxid);
}

}  // namespace

TEST_CASE("sync decision: empty committedLog (testEmptyCommittedLog)", "[learner_sync]") {
  SyncInputs in;
  in.lastProcessedZxid = 1;

  SECTION("peer 3 is newer than lastProcessedZxid 1: TRUNC to 1, forward from 1") {
    in.peerLastZxid = 3;
    const SyncPlan plan = syncFollower(in);
    requireTrunc(plan);
    REQUIRE(render(plan.packets) == render({{PacketType::TRUNC, 1}}));
    REQUIRE(plan.currentZxid == 1);
    REQUIRE(plan.explanation == "peer 0x3 > maxCommittedLog 0x1 -> TRUNC to 0x1");
  }
  SECTION("peer 1 is already in sync: a single empty DIFF(1)") {
    in.peerLastZxid = 1;
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == render({{PacketType::DIFF, 1}}));
    REQUIRE(plan.currentZxid == 1);
  }
  SECTION("peer 0 (a new machine) with txn-log sync disabled: SNAP, nothing queued") {
    in.peerLastZxid = 0;
    in.snapshotSizeFactor = -1;
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, 1);
    REQUIRE(plan.explanation.find("unhandled") != std::string::npos);
  }
}

TEST_CASE("sync decision: committedLog {2 -3 -5} - lastProcessedZxid 6 (testCommittedLog)", "[learner_sync]") {
  SyncInputs in;
  in.lastProcessedZxid = 6;  // the commit log may lag behind the data tree
  in.committedLog = log({2, 3, 5});

  SECTION("peer 4 was never seen: TRUNC to 3, then 5 (3 packets), forward from 5") {
    in.peerLastZxid = 4;
    const SyncPlan plan = syncFollower(in);
    requireTrunc(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::TRUNC, 3, {5}));
    REQUIRE(plan.packets.size() == 3);
    REQUIRE(plan.currentZxid == 5);
    REQUIRE(plan.explanation == "peer 0x4 within committedLog [0x2, 0x5] -> TRUNC to 0x3 + 1 txn");
  }
  SECTION("peer 2 is inside the committedLog: DIFF(5), then 3 and 5 (5 packets)") {
    in.peerLastZxid = 2;
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::DIFF, 5, {3, 5}));
    REQUIRE(plan.currentZxid == 5);
    REQUIRE(plan.explanation == "peer 0x2 within committedLog [0x2, 0x5] -> DIFF 0x5 + 2 txns");
  }
  SECTION("peer 1 missed the committedLog and txn-log sync is off: SNAP at lastProcessedZxid") {
    in.peerLastZxid = 1;
    in.snapshotSizeFactor = -1;
    requireSnap(syncFollower(in), 6);
  }
  SECTION("PROPOSAL carries the logged data; DIFF, TRUNC and COMMIT carry none") {
    in.peerLastZxid = 2;
    const SyncPlan plan = syncFollower(in);
    REQUIRE(plan.packets.size() == 5);
    REQUIRE_FALSE(plan.packets[0].data.has_value());
    REQUIRE(plan.packets[1].data == prop(3).data);
    REQUIRE_FALSE(plan.packets[2].data.has_value());
    REQUIRE(plan.packets[3].data == prop(5).data);
    REQUIRE_FALSE(plan.packets[4].data.has_value());
  }
}

TEST_CASE("sync decision: txnLog {2 -3 -5 -6 -7 -8 -9} + committedLog {6 -7 -8} - lastProcessedZxid 9 (testTxnLog)",
          "[learner_sync]") {
  SyncInputs in;
  in.txnLog = logged({2, 3, 5, 6, 7, 8, 9});
  in.lastProcessedZxid = 9;
  in.committedLog = log({6, 7, 8});

  SECTION("peer 4 was never seen: TRUNC to 3, then 5,6,7,8 (9 packets), forward from 8") {
    in.peerLastZxid = 4;
    const SyncPlan plan = syncFollower(in);
    requireTrunc(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::TRUNC, 3, {5, 6, 7, 8}));
    REQUIRE(plan.packets.size() == 9);
    REQUIRE(plan.currentZxid == 8);
    REQUIRE(plan.explanation ==
            "peer 0x4 < minCommittedLog 0x6, txn log from 0x2 then committedLog [0x6, 0x8] -> TRUNC to 0x3 + 4 txns");
  }
  SECTION("peer 3 is in the txn log: DIFF(8), then 5,6,7,8 (9 packets), forward from 8") {
    in.peerLastZxid = 3;
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::DIFF, 8, {5, 6, 7, 8}));
    REQUIRE(plan.currentZxid == 8);
  }
}

TEST_CASE("sync decision: txnLog only {2 -3 -5 -6 -7 -8} - lastProcessedZxid 7 (testTxnLogOnly)", "[learner_sync]") {
  SyncInputs in;
  in.lastProcessedZxid = 7;
  in.txnLog = logged({2, 3, 5, 6, 7, 8});

  SECTION("peer 4 was never seen: TRUNC to 3, then 5,6,7 (7 packets), forward from 7") {
    in.peerLastZxid = 4;
    const SyncPlan plan = syncFollower(in);
    requireTrunc(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::TRUNC, 3, {5, 6, 7}));
    REQUIRE(plan.packets.size() == 7);
    REQUIRE(plan.currentZxid == 7);
  }
  SECTION("peer 2 is in the txn log: DIFF(7), then 3,5,6,7 (9 packets)") {
    in.peerLastZxid = 2;
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::DIFF, 7, {3, 5, 6, 7}));
    REQUIRE(plan.currentZxid == 7);
  }
  SECTION("peer 1 is older than the txn log: SNAP") {
    in.peerLastZxid = 1;
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, 7);
    REQUIRE(plan.explanation == "peer 0x1 < minCommittedLog 0x7, txn log starts at 0x2 > peer -> SNAP");
  }
}

// LearnerHandlerTest.testTxnLogWithNegativeZxid builds its zxids with ZxidUtils.makeZxid(0xf, n),
// which is 0xf00000000 | n: positive. The first section mirrors it exactly; the second uses epoch
// 0xfffffff0 so every zxid really is negative as a signed 64-bit value.
TEST_CASE("sync decision: txnLog/committedLog with high-epoch and negative zxids (testTxnLogWithNegativeZxid)",
          "[learner_sync]") {
  const std::int64_t epoch = GENERATE(std::int64_t{0xf}, std::int64_t{0xfffffff0});
  CAPTURE(epoch);
  SyncInputs in;
  in.txnLog = logged({z(epoch, 2), z(epoch, 3), z(epoch, 5), z(epoch, 6), z(epoch, 7), z(epoch, 8), z(epoch, 9)});
  in.lastProcessedZxid = z(epoch, 9);
  in.committedLog = log({z(epoch, 6), z(epoch, 7), z(epoch, 8)});
  if (epoch == 0xf) {
    REQUIRE(z(epoch, 2) > 0);  // the Java test's "negative" zxids are not negative
  } else {
    REQUIRE(z(epoch, 2) < 0);
  }

  SECTION("peer (e,4): TRUNC to (e,3), then (e,5)..(e,8)") {
    in.peerLastZxid = z(epoch, 4);
    const SyncPlan plan = syncFollower(in);
    requireTrunc(plan);
    REQUIRE(render(plan.packets) ==
            opThen(PacketType::TRUNC, z(epoch, 3), {z(epoch, 5), z(epoch, 6), z(epoch, 7), z(epoch, 8)}));
    REQUIRE(plan.currentZxid == z(epoch, 8));
  }
  SECTION("peer (e,3): DIFF((e,8)), then (e,5)..(e,8)") {
    in.peerLastZxid = z(epoch, 3);
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) ==
            opThen(PacketType::DIFF, z(epoch, 8), {z(epoch, 5), z(epoch, 6), z(epoch, 7), z(epoch, 8)}));
    REQUIRE(plan.currentZxid == z(epoch, 8));
  }
}

TEST_CASE("sync decision: comparisons are on signed 64-bit zxids", "[learner_sync]") {
  // A positive peer zxid is newer than a committedLog of negative zxids, so rule 3 (TRUNC to
  // maxCommittedLog) applies. Compared as unsigned, the peer would look older than minCommittedLog.
  SyncInputs in;
  in.committedLog = log({z(0xfffffff0, 1), z(0xfffffff0, 2)});
  in.lastProcessedZxid = z(0xfffffff0, 2);
  in.peerLastZxid = z(0, 5);
  const SyncPlan plan = syncFollower(in);
  requireTrunc(plan);
  REQUIRE(render(plan.packets) == render({{PacketType::TRUNC, z(0xfffffff0, 2)}}));
  REQUIRE(plan.currentZxid == z(0xfffffff0, 2));
}

TEST_CASE("sync decision: new-epoch peer zxids (testNewEpochZxid)", "[learner_sync]") {
  SyncInputs in;
  in.txnLog = logged({z(0, 1), z(1, 1), z(1, 2)});
  in.lastProcessedZxid = z(2, 0);  // after the election the leader sits on (2,0)
  in.committedLog = log({z(1, 1), z(1, 2)});

  SECTION("peer (0,0): SNAP (never DIFF without a txn older than the peer in our history)") {
    in.peerLastZxid = z(0, 0);
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, z(2, 0));
  }
  SECTION("peer (1,0): DIFF((1,2)), then (1,1),(1,2) (5 packets), forward from (1,2)") {
    in.peerLastZxid = z(1, 0);
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::DIFF, z(1, 2), {z(1, 1), z(1, 2)}));
    REQUIRE(plan.currentZxid == z(1, 2));
  }
  SECTION("peer (2,0) is in sync: only DIFF((2,0))") {
    in.peerLastZxid = z(2, 0);
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == render({{PacketType::DIFF, z(2, 0)}}));
    REQUIRE(plan.currentZxid == z(2, 0));
  }
  SECTION("peer (1,0) inside the committedLog range: DIFF first, then every txn after it") {
    in.committedLog = log({z(0, 1), z(1, 1), z(1, 2)});
    in.peerLastZxid = z(1, 0);
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::DIFF, z(1, 2), {z(1, 1), z(1, 2)}));
    REQUIRE(plan.currentZxid == z(1, 2));
  }
  SECTION("a new-epoch peer beyond maxCommittedLog is never truncated: unhandled -> SNAP") {
    in.peerLastZxid = z(3, 0);
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, z(2, 0));
    REQUIRE(plan.explanation.find("new-epoch") != std::string::npos);
  }
}

TEST_CASE("sync decision: duplicated txns are sent once (testDuplicatedTxn)", "[learner_sync]") {
  SyncInputs in;
  in.txnLog = logged({z(0, 1), z(1, 1), z(1, 2), z(1, 1), z(1, 2)});
  in.lastProcessedZxid = z(2, 0);
  in.committedLog = log({z(1, 1), z(1, 2), z(1, 1), z(1, 2)});
  in.peerLastZxid = z(1, 0);
  const SyncPlan plan = syncFollower(in);
  requireDiff(plan);
  REQUIRE(render(plan.packets) == opThen(PacketType::DIFF, z(1, 2), {z(1, 1), z(1, 2)}));
  REQUIRE(plan.packets.size() == 5);
  REQUIRE(plan.currentZxid == z(1, 2));
}

TEST_CASE("sync decision: a TRUNC never crosses an epoch (testCrossEpochTrunc)", "[learner_sync]") {
  SECTION("txn-log path: the refused TRUNC leaves the txn-log walk short of minCommittedLog -> SNAP") {
    SyncInputs in;
    in.txnLog = logged({z(1, 1), z(2, 1), z(2, 2), z(4, 1)});
    in.lastProcessedZxid = z(6, 0);
    in.peerLastZxid = z(3, 1);
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, z(6, 0));
    REQUIRE(plan.explanation == "peer 0x300000001 < minCommittedLog 0x600000000, txn log: TRUNC to 0x200000002 "
                                "would cross epoch 3 -> 4 (next 0x400000001), nothing queued -> SNAP");
  }
  SECTION("committedLog path: nothing queued, the final fallback turns it into SNAP") {
    SyncInputs in;
    in.committedLog = log({z(1, 1), z(2, 1), z(2, 2), z(4, 1)});
    in.lastProcessedZxid = z(4, 1);
    in.peerLastZxid = z(3, 1);
    const SyncPlan plan = syncFollower(in);
    REQUIRE(plan.needSnap);
    REQUIRE(plan.mode == SyncMode::SNAP);
    REQUIRE(plan.packets.empty());
    // ZooKeeper calls startForwarding before this fallback, with the walk's result (the peer).
    REQUIRE(plan.currentZxid == z(3, 1));
    REQUIRE(plan.explanation.find("cross epoch 3 -> 4") != std::string::npos);
  }
  SECTION("rule 3 (peer newer than maxCommittedLog) still TRUNCs to maxCommittedLog of an older epoch") {
    SyncInputs in;
    in.committedLog = log({z(2, 6), z(2, 7)});
    in.lastProcessedZxid = z(2, 7);
    in.peerLastZxid = z(3, 5);
    const SyncPlan plan = syncFollower(in);
    requireTrunc(plan);
    REQUIRE(render(plan.packets) == render({{PacketType::TRUNC, z(2, 7)}}));
    REQUIRE(plan.currentZxid == z(2, 7));
  }
}

TEST_CASE("sync decision: a gap between the txn log and the committedLog -> SNAP (testTxnLogGap)",
          "[learner_sync]") {
  SyncInputs in;
  in.txnLog = logged({2, 3, 4});
  in.lastProcessedZxid = 8;
  in.committedLog = log({7, 8});
  in.peerLastZxid = 3;
  const SyncPlan plan = syncFollower(in);
  requireSnap(plan, 8);  // the DIFF and txn 4 queued from the txn log are cleared
  REQUIRE(plan.explanation == "peer 0x3 < minCommittedLog 0x7, txn log reaches only 0x4 before minCommittedLog "
                              "(gap) -> SNAP");
}

TEST_CASE("sync decision: an empty txn-log iterator -> SNAP (testTxnLogProposalIteratorClosure)",
          "[learner_sync]") {
  SyncInputs in;
  in.lastProcessedZxid = 7;
  in.peerLastZxid = 4;
  SECTION("no txn log at all") {
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, 7);
    REQUIRE(plan.explanation == "peer 0x4 < minCommittedLog 0x7, txn log is empty -> SNAP");
  }
  SECTION("the txn log starts after the peer") {
    in.txnLog = logged({5, 6, 7});
    requireSnap(syncFollower(in), 7);
  }
  SECTION("the Java test's log {2,3}: our iterator is not empty, but it ends before lastProcessedZxid -> SNAP") {
    in.txnLog = logged({2, 3});
    requireSnap(syncFollower(in), 7);
  }
}

TEST_CASE("sync decision: txn-log size limit = snapshot bytes x snapshotSizeFactor", "[learner_sync]") {
  SyncInputs in;
  in.lastProcessedZxid = 7;
  for (Zxid zx : {2, 3, 5, 6, 7, 8}) in.txnLog.push_back(prop(zx, 10));  // 6 x (10 + 32) = 252 bytes
  in.peerLastZxid = 2;
  REQUIRE(txnLogBytesFrom(in.txnLog, 2) == 252);
  const std::string diff = opThen(PacketType::DIFF, 7, {3, 5, 6, 7});

  SECTION("a small snapshot makes the log too big: 252 > 100 x 0.33 = 33 -> SNAP") {
    in.newestSnapshotBytes = 100;
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, 7);
    REQUIRE(plan.explanation.find("txn log 252 bytes > limit 33") != std::string::npos);
  }
  SECTION("no snapshot file (0 bytes): limit 0 means unlimited -> DIFF") {
    in.newestSnapshotBytes = 0;
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == diff);
  }
  SECTION("factor 0 also gives limit 0, unlimited -> DIFF") {
    in.newestSnapshotBytes = 1'000'000;
    in.snapshotSizeFactor = 0;
    REQUIRE(render(syncFollower(in).packets) == diff);
  }
  SECTION("a limit equal to the log size is not exceeded: 504 x 0.5 = 252 -> DIFF") {
    in.newestSnapshotBytes = 504;
    in.snapshotSizeFactor = 0.5;
    REQUIRE(render(syncFollower(in).packets) == diff);
  }
  SECTION("the limit is truncated to an integer: 503 x 0.5 = 251.5 -> 251 < 252 -> SNAP") {
    in.newestSnapshotBytes = 503;
    in.snapshotSizeFactor = 0.5;
    requireSnap(syncFollower(in), 7);
  }
  SECTION("a big snapshot allows the txn log: 1000 x 0.33 = 330 >= 252 -> DIFF") {
    in.newestSnapshotBytes = 1000;
    REQUIRE(render(syncFollower(in).packets) == diff);
  }
  SECTION("the size counts the whole log file, including entries older than the peer") {
    in.peerLastZxid = 6;
    in.newestSnapshotBytes = 300;  // limit 99: even the 2 entries the peer lacks would fit, the file does not
    requireSnap(syncFollower(in), 7);
    REQUIRE(txnLogBytesFrom(in.txnLog, 6) == 252);
  }
}

TEST_CASE("sync decision: forceSnapSync overrides every other rule", "[learner_sync]") {
  SyncInputs in;
  in.lastProcessedZxid = 6;
  in.committedLog = log({2, 3, 5});
  in.forceSnapSync = true;
  const Zxid peer = GENERATE(Zxid{2}, Zxid{4}, Zxid{6}, Zxid{9});
  in.peerLastZxid = peer;
  const SyncPlan plan = syncFollower(in);
  requireSnap(plan, 6);
  REQUIRE(plan.explanation == "forceSnapSync -> SNAP at lastProcessedZxid 0x6");
}

TEST_CASE("sync decision: SyncMode names", "[learner_sync]") {
  REQUIRE(to_string(SyncMode::DIFF) == "DIFF");
  REQUIRE(to_string(SyncMode::TRUNC) == "TRUNC");
  REQUIRE(to_string(SyncMode::SNAP) == "SNAP");
}
