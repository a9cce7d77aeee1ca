#pragma once
// What a server keeps: the simulated disk (epoch files, txn log, snapshots) that survives a
// kill, and the in-memory ZKDatabase (DataTree + committedLog) rebuilt from it at start-up.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "committed_log.hpp"
#include "append_log.hpp"
#include "data_tree.hpp"
#include "txn_log.hpp"

namespace zab {

// The delivered history of a server: every txn applied to its tree, in order. It travels
// with snapshots so that the invariant checkers can compare histories across SNAP syncs.
struct HistoryEntry {
  Zxid zxid = 0;
  std::uint64_t txnHash = 0;
  bool operator==(const HistoryEntry&) const = default;
};
std::uint64_t hashBytes(const Bytes& bytes);

// Histories, txn logs and the snapshot list grow with the run: they are AppendLogs, shared
// between a simulation and its copies (GUI checkpoints) instead of copied.
struct SnapshotFile {
  Zxid zxid = 0;  // lastProcessedZxid when it was taken
  Bytes tree;     // DataTree::serialize()
  AppendLog<HistoryEntry> history;
  // Taken by Leader.lead (ZooKeeperServer.loadData's "clean snapshot"): the database then holds
  // every txn the leader's log had, committed or not (ZOOKEEPER-1558). Not a file's content: the
  // engine's record of where the snapshot came from, to name the bug when one is loaded.
  bool leaderStartup = false;
  // Taken at NEWLEADER after a SNAP sync: at the zxid of the leader's snapshot, which may be
  // below snapshots this server wrote before (bookkeeping too, for ZOOKEEPER-1558).
  bool snapSync = false;
  bool operator==(const SnapshotFile&) const = default;
};

// <dataDir>/version-2 of one server.
struct PeerDisk {
  std::optional<Epoch> acceptedEpoch;     // file "acceptedEpoch" (nullopt: missing)
  std::optional<Epoch> currentEpoch;      // file "currentEpoch"
  std::optional<Epoch> currentEpochTmp;   // a left-over "currentEpoch.tmp"
  std::optional<Epoch> acceptedEpochTmp;  // a left-over "acceptedEpoch.tmp"
  TxnLog txnLog;                          // every logged proposal, committed or not, in log.<zxid> files
  AppendLog<SnapshotFile> snapshots;      // oldest first
  bool initialized = false;  // false: a blank disk (db.autocreate makes an empty snapshot)
  // Into snapshots, when not empty (restorableSnapshot). 32 bits beside the flag: it fills the
  // padding there, so the struct and every member after it in QuorumPeer keep their offsets.
  std::uint32_t restorableIndex = 0;
  // The zxid of the newest snapshot written after a SNAP sync over a non-empty txn log (0:
  // none). The log is not one contiguous history before it: a SNAP replaces the database but
  // leaves the old log in place (ZOOKEEPER-2846).
  Zxid snapSyncedOverLog = 0;
  // txnLog.size() at that SNAP: a record before this index with a zxid above snapSyncedOverLog
  // is a txn the SNAP replaced (one the leader did not have), still in the log. A restore or a
  // fast-forward reads the log from the snapshot's zxid on, and so applies it again
  // (staleAfterSnapSync; ZOOKEEPER-2846).
  std::size_t snapSyncLogEnd = 0;
  // Fault injection: the next write of that file fails (EpochWriteFailureTest).
  bool failAcceptedEpochWrite = false;
  // A txn-log record whose checksum does not match (0: none): reading it during the restore
  // throws "CRC check failed", and the server cannot start (3.8.0 has no repair for it).
  Zxid corruptRecord = 0;
  bool failCurrentEpochWrite = false;
  // fix=ZOOKEEPER-2354 only (ZOOKEEPER-1653's fix in 3.4.6 to 3.4.14, lost in 3.5; PRs #1109 and #1110
  // propose it again, unmerged): the "updatingEpoch" marker file a learner creates first thing at
  // NEWLEADER and deletes once currentEpoch is written. A start that finds it with the last
  // zxid's epoch above currentEpoch sets currentEpoch to that epoch and deletes it.
  bool updatingEpoch = false;
  // The simulator's own record, no file: NEWLEADER of this epoch has begun writing data of it (a
  // snapshot, txns) and currentEpoch is not written yet. A start that fails on the epoch check
  // with it set names ZOOKEEPER-2354; a hand-made disk (`history`) that fails so does not.
  Epoch newLeaderEpochPending = 0;

  // The snapshot a restore reads (nullptr: none). FileSnap.findNValidSnapshots sorts the
  // snapshot.<zxid> files by the zxid in their names and takes the highest, not the newest
  // file: after a ZOOKEEPER-1549 TRUNC without its fix, a snapshot taken later at a lower zxid
  // (a SNAP sync) loses to the stale one. A later snapshot at the same zxid overwrites the file.
  const SnapshotFile* restorableSnapshot() const;
  // Writes snapshot.<zxid>. The restorable one is tracked as snapshots are taken, so neither a
  // restore nor the txn-log trimming scans them.
  void addSnapshot(SnapshotFile s);
  void snapshotsErased();  // after snapshots were deleted or cleared: find the restorable one again

  Zxid lastLoggedZxid() const;
  std::int64_t newestSnapshotBytes() const;  // of the restorable snapshot (ZKDatabase.calculateTxnLogSizeLimit)
};

// Writes an epoch file the ZooKeeper way: value to NAME.tmp, then rename. Returns false
// (and leaves the old value) when a write failure is injected.
bool writeAcceptedEpoch(PeerDisk& disk, Epoch e);
bool writeCurrentEpoch(PeerDisk& disk, Epoch e);

// SNAP's payload: the snapshot (tree + history) as bytes, and back.
Bytes encodeSnapshot(const SnapshotFile& s);
std::optional<SnapshotFile> decodeSnapshot(const Bytes& bytes);

// A preloaded history for the scenario command `history`: a deterministic txn per zxid
// (create /h<epoch>_<counter>) so that equal zxids mean equal txns on every server.
PeerDisk syntheticHistory(Epoch currentEpoch, Epoch acceptedEpoch, Zxid lastZxid);
Txn syntheticTxn(Zxid zxid);

class ZKDatabase {
 public:
  static constexpr std::size_t kDefaultCommitLogCount = 500;
  static constexpr double kDefaultSnapshotSizeFactor = 0.33;  // DEFAULT_SNAPSHOT_SIZE_FACTOR

  ZKDatabase() = default;
  explicit ZKDatabase(std::size_t commitLogCount) : commitLogCount_(commitLogCount) {}

  DataTree& tree() { return tree_; }
  const DataTree& tree() const { return tree_; }
  Zxid lastProcessedZxid() const { return tree_.lastProcessedZxid(); }
  void setLastProcessedZxid(Zxid z) { tree_.setLastProcessedZxid(z); }

  // Applies a txn to the tree and records it in the delivered history.
  ProcessTxnResult apply(const Txn& txn, const Bytes& raw);
  ProcessTxnResult apply(const Txn& txn, const SharedBytes& raw);  // its hash is kept with the buffer

  // ZKDatabase.addCommittedProposal: evict the oldest when size > commitLogCount, then add.
  void addCommittedProposal(const LoggedProposal& p);
  const CommittedLog& committedLog() const { return committedLog_; }
  Zxid minCommittedLog() const { return committedLog_.empty() ? 0 : committedLog_.front().zxid; }
  Zxid maxCommittedLog() const { return committedLog_.empty() ? 0 : committedLog_.back().zxid; }
  const AppendLog<HistoryEntry>& history() const { return history_; }
  std::size_t commitLogCount() const { return commitLogCount_; }

  void clear();  // an empty tree (SNAP sync)
  SnapshotFile snapshot() const;
  bool restoreSnapshot(const SnapshotFile& s);

 private:
  ProcessTxnResult applyHashed(const Txn& txn, std::uint64_t rawHash);  // rawHash = hashBytes(raw)

  DataTree tree_;
  CommittedLog committedLog_;
  AppendLog<HistoryEntry> history_;
  std::size_t commitLogCount_ = kDefaultCommitLogCount;
};

struct LoadResult {
  bool ok = false;
  std::string fatal;      // why the server cannot start (facts 4.2, 4.3)
  // What happened, as numbers; notes() makes the words when a trace asks for them.
  bool blankDisk = false;
  std::optional<Epoch> currentEpochWritten;   // the file was missing
  std::optional<Epoch> currentEpochFromTmp;   // older than the last zxid's epoch: the .tmp was used
  Epoch currentEpochBefore = 0;               // ... instead of this
  std::optional<Epoch> acceptedEpochWritten;  // the file was missing
  std::optional<Epoch> currentEpochFromUpdating;  // older than the last zxid's epoch: fix=ZOOKEEPER-2354's marker
  // ZOOKEEPER-2354: the fatal "current epoch older than the last zxid", no file to rescue it, on a
  // disk a stop cut between NEWLEADER's data of the new epoch and its currentEpoch write.
  bool epochUpdateCut = false;
  std::size_t loggedTxns = 0;
  // ZOOKEEPER-2846: txns a SNAP replaced, read back from the old log after the snapshot
  // (applied, or skipped with fix=ZOOKEEPER-2846).
  std::vector<Zxid> staleAfterSnapSync;
  bool staleSkipped = false;
  // ZOOKEEPER-1558: the snapshot loaded is one a leader took at Leader.lead, and a SNAP's snapshot
  // written after it holds a lower zxid (the SNAP rolled this server back past it). Its txns above
  // that zxid were never in the new leader's history, and the restore brings them back.
  std::vector<Zxid> uncommittedFromLeaderSnapshot;
  Zxid lastZxid = 0;
  Epoch acceptedEpoch = 0;
  Epoch currentEpoch = 0;
  std::vector<std::string> notes() const;  // what happened, one line each, for the trace (a successful load)
};

// FileTxnSnapLog.restore + QuorumPeer.loadDataBase: newest snapshot, replay every logged txn
// after it (each also goes to committedLog), then the epoch files with their fatal cases.
// skipStale (fix=ZOOKEEPER-2846): leave out the log's records that a SNAP replaced.
LoadResult loadDataBase(PeerDisk& disk, ZKDatabase& db, bool skipStale = false);

// ZooKeeperServer.shutdown -> fastForwardDataBase: apply every logged txn the tree has not
// seen, committed or not. Returns the zxids of stale records (above) it met, applied or skipped.
std::vector<Zxid> fastForwardDataBase(const PeerDisk& disk, ZKDatabase& db, bool skipStale = false);

// Is the txn log's record at `index` one that a SNAP replaced (PeerDisk::snapSyncLogEnd)?
bool staleAfterSnapSync(const PeerDisk& disk, std::size_t index, Zxid zxid);

// Learner TRUNC, as ZKDatabase.truncateLog does it in 3.8.0: cut the txn log just after its
// first entry at or beyond `zxid`, which is not `zxid` itself when the log lacks it
// (TRUNC-KEEPS-NEXT; `cutExactly` is the fix); a log with no entry at or beyond `zxid` fails
// with "No log files found to truncate!". Then reload from the newest snapshot, which may be
// newer than `zxid` (ZOOKEEPER-1549). With `deleteNewerSnapshots` (the ZOOKEEPER-1549 fix)
// snapshots newer than `zxid` go too.
struct TruncateResult {
  LoadResult load;              // the reload (not done when 3.8.0 throws)
  std::string error;            // the IOException's message when the log does not reach zxid
  bool logTooShort = false;     // 3.8.0 throws and changes nothing; the fix still drops newer snapshots
  bool dirtySnapshot = false;   // the reloaded database comes from a snapshot newer than zxid
  std::size_t snapshotsDeleted = 0;  // by the fix
  Zxid keptPast = 0;            // TRUNC-KEEPS-NEXT: the txn past `zxid` that 3.8.0 kept (0: none)
};
TruncateResult truncateLog(PeerDisk& disk, ZKDatabase& db, Zxid zxid, bool deleteNewerSnapshots,
                           bool cutExactly = false);

}  // namespace zab
