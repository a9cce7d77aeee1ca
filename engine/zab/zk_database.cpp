#include "zk_database.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>

#include "zxid.hpp"

namespace zab {

std::uint64_t hashBytes(const Bytes& bytes) { return SharedBytes::fnv1a(bytes.data(), bytes.size()); }

const SnapshotFile* PeerDisk::restorableSnapshot() const {
  if (snapshots.empty()) return nullptr;
  assert(restorableIndex >= snapshots.firstKept() && restorableIndex < snapshots.size());
  // A writer that bypassed addSnapshot / snapshotsErased would leave the index stale: never read
  // outside the list for it.
  if (restorableIndex < snapshots.firstKept() || restorableIndex >= snapshots.size()) return &snapshots.back();
  return &snapshots[restorableIndex];
}

void PeerDisk::addSnapshot(SnapshotFile s) {
  const bool highest = snapshots.empty() || restorableIndex >= snapshots.size() || s.zxid >= snapshots[restorableIndex].zxid;
  snapshots.push_back(std::move(s));
  if (highest) restorableIndex = static_cast<std::uint32_t>(snapshots.size() - 1);
}

void PeerDisk::snapshotsErased() {
  restorableIndex = static_cast<std::uint32_t>(snapshots.firstKept());
  for (std::size_t i = snapshots.firstKept(); i < snapshots.size(); ++i)
    if (snapshots[i].zxid >= snapshots[restorableIndex].zxid) restorableIndex = static_cast<std::uint32_t>(i);
}

Zxid PeerDisk::lastLoggedZxid() const {
  const SnapshotFile* snap = restorableSnapshot();
  Zxid last = std::max(snap ? snap->zxid : 0, txnLog.forgottenMaxZxid());
  for (const auto& p : txnLog) last = std::max(last, p.zxid);
  return last;
}

std::int64_t PeerDisk::newestSnapshotBytes() const {
  const SnapshotFile* snap = restorableSnapshot();
  return snap ? static_cast<std::int64_t>(snap->tree.size()) : 0;
}

bool writeAcceptedEpoch(PeerDisk& disk, Epoch e) {
  if (disk.failAcceptedEpochWrite) {
    disk.failAcceptedEpochWrite = false;
    return false;
  }
  disk.acceptedEpochTmp = e;  // write NAME.tmp ...
  disk.acceptedEpoch = e;     // ... then rename over NAME
  disk.acceptedEpochTmp.reset();
  return true;
}

bool writeCurrentEpoch(PeerDisk& disk, Epoch e) {
  if (disk.failCurrentEpochWrite) {
    // The .tmp was written but the rename failed: CurrentEpochWriteFailureTest.
    disk.failCurrentEpochWrite = false;
    disk.currentEpochTmp = e;
    return false;
  }
  disk.currentEpochTmp = e;
  disk.currentEpoch = e;
  disk.currentEpochTmp.reset();
  return true;
}

namespace {
void putU64(Bytes& b, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) b.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xff));
}
bool getU64(const Bytes& b, std::size_t& pos, std::uint64_t& v) {
  if (pos + 8 > b.size()) return false;
  v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | b[pos++];
  return true;
}
}  // namespace

Bytes encodeSnapshot(const SnapshotFile& s) {
  Bytes b;
  putU64(b, static_cast<std::uint64_t>(s.zxid));
  putU64(b, s.history.size());
  for (const auto& h : s.history) {
    putU64(b, static_cast<std::uint64_t>(h.zxid));
    putU64(b, h.txnHash);
  }
  putU64(b, s.tree.size());
  b.insert(b.end(), s.tree.begin(), s.tree.end());
  return b;
}

std::optional<SnapshotFile> decodeSnapshot(const Bytes& b) {
  SnapshotFile s;
  std::size_t pos = 0;
  std::uint64_t zxid = 0, n = 0, treeLen = 0;
  if (!getU64(b, pos, zxid) || !getU64(b, pos, n) || n > b.size()) return std::nullopt;
  s.zxid = static_cast<Zxid>(zxid);
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t z = 0, h = 0;
    if (!getU64(b, pos, z) || !getU64(b, pos, h)) return std::nullopt;
    s.history.push_back(HistoryEntry{static_cast<Zxid>(z), h});
  }
  if (!getU64(b, pos, treeLen) || pos + treeLen != b.size()) return std::nullopt;
  s.tree.assign(b.begin() + static_cast<std::ptrdiff_t>(pos), b.end());
  return s;
}

Txn syntheticTxn(Zxid zxid) {
  Txn t;
  t.hdr.clientId = 0;
  t.hdr.cxid = static_cast<std::int32_t>(counterOf(zxid));
  t.hdr.zxid = zxid;
  t.hdr.time = 0;
  t.hdr.type = OpCode::create;
  t.path = fmt::format("/h{}_{}", epochOf(zxid), counterOf(zxid));
  t.data = "";
  t.parentCVersion = -1;
  return t;
}

PeerDisk syntheticHistory(Epoch currentEpoch, Epoch acceptedEpoch, Zxid lastZxid) {
  PeerDisk disk;
  disk.initialized = true;
  DataTree empty;
  disk.addSnapshot(SnapshotFile{0, empty.serialize(), {}});
  disk.currentEpoch = currentEpoch;
  disk.acceptedEpoch = acceptedEpoch;
  // The txns of the last zxid's epoch, (e,1) .. (e,c): enough to carry that zxid.
  Epoch e = epochOf(lastZxid);
  for (std::int64_t c = 1; c <= counterOf(lastZxid) && lastZxid > 0; ++c) {
    Txn t = syntheticTxn(makeZxid(e, c));
    disk.txnLog.append(LoggedProposal{t.hdr.zxid, serializeTxn(t)});
  }
  return disk;
}

ProcessTxnResult ZKDatabase::apply(const Txn& txn, const Bytes& raw) { return applyHashed(txn, hashBytes(raw)); }
ProcessTxnResult ZKDatabase::apply(const Txn& txn, const SharedBytes& raw) { return applyHashed(txn, raw.fnv1aHash()); }

ProcessTxnResult ZKDatabase::applyHashed(const Txn& txn, std::uint64_t rawHash) {
  history_.push_back(HistoryEntry{txn.hdr.zxid, rawHash});
  return tree_.processTxn(txn);
}

void ZKDatabase::addCommittedProposal(const LoggedProposal& p) {
  if (committedLog_.size() > commitLogCount_) committedLog_.pop_front();
  committedLog_.push_back(p);
}

void ZKDatabase::clear() {
  tree_ = DataTree();
  committedLog_.clear();
  history_.clear();
}

SnapshotFile ZKDatabase::snapshot() const { return SnapshotFile{lastProcessedZxid(), tree_.serialize(), history_}; }

bool ZKDatabase::restoreSnapshot(const SnapshotFile& s) {
  auto tree = DataTree::deserialize(s.tree);
  if (!tree) return false;
  tree_ = std::move(*tree);
  tree_.setLastProcessedZxid(s.zxid);
  history_ = s.history;
  committedLog_.clear();
  return true;
}

namespace {
// ZOOKEEPER-1558: the txns of a leader's start-up snapshot that a later, lower snapshot (a SNAP
// sync) no longer holds. FileSnap loads the snapshot with the highest zxid, not the newest file,
// so after that SNAP a restart reads the leader's snapshot again, uncommitted txns and all.
std::vector<Zxid> rolledBackPast(const PeerDisk& disk) {
  std::vector<Zxid> out;
  const SnapshotFile* loaded = disk.restorableSnapshot();
  if (!loaded || !loaded->leaderStartup) return out;
  // Only a SNAP's snapshot counts: a TRUNC's rollback under a dirty snapshot is ZOOKEEPER-1549's.
  Zxid rolledBackTo = loaded->zxid;
  for (std::size_t i = disk.restorableIndex + 1u; i < disk.snapshots.size(); ++i)
    if (disk.snapshots[i].snapSync) rolledBackTo = std::min(rolledBackTo, disk.snapshots[i].zxid);
  // The history is in zxid order: what lies above the roll-back point is its tail.
  const auto& h = loaded->history;
  std::size_t first = h.size();
  while (first > h.firstKept() && h[first - 1].zxid > rolledBackTo) --first;
  for (std::size_t i = first; i < h.size(); ++i) out.push_back(h[i].zxid);
  return out;
}
}  // namespace

bool staleAfterSnapSync(const PeerDisk& disk, std::size_t index, Zxid zxid) {
  return index < disk.snapSyncLogEnd && zxid > disk.snapSyncedOverLog;
}

std::vector<Zxid> fastForwardDataBase(const PeerDisk& disk, ZKDatabase& db, bool skipStale) {
  std::vector<Zxid> stale;
  for (std::size_t i = disk.txnLog.firstKept(); i < disk.txnLog.size(); ++i) {
    const auto& p = disk.txnLog[i];
    if (p.zxid <= db.lastProcessedZxid()) continue;
    if (staleAfterSnapSync(disk, i, p.zxid)) {
      stale.push_back(p.zxid);
      if (skipStale) continue;
    }
    auto txn = deserializeTxn(p.data);
    if (!txn) continue;
    db.apply(*txn, p.data);
    db.addCommittedProposal(p);
  }
  return stale;
}

LoadResult loadDataBase(PeerDisk& disk, ZKDatabase& db, bool skipStale) {
  LoadResult r;
  db.clear();
  if (!disk.initialized) {
    // zookeeper.db.autocreate (default true): a blank disk gets an empty snapshot.
    disk.initialized = true;
    disk.addSnapshot(db.snapshot());
    r.blankDisk = true;
  } else if (disk.snapshots.empty()) {
    if (!disk.txnLog.empty()) {
      r.fatal = "no snapshot found but there are txn logs (zookeeper.snapshot.trust.empty is false)";
      return r;
    }
    disk.addSnapshot(db.snapshot());
  } else {
    const SnapshotFile& snap = *disk.restorableSnapshot();  // the highest zxid in a name
    if (!db.restoreSnapshot(snap)) {
      r.fatal = "the snapshot with the highest zxid is unreadable";
      return r;
    }
    Zxid snapZxid = snap.zxid;
    r.uncommittedFromLeaderSnapshot = rolledBackPast(disk);
    // FileTxnSnapLog.fastForwardFromEdits reads every record after the snapshot; a record
    // with a bad checksum ends the restore with an IOException (QuorumPeer: "Unable to load
    // database on disk").
    if (disk.corruptRecord > snapZxid) {
      r.fatal = fmt::format("Unable to load database on disk: CRC check failed reading txn {} of the txn log",
                            formatZxid(disk.corruptRecord));
      return r;
    }
    for (std::size_t i = disk.txnLog.firstKept(); i < disk.txnLog.size(); ++i) {
      const auto& p = disk.txnLog[i];
      if (p.zxid <= snapZxid || p.zxid <= db.lastProcessedZxid()) continue;
      // FileTxnSnapLog.fastForwardFromEdits reads on from the snapshot's zxid: a record a SNAP
      // replaced is applied like any other (it only logs "highestZxid > next log" when the
      // zxids fall back).
      if (staleAfterSnapSync(disk, i, p.zxid)) {
        r.staleAfterSnapSync.push_back(p.zxid);
        r.staleSkipped = skipStale;
        if (skipStale) continue;
      }
      auto txn = deserializeTxn(p.data);
      if (!txn) {
        r.fatal = fmt::format("txn {} in the log is unreadable", formatZxid(p.zxid));
        return r;
      }
      db.apply(*txn, p.data);
      db.addCommittedProposal(p);
    }
  }
  // QuorumPeer.loadDataBase: the epoch files.
  Epoch e = epochOf(db.lastProcessedZxid());
  if (!disk.currentEpoch) {
    disk.currentEpoch = e;
    r.currentEpochWritten = e;
  }
  if (e > *disk.currentEpoch) {
    if (disk.currentEpochTmp) {
      r.currentEpochBefore = *disk.currentEpoch;
      r.currentEpochFromTmp = *disk.currentEpochTmp;
      disk.currentEpoch = *disk.currentEpochTmp;
      disk.currentEpochTmp.reset();
    } else if (disk.updatingEpoch) {  // fix=ZOOKEEPER-2354: the learner stopped mid-update
      r.currentEpochBefore = *disk.currentEpoch;
      r.currentEpochFromUpdating = e;
      disk.currentEpoch = e;
      disk.updatingEpoch = false;
    } else {
      r.epochUpdateCut = disk.newLeaderEpochPending != 0;
      r.fatal = fmt::format("The current epoch, {}, is older than the last zxid, {}", *disk.currentEpoch,
                            formatZxid(db.lastProcessedZxid()));
      return r;
    }
  }
  if (!disk.acceptedEpoch) {
    disk.acceptedEpoch = e;
    r.acceptedEpochWritten = e;
  }
  if (*disk.acceptedEpoch < *disk.currentEpoch) {
    r.fatal = fmt::format("The accepted epoch, {}, is less than the current epoch, {}", *disk.acceptedEpoch,
                          *disk.currentEpoch);
    return r;
  }
  r.ok = true;
  disk.newLeaderEpochPending = 0;  // this start is past the epoch check
  r.loggedTxns = disk.txnLog.size();
  r.lastZxid = db.lastProcessedZxid();
  r.acceptedEpoch = *disk.acceptedEpoch;
  r.currentEpoch = *disk.currentEpoch;
  return r;
}

std::vector<std::string> LoadResult::notes() const {
  std::vector<std::string> out;
  if (blankDisk) out.push_back("blank disk: an empty snapshot is created (db.autocreate)");
  if (staleSkipped)  // replayed ones get their own note, with the known bug's marks (QuorumPeer)
    out.push_back(fmt::format("skips {} txn{} ({}..{}) that a SNAP replaced, still in the txn log after the snapshot "
                              "(fix=ZOOKEEPER-2846)",
                              staleAfterSnapSync.size(), staleAfterSnapSync.size() == 1 ? "" : "s",
                              formatEpochCounter(staleAfterSnapSync.front()), formatEpochCounter(staleAfterSnapSync.back())));
  if (currentEpochWritten) out.push_back(fmt::format("currentEpoch file missing: written as {}", *currentEpochWritten));
  if (currentEpochFromTmp)
    out.push_back(fmt::format("currentEpoch {} is older than the last zxid's epoch {}; currentEpoch.tmp holds {} and is "
                              "used",
                              currentEpochBefore, epochOf(lastZxid), *currentEpochFromTmp));
  if (currentEpochFromUpdating)
    out.push_back(fmt::format("currentEpoch {} is older than the last zxid's epoch {}, and the updatingEpoch file says the "
                              "server stopped between NEWLEADER's snapshot and its currentEpoch write: currentEpoch set "
                              "to {} (fix=ZOOKEEPER-2354)",
                              currentEpochBefore, epochOf(lastZxid), *currentEpochFromUpdating));
  if (acceptedEpochWritten) out.push_back(fmt::format("acceptedEpoch file missing: written as {}", *acceptedEpochWritten));
  out.push_back(fmt::format("loaded snapshot + {} logged txns: last zxid {}, acceptedEpoch {}, currentEpoch {}", loggedTxns,
                            formatZxid(lastZxid), acceptedEpoch, currentEpoch));
  return out;
}

namespace {
// Removes the entries `drop` selects, keeping the order of the rest. They are usually a
// suffix (a cut the shared elements survive); otherwise the log is rebuilt.
template <class T, class Pred>
void eraseIf(AppendLog<T>& log, Pred drop) {
  std::size_t keep = 0;
  while (keep < log.size() && !drop(log[keep])) ++keep;
  std::size_t i = keep;
  while (i < log.size() && drop(log[i])) ++i;
  if (i == log.size()) {
    log.truncate(keep);
    return;
  }
  std::vector<T> kept;
  for (const T& x : log)
    if (!drop(x)) kept.push_back(x);
  log.assign(kept);
}
}  // namespace

TruncateResult truncateLog(PeerDisk& disk, ZKDatabase& db, Zxid zxid, bool deleteNewerSnapshots, bool cutExactly) {
  TruncateResult r;
  // FileTxnIterator fast-forwards to the first entry at or beyond zxid; past the end of the
  // log its input stream is gone and FileTxnLog.truncate throws.
  std::size_t keep = disk.txnLog.firstKept();  // the forgotten txns are older than any TRUNC point
  while (keep < disk.txnLog.size() && disk.txnLog[keep].zxid < zxid) ++keep;
  if (keep == disk.txnLog.size()) {
    r.logTooShort = true;
    r.error = fmt::format("No log files found to truncate! (the txn log {} before {})",
                          disk.txnLog.empty() ? std::string("is empty")
                                              : "ends at " + formatZxid(disk.txnLog.back().zxid),
                          formatZxid(zxid));
    if (!deleteNewerSnapshots) return r;  // 3.8.0: the exception leaves disk and database as they were
  } else {
    // FileTxnLog.truncate cuts at the iterator's position, just after the first entry at or
    // beyond zxid: that entry is zxid itself whenever the learner shares the leader's history,
    // and the next one when the log lacks zxid (TRUNC-KEEPS-NEXT).
    if (cutExactly) {
      disk.txnLog.truncate(zxid);
    } else {
      if (disk.txnLog[keep].zxid != zxid) r.keptPast = disk.txnLog[keep].zxid;
      disk.txnLog.truncateAfter(keep);
    }
    // Records appended from now on come after the cut, not before a SNAP.
    disk.snapSyncLogEnd = std::min(disk.snapSyncLogEnd, disk.txnLog.size());
  }
  if (deleteNewerSnapshots) {
    const std::size_t before = disk.snapshots.size();
    eraseIf(disk.snapshots, [&](const SnapshotFile& s) { return s.zxid > zxid; });
    disk.snapshotsErased();
    r.snapshotsDeleted = before - disk.snapshots.size();
  }
  r.dirtySnapshot = !disk.snapshots.empty() && disk.restorableSnapshot()->zxid > zxid;
  std::size_t count = db.commitLogCount();
  db = ZKDatabase(count);
  r.load = loadDataBase(disk, db);
  return r;
}

}  // namespace zab
