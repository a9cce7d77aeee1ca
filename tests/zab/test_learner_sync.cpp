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
  Bytes data;
  for (std::size_t i = 0; i < dataBytes; ++i) data.push_back(static_cast<std::uint8_t>((zxid + static_cast<Zxid>(i)) & 0xff));
  p.data = std::move(data);
  return p;
}

std::vector<LoggedProposal> log(std::initializer_list<Zxid> zxids) {
  std::vector<LoggedProposal> out;
  for (Zxid z : zxids) out.push_back(prop(z));
  return out;
}

// The on-disk txn log: one log file holding these txns.
TxnLog logged(std::initializer_list<Zxid> zxids) {
  TxnLog t;
  for (const LoggedProposal& p : log(zxids)) t.append(p);
  return t;
}

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
            "peer 0x4 < minCommittedLog 0x6, Use txnlog and committedLog: from log.2 (0 bytes in 0 newer log files, "
                              "sizeLimit 0 = snapshotSizeFactor 0.33 x snapshot 0 bytes: no limit) then committedLog "
                              "[0x6, 0x8] -> TRUNC to 0x3 + 4 txns");
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
    REQUIRE(plan.explanation == "peer 0x1 < minCommittedLog 0x7, Unable to find proposals from txnlog for zxid 0x1: the "
                              "oldest file is log.2 -> SNAP");
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
  REQUIRE(plan.explanation == "peer 0x3 < minCommittedLog 0x7, Use txnlog and committedLog, but: Detected gap "
                              "between end of txnlog 0x4 and start of committedLog 0x7 -> SNAP");
}

TEST_CASE("sync decision: an empty txn-log iterator -> SNAP (testTxnLogProposalIteratorClosure)",
          "[learner_sync]") {
  SyncInputs in;
  in.lastProcessedZxid = 7;
  in.peerLastZxid = 4;
  SECTION("no txn log at all") {
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, 7);
    REQUIRE(plan.explanation == "peer 0x4 < minCommittedLog 0x7, no txn-log file to read -> SNAP");
  }
  SECTION("the txn log starts after the peer") {
    in.txnLog = logged({5, 6, 7});
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, 7);
    REQUIRE(plan.explanation == "peer 0x4 < minCommittedLog 0x7, Unable to find proposals from txnlog for zxid 0x4: "
                                "the oldest file is log.5 -> SNAP");
  }
  SECTION("the Java test's log {2,3}: our iterator is not empty, but it ends before lastProcessedZxid -> SNAP") {
    in.txnLog = logged({2, 3});
    requireSnap(syncFollower(in), 7);
  }
}

TEST_CASE("sync decision: the txn-log size limit counts the log files newer than the peer's", "[learner_sync]") {
  // Two files: log.2 {2, 3, 5}, rolled, then log.6 {6, 7, 8}. Each is preallocated to 64 MB.
  SyncInputs in;
  in.lastProcessedZxid = 7;
  for (Zxid zx : {2, 3, 5}) in.txnLog.append(prop(zx, 10));
  in.txnLog.rollLog();
  for (Zxid zx : {6, 7, 8}) in.txnLog.append(prop(zx, 10));
  REQUIRE(in.txnLog.files().size() == 2);
  const std::int64_t fileBytes = 67108880;  // 16-byte header + 64 MB of padding
  REQUIRE(in.txnLog.files()[1].length() == fileBytes);
  in.peerLastZxid = 2;
  in.newestSnapshotBytes = 100;  // sizeLimit 33
  const std::string diff = opThen(PacketType::DIFF, 7, {3, 5, 6, 7});

  SECTION("the peer's file is followed by a 64 MB file: 67108880 > 33 -> SNAP") {
    const SyncPlan plan = syncFollower(in);
    requireSnap(plan, 7);
    REQUIRE(plan.explanation == "peer 0x2 < minCommittedLog 0x7, reading from log.2: Txnlog size: 67108880 exceeds "
                                "sizeLimit: 33 (1 newer log file, sizeLimit 33 = snapshotSizeFactor 0.33 x snapshot "
                                "100 bytes) -> SNAP");
  }
  SECTION("a peer in the newest file: no newer file, size 0 -> DIFF, however small the limit") {
    in.lastProcessedZxid = 8;
    in.peerLastZxid = 7;
    const SyncPlan plan = syncFollower(in);
    requireDiff(plan);
    REQUIRE(render(plan.packets) == opThen(PacketType::DIFF, 8, {8}));
  }
  SECTION("a peer at the first zxid of the newer file starts in the older one, so the newer one counts") {
    in.peerLastZxid = 6;
    in.txnLog = TxnLog();
    for (Zxid zx : {2, 3, 5}) in.txnLog.append(prop(zx, 10));
    in.txnLog.rollLog();
    for (Zxid zx : {6, 7, 8}) in.txnLog.append(prop(zx, 10));
    in.txnLog.rollLog();
    in.txnLog.append(prop(9, 10));  // log.9: the peer's file is log.6 now, but 6 is not below 6
    REQUIRE(in.txnLog.startFileFor(6) == 0);
    REQUIRE(in.txnLog.storageSizeFrom(6) == 2 * fileBytes);
    requireSnap(syncFollower(in), 7);
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
  SECTION("a limit equal to the size is not exceeded: 134217760 x 0.5 = 67108880 -> DIFF") {
    in.newestSnapshotBytes = 2 * fileBytes;
    in.snapshotSizeFactor = 0.5;
    const SyncPlan plan = syncFollower(in);
    REQUIRE(render(plan.packets) == diff);
    REQUIRE(plan.explanation.find("Use txnlog and committedLog: from log.2 (67108880 bytes in 1 newer log file") !=
            std::string::npos);
  }
  SECTION("the limit is truncated to an integer: 134217759 x 0.5 = 67108879.5 -> 67108879 -> SNAP") {
    in.newestSnapshotBytes = 2 * fileBytes - 1;
    in.snapshotSizeFactor = 0.5;
    requireSnap(syncFollower(in), 7);
  }
}

// The two cases measured on a real ZooKeeper 3.8.0 ensemble (issue 10): the size rule looks at
// files, not at how far behind the peer is.
TEST_CASE("sync decision, real 3.8.0: 602 txns behind in the same log file -> DIFF", "[learner_sync][realzk]") {
  // The leader logged (1,1)..(1,1200) into one file; its committedLog holds the newest 501
  // (commitLogCount 500); the peer stopped at (1,598). Its snapshot is small (sizeLimit 330).
  SyncInputs in;
  for (std::int64_t c = 1; c <= 1200; ++c) in.txnLog.append(prop(z(1, c), 40));
  for (std::int64_t c = 700; c <= 1200; ++c) in.committedLog.push_back(prop(z(1, c), 40));
  in.lastProcessedZxid = z(1, 1200);
  in.peerLastZxid = z(1, 598);
  in.newestSnapshotBytes = 1000;
  REQUIRE(in.txnLog.files().size() == 1);
  const SyncPlan plan = syncFollower(in);
  requireDiff(plan);
  REQUIRE(plan.packets.size() == 1 + 2 * 602);  // DIFF, then 602 PROPOSAL/COMMIT pairs
  REQUIRE(plan.packets.front().zxid == z(1, 1200));
  REQUIRE(plan.explanation ==
          "peer 0x100000256 < minCommittedLog 0x1000002bc, Use txnlog and committedLog: from log.100000001 (0 bytes "
          "in 0 newer log files, sizeLimit 330 = snapshotSizeFactor 0.33 x snapshot 1000 bytes) then committedLog "
          "[0x1000002bc, 0x1000004b0] -> DIFF 0x1000004b0 + 602 txns");
}

TEST_CASE("sync decision, real 3.8.0: 10 txns behind but in an older log file -> SNAP (67108880 bytes)",
          "[learner_sync][realzk]") {
  // The leader's log rolled after (1,50); it restarted from the snapshot taken then, so its
  // committedLog starts at (1,51). The peer stopped at (1,50), 10 txns behind.
  SyncInputs in;
  for (std::int64_t c = 1; c <= 50; ++c) in.txnLog.append(prop(z(1, c), 40));
  in.txnLog.rollLog();
  for (std::int64_t c = 51; c <= 60; ++c) in.txnLog.append(prop(z(1, c), 40));
  for (std::int64_t c = 51; c <= 60; ++c) in.committedLog.push_back(prop(z(1, c), 40));
  in.lastProcessedZxid = z(1, 60);
  in.peerLastZxid = z(1, 50);
  in.newestSnapshotBytes = 2000;
  const SyncPlan plan = syncFollower(in);
  requireSnap(plan, z(1, 60));
  REQUIRE(plan.explanation ==
          "peer 0x100000032 < minCommittedLog 0x100000033, reading from log.100000001: Txnlog size: 67108880 exceeds "
          "sizeLimit: 660 (1 newer log file, sizeLimit 660 = snapshotSizeFactor 0.33 x snapshot 2000 bytes) -> SNAP");
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
