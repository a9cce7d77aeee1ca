#include "quorum_peer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "zxid.hpp"

namespace zab {

namespace {
std::string electionAddress(const QuorumVerifier& qv, Sid sid) {
  auto it = qv.allMembers().find(sid);
  if (it == qv.allMembers().end()) return "127.0.0.1:0";
  return fmt::format("{}:{}", it->second.host, it->second.electionPort);
}
}  // namespace

QuorumPeer::QuorumPeer(Sid myid, QuorumVerifier qv, PeerTiming timing, PeerDisk disk)
    : myid_(myid),
      qv_(std::move(qv)),
      timing_(timing),
      disk_(std::move(disk)),
      db_(timing.commitLogCount),
      qcm_(myid, electionAddress(qv_, myid)),
      fle_(timing.fle) {
  auto me = qv_.allMembers().find(myid);
  learnerType_ = (me != qv_.allMembers().end()) ? me->second.type : LearnerType::PARTICIPANT;
  rngState_ = static_cast<std::uint64_t>(myid);
  // The election's per-peer tables, one slot per sid, sized for the whole ensemble at once when
  // it is larger than their first allocation (eight): growing them a slot range at a time moved
  // every entry each time. Speed only.
  if (!qv_.allMembers().empty()) {
    const Sid maxSid = qv_.allMembers().rbegin()->first;
    if (maxSid >= 8) {
      qcm_.reservePeers(maxSid);
      fle_.reservePeers(maxSid);
    }
  }
  // A new process opens a new FileTxnLog: its first append starts a new log file.
  disk_.txnLog.rollLog();
}

void QuorumPeer::start(Effects& fx) {
  LoadResult load = loadDataBase(disk_, db_, timing_.fixes.zk2846);
  if (!load.staleSkipped) markStaleReplay(load.staleAfterSnapSync, fx);
  markUncommittedSnapshot(load, fx);
  if (!load.ok) {
    stopped_ = true;
    fx.note(Family::Peer, [&] { return fmt::format("S{} cannot start: {}", myid_, load.fatal); });
    if (load.epochUpdateCut) {
      // Stopped between NEWLEADER's snapshot or logged txns of the new epoch and its currentEpoch
      // write, and no file says why. This server never starts again by itself.
      fx.add(OutKnownBug{myid_, kZk2354, 0});
      fx.note(Family::Peer, [&] {
        return fmt::format("S{} stopped after NEWLEADER wrote data of the new epoch (a snapshot, or txns) and before its "
                           "currentEpoch write; loadDataBase refuses the disk at every start (known ZooKeeper bug {}; the "
                           "fix's updatingEpoch file lets the start finish the update)",
                           myid_, kZk2354);
      });
    }
    fx.add(OutFatal{load.fatal});
    return;
  }
  if (timing_.snapshotSizeFactor > 1)
    fx.note(Family::Peer, [&] {
      return fmt::format("S{}: the configured zookeeper.snapshotSizeFactor {} is invalid (above 1): ZKDatabase uses "
                         "the default {}",
                         myid_, timing_.snapshotSizeFactor, ZKDatabase::kDefaultSnapshotSizeFactor);
    });
  // startLeaderElection: before any election, currentVote = (myid, lastLoggedZxid, currentEpoch).
  currentVote_ = Vote{0, myid_, lastLoggedZxid(), -1, currentEpoch(), ServerState::LOOKING};
  state_ = ServerState::LOOKING;
  zabState_ = ZabState::ELECTION;
  // One line per stage of the start-up (QuorumPeer.start), so a start-up reads as a sequence.
  fx.note(Family::Peer, [&] {
    return fmt::format("S{} starts ({}): QuorumPeer.start runs loadDataBase, startServerCnxnFactory, "
                       "startLeaderElection, then run()",
                       myid_, to_string(learnerType_));
  });
  if (fx.explain)
    for (const auto& line : load.notes()) fx.note(Family::Peer, [&] { return fmt::format("S{} loadDataBase: {}", myid_, line); });
  fx.note(Family::Peer, [&] {
    return fmt::format("S{} startServerCnxnFactory: the client port listens; requests fail until S{} serves", myid_, myid_);
  });
  fx.note(Family::Peer, [&] {
    return fmt::format("S{} startLeaderElection: currentVote = {} (itself, its last zxid and currentEpoch); run() "
                       "finds the state LOOKING",
                       myid_, voteNotation(currentVote_.id, currentVote_.zxid, currentVote_.peerEpoch));
  });
  fle_.lookForLeader(*this, fx);
  drainReceiveQueue(fx);
}

void QuorumPeer::relook(const std::string& why, Effects& fx) {
  if (stopped_ || state_ == ServerState::LOOKING) return;
  roleEnded(why, fx);
  drainReceiveQueue(fx);
}

// FileTxnLog.commit: logStream.flush() hands the appended txns to the OS, then force() is the
// fsync the engine times. So the running fsync's batch is in the OS's page cache, and a kill
// does not undo it; the txns queued behind it were never appended. A learner's NEWLEADER fsync
// (fix=ZOOKEEPER-4785) is the same: 3.9.2 appends the sync's txns, then commits.
void QuorumPeer::keepWrittenAtKill() {
  if (timing_.killLosesWrittenTxns) return;
  const std::size_t written = std::min(inFsync_, pendingFlush_.size());
  for (std::size_t i = 0; i < written; ++i) appendToTxnLog(pendingFlush_[i]);
  pendingFlush_.erase(pendingFlush_.begin(), pendingFlush_.begin() + static_cast<std::ptrdiff_t>(written));
  inFsync_ = 0;
  if (learner_)
    for (const auto& p : learner_->takeNewLeaderFsync()) appendToTxnLog(p);
}

bool QuorumPeer::isServing() const {
  if (leader_) return leader_->stage() == Leader::Stage::Broadcast && !leader_->isShutdown();
  if (learner_) return learner_->stage() == LearnerStage::Broadcast && !learner_->failed();
  return false;
}

Zxid QuorumPeer::lastCommittedZxid() const {
  if (leader_ && !leader_->isShutdown()) return leader_->lastCommitted();
  return db_.history().empty() ? 0 : db_.history().back().zxid;
}

void QuorumPeer::step(const Input& in, Effects& fx) {
  if (stopped_) return;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, InConnectionRequest>) {
          if (v.channel == Channel::Election) qcm_.onConnectionRequest(v, fx);
          else if (acceptsLearners()) leader_->onLearnerConnect(*this, v.conn, fx);
          else fx.add(OutClose{v.conn, "not leading", CloseCause::NotLeading});
        } else if constexpr (std::is_same_v<T, InConnectEstablished>) {
          if (v.channel == Channel::Election) qcm_.onConnectEstablished(v, fx);
          else if (learner_) learner_->onConnectEstablished(*this, v, fx);
          else {
            fx.add(OutClose{v.conn, "no longer following", CloseCause::NoLongerFollowing});
            fx.note(Family::Discovery, [&] {
              return fmt::format("S{} no longer follows S{}: it closes the new connection at once", myid_, v.to);
            });
          }
        } else if constexpr (std::is_same_v<T, InConnectFailed>) {
          if (v.channel == Channel::Election) qcm_.onConnectFailed(v, fx);
          else if (learner_) learner_->onConnectFailed(*this, v, fx);
        } else if constexpr (std::is_same_v<T, InFrame>) {
          if (qcm_.ownsConnection(v.conn)) qcm_.onFrame(v, fx);
          else if (leader_ && leader_->owns(v.conn)) leader_->onFrame(*this, v.conn, v.frame, fx);
          else if (learner_ && learner_->owns(v.conn)) learner_->onFrame(*this, v.conn, v.frame, fx);
          else
            fx.note(Family::Transport, [&] {
              return fmt::format("S{} no longer reads this connection (its role that owned it has ended): the frame is "
                                 "dropped",
                                 myid_);
            });
        } else if constexpr (std::is_same_v<T, InConnectionClosed>) {
          if (qcm_.ownsConnection(v.conn)) qcm_.onConnectionClosed(v, fx);
          else if (leader_ && leader_->owns(v.conn)) leader_->onConnectionClosed(*this, v.conn, fx);
          else if (learner_ && learner_->owns(v.conn)) learner_->onConnectionClosed(*this, v.conn, fx);
          else
            fx.note(Family::Transport, [&] {
              return fmt::format("S{} no longer uses this connection: the close changes nothing", myid_);
            });
        } else if constexpr (std::is_same_v<T, InTimer>) {
          switch (v.kind) {
            case TimerKind::ElectionPoll:
            case TimerKind::FinalizeWait: fle_.onTimer(*this, v.kind, fx); break;
            case TimerKind::SyncFlush: flush(fx); break;
            case TimerKind::LeaderStartup:
              if (state_ == ServerState::LEADING && !leader_) startRole(fx);
              break;
            case TimerKind::ObserverDelay:
              if (state_ == ServerState::LOOKING && !fle_.inElection()) fle_.lookForLeader(*this, fx);
              break;
            case TimerKind::LeaderTick:
            case TimerKind::LeaderWait:
            case TimerKind::HandlerWait:
            case TimerKind::HandlerRead:
            case TimerKind::SnapshotWritten:
              if (leader_) leader_->onTimer(*this, v.kind, v.key, fx);
              break;
            case TimerKind::LearnerRead:
            case TimerKind::LearnerConnect:
            case TimerKind::LearnerFsync:
              if (learner_) learner_->onTimer(*this, v.kind, fx);
              break;
          }
        } else if constexpr (std::is_same_v<T, InClientRequest>) {
          clientRequest(v, fx);
        }
      },
      in);
  // A leader that shut itself down (timeouts, step-down) ends its role here.
  if (!stopped_ && leader_ && leader_->isShutdown()) roleEnded(leader_->shutdownReason(), fx);
  for (const auto& out : fx.outputs)
    if (std::holds_alternative<OutFatal>(out)) stopped_ = true;
  // Most steps (every broadcast packet) find the receive queue empty: asked here, not in a call.
  if (!stopped_ && !qcm_.recvQueue().empty()) drainReceiveQueue(fx);
}

void QuorumPeer::drainReceiveQueue(Effects& fx) {
  // WorkerReceiver takes every message off the shared receive queue; loopback messages
  // produced while handling one are handled in the same step.
  while (!qcm_.recvQueue().empty())
    if (auto msg = qcm_.pollRecvQueue()) fle_.onMessage(*this, *msg, fx);
}

void QuorumPeer::onElectionFinished(Effects& fx) {
  ++electionsCompleted_;
  if (state_ == ServerState::LEADING) {
    // makeLeader first: until the Leader exists, nothing listens on the quorum port.
    fx.note(Family::Discovery, [&] {
      return fmt::format("S{} LEADING: makeLeader builds the LeaderZooKeeperServer and the Leader, which binds the "
                         "quorum port, in {} to {} ms; a learner that dials before is refused",
                         myid_, timing_.leaderStartupMs, std::max<std::int64_t>(timing_.leaderStartupMs, 2 * timing_.leaderStartupMs - 1));
    });
    // It takes leaderStartupMs plus a random part up to as much again (the logs' spread).
    fx.add(OutSetTimer{TimerKind::LeaderStartup, timing_.leaderStartupMs, 0, timing_.leaderStartupMs});
    return;
  }
  startRole(fx);
}

void QuorumPeer::startRole(Effects& fx) {
  resetSnapshotStats();  // the role's new SyncRequestProcessor
  if (state_ == ServerState::LEADING) {
    leader_.emplace();
    leader_->lead(*this, fx);
  } else {
    learner_.emplace();
    learner_->start(*this, currentVote_.id, fx);
  }
}

void QuorumPeer::resetSnapshotStats() {
  // ThreadLocalRandom.nextInt(snapCount / 2), from a splitmix64 stream the simulation seeded.
  const std::int64_t bound = std::max<std::int64_t>(1, timing_.snapCount / 2);
  std::uint64_t z = (rngState_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  randRoll_ = static_cast<std::int64_t>(z % static_cast<std::uint64_t>(bound));
}

void QuorumPeer::appendToTxnLog(const LoggedProposal& p) {
  disk_.txnLog.append(p);
  if (disk_.txnLog.files().back().firstEntry + 1 == disk_.txnLog.size()) forgetUnreadableLogFiles();  // a new file
  ++txnCount_;
  if (txnCount_ > timing_.snapCount / 2 + randRoll_) {
    resetSnapshotStats();
    disk_.txnLog.rollLog();
    txnCount_ = 0;
    disk_.addSnapshot(db_.snapshot());  // the Snapshot Thread's takeSnapshot
  }
}

// Memory of a long run. ZooKeeper keeps every log.<zxid> file on disk (autopurge is off by
// default), but reads old txns on three paths only, and a txn none of them can reach again
// need not stay in the simulator's memory (every file keeps its name and size: the sync rule
// adds sizes):
// - restore (FileTxnSnapLog.restore, at start-up and after a TRUNC): the snapshot with the
//   highest zxid plus the txns after it. With the ZOOKEEPER-1549 fix a TRUNC may delete that
//   snapshot, so then the txns after the one taken before the newest are kept too;
// - txn-log sync (LearnerHandler.syncFollower -> ZKDatabase.getProposalsFromTxnLog): it reads
//   from the file holding the learner's zxid only while the files after it total at most
//   sizeLimit = snapshotSizeFactor x the snapshot's size. Each file is preallocated to 64 MB,
//   so behind one full file that takes a snapshot over 194 MB, which this simulator never
//   holds: the newest file is always kept whole. snapshotSizeFactor 0 means no limit: then
//   nothing is forgotten;
// - TRUNC (FileTxnLog.truncate) cuts the tail after a txn the new leader has: never below a
//   committed txn, so never below the snapshots kept for restore.
// Called when an append opens a new file: the file before it has just become unreachable.
void QuorumPeer::forgetUnreadableLogFiles() {
  const auto& snaps = disk_.snapshots;
  if (!timing_.forgetUnreadableLogFiles || snaps.empty() || snapshotSizeFactor() == 0) return;
  // The snapshot a restore reads; with the fix, a TRUNC may delete it, and then the newest one
  // before the newest file (the lower of the two) is read.
  const Zxid restorable = disk_.restorableSnapshot()->zxid;
  const Zxid restoreFrom = !timing_.fixes.zk1549 ? restorable
                           : snaps.size() >= 2   ? std::min(restorable, snaps[snaps.size() - 2].zxid)
                                                 : 0;
  const TxnLog& log = disk_.txnLog;
  const auto& files = log.files();
  // The files after file k total `after[k]` bytes.
  std::vector<std::int64_t> after(files.size(), 0);
  for (std::size_t k = files.size() - 1; k-- > 0;) after[k] = after[k + 1] + files[k + 1].length();
  const double reach = std::max(static_cast<double>(disk_.newestSnapshotBytes()) * snapshotSizeFactor(),
                                static_cast<double>(TxnLog::kPreAllocSize));
  std::size_t keepFrom = log.firstKept();
  for (std::size_t k = 0; k < files.size(); ++k) {
    const std::size_t end = k + 1 < files.size() ? files[k + 1].firstEntry : log.size();
    if (end <= keepFrom) continue;
    const bool outOfOrder = k + 1 < files.size() && files[k + 1].firstZxid <= files[k].firstZxid;  // after a TRUNC
    if (outOfOrder || (snapshotSizeFactor() > 0 && static_cast<double>(after[k]) <= reach)) break;
    auto it = log.from(std::max(keepFrom, files[k].firstEntry));
    for (; keepFrom < end && it->zxid <= restoreFrom; ++it) ++keepFrom;
    if (keepFrom < end) break;
  }
  disk_.txnLog.forgetBefore(keepFrom);
}

void QuorumPeer::roleEnded(std::string why, Effects& fx) {
  if (state_ == ServerState::LOOKING && !leader_ && !learner_) return;
  bool clearDb = learner_ && learner_->inSnapSync();
  // 3.8.0's ZooKeeperServer.shutdown returns at once unless the server is RUNNING (canShutdown):
  // a learner is RUNNING from UPTODATE on, a leader from startZkServer (a quorum of NEWLEADER
  // ACKs). A learner's txn log gets ahead of its memory after NEWLEADER (the sync's txns are
  // logged there and applied at UPTODATE); a leader logs nothing before it runs, but keeps a
  // memory that an earlier such shutdown left behind its log.
  const bool running = (!learner_ || learner_->stage() == LearnerStage::Broadcast) &&
                       (!leader_ || leader_->stage() == Leader::Stage::Broadcast);
  const char* const runsFrom = learner_ ? "UPTODATE" : "a quorum ACKs NEWLEADER";
  // Client syncs waiting for a commit lose their connection with the role, as writes do below.
  // Client syncs waiting at a learner are in the session's queue too: they fail with the rest,
  // in the order the client sent them (failPendingClientOps below).
  if (learner_) (void)learner_->takePendingSyncs();
  if (leader_) {
    if (!leader_->isShutdown()) leader_->shutdown(*this, why, fx);
    leader_.reset();
  }
  if (learner_) {
    learner_->shutdown(*this, fx);
    learner_.reset();
  }
  fx.add(OutCancelTimer{TimerKind::SyncFlush, 0});
  fx.add(OutCancelTimer{TimerKind::LeaderStartup, 0});
  // The sync processor finishes its writes (3.8.0's Learner.shutdown never stops it:
  // ZOOKEEPER-4712); then ZooKeeperServer.shutdown applies every logged txn (fastForwardDataBase).
  // A learner that dies inside a SNAP reloads from disk (shutdown(fullyShutDown) clears the
  // database even when it returns early).
  for (const auto& p : pendingFlush_) appendToTxnLog(p);
  pendingFlush_.clear();
  inFsync_ = 0;
  if (clearDb) {
    db_ = ZKDatabase(timing_.commitLogCount);
    const LoadResult reload = loadDataBase(disk_, db_, timing_.fixes.zk2846);
    if (!reload.staleSkipped) markStaleReplay(reload.staleAfterSnapSync, fx);
    markUncommittedSnapshot(reload, fx);
  } else if (!running && !timing_.fixes.shutdownBeforeRunning) {
    keepMemoryBehindLog(runsFrom, fx);
  } else {
    const std::vector<Zxid> stale = fastForwardDataBase(disk_, db_, timing_.fixes.zk2846);
    if (!timing_.fixes.zk2846) markStaleReplay(stale, fx);
  }
  failPendingClientOps("connection loss: the server left " + std::string(to_string(state_)), fx);
  ServerState was = state_;
  state_ = ServerState::LOOKING;
  zabState_ = ZabState::ELECTION;
  if (learnerType_ == LearnerType::OBSERVER) {
    fx.note(Family::Peer, [&] { return fmt::format("S{} leaves {} ({}); LOOKING after a random delay of up to {} ms", myid_,
                                      to_string(was), why, timing_.observerElectionDelayMs); });
    fx.add(OutSetTimer{TimerKind::ObserverDelay, 0, 0, timing_.observerElectionDelayMs});
    fx.add(OutMilestone{MilestoneKind::ElectionStarted, ServerState::LOOKING, fle_.logicalclock()});
    return;
  }
  // In the notation of the cards (1:5, not 0x100000005). The round is lookForLeader's note, next:
  // "logicalclock 1 is kept" here read as if round 1 went on.
  fx.note(Family::Peer, [&] {
    return fmt::format("S{} leaves {} ({}) and goes LOOKING with its last zxid {}", myid_, to_string(was), why,
                       formatEpochCounter(lastLoggedZxid()));
  });
  fx.add(OutMilestone{MilestoneKind::ElectionStarted, ServerState::LOOKING, fle_.logicalclock()});
  fle_.lookForLeader(*this, fx);
}

// SHUTDOWN-BEFORE-RUNNING (known_bugs.hpp): the early return leaves the txns the sync logged
// out of memory. They are marked, so that a write lost through them names the bug, and so is
// the server (OutKnownBug: the newest mark names it). Once per role's end: the loop reads the
// txn log the simulator still holds, as fastForwardDataBase would.
void QuorumPeer::keepMemoryBehindLog(const char* runsFrom, Effects& fx) {
  const Zxid inMemory = db_.lastProcessedZxid();
  // A second sync may have logged some txns again (FileTxnLog.append keeps a record whose zxid
  // is not above the last one, with a warning): the note counts txns, not records.
  std::vector<Zxid> behind;
  for (const auto& p : disk_.txnLog) {
    if (p.zxid <= inMemory) continue;
    behind.push_back(p.zxid);
    fx.add(OutKnownBug{myid_, kShutdownBeforeRunning, p.zxid});
  }
  if (behind.empty()) return;
  fx.add(OutKnownBug{myid_, kShutdownBeforeRunning, 0});
  fx.note(Family::Sync, [&] {
    const std::size_t records = behind.size();
    std::sort(behind.begin(), behind.end());
    behind.erase(std::unique(behind.begin(), behind.end()), behind.end());
    const std::size_t txns = behind.size();
    const std::string twice =
        records == txns ? std::string() : fmt::format(" ({} records: a second sync logged some again)", records);
    return fmt::format("S{} is not RUNNING before {}, so ZooKeeperServer.shutdown returns at once: {} txn{} "
                       "({}..{}) in its txn log{} never reach its memory; its next vote says {} under currentEpoch {} "
                       "(known ZooKeeper 3.8.0 bug {}; the fix applies them)",
                       myid_, runsFrom, txns, txns == 1 ? "" : "s", formatEpochCounter(behind.front()),
                       formatEpochCounter(behind.back()), twice, formatEpochCounter(inMemory), currentEpoch(),
                       kShutdownBeforeRunning);
  });
}

// Marks each txn and the server, so that a history those txns break names `bug`.
void QuorumPeer::markKnownBugTxns(std::string_view bug, const std::vector<Zxid>& txns, Effects& fx) {
  for (Zxid z : txns) fx.add(OutKnownBug{myid_, bug, z});
  fx.add(OutKnownBug{myid_, bug, 0});
}

// ZOOKEEPER-1558: the snapshot loaded is a leader's start-up snapshot that a SNAP to a lower zxid
// rolled back, and its txns above that zxid (uncommitted when it was taken) are back in memory.
// They are marked, so that a history they break names the bug, and so is the server.
void QuorumPeer::markUncommittedSnapshot(const LoadResult& load, Effects& fx) {
  const std::vector<Zxid>& txns = load.uncommittedFromLeaderSnapshot;
  if (txns.empty()) return;
  markKnownBugTxns(kZk1558, txns, fx);
  fx.note(Family::Peer, [&] {
    return fmt::format("S{} loads its Leader.lead snapshot (the highest zxid), though a SNAP later rolled it back: "
                       "{} txn{} ({}..{}) never committed are back (known ZooKeeper 3.8.0 bug {}; the fix takes no "
                       "snapshot at Leader.lead)",
                       myid_, txns.size(), txns.size() == 1 ? "" : "s", formatEpochCounter(txns.front()),
                       formatEpochCounter(txns.back()), kZk1558);
  });
}

// ZOOKEEPER-2846, on the learner's side: the txns a SNAP replaced went back into memory from
// the old txn log. They are marked, so that a history they break names the bug, and so is the
// server.
void QuorumPeer::markStaleReplay(const std::vector<Zxid>& stale, Effects& fx) {
  if (stale.empty()) return;
  markKnownBugTxns(kZk2846, stale, fx);
  fx.note(Family::Peer, [&] {
    return fmt::format("S{} applies {} txn{} ({}..{}) from its txn log that a SNAP had replaced: the log still holds "
                       "them after the snapshot, and the restore reads on from there (known ZooKeeper 3.8.0 bug {}; "
                       "the fix skips them)",
                       myid_, stale.size(), stale.size() == 1 ? "" : "s", formatEpochCounter(stale.front()),
                       formatEpochCounter(stale.back()), kZk2846);
  });
}

// 3.8.0's SyncRequestProcessor.run: take a request, append it to the log, and when the queue is
// empty (zookeeper.flushDelay 0), flush: one fsync for what was appended. Requests that arrive
// while the fsync runs stay queued and go into the next one (zookeeper.maxBatchSize, 1000, caps
// a batch). A txn handed over in the instant the fsync starts (a sync's txns, logged in a row)
// is taken into it: the thread appends what it finds queued before it polls an empty queue.
void QuorumPeer::logProposal(const LoggedProposal& p, Effects& fx) {
  if (pendingFlush_.empty()) {
    startFsync(1, fx);
  } else if (timing_.fsyncTakesLateTxns ||
             (inFsync_ == pendingFlush_.size() && now_ == fsyncStartedAt_ && inFsync_ < kMaxFsyncBatch)) {
    ++inFsync_;
  }
  pendingFlush_.push_back(p);
}

OutSetTimer QuorumPeer::fsyncTimer(TimerKind kind) const {
  const std::int64_t jitter = timing_.fsyncMaxMs > timing_.fsyncMs ? timing_.fsyncMaxMs - timing_.fsyncMs + 1 : 0;
  return OutSetTimer{kind, timing_.fsyncMs, 0, jitter, timing_.slowFsyncChance, timing_.slowFsyncMs};
}

void QuorumPeer::startFsync(std::size_t txns, Effects& fx) {
  inFsync_ = txns;
  fsyncStartedAt_ = now_;
  fx.add(fsyncTimer(TimerKind::SyncFlush));
}

void QuorumPeer::flush(Effects& fx) {
  if (pendingFlush_.empty()) {
    fx.note(Family::Broadcast, [&] { return fmt::format("S{} SyncRequestProcessor: nothing left to flush", myid_); });
    return;
  }
  // The zxids go in a buffer kept between fsyncs (taken out while in use): no vector per fsync.
  std::vector<Zxid> zxids = std::move(flushedZxids_);
  zxids.clear();
  const std::size_t done = std::min(std::max<std::size_t>(inFsync_, 1), pendingFlush_.size());  // a batch is never empty
  for (std::size_t i = 0; i < done; ++i) {
    appendToTxnLog(pendingFlush_[i]);
    zxids.push_back(pendingFlush_[i].zxid);
  }
  pendingFlush_.erase(pendingFlush_.begin(), pendingFlush_.begin() + static_cast<std::ptrdiff_t>(done));
  // What queued up meanwhile is appended now, and fsynced as the next batch.
  if (!pendingFlush_.empty()) startFsync(std::min(pendingFlush_.size(), kMaxFsyncBatch), fx);
  else inFsync_ = 0;
  fx.note(Family::Broadcast, [&] {
    std::string waiting = pendingFlush_.empty()
                              ? std::string()
                              : fmt::format("; {} txn{} that came during it {} into the next fsync", pendingFlush_.size(),
                                            pendingFlush_.size() == 1 ? "" : "s", pendingFlush_.size() == 1 ? "goes" : "go");
    return fmt::format("S{} SyncRequestProcessor: fsync done: {} txn{} durable in the txn log (up to {}){}", myid_,
                       zxids.size(), zxids.size() == 1 ? "" : "s", formatEpochCounter(zxids.back()), waiting);
  });
  if (leader_) leader_->onLocalFlush(*this, zxids, fx);
  else if (learner_) learner_->onLocalFlush(*this, zxids, fx);
  flushedZxids_ = std::move(zxids);
}

std::int32_t QuorumPeer::registerClientOp(std::uint64_t opId) {
  std::int32_t cxid = nextCxid_++;
  pendingClientOps_[cxid] = opId;
  return cxid;
}

void QuorumPeer::txnApplied(const Txn& txn, Effects& fx) {
  if (txn.hdr.clientId != static_cast<std::int64_t>((static_cast<std::uint64_t>(myid_) << 56) | 1ULL)) return;
  auto it = pendingClientOps_.find(txn.hdr.cxid);
  if (it == pendingClientOps_.end()) return;
  std::uint64_t opId = it->second;
  pendingClientOps_.erase(it);
  bool ok = txn.hdr.type != OpCode::error;
  respondToClient(opId, ok, txn.hdr.zxid, "", ok ? "" : std::string(to_string(static_cast<KeeperCode>(txn.err))), fx);
  sessionRequestDone(opId, fx);
}

void QuorumPeer::respondToClient(std::uint64_t opId, bool ok, Zxid zxid, const std::string& data,
                                 const std::string& error, Effects& fx) {
  fx.add(OutClientResponse{opId, ok, zxid, data, error});
}

void QuorumPeer::failPendingClientOps(const std::string& why, Effects& fx) {
  // The client sees its connection close: every request it still waits for fails, in the order
  // it sent them. Each write (pendingClientOps_) and learner sync is in the session's queue.
  for (const SessionRequest& r : sessionQueue_) fx.add(OutClientResponse{r.opId, false, 0, "", why});
  sessionQueue_.clear();
  pendingClientOps_.clear();
}

void QuorumPeer::sessionRequestDone(std::uint64_t opId, Effects& fx) {
  // Answers come in the session's order (the leader proposes and syncs one connection's requests
  // in order), so the answered request is the oldest one that needed a commit.
  auto it = std::find_if(sessionQueue_.begin(), sessionQueue_.end(),
                         [&](const SessionRequest& r) { return r.needsCommit && r.opId == opId; });
  if (it == sessionQueue_.end()) return;
  // Not the oldest: cannot happen here (a COMMIT precedes the SYNC behind it on the same
  // connection). 3.8.0 would treat such a commit as another server's and leave the client
  // waiting; the engine answers it and keeps the rest in order.
  if (it != sessionQueue_.begin()) {
    sessionQueue_.erase(it);
    return;
  }
  sessionQueue_.pop_front();
  std::size_t ready = 0;  // the reads now at the head, up to the next request that needs a commit
  while (ready < sessionQueue_.size() && !sessionQueue_[ready].needsCommit) ++ready;
  if (ready == 0) return;
  fx.note(Family::Client, [&] {
    return fmt::format("S{} CommitProcessor: {} waiting request{} of its client run{} now{}", myid_, ready,
                       ready == 1 ? "" : "s", ready == 1 ? "s" : "",
                       ready == sessionQueue_.size()
                           ? std::string()
                           : fmt::format("; {} more wait{}", sessionQueue_.size() - ready,
                                         sessionQueue_.size() - ready == 1 ? "s" : ""));
  });
  for (std::size_t i = 0; i < ready; ++i) {
    SessionRequest r = sessionQueue_.takeFront();
    if (r.kind == ClientOpKind::Read) serveRead(r.opId, r.path, fx);
    else respondToClient(r.opId, true, db_.lastProcessedZxid(), "", "", fx);  // the leader's own sync
  }
}

void QuorumPeer::serveRead(std::uint64_t opId, const std::string& path, Effects& fx) {
  const DataNode* n = db_.tree().getNode(path);
  fx.note(Family::Client, [&] { return fmt::format("S{} serves read {} locally: {} (as of {})", myid_, path,
                                      n ? "\"" + n->data + "\"" : std::string("no such node"),
                                      formatZxid(db_.lastProcessedZxid())); });
  fx.add(OutClientResponse{opId, n != nullptr, db_.lastProcessedZxid(), n ? n->data : "", n ? "" : "NONODE"});
}

void QuorumPeer::clientRequest(const InClientRequest& in, Effects& fx) {
  if (!isServing()) {
    fx.add(OutClientResponse{in.opId, false, 0, "", fmt::format("S{} is not serving ({})", myid_, to_string(state_))});
    return;
  }
  // CommitProcessor.needCommit: writes need a commit, and syncs do at a learner only (the
  // leader's CommitProcessor is built with matchSyncs false: its own client's sync is a read).
  const bool needsCommit = in.kind == ClientOpKind::Write || in.kind == ClientOpKind::Delete ||
                           (in.kind == ClientOpKind::Sync && !leader_);
  if (!needsCommit) {
    if (!sessionQueue_.empty()) {
      sessionQueue_.push_back(SessionRequest{in.opId, in.kind, in.path, false});
      fx.note(Family::Client, [&] {
        return fmt::format("S{} CommitProcessor: the client's {} {} waits behind {} earlier request{} of its session "
                           "(a session's requests are answered in order)",
                           myid_, to_string(in.kind), in.path, sessionQueue_.size() - 1,
                           sessionQueue_.size() == 2 ? "" : "s");
      });
      return;
    }
    if (in.kind == ClientOpKind::Read) {
      serveRead(in.opId, in.path, fx);
    } else {
      fx.note(Family::Client, [&] {
        return fmt::format("S{} (leader) answers its client's sync() at once: the leader's CommitProcessor does not "
                           "wait for a commit for it (as of {})",
                           myid_, formatZxid(db_.lastProcessedZxid()));
      });
      respondToClient(in.opId, true, db_.lastProcessedZxid(), "", "", fx);
    }
    return;
  }
  sessionQueue_.push_back(SessionRequest{in.opId, in.kind, in.path, true});
  if (leader_) {
    std::int32_t cxid = registerClientOp(in.opId);
    leader_->submitRequest(*this, myid_, static_cast<std::uint64_t>(cxid), in.kind, in.path, in.data, 0, fx);
  } else if (learner_) {
    learner_->forwardRequest(*this, in.opId, in.kind, in.path, in.data, fx);
  }
}

}  // namespace zab
