#pragma once
// Known ZooKeeper 3.8.0 bugs that the engine reproduces on purpose, and the settings that
// apply a fix. Faithful includes ZooKeeper's own bugs: by default the engine does what 3.8.0
// does, names the upstream issue where the data goes wrong, and lets a scenario replay the
// same seed with the fix (`ensemble ... fix=ZOOKEEPER-2846`). See docs/known-bugs.md.
#include <optional>
#include <string>
#include <string_view>

namespace zab {

// ZOOKEEPER-2846 "Leader follower sync with on disk txns can possibly lead to data
// inconsistency": a server synced by SNAP keeps its old txn log, so the log has a hole (or
// stale uncommitted txns) before the snapshot's zxid. As leader it later builds a DIFF or a
// TRUNC from that log for a learner older than the hole. And the txns the SNAP replaced that
// lie above the snapshot's zxid stay in the log: a restart (FileTxnSnapLog.restore) or a
// fast-forward reads the log on from the snapshot and applies them again, ahead of the txns
// the new leader sent. Upstream has no merged fix; the fix setting refuses to read the txn log
// across the hole (what snapshotSizeFactor=-1 does for every case), so the learner gets a
// SNAP, and skips the replaced records when the log is read back.
inline constexpr std::string_view kZk2846 = "ZOOKEEPER-2846";
// ZOOKEEPER-1549 "Data inconsistency when follower is receiving a DIFF with a dirty
// snapshot": TRUNC cuts only the txn log (FileTxnSnapLog.truncateLog). A snapshot newer than
// the TRUNC point survives and is loaded again, with txns the leader never committed; when
// the log does not even reach the TRUNC point, truncate throws "No log files found to
// truncate!" and the learner can never rejoin. The fix setting deletes the snapshots newer
// than the TRUNC point and refuses a TRUNC the reloaded database cannot honour, so the
// learner rejoins with its true last zxid.
inline constexpr std::string_view kZk1549 = "ZOOKEEPER-1549";

// Two 3.8.0 behaviours the 100,000-seed sweep found, checked line by line against 3.8.0 (and
// master), for which no upstream issue exists yet; ZabScope names them until one is filed
// (docs/known-bugs.md has the sequence and the code paths).
// STALE-ACK-AFTER-TRUNC: Leader.processAck records a learner in a Proposal's ack set, and
// nothing takes it out when syncFollower later TRUNCs that learner's log below the proposal
// (removeLearnerHandler leaves outstandingProposals alone). The leader can then commit on an ACK
// for a txn the learner no longer has: an acknowledged write on fewer disks than a quorum. The
// fix setting drops the learner from the ack sets above its TRUNC point; it ACKs them again once
// it has logged the re-forwarded proposals.
inline constexpr std::string_view kStaleAckAfterTrunc = "STALE-ACK-AFTER-TRUNC";
// ACCEPTED-EPOCH-AHEAD (liveness only): Leader.getEpochToPropose persists acceptedEpoch e+1 as
// soon as a quorum of FOLLOWERINFOs arrives, before anyone acknowledges it. If that leader then
// fails and another establishes epoch e, Learner.registerWithLeader on the first one throws
// "Leaders epoch, e is less than accepted epoch, e+1" for as long as the other leads. No fix
// setting: accepting the lower epoch would break ZAB's promise; the server rejoins when the
// leadership changes.
inline constexpr std::string_view kAcceptedEpochAhead = "ACCEPTED-EPOCH-AHEAD";
// TRUNC-KEEPS-NEXT: FileTxnLog.truncate cuts the txn log where its FileTxnIterator stopped,
// just after the first txn at or beyond the TRUNC zxid. When the learner's log does not hold
// that zxid (its history left the leader's before it: an epoch it took part in that the
// leader never heard of), the first txn past it survives the cut, is reloaded into the
// database and stays in the log, while the learner reports the leader's zxid as its own. The
// fix setting cuts exactly after the TRUNC zxid.
inline constexpr std::string_view kTruncKeepsNext = "TRUNC-KEEPS-NEXT";

// ZOOKEEPER-4785 "Txn loss due to race condition in Learner.syncWithLeader() during DIFF
// sync" (with ZOOKEEPER-4643): at NEWLEADER 3.8.0 persists currentEpoch, hands the txns of the
// sync to the asynchronous SyncRequestProcessor and ACKs NEWLEADER at once. The leader counts
// that ACK as those txns being on the learner's disk; a power cut before the fsync ends loses
// them under the new currentEpoch, and if that server later wins an election on the higher
// epoch while the servers that hold them are down, it TRUNCs them away everywhere. Fixed in 3.8.5/3.9.2 (the fix setting): the txns are
// logged and fsynced, then currentEpoch is written, then the ACK is sent.
inline constexpr std::string_view kZk4785 = "ZOOKEEPER-4785";

// SHUTDOWN-BEFORE-RUNNING: 3.8.0's ZooKeeperServer.shutdown does its work only for a RUNNING
// server (canShutdown). A learner is not RUNNING between NEWLEADER (startupWithoutServing) and
// UPTODATE, so when it loses its leader there, the txns its sync wrote to the txn log are not
// applied to its memory (no fastForwardDataBase). Its next vote and FOLLOWERINFO carry the zxid
// its memory had before the sync, under the currentEpoch NEWLEADER wrote: with the higher epoch it
// can win and TRUNC away writes a quorum had acknowledged. (A leader runs from startZkServer, and
// one whose role ends before that returns early too.) The symptom is ZOOKEEPER-4643's (a
// higher currentEpoch with a lower zxid); the shutdown path is ZOOKEEPER-4712's; 3.9.3 closes
// it by applying the committed txns at NEWLEADER (ZOOKEEPER-4394's fix), and 3.8.6 still has it.
// No upstream issue names this sequence, so ZabScope names it. The fix setting applies the
// logged txns at every role's end, as the fact sheet (4.4) describes.
inline constexpr std::string_view kShutdownBeforeRunning = "SHUTDOWN-BEFORE-RUNNING";
// ZOOKEEPER-2354 "ZooKeeper fails to start because of inconsistent epoch" (liveness only): at
// NEWLEADER a learner writes data of the new epoch before it writes currentEpoch: its snapshot
// (a SNAP sync) and, with ZOOKEEPER-4785's fix, the txns of the sync, appended and fsynced.
// Stopped between them (a kill leaves the appended txns in the OS's page cache), it holds data
// of the new epoch under the old currentEpoch, and QuorumPeer.loadDataBase throws "The current
// epoch, e, is older than the last zxid" at every start: the server is out until an operator
// edits the file. 3.8.0's window is the snapshot's own write (instant in the engine); the fix of
// ZOOKEEPER-4785 widens it by an fsync. ZOOKEEPER-2354 re-reports ZOOKEEPER-1653, fixed in 3.4.6 to
// 3.4.14 only. The fix setting is that fix (PRs #1109 and #1110 propose it again, unmerged): an
// "updatingEpoch" marker file, created first thing at NEWLEADER and deleted after currentEpoch is
// written, lets the start finish the update.
inline constexpr std::string_view kZk2354 = "ZOOKEEPER-2354";
// ZOOKEEPER-1558 "Leader should not snapshot uncommitted state": Leader.lead calls
// ZooKeeperServer.loadData, which ends with takeSnapshot(), and the database then holds every
// txn the leader's log had, committed or not. If that leader never establishes its epoch and
// another, without those txns, syncs it by SNAP to a lower zxid, the start-up snapshot keeps the
// highest zxid in its name: FileSnap loads it at the next start, and the uncommitted txns come
// back ahead of the new epoch's (a SNAP below the learner's zxid takes forceSnapshotSync or a
// learner the leader's logs cannot serve; a TRUNC's rollback is ZOOKEEPER-1549's). Fixed on
// branch-3.4 only (3.4.6 to 3.4.14: no snapshot in loadData); 3.5.0 and later never had the fix,
// and 3.8.0 to 3.9.5 take the snapshot (ZOOKEEPER-4766, unmerged, proposes to skip it). The fix
// setting is 3.4.6's: no snapshot at Leader.lead. Found by the sweep with every other fix on
// (seed 105241 of 100,001 to 300,000).
inline constexpr std::string_view kZk1558 = "ZOOKEEPER-1558";

// ZOOKEEPER-4394 "Learner.syncWithLeader got NullPointerException" (liveness, and a door to
// SHUTDOWN-BEFORE-RUNNING): syncWithLeader's COMMIT case reads packetsNotCommitted.peekFirst()
// and dereferences it before anything else. At NEWLEADER a follower logs and clears that list,
// so the COMMIT of a proposal sent before NEWLEADER (re-sent by startForwarding, or forwarded
// while a SNAP's snapshot was written), when it arrives before UPTODATE with no newer PROPOSAL in
// between, finds the list empty: a NullPointerException ends the follower's role between NEWLEADER
// and UPTODATE, in a DIFF, TRUNC or SNAP sync alike. Common when a follower syncs under write
// load. Fixed in 3.9.3 (PR #2188); 3.8.0 to 3.8.6 and 3.9.0 to 3.9.2 have it. The fix setting is
// the part of 3.9.3's NEWLEADER this needs: the proposals without a COMMIT stay in the list (3.9.3
// calls it packetsNotLogged) and are logged after UPTODATE, so a later COMMIT finds its txn.
// Not part of it: 3.9.3 also fsyncs and applies the committed txns of the sync at NEWLEADER and
// sends no ACKs for them (fix=ZOOKEEPER-4785 fsyncs them first; the engine applies them at
// UPTODATE, and its ACKs of them are ignored by the leader).
inline constexpr std::string_view kZk4394 = "ZOOKEEPER-4394";

struct KnownBugFixes {
  bool zk2846 = false;
  bool zk1549 = false;
  bool staleAck = false;  // fix=STALE-ACK-AFTER-TRUNC
  bool truncKeepsNext = false;  // fix=TRUNC-KEEPS-NEXT
  bool zk4785 = false;          // fix=ZOOKEEPER-4785: NEWLEADER fsyncs the sync's txns before its ACK
  bool shutdownBeforeRunning = false;  // fix=SHUTDOWN-BEFORE-RUNNING: a role's end applies the logged txns
  bool zk2354 = false;  // fix=ZOOKEEPER-2354: NEWLEADER's updatingEpoch marker file
  bool zk1558 = false;  // fix=ZOOKEEPER-1558: Leader.lead takes no snapshot (3.4.6's loadData)
  bool zk4394 = false;  // fix=ZOOKEEPER-4394: NEWLEADER keeps the proposals without a COMMIT pending
  bool operator==(const KnownBugFixes&) const = default;
};

// Every known bug with a fix setting, as `fix=` and `expect bug=` name them ("ZOOKEEPER-2846, ...").
std::string_view knownBugsWithFix();
// The flag of `bug`'s fix in `fixes` (nullptr: no such bug has a fix).
bool* fixFlag(KnownBugFixes& fixes, std::string_view bug);
const bool* fixFlag(const KnownBugFixes& fixes, std::string_view bug);

// "ZOOKEEPER-2846,ZOOKEEPER-1549,STALE-ACK-AFTER-TRUNC" -> fixes; returns the first unknown name on error.
std::optional<std::string> parseKnownBugFixes(std::string_view list, KnownBugFixes& out);

// One line saying what goes wrong, for invariant reports ("" for an unknown id).
std::string_view knownBugSummary(std::string_view id);

}  // namespace zab
