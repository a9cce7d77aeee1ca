#pragma once
// LearnerHandler.syncFollower and queueCommittedProposals (facts 3.7) as a pure function:
// given what the leader holds and the learner's last zxid, which packets go out first.
#include <cstdint>
#include <string>
#include <vector>

#include "append_log.hpp"
#include "quorum_packet.hpp"

namespace zab {

// One logged proposal: its zxid and the PROPOSAL data (serialized txn).
struct LoggedProposal {
  Zxid zxid = 0;
  Bytes data;
  bool operator==(const LoggedProposal&) const = default;
};

enum class SyncMode { DIFF, TRUNC, SNAP };
std::string_view to_string(SyncMode m);

struct SyncInputs {
  Zxid peerLastZxid = 0;
  Zxid lastProcessedZxid = 0;                 // db.lastProcessedZxid
  std::vector<LoggedProposal> committedLog;   // ZKDatabase.committedLog, oldest first
  AppendLog<LoggedProposal> txnLog;           // the on-disk txn log, oldest first (may repeat zxids); shared, not copied
  bool forceSnapSync = false;                 // zookeeper.forceSnapshotSync
  double snapshotSizeFactor = 0.33;           // negative disables txn-log sync
  std::int64_t newestSnapshotBytes = 0;       // 0: no snapshot file -> no size limit
  // PeerDisk::snapSyncedOverLog: before this zxid the txn log is not one contiguous history
  // (0: it is). Reading it from an older peer zxid is ZOOKEEPER-2846.
  Zxid txnLogHoleBefore = 0;
  bool fixZk2846 = false;                     // refuse the txn log across that hole (SNAP instead)
};

struct SyncPlan {
  SyncMode mode = SyncMode::SNAP;   // the first thing the learner is told
  bool needSnap = false;
  std::vector<QuorumPacket> packets;  // DIFF/TRUNC then PROPOSAL/COMMIT pairs (not SNAP itself)
  Zxid currentZxid = 0;             // passed to startForwarding (lp for SNAP)
  std::string explanation;          // one line: which rule decided, e.g. "peer 0x3 within committedLog [0x2, 0x5] -> DIFF"
  std::string_view knownBug;        // set when 3.8.0 goes wrong here on purpose (known_bugs.hpp)
};

// Evaluates the rules of facts 3.7 in order (forceSnap, lp == peer, peer > maxCL (TRUNC),
// minCL <= peer <= maxCL (committedLog), peer < minCL with the txn log (bounded by
// size factor x snapshot size, and the gap check), otherwise SNAP) and the fallback
// to SNAP when nothing was queued. Comparisons are on signed 64-bit zxids.
SyncPlan syncFollower(const SyncInputs& in);

// The serialized size of the txn log from the first entry with zxid >= from (our stand-in
// for FileTxnIterator.getStorageSize).
std::int64_t txnLogBytesFrom(const AppendLog<LoggedProposal>& txnLog, Zxid from);

}  // namespace zab
