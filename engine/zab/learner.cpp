#include "learner.hpp"

#include <fmt/format.h>

#include "client_request.hpp"
#include "known_bugs.hpp"
#include "packet_view.hpp"
#include "quorum_peer.hpp"
#include "zk_database.hpp"
#include "zxid.hpp"

namespace zab {

namespace {
// The txn a PROPOSAL or INFORM carries, decoded for this learner alone (null: no data, or not
// a txn). A broadcast PROPOSAL read in place shares the leader's decode instead (sharedTxnOf).
std::shared_ptr<const Txn> txnOf(const std::optional<Bytes>& data) {
  auto txn = data ? deserializeTxn(*data) : std::nullopt;
  return txn ? std::make_shared<const Txn>(std::move(*txn)) : nullptr;
}
}  // namespace

std::string_view to_string(LearnerStage s) {
  switch (s) {
    case LearnerStage::Connecting: return "connecting to the leader";
    case LearnerStage::Registering: return "FOLLOWERINFO sent, waiting for LEADERINFO";
    case LearnerStage::WaitSyncMode: return "ACKEPOCH sent, waiting for DIFF/TRUNC/SNAP";
    case LearnerStage::Syncing: return "syncing, waiting for NEWLEADER";
    case LearnerStage::AfterNewLeader: return "NEWLEADER acked, waiting for UPTODATE";
    case LearnerStage::Broadcast: return "broadcast";
  }
  return "?";
}

bool Learner::isObserver(const QuorumPeer& self) const { return !self.isParticipant(); }

void Learner::start(QuorumPeer& self, Sid leader, Effects& fx) {
  leader_ = leader;
  connectStartMs_ = self.now();
  self.setZabState(ZabState::DISCOVERY);
  fx.note(Family::Discovery, [&] { return fmt::format("S{} {}: connects to leader S{}'s quorum port (findLeader uses the decided "
                                         "vote)",
                                         self.myid(), isObserver(self) ? "OBSERVING" : "FOLLOWING", leader); });
  dial(self, fx);
}

namespace {
// Learner.LeaderConnector: tickTime x initLimit, or x connectToLearnerMasterLimit when that is set.
std::int64_t connectBudgetMs(const PeerTiming& t) {
  const int ticks = t.connectToLearnerMasterLimit > 0 ? t.connectToLearnerMasterLimit : t.initLimit;
  return static_cast<std::int64_t>(t.tickTime) * ticks;
}
}  // namespace

void Learner::dial(QuorumPeer& self, Effects& fx) {
  ++connectAttempts_;
  std::int64_t limit = connectBudgetMs(self.timing());
  std::int64_t remaining = limit - (self.now() - connectStartMs_);
  fx.add(OutDial{leader_, {}, Channel::Quorum, std::max<std::int64_t>(1, remaining)});
}

void Learner::onConnectFailed(QuorumPeer& self, const InConnectFailed& in, Effects& fx) {
  if (stage_ != LearnerStage::Connecting || failed_) return;
  std::int64_t limit = connectBudgetMs(self.timing());
  std::int64_t remaining = limit - (self.now() - connectStartMs_);
  if (connectAttempts_ >= 5 || remaining <= self.timing().leaderConnectDelayMs) {
    fail(self, fmt::format("Failed connect to leader S{} after {} attempts: {}", leader_, connectAttempts_, in.reason),
         fx);
    return;
  }
  fx.note(Family::Discovery, [&] { return fmt::format("S{}: connect to leader S{} failed ({}); attempt {} of 5 in {} ms",
                                         self.myid(), leader_, in.reason, connectAttempts_ + 1,
                                         self.timing().leaderConnectDelayMs); });
  fx.add(OutSetTimer{TimerKind::LearnerConnect, self.timing().leaderConnectDelayMs, 0, 0});
}

void Learner::onConnectEstablished(QuorumPeer& self, const InConnectEstablished& in, Effects& fx) {
  if (stage_ != LearnerStage::Connecting || failed_) {
    fx.add(OutClose{in.conn, "not connecting any more", CloseCause::NotConnecting});
    return;
  }
  conn_ = in.conn;
  stage_ = LearnerStage::Registering;
  lastLoggedZxid_ = self.db().lastProcessedZxid();
  LearnerInfo li{self.myid(), kZabProtocolVersion, self.quorumVerifier().version()};
  PacketType type = isObserver(self) ? PacketType::OBSERVERINFO : PacketType::FOLLOWERINFO;
  send(self, QuorumPacket{type, makeZxid(self.acceptedEpoch(), 0), encodeLearnerInfo(li)}, fx);
  fx.note(Family::Discovery, [&] { return fmt::format("S{} registerWithLeader: {} with acceptedEpoch {}", self.myid(),
                                         to_string(type), self.acceptedEpoch()); });
  armRead(self, fx);
}

void Learner::armRead(QuorumPeer& self, Effects& fx) {
  // SO_TIMEOUT: initLimit x tickTime until NEWLEADER arrives, then syncLimit x tickTime.
  int limit = (stage_ == LearnerStage::AfterNewLeader || stage_ == LearnerStage::Broadcast) ? self.timing().syncLimit
                                                                                              : self.timing().initLimit;
  fx.add(OutSetTimer{TimerKind::LearnerRead, static_cast<std::int64_t>(self.timing().tickTime) * limit, 0, 0});
}

void Learner::send(QuorumPeer&, const QuorumPacket& qp, Effects& fx) {
  OutSendFrame out;
  out.conn = conn_;
  out.to = leader_;
  out.frame = encodeQuorumPacket(qp);
  out.type = to_string(qp.type);
  out.family = packetFamily(qp);
  fx.add(std::move(out));
}

void Learner::onTimer(QuorumPeer& self, TimerKind kind, Effects& fx) {
  if (failed_) return;
  if (kind == TimerKind::LearnerConnect && stage_ == LearnerStage::Connecting) {
    fx.note(Family::Discovery, [&] { return fmt::format("S{} connectToLeader: attempt {} of 5 to leader S{}'s quorum port",
                                                        self.myid(), connectAttempts_ + 1, leader_); });
    dial(self, fx);
  }
  else if (kind == TimerKind::LearnerFsync && inNewLeaderFsync())
    finishNewLeader(self, fx);
  else if (kind == TimerKind::LearnerRead && stage_ != LearnerStage::Connecting)
    fail(self, fmt::format("read from leader S{} timed out ({}): no packet within {} x tickTime", leader_,
                           to_string(stage_),
                           (stage_ == LearnerStage::AfterNewLeader || stage_ == LearnerStage::Broadcast)
                               ? "syncLimit"
                               : "initLimit"),
         fx);
}

void Learner::onConnectionClosed(QuorumPeer& self, ConnId conn, Effects& fx) {
  if (conn != conn_ || failed_) return;
  if (inNewLeaderFsync()) {
    holdRead(conn, nullptr, fx);
    return;
  }
  conn_ = 0;
  fail(self, fmt::format("the connection to leader S{} was closed", leader_), fx);
}

void Learner::fail(QuorumPeer& self, const std::string& why, Effects& fx) {
  if (failed_) return;
  failed_ = true;
  failure_ = why;
  self.roleEnded(why, fx);
}

void Learner::shutdown(QuorumPeer& self, Effects& fx) {
  // A role that ends inside NEWLEADER's fsync (only the simulator's relook can do that): the
  // appended txns are the OS's to write, as at a kill.
  for (const auto& p : takeNewLeaderFsync()) self.appendToTxnLog(p);
  if (conn_) fx.add(OutClose{conn_, "learner shut down", CloseCause::LearnerShutdown});
  conn_ = 0;
  fx.add(OutCancelTimer{TimerKind::LearnerRead, 0});
  fx.add(OutCancelTimer{TimerKind::LearnerConnect, 0});
  fx.add(OutCancelTimer{TimerKind::LearnerFsync, 0});
}

void Learner::onFrame(QuorumPeer& self, ConnId conn, const SharedBytes& frame, Effects& fx) {
  if (conn != conn_ || failed_) return;
  if (inNewLeaderFsync()) {
    holdRead(conn, &frame, fx);
    return;
  }
  if (stage_ == LearnerStage::Broadcast && !isObserver(self)) {
    // A PROPOSAL that carries the leader's txn buffer (SharedBytes::carrying) with the same
    // bytes: that buffer is logged, as a copy of those bytes would be, and its hash is made once
    // for every server. Anything else is decoded below.
    if (const SharedBytes txnBytes = frame.payload(); !txnBytes.empty()) {
      if (const auto zxid = proposalCarrying(frame, txnBytes)) {
        armRead(self, fx);
        auto txn = sharedTxnOf(txnBytes);
        if (!txn) return;
        logRequest(self, PacketInFlight{LoggedProposal{*zxid, txnBytes}, std::move(txn)}, fx);
        return;
      }
    }
  }
  if (auto header = decodeHeaderOnlyPacket(frame)) {  // a COMMIT: half of what a follower reads
    armRead(self, fx);
    packet(self, *header, fx);
    return;
  }
  QuorumPacketDecode d = decodeQuorumPacket(frame);
  if (!d.packet) {
    fail(self, "malformed packet from the leader: " + d.error, fx);
    return;
  }
  armRead(self, fx);
  packet(self, *d.packet, fx);  // a PROPOSAL's data moves on into the log: decoded once, not copied
}

void Learner::packet(QuorumPeer& self, QuorumPacket& qp, Effects& fx) {
  switch (stage_) {
    case LearnerStage::Registering: registerWithLeader(self, qp, fx); return;
    case LearnerStage::WaitSyncMode: syncMode(self, qp, fx); return;
    case LearnerStage::Syncing:
    case LearnerStage::AfterNewLeader: syncPacket(self, qp, fx); return;
    case LearnerStage::Broadcast: broadcastPacket(self, qp, fx); return;
    case LearnerStage::Connecting: return;
  }
}

void Learner::registerWithLeader(QuorumPeer& self, const QuorumPacket& qp, Effects& fx) {
  if (qp.type != PacketType::LEADERINFO) {
    fail(self, fmt::format("expected LEADERINFO, got {}", to_string(qp.type)), fx);
    return;
  }
  newEpoch_ = epochOf(qp.zxid);
  Epoch accepted = self.acceptedEpoch();
  std::int32_t payload = 0;
  std::string why;
  if (newEpoch_ > accepted) {
    payload = static_cast<std::int32_t>(self.currentEpoch());
    if (!writeAcceptedEpoch(self.diskMut(), newEpoch_)) {
      fail(self, "failed to write acceptedEpoch", fx);
      return;
    }
    why = fmt::format("epoch {} > my acceptedEpoch {}: accept it (acceptedEpoch {} persisted) and report currentEpoch "
                      "{}",
                      newEpoch_, accepted, newEpoch_, payload);
  } else if (newEpoch_ == accepted) {
    payload = -1;
    why = fmt::format("epoch {} == my acceptedEpoch: already acked, report -1 (does not count)", newEpoch_);
  } else {
    fail(self, fmt::format("Leaders epoch, {} is less than accepted epoch, {}", newEpoch_, accepted), fx);
    return;
  }
  send(self, QuorumPacket{PacketType::ACKEPOCH, lastLoggedZxid_, encodeInt(payload)}, fx);
  fx.note(Family::Discovery, [&] { return fmt::format("S{} LEADERINFO e{}: {}; ACKEPOCH with last zxid {}", self.myid(), newEpoch_,
                                         why, formatZxid(lastLoggedZxid_)); });
  stage_ = LearnerStage::WaitSyncMode;
  self.setZabState(ZabState::SYNCHRONIZATION);
}

void Learner::syncMode(QuorumPeer& self, const QuorumPacket& qp, Effects& fx) {
  snapshotNeeded_ = true;
  if (qp.type == PacketType::DIFF) {
    snapshotNeeded_ = false;
    lastSync_ = SyncMode::DIFF;
    fx.note(Family::Sync, [&] { return fmt::format("S{} DIFF: the leader will send the missing txns (up to {})", self.myid(),
                                      formatZxid(qp.zxid)); });
  } else if (qp.type == PacketType::SNAP) {
    auto snap = qp.data ? decodeSnapshot(*qp.data) : std::nullopt;
    if (!snap || !self.db().restoreSnapshot(*snap)) {
      fail(self, "unreadable snapshot in SNAP", fx);
      return;
    }
    self.db().setLastProcessedZxid(qp.zxid);
    lastSync_ = SyncMode::SNAP;
    fx.note(Family::Sync, [&] { return fmt::format("S{} SNAP: database replaced by the leader's snapshot at {} ({} znodes)",
                                      self.myid(), formatZxid(qp.zxid), self.db().tree().nodeCount()); });
  } else if (qp.type == PacketType::TRUNC) {
    const bool fix1549 = self.timing().fixes.zk1549;
    TruncateResult r = truncateLog(self.diskMut(), self.db(), qp.zxid, fix1549, self.timing().fixes.truncKeepsNext);
    if (!r.logTooShort && !r.load.ok) {
      fx.add(OutFatal{"TRUNC failed: " + r.load.fatal});
      failed_ = true;
      return;
    }
    if (r.logTooShort && !fix1549) {
      // 3.8.0: FileTxnSnapLog.truncateLog catches the IOException and returns false, and
      // Learner.syncWithLeader logs "Not able to truncate the log" and calls
      // ServiceUtils.requestSystemExit(QUORUM_PACKET_ERROR): the process exits with code 13. Its
      // disk is unchanged, so a restart reloads the same snapshot and meets the same TRUNC.
      fx.add(OutKnownBug{self.myid(), kZk1549});
      fx.add(OutFatal{fmt::format("Not able to truncate the log to {}: {}; the process exits (code 13, "
                                  "QUORUM_PACKET_ERROR; known ZooKeeper 3.8.0 bug ZOOKEEPER-1549)",
                                  formatZxid(qp.zxid), r.error)});
      failed_ = true;
      return;
    }
    if (r.logTooShort) {
      // The fix deleted the snapshots newer than the TRUNC point: the learner refuses this sync
      // and rejoins with the zxid its reloaded database really ends at.
      fail(self, fmt::format("TRUNC to {} failed: {} (fix ZOOKEEPER-1549: newer snapshots deleted; rejoins at {})",
                             formatZxid(qp.zxid), r.error, formatZxid(self.db().lastProcessedZxid())),
           fx);
      return;
    }
    if (fix1549 && self.db().lastProcessedZxid() < qp.zxid) {
      // The fix deleted the snapshots past the TRUNC point, and what is left (an older snapshot
      // and the log up to the cut) ends before it: this learner lacks txns the leader counts on
      // it having. It refuses the sync and rejoins with its true last zxid, as when the log is
      // too short; claiming the TRUNC zxid would leave its tree without those txns.
      fail(self, fmt::format("TRUNC to {}: the reloaded database ends at {}, before it (fix ZOOKEEPER-1549: newer "
                             "snapshots deleted; rejoins at {})",
                             formatZxid(qp.zxid), formatZxid(self.db().lastProcessedZxid()),
                             formatZxid(self.db().lastProcessedZxid())),
           fx);
      return;
    }
    if (r.dirtySnapshot) fx.add(OutKnownBug{self.myid(), kZk1549});
    self.markUncommittedSnapshot(r.load, fx);  // the reload can read a rolled-back start-up snapshot
    if (r.keptPast) {
      fx.add(OutKnownBug{self.myid(), kTruncKeepsNext});
      fx.note(Family::Sync, [&] {
        return fmt::format("S{} TRUNC to {}: the log lacks it, so FileTxnLog.truncate cuts after the next txn, {}, which "
                           "stays on disk and in the tree (ZooKeeper 3.8.0 bug TRUNC-KEEPS-NEXT)",
                           self.myid(), formatZxid(qp.zxid), formatZxid(r.keptPast));
      });
    }
    self.db().setLastProcessedZxid(qp.zxid);
    lastSync_ = SyncMode::TRUNC;
    fx.note(Family::Sync, [&] {
      return fmt::format("S{} TRUNC: txn log cut back to {} ({}); database reloaded{}", self.myid(),
                         formatZxid(r.keptPast ? r.keptPast : qp.zxid),
                         r.keptPast ? "not to the TRUNC zxid: one txn past it stays, TRUNC-KEEPS-NEXT"
                                    : "txns past the leader's log are discarded",
                         r.dirtySnapshot ? " from a snapshot newer than the TRUNC point, which still holds those txns "
                                           "(known ZooKeeper 3.8.0 bug ZOOKEEPER-1549)"
                         : r.snapshotsDeleted
                             ? fmt::format(" after deleting {} snapshot(s) newer than the TRUNC point (fix ZOOKEEPER-1549)",
                                           r.snapshotsDeleted)
                             : std::string());
    });
  } else {
    fx.add(OutFatal{fmt::format("Got unexpected packet from leader: {}, exiting", to_string(qp.type))});
    failed_ = true;
    return;
  }
  self.noteSync(*lastSync_);
  syncZxid_ = qp.zxid;
  writeToTxnLog_ = !snapshotNeeded_;
  stage_ = LearnerStage::Syncing;
}

void Learner::syncPacket(QuorumPeer& self, const QuorumPacket& qp, Effects& fx) {
  switch (qp.type) {
    case PacketType::PROPOSAL: {
      auto txn = txnOf(qp.data);
      if (!txn) return;
      packetsNotCommitted_.push_back(PacketInFlight{LoggedProposal{qp.zxid, *qp.data}, std::move(txn)});
      fx.note(Family::Sync, [&] {
        // What becomes of it: the branches of syncWithLeader, NEWLEADER and UPTODATE below.
        const char* then = !writeToTxnLog_ ? "its COMMIT applies it and the snapshot at NEWLEADER keeps it; still "
                                             "uncommitted at NEWLEADER, it is logged then"
                           : isObserver(self) ? "applied at UPTODATE once committed"
                           : stage_ == LearnerStage::Syncing
                               ? (self.timing().fixes.zk4785 ? "NEWLEADER logs it; ACK after UPTODATE"
                                                             : "NEWLEADER queues it for fsync; ACK after that fsync")
                                                             : "logged at UPTODATE, then acked";
        return fmt::format("S{} PROPOSAL {} during sync: syncWithLeader keeps it in packetsNotCommitted ({}): {}",
                           self.myid(), formatEpochCounter(qp.zxid), then, describeTxn(*packetsNotCommitted_.back().txn));
      });
      return;
    }
    case PacketType::COMMIT:
    case PacketType::COMMITANDACTIVATE:
      if (packetsNotCommitted_.empty() && !self.timing().fixes.zk4394 && !self.timing().syncCommitWithoutNpe) {
        // 3.8.0 reads packetsNotCommitted.peekFirst() and dereferences it first thing: with the
        // list empty (NEWLEADER logged and cleared it) that throws, and followLeader's catch ends
        // the role ("Exception when following the leader").
        fx.note(Family::Sync, [&] {
          return fmt::format("S{} COMMIT {} during sync finds packetsNotCommitted empty (NEWLEADER logged and cleared "
                             "it): syncWithLeader throws a NullPointerException (known ZooKeeper 3.8.0 bug {})",
                             self.myid(), formatEpochCounter(qp.zxid), kZk4394);
        });
        fx.add(OutKnownBug{self.myid(), kZk4394, qp.zxid, true});
        fail(self, fmt::format("Exception when following the leader: NullPointerException in syncWithLeader at COMMIT "
                               "{} ({})",
                               formatZxid(qp.zxid), kZk4394),
             fx);
        return;
      }
      if (!writeToTxnLog_) {
        if (packetsNotCommitted_.empty() || packetsNotCommitted_.front().logged.zxid != qp.zxid) {
          fx.note(Family::Sync, [&] { return fmt::format("S{}: committing {} but the next pending txn is different", self.myid(),
                                            formatZxid(qp.zxid)); });
          return;
        }
        PacketInFlight p = packetsNotCommitted_.front();
        packetsNotCommitted_.pop_front();
        applySyncTxn(self, p);
        fx.note(Family::Sync, [&] {
          return fmt::format("S{} COMMIT {} during sync: applied at once, not logged (after {} writeToTxnLog is false; "
                             "the snapshot at NEWLEADER keeps it): {}",
                             self.myid(), formatEpochCounter(qp.zxid), lastSync_ ? to_string(*lastSync_) : "?",
                             describeTxn(*p.txn));
        });
      } else {
        packetsCommitted_.push_back(qp.zxid);
        fx.note(Family::Sync, [&] {
          return fmt::format("S{} COMMIT {} during sync: queued in packetsCommitted; applied after UPTODATE", self.myid(),
                             formatEpochCounter(qp.zxid));
        });
      }
      return;
    case PacketType::INFORM: {
      auto txn = txnOf(qp.data);
      if (!txn) return;
      PacketInFlight p{LoggedProposal{qp.zxid, *qp.data}, std::move(txn)};
      const bool now = !writeToTxnLog_;
      if (now) {
        applySyncTxn(self, p);
      } else {
        packetsNotCommitted_.push_back(p);
        packetsCommitted_.push_back(qp.zxid);
      }
      fx.note(Family::Sync, [&] {
        return fmt::format("S{} INFORM {} during sync: {}: {}", self.myid(), formatEpochCounter(qp.zxid),
                           now ? "applied at once, not logged (writeToTxnLog is false)"
                               : "queued as proposed and committed; applied after UPTODATE",
                           describeTxn(*p.txn));
      });
      return;
    }
    case PacketType::NEWLEADER: newLeader(self, qp, fx); return;
    case PacketType::UPTODATE: upToDate(self, fx); return;
    default:
      // syncWithLeader has no PING case: pings before UPTODATE go unanswered.
      fx.note(Family::Sync, [&] {
        return fmt::format("S{} {} during sync: not answered (syncWithLeader has no case for it; PINGs are answered "
                           "after UPTODATE)",
                           self.myid(), to_string(qp.type));
      });
      return;
  }
}

// setCurrentEpoch at NEWLEADER; with fix=ZOOKEEPER-2354 the updatingEpoch marker goes once it is
// written.
bool Learner::writeNewEpoch(QuorumPeer& self) {
  if (!writeCurrentEpoch(self.diskMut(), newEpoch_)) return false;
  self.diskMut().updatingEpoch = false;
  self.diskMut().newLeaderEpochPending = 0;
  return true;
}

// The txns received during sync that no COMMIT has matched (both lists rise by zxid), taken out
// of packetsNotCommitted; the committed ones stay.
Fifo<PacketInFlight> Learner::takeUncommittedSyncTxns() {
  Fifo<PacketInFlight> committed, uncommitted;
  auto commit = packetsCommitted_.begin();
  for (auto& p : packetsNotCommitted_) {
    while (commit != packetsCommitted_.end() && *commit < p.logged.zxid) ++commit;
    if (commit != packetsCommitted_.end() && *commit == p.logged.zxid) committed.push_back(std::move(p));
    else uncommitted.push_back(std::move(p));
  }
  packetsNotCommitted_ = std::move(committed);
  return uncommitted;
}

void Learner::newLeader(QuorumPeer& self, const QuorumPacket& qp, Effects& fx) {
  std::string what;
  self.diskMut().newLeaderEpochPending = newEpoch_;  // bookkeeping: cleared when currentEpoch is written
  // fix=ZOOKEEPER-2354: ZOOKEEPER-1653's marker (3.4.6 to 3.4.14), first thing at NEWLEADER: a stop before
  // currentEpoch is written, with a snapshot or logged txns of the new epoch, is then recognised.
  if (self.timing().fixes.zk2354) {
    self.diskMut().updatingEpoch = true;
    what = "creates updatingEpoch; ";
  }
  if (snapshotNeeded_) {
    // A SNAP over a non-empty txn log leaves the old log in place: from now on the log is
    // not one contiguous history before this snapshot (ZOOKEEPER-2846).
    if (lastSync_ == SyncMode::SNAP && !self.disk().txnLog.empty()) {
      self.diskMut().snapSyncedOverLog = self.db().lastProcessedZxid();
      self.diskMut().snapSyncLogEnd = self.disk().txnLog.size();
    }
    SnapshotFile s = self.db().snapshot();  // taken synchronously
    s.snapSync = lastSync_ == SyncMode::SNAP;
    self.diskMut().addSnapshot(std::move(s));
    what += "takes a snapshot; ";
  }
  writeToTxnLog_ = true;
  stage_ = LearnerStage::AfterNewLeader;
  // fix=ZOOKEEPER-4394 (3.9.3): the proposals no COMMIT has matched yet stay in the list past
  // NEWLEADER and are logged after UPTODATE; only the committed ones are handled here.
  Fifo<PacketInFlight> outstanding;
  if (self.timing().fixes.zk4394 && !isObserver(self)) outstanding = takeUncommittedSyncTxns();
  const std::size_t keptOutstanding = outstanding.size();
  if (keptOutstanding)
    fx.note(Family::Sync, [&] {
      return fmt::format("S{} NEWLEADER e{}: keeps the {} proposal{} without a COMMIT in packetsNotCommitted, to be logged "
                         "after UPTODATE (fix={})",
                         self.myid(), newEpoch_, keptOutstanding, keptOutstanding == 1 ? "" : "s", kZk4394);
    });
  const bool fixed = self.timing().fixes.zk4785;
  if (!fixed) {
    // 3.8.0: setCurrentEpoch first, then logRequest hands the txns to the SyncRequestProcessor
    // (fsynced later, each ACKed after its fsync), then the NEWLEADER ACK at once. A power cut
    // before that fsync loses txns this server has told the leader it holds (ZOOKEEPER-4785).
    if (!writeNewEpoch(self)) {
      fail(self, "failed to write currentEpoch", fx);
      return;
    }
    what += fmt::format("currentEpoch {} persisted; ", newEpoch_);
  }
  if (!isObserver(self) && !packetsNotCommitted_.empty()) {
    const std::size_t n = packetsNotCommitted_.size();
    if (fixed && self.timing().newLeaderFsyncAtOnce) {  // runs recorded before the fsync took time
      for (const auto& p : packetsNotCommitted_) {
        self.appendToTxnLog(p.logged);
        pendingTxns_.push_back(p);
        requestsToAck_.push_back(p.logged.zxid);
      }
      what += fmt::format("logs and fsyncs the {} txn(s) received during sync; ", n);
    } else if (fixed) {
      // ZOOKEEPER-4785 fixed (3.8.5, 3.9.2): Learner.syncWithLeader appends the txns received
      // during sync (FollowerZooKeeperServer.appendRequest) and fsyncs them itself
      // (ZKDatabase.commit) before it writes currentEpoch and ACKs. That fsync blocks the
      // learner thread: nothing is read from the leader until it ends (finishNewLeader).
      // appendRequest puts each in pendingTxns and requestsToAck at once (acked after UPTODATE).
      newLeaderFsync_.clear();
      for (auto& p : packetsNotCommitted_) {
        newLeaderFsync_.push_back(p.logged);
        requestsToAck_.push_back(p.logged.zxid);
        pendingTxns_.push_back(std::move(p));
      }
      packetsNotCommitted_ = std::move(outstanding);
      newLeaderZxid_ = qp.zxid;
      fx.add(OutCancelTimer{TimerKind::LearnerRead, 0});
      fx.add(self.fsyncTimer(TimerKind::LearnerFsync));
      fx.note(Family::Sync, [&] {
        return fmt::format("S{} NEWLEADER e{}: {}appends the {} txn{} received during sync and fsyncs them on the learner "
                           "thread (ZKDatabase.commit); it reads nothing from leader S{} until that fsync ends, then "
                           "writes currentEpoch {} and ACKs (fix={})",
                           self.myid(), newEpoch_, what, n, n == 1 ? "" : "s", leader_, newEpoch_, kZk4785);
      });
      return;
    } else {
      // The ACK vouches for the sync's committed txns (the leader counts them as on this
      // disk); an outstanding proposal in the list gets its own ACK after its fsync.
      // Both lists rise by zxid, so one walk pairs each txn with its COMMIT.
      ackedBeforeFsync_.clear();
      auto commit = packetsCommitted_.begin();
      for (auto& p : packetsNotCommitted_) {
        pendingTxns_.push_back(p);
        self.logProposal(p.logged, fx);
        while (commit != packetsCommitted_.end() && *commit < p.logged.zxid) ++commit;
        if (commit != packetsCommitted_.end() && *commit == p.logged.zxid) ackedBeforeFsync_.push_back(p.logged.zxid);
      }
      what += fmt::format("queues the {} txn(s) received during sync for fsync (not yet on disk: known ZooKeeper "
                          "3.8.0 bug ZOOKEEPER-4785); ",
                          n);
    }
    packetsNotCommitted_.clear();
  }
  if (keptOutstanding) packetsNotCommitted_ = std::move(outstanding);
  if (fixed && !writeNewEpoch(self)) {
    fail(self, "failed to write currentEpoch", fx);
    return;
  }
  send(self, QuorumPacket{PacketType::ACK, qp.zxid, std::nullopt}, fx);
  fx.note(Family::Sync, [&] {
    return fixed ? fmt::format("S{} NEWLEADER e{}: {}currentEpoch {} persisted; ACK", self.myid(), newEpoch_, what, newEpoch_)
                 : fmt::format("S{} NEWLEADER e{}: {}ACK", self.myid(), newEpoch_, what);
  });
  armRead(self, fx);
}

void Learner::holdRead(ConnId conn, const SharedBytes* frame, Effects& fx) {
  heldReads_.push_back(HeldRead{conn, frame ? *frame : SharedBytes(), frame == nullptr});
  fx.note(Family::Sync, [&] {
    return fmt::format("the learner thread is still in NEWLEADER's fsync: {} waits in the socket until it ends ({} "
                       "waiting)",
                       frame ? "this packet" : "the close", heldReads_.size());
  });
}

// fix=ZOOKEEPER-4785: NEWLEADER's fsync ended. The txns are durable and acked with the
// PROPOSALs after UPTODATE (requestsToAck); then currentEpoch, then NEWLEADER's ACK, as in
// 3.9.2's syncWithLeader. What the leader sent meanwhile is read now, in order.
void Learner::finishNewLeader(QuorumPeer& self, Effects& fx) {
  const std::vector<LoggedProposal> done = takeNewLeaderFsync();
  const std::size_t n = done.size();
  for (const auto& p : done) self.appendToTxnLog(p);
  if (!writeNewEpoch(self)) {
    fail(self, "failed to write currentEpoch", fx);
    return;
  }
  send(self, QuorumPacket{PacketType::ACK, newLeaderZxid_, std::nullopt}, fx);
  fx.note(Family::Sync, [&] {
    return fmt::format("S{} NEWLEADER e{}: the fsync of the {} txn{} received during sync is done; currentEpoch {} "
                       "persisted; ACK{}",
                       self.myid(), newEpoch_, n, n == 1 ? "" : "s", newEpoch_,
                       heldReads_.empty() ? std::string()
                                          : fmt::format("; now reads the {} packet{} that came meanwhile", heldReads_.size(),
                                                        heldReads_.size() == 1 ? "" : "s"));
  });
  armRead(self, fx);
  std::vector<HeldRead> held = std::move(heldReads_);
  heldReads_.clear();
  for (const auto& h : held) {
    if (self.learner() != this || failed_) break;  // a held packet or close ended the role
    if (h.closed) onConnectionClosed(self, h.conn, fx);
    else onFrame(self, h.conn, h.frame, fx);
  }
}

void Learner::upToDate(QuorumPeer& self, Effects& fx) {
  if (stage_ != LearnerStage::AfterNewLeader) {
    fail(self, "UPTODATE before NEWLEADER", fx);
    return;
  }
  stage_ = LearnerStage::Broadcast;
  self.setZabState(ZabState::BROADCAST);
  send(self, QuorumPacket{PacketType::ACK, makeZxid(newEpoch_, 0), std::nullopt}, fx);
  self.updateElectionVote(newEpoch_);
  std::size_t acked = requestsToAck_.size();
  if (!isObserver(self)) {
    for (Zxid z : requestsToAck_) send(self, QuorumPacket{PacketType::ACK, z, std::nullopt}, fx);
    requestsToAck_.clear();
    auto later = std::move(packetsNotCommitted_);
    packetsNotCommitted_.clear();
    for (auto& p : later) logRequest(self, std::move(p), fx);
    auto commits = std::move(packetsCommitted_);
    packetsCommitted_.clear();
    for (Zxid z : commits) {
      commit(self, z, fx);
      if (failed_) return;
    }
  } else {
    for (const auto& p : packetsNotCommitted_) {
      if (packetsCommitted_.empty() || packetsCommitted_.front() != p.logged.zxid) continue;
      packetsCommitted_.pop_front();
      // ObserverZooKeeperServer.commitRequest: the SyncRequestProcessor logs it (fsynced later,
      // as an INFORM's txn is) and the CommitProcessor applies it.
      if (self.timing().observerSyncLoggedAtOnce) self.appendToTxnLog(p.logged);
      else self.logProposal(p.logged, fx);
      applyTxn(self, p, fx);
    }
    packetsNotCommitted_.clear();
    packetsCommitted_.clear();
  }
  fx.note(Family::Sync, [&] { return fmt::format("S{} UPTODATE: ACK e{}; {}serves clients at {} (BROADCAST)", self.myid(),
                                    newEpoch_, acked ? fmt::format("ACKs the {} txn(s) persisted at NEWLEADER; ", acked) : "",
                                    formatZxid(self.db().lastProcessedZxid())); });
}

void Learner::broadcastPacket(QuorumPeer& self, QuorumPacket& qp, Effects& fx) {
  switch (qp.type) {
    case PacketType::PING:
      send(self, QuorumPacket{PacketType::PING, qp.zxid, Bytes{}}, fx);
      fx.note(Family::Heartbeat, [&] {
        return fmt::format("S{} PING from leader S{}: Learner.ping answers with a PING (its session touches), so the "
                           "leader counts it as alive",
                           self.myid(), leader_);
      });
      return;
    case PacketType::PROPOSAL: {
      if (isObserver(self)) {  // observers ignore PROPOSAL
        fx.note(Family::Broadcast, [&] {
          return fmt::format("S{} OBSERVING: PROPOSAL {} ignored (observers learn committed txns from INFORM)",
                             self.myid(), formatEpochCounter(qp.zxid));
        });
        return;
      }
      auto txn = txnOf(qp.data);
      if (!txn) return;
      logRequest(self, PacketInFlight{LoggedProposal{qp.zxid, SharedBytes(std::move(*qp.data))}, std::move(txn)}, fx);
      return;
    }
    case PacketType::COMMIT:
      if (isObserver(self)) {
        fx.note(Family::Broadcast, [&] {
          return fmt::format("S{} OBSERVING: COMMIT {} ignored (observers learn committed txns from INFORM)",
                             self.myid(), formatEpochCounter(qp.zxid));
        });
        return;
      }
      commit(self, qp.zxid, fx);
      return;
    case PacketType::INFORM: {
      if (!isObserver(self)) {
        fx.note(Family::Broadcast, [&] {
          return fmt::format("S{} FOLLOWING: INFORM {} ignored (Follower.processPacket: unknown packet type)", self.myid(),
                             formatEpochCounter(qp.zxid));
        });
        return;
      }
      auto txn = txnOf(qp.data);
      if (!txn) return;
      PacketInFlight p{LoggedProposal{qp.zxid, *qp.data}, std::move(txn)};
      self.logProposal(p.logged, fx);  // observers persist, but never ACK
      applyTxn(self, p, fx);
      fx.note(Family::Broadcast, [&] { return fmt::format("S{} OBSERVING: INFORM {} applied: {}", self.myid(),
                                             formatEpochCounter(qp.zxid), describeTxn(*p.txn)); });
      return;
    }
    case PacketType::SYNC:
      fx.note(Family::Client, [&] {
        return fmt::format("S{} SYNC from leader S{}: {}", self.myid(), leader_,
                           pendingSyncs_.empty() ? std::string("no sync() waits for it")
                                                 : fmt::format("the oldest waiting sync() returns: S{} has applied all "
                                                               "the leader committed before it ({})",
                                                               self.myid(), formatZxid(self.db().lastProcessedZxid())));
      });
      if (!pendingSyncs_.empty()) {
        const std::uint64_t opId = pendingSyncs_.takeFront();
        self.respondToClient(opId, true, self.db().lastProcessedZxid(), "", "", fx);
        self.sessionRequestDone(opId, fx);
      }
      return;
    default:
      fx.note(Family::Broadcast, [&] {
        return fmt::format("S{} {} after UPTODATE: ignored (processPacket: unknown packet type)", self.myid(),
                           to_string(qp.type));
      });
      return;
  }
}

void Learner::logRequest(QuorumPeer& self, PacketInFlight&& in, Effects& fx) {
  if (!pendingTxns_.empty() && in.logged.zxid != pendingTxns_.back().logged.zxid + 1 &&
      epochOf(in.logged.zxid) == epochOf(pendingTxns_.back().logged.zxid))
    fx.note(Family::Broadcast, [&] { return fmt::format("S{}: got zxid {} expected {}", self.myid(), formatZxid(in.logged.zxid),
                                           formatZxid(pendingTxns_.back().logged.zxid + 1)); });
  pendingTxns_.push_back(std::move(in));
  const PacketInFlight& p = pendingTxns_.back();
  self.logProposal(p.logged, fx);
  fx.note(Family::Broadcast, [&] { return fmt::format("S{} PROPOSAL {}: logged ({}); ACK after fsync", self.myid(),
                                         formatEpochCounter(p.logged.zxid), describeTxn(*p.txn)); });
}

void Learner::commit(QuorumPeer& self, Zxid zxid, Effects& fx) {
  if (pendingTxns_.empty()) {
    fx.note(Family::Broadcast, [&] { return fmt::format("S{}: COMMIT {} without a pending txn: ignored", self.myid(),
                                           formatZxid(zxid)); });
    return;
  }
  if (pendingTxns_.front().logged.zxid != zxid) {
    // FollowerZooKeeperServer.commit: the process exits (UNMATCHED_TXN_COMMIT).
    fx.add(OutFatal{fmt::format("Committing zxid {} but next pending txn {}: exiting (UNMATCHED_TXN_COMMIT)",
                                formatZxid(zxid), formatZxid(pendingTxns_.front().logged.zxid))});
    failed_ = true;
    return;
  }
  PacketInFlight p = pendingTxns_.takeFront();
  applyTxn(self, p, fx);
  fx.note(Family::Broadcast, [&] { return fmt::format("S{} COMMIT {}: applied {}", self.myid(), formatEpochCounter(zxid),
                                         describeTxn(*p.txn)); });
}

// A COMMIT (or INFORM) before NEWLEADER of a SNAP or TRUNC sync: syncWithLeader calls
// zk.processTxn(hdr, txn), which changes the tree only; the committedLog takes txns on the
// request path (processTxn(Request)), so these are not in it.
void Learner::applySyncTxn(QuorumPeer& self, const PacketInFlight& p) { self.db().apply(*p.txn, p.logged.data); }

void Learner::applyTxn(QuorumPeer& self, const PacketInFlight& p, Effects& fx) {
  self.db().apply(*p.txn, p.logged.data);
  self.db().addCommittedProposal(p.logged);
  self.txnApplied(*p.txn, fx);
}

void Learner::onLocalFlush(QuorumPeer& self, const std::vector<Zxid>& zxids, Effects& fx) {
  if (failed_) return;
  // The txns NEWLEADER queued are durable now (every pending txn goes in one fsync).
  ackedBeforeFsync_.clear();
  // SendAckRequestProcessor exists from NEWLEADER on (startupWithoutServing sets up the chain).
  if (isObserver(self) || (stage_ != LearnerStage::Broadcast && stage_ != LearnerStage::AfterNewLeader)) {
    fx.note(Family::Broadcast, [&] {
      return fmt::format("S{} sends no ACK: {}", self.myid(),
                         isObserver(self) ? "observers never ACK" : "it acks only once NEWLEADER has arrived");
    });
    return;
  }
  for (Zxid z : zxids) send(self, QuorumPacket{PacketType::ACK, z, std::nullopt}, fx);
  fx.note(Family::Broadcast, [&] {
    return fmt::format("S{} SendAckRequestProcessor: ACK {} to leader S{}", self.myid(),
                       zxids.size() == 1 ? formatEpochCounter(zxids.front())
                                         : fmt::format("{}..{}", formatEpochCounter(zxids.front()),
                                                       formatEpochCounter(zxids.back())),
                       leader_);
  });
}

void Learner::forwardRequest(QuorumPeer& self, std::uint64_t opId, ClientOpKind kind, const std::string& path,
                             const std::string& data, Effects& fx) {
  ClientRequest r;
  r.sessionId = sessionIdFor(self.myid());
  r.cxid = kind == ClientOpKind::Sync ? 0 : self.registerClientOp(opId);
  r.op = kind == ClientOpKind::Delete ? OpCode::delete_ : kind == ClientOpKind::Sync ? OpCode::sync : OpCode::setData;
  r.path = path;
  r.data = data;
  if (kind == ClientOpKind::Sync) pendingSyncs_.push_back(opId);
  OutSendFrame out;  // send()'s, with the packet written in one piece
  out.conn = conn_;
  out.to = leader_;
  out.frame = encodeRequestPacket(r, -1);
  out.type = to_string(PacketType::REQUEST);
  out.family = packetFamily(QuorumPacket{PacketType::REQUEST, -1, std::nullopt});
  fx.add(std::move(out));
  fx.note(Family::Client, [&] { return fmt::format("S{} forwards the client's {} {} to leader S{} as REQUEST", self.myid(),
                                      to_string(kind), path, leader_); });
}

}  // namespace zab
