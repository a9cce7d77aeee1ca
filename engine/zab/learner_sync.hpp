#pragma once
// LearnerHandler.syncFollower and queueCommittedProposals (facts 3.7) as a pure function:
// given what the leader holds and the learner's last zxid, which packets go out first.
#include <cstdint>
#include <string>
#include <vector>

#include "quorum_packet.hpp"
#include "txn_log.hpp"

namespace zab {

enum class SyncMode { DIFF, TRUNC, SNAP };
std::string_view to_string(SyncMode m);

struct SyncInputs {
  Zxid peerLastZxid = 0;
  Zxid lastProcessedZxid = 0;                 // db.lastProcessedZxid
  std::vector<LoggedProposal> committedLog;   // ZKDatabase.committedLog, oldest first
  TxnLog txnLog;                              // the on-disk txn-log files, oldest first; shared, not copied
  bool forceSnapSync = false;                 // zookeeper.forceSnapshotSync
  double snapshotSizeFactor = 0.33;           // negative disables txn-log sync
  std::int64_t newestSnapshotBytes = 0;       // 0: no snapshot file -> no size limit
  // PeerDisk::snapSyncedOverLog: up to this zxid the txn log is not one contiguous history
  // (0: it is). Reading it from a peer zxid at or before it is ZOOKEEPER-2846.
  Zxid txnLogHoleBefore = 0;
  bool fixZk2846 = false;                     // refuse the txn log across that hole (SNAP instead)
  bool explain = true;                        // false: SyncPlan's explanation and lines stay empty
};

struct SyncPlan {
  SyncMode mode = SyncMode::SNAP;   // the first thing the learner is told
  bool needSnap = false;
  std::vector<QuorumPacket> packets;  // DIFF/TRUNC then PROPOSAL/COMMIT pairs (not SNAP itself)
  Zxid currentZxid = 0;             // passed to startForwarding (lp for SNAP)
  std::string explanation;          // one line: which rule decided, e.g. "peer 0x3 within committedLog [0x2, 0x5] -> DIFF"
  std::string_view knownBug;        // set when 3.8.0 goes wrong here on purpose (known_bugs.hpp)
  // The explanation as trace lines (each short): the rule, its reasons, and why an empty
  // late joiner gets a SNAP.
  std::vector<std::string> lines;
};

// Evaluates the rules of facts 3.7 in order (forceSnap, lp == peer, peer > maxCL (TRUNC),
// minCL <= peer <= maxCL (committedLog), peer < minCL with the txn log (ZKDatabase.
// getProposalsFromTxnLog: the files newer than the one the peer's zxid is in must not exceed
// sizeLimit = snapshotSizeFactor x snapshot size; then the gap check), otherwise SNAP) and the fallback
// to SNAP when nothing was queued. Comparisons are on signed 64-bit zxids.
SyncPlan syncFollower(const SyncInputs& in);

}  // namespace zab
