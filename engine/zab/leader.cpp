#include "leader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <iterator>

#include "client_request.hpp"
#include "known_bugs.hpp"
#include "packet_view.hpp"
#include "quorum_peer.hpp"
#include "zk_database.hpp"
#include "zxid.hpp"

namespace zab {

std::string_view to_string(HandlerStage s) {
  switch (s) {
    case HandlerStage::ReadLearnerInfo: return "waiting for FOLLOWERINFO";
    case HandlerStage::WaitEpoch: return "getEpochToPropose (waiting for a quorum)";
    case HandlerStage::ReadAckEpoch: return "LEADERINFO sent, waiting for ACKEPOCH";
    case HandlerStage::WaitEpochAck: return "waitForEpochAck (waiting for a quorum)";
    case HandlerStage::WriteSnapshot: return "writing the SNAP's snapshot to the socket; the rest queues behind it";
    case HandlerStage::ReadNewLeaderAck: return "synced, NEWLEADER sent, waiting for its ACK";
    case HandlerStage::WaitNewLeaderAck: return "waitForNewLeaderAck (waiting for a quorum)";
    case HandlerStage::Broadcast: return "UPTODATE sent: broadcast";
  }
  return "?";
}

namespace {

template <class Sids>  // std::set<Sid> or SidSet
std::string setText(const Sids& s) {
  std::string out;
  for (Sid sid : s) out += fmt::format("{}S{}", out.empty() ? "" : ",", sid);
  return "{" + out + "}";
}

}  // namespace

std::int64_t Leader::initLimitMs(const QuorumPeer& self) const {
  return static_cast<std::int64_t>(self.timing().tickTime) * self.timing().initLimit;
}
std::int64_t Leader::syncLimitMs(const QuorumPeer& self) const {
  return static_cast<std::int64_t>(self.timing().tickTime) * self.timing().syncLimit;
}

void Leader::sendPacket(QuorumPeer& self, LearnerHandler& h, const QuorumPacket& qp, Effects& fx) {
  sendFrame(self, h, qp, encodeQuorumPacket(qp), fx);
}

void Leader::sendFrame(QuorumPeer&, LearnerHandler& h, const QuorumPacket& qp, SharedBytes frame, Effects& fx) {
  OutSendFrame out;
  out.conn = h.conn;
  out.to = h.sid;
  out.frame = std::move(frame);
  out.type = to_string(qp.type);
  out.family = packetFamily(qp);
  if (h.stage == HandlerStage::WriteSnapshot) h.queued.push_back(std::move(out));
  else fx.add(std::move(out));
}

void Leader::armHandlerRead(QuorumPeer&, const LearnerHandler& h, std::int64_t ms, Effects& fx) {
  fx.add(OutCancelTimer{TimerKind::HandlerWait, static_cast<std::int64_t>(h.conn)});
  fx.add(OutSetTimer{TimerKind::HandlerRead, ms, static_cast<std::int64_t>(h.conn), 0});
}

void Leader::armHandlerWait(QuorumPeer& self, const LearnerHandler& h, Effects& fx) {
  fx.add(OutCancelTimer{TimerKind::HandlerRead, static_cast<std::int64_t>(h.conn)});
  fx.add(OutSetTimer{TimerKind::HandlerWait, initLimitMs(self), static_cast<std::int64_t>(h.conn), 0});
}

// ---------------------------------------------------------------------------------------
// lead()

void Leader::lead(QuorumPeer& self, Effects& fx) {
  self.setZabState(ZabState::DISCOVERY);
  tick_ = 0;
  // zk.loadData(): the database is already in memory; 3.8.0 takes a snapshot of it, uncommitted
  // txns included (ZOOKEEPER-1558); 3.4.6's fix takes none.
  const bool snapshot = !self.timing().fixes.zk1558;
  if (snapshot) {
    SnapshotFile s = self.db().snapshot();
    s.leaderStartup = true;
    self.diskMut().addSnapshot(std::move(s));
  }
  leaderStateSummary_ = StateSummary{self.currentEpoch(), self.db().lastProcessedZxid()};
  fx.note(Family::Discovery,
          [&] { return fmt::format("S{} LEADING: Leader.lead starts DISCOVERY (acceptedEpoch {}, currentEpoch {}, last zxid {}); "
                      "{}; accepts learner connections; getEpochToPropose waits up to initLimit x "
                      "tickTime = {} ms for a quorum",
                      self.myid(), self.acceptedEpoch(), self.currentEpoch(), formatZxid(self.db().lastProcessedZxid()),
                      snapshot ? "takes a snapshot" : "takes no snapshot (fix=ZOOKEEPER-1558)", initLimitMs(self)); });
  if (getEpochToPropose(self, self.myid(), self.acceptedEpoch(), fx)) {
    afterEpoch(self, fx);
  } else {
    fx.add(OutSetTimer{TimerKind::LeaderWait, initLimitMs(self), 0, 0});
  }
}

bool Leader::getEpochToPropose(QuorumPeer& self, Sid sid, Epoch lastAcceptedEpoch, Effects& fx) {
  if (!waitingForNewEpoch_) {
    if (sid != self.myid())
      fx.note(Family::Discovery, [&] {
        return fmt::format("S{} getEpochToPropose: epoch {} was already chosen; LEADERINFO e{} goes to S{} at once",
                           self.myid(), epoch_, epoch_, sid);
      });
    return true;
  }
  const QuorumVerifier& qv = self.quorumVerifier();
  if (lastAcceptedEpoch >= epoch_) epoch_ = lastAcceptedEpoch + 1;  // before the voter check: observers count
  if (qv.isVoter(sid)) connectingFollowers_.insert(sid);
  if (connectingFollowers_.count(self.myid()) && qv.containsQuorum(connectingFollowers_)) {
    waitingForNewEpoch_ = false;
    if (!writeAcceptedEpoch(self.diskMut(), epoch_)) {
      shutdown(self, "failed to write acceptedEpoch", fx);
      return false;
    }
    fx.note(Family::Discovery,
            [&] { return fmt::format("S{} getEpochToPropose: {} connected (a quorum with the leader): new epoch = 1 + max "
                        "acceptedEpoch = {}; acceptedEpoch {} persisted",
                        self.myid(), setText(connectingFollowers_), epoch_, epoch_); });
    wakeEpochWaiters(self, fx);
    return true;
  }
  fx.note(Family::Discovery, [&] { return fmt::format("S{} getEpochToPropose: S{} in with acceptedEpoch {}; candidate epoch {}; "
                                         "connected {}: no quorum yet, waiting",
                                         self.myid(), sid, lastAcceptedEpoch, epoch_, setText(connectingFollowers_)); });
  return false;
}

void Leader::wakeEpochWaiters(QuorumPeer& self, Effects& fx) {
  // notifyAll: the leader thread and every handler blocked in getEpochToPropose continue.
  if (stage_ == Stage::Discovery && connectingFollowers_.count(self.myid())) {
    fx.add(OutCancelTimer{TimerKind::LeaderWait, 0});
    afterEpoch(self, fx);
  }
  std::vector<ConnId> waiting;
  for (auto& [conn, h] : handlers_)
    if (h.stage == HandlerStage::WaitEpoch) waiting.push_back(conn);
  for (ConnId c : waiting)
    if (handlers_.count(c) && !shutdown_) handlerAfterEpoch(self, handlers_.at(c), fx);
}

void Leader::afterEpoch(QuorumPeer& self, Effects& fx) {
  if (shutdown_ || stage_ != Stage::Discovery) return;
  hzxid_ = makeZxid(epoch_, 0);
  lastProposed_ = hzxid_;
  stage_ = Stage::WaitEpochAck;
  std::string err;
  if (waitForEpochAck(self, self.myid(), leaderStateSummary_, fx, err)) afterEpochAck(self, fx);
  else if (!shutdown_) fx.add(OutSetTimer{TimerKind::LeaderWait, initLimitMs(self), 0, 0});
}

bool Leader::waitForEpochAck(QuorumPeer& self, Sid sid, const StateSummary& ss, Effects& fx, std::string& error) {
  if (electionFinished_) {
    if (sid != self.myid())
      fx.note(Family::Discovery, [&] {
        return fmt::format("S{} waitForEpochAck: ACKEPOCH from S{} (last zxid {}); a quorum had already acknowledged "
                           "epoch {}: no wait",
                           self.myid(), sid, formatZxid(ss.lastZxid), epoch_);
      });
    return true;
  }
  const QuorumVerifier& qv = self.quorumVerifier();
  if (ss.currentEpoch != -1) {
    if (ss.isMoreRecentThan(leaderStateSummary_)) {
      error = fmt::format("Follower is ahead of the leader: its (currentEpoch {}, last zxid {}) is more recent than "
                          "the leader's ({}, {})",
                          ss.currentEpoch, formatZxid(ss.lastZxid), leaderStateSummary_.currentEpoch,
                          formatZxid(leaderStateSummary_.lastZxid));
      return false;
    }
    if (ss.lastZxid != -1 && qv.isVoter(sid)) electingFollowers_.insert(sid);
  }
  if (electingFollowers_.count(self.myid()) && qv.containsQuorum(electingFollowers_)) {
    electionFinished_ = true;
    fx.note(Family::Discovery, [&] { return fmt::format("S{} waitForEpochAck: {} acknowledged epoch {}: a quorum", self.myid(),
                                           setText(electingFollowers_), epoch_); });
    wakeEpochAckWaiters(self, fx);
    return true;
  }
  if (sid != self.myid())
    fx.note(Family::Discovery,
            [&] { return fmt::format("S{} waitForEpochAck: ACKEPOCH from S{} ({}); acked so far {}", self.myid(), sid,
                        ss.currentEpoch == -1 ? "currentEpoch -1: it had already accepted this epoch, does not count"
                                              : fmt::format("currentEpoch {}, last zxid {}", ss.currentEpoch,
                                                            formatZxid(ss.lastZxid)),
                        setText(electingFollowers_)); });
  return false;
}

void Leader::wakeEpochAckWaiters(QuorumPeer& self, Effects& fx) {
  if (stage_ == Stage::WaitEpochAck && electingFollowers_.count(self.myid())) {
    fx.add(OutCancelTimer{TimerKind::LeaderWait, 0});
    afterEpochAck(self, fx);
  }
  std::vector<ConnId> waiting;
  for (auto& [conn, h] : handlers_)
    if (h.stage == HandlerStage::WaitEpochAck) waiting.push_back(conn);
  for (ConnId c : waiting)
    if (handlers_.count(c) && !shutdown_) handlerAfterEpochAck(self, handlers_.at(c), fx);
}

void Leader::afterEpochAck(QuorumPeer& self, Effects& fx) {
  if (shutdown_ || stage_ != Stage::WaitEpochAck) return;
  if (!writeCurrentEpoch(self.diskMut(), epoch_)) {
    shutdown(self, "failed to write currentEpoch", fx);
    return;
  }
  stage_ = Stage::WaitNewLeaderAck;
  self.setZabState(ZabState::SYNCHRONIZATION);
  fx.add(OutLeaderEstablished{epoch_});
  fx.note(Family::Sync, [&] { return fmt::format("S{} currentEpoch {} persisted; SYNCHRONIZATION: waitForNewLeaderAck waits for a "
                                    "quorum of NEWLEADER acks",
                                    self.myid(), epoch_); });
  if (waitForNewLeaderAck(self, self.myid(), makeZxid(epoch_, 0), fx)) startZkServer(self, fx);
  else if (!shutdown_) fx.add(OutSetTimer{TimerKind::LeaderWait, initLimitMs(self), 0, 0});
}

bool Leader::waitForNewLeaderAck(QuorumPeer& self, Sid sid, Zxid zxid, Effects& fx) {
  if (quorumFormed_) {
    if (sid != self.myid())
      fx.note(Family::Sync, [&] {
        return fmt::format("S{} waitForNewLeaderAck: ACK of NEWLEADER from S{}; a quorum had already acked: no wait",
                           self.myid(), sid);
      });
    return true;
  }
  if (zxid != makeZxid(epoch_, 0)) {
    fx.note(Family::Sync, [&] { return fmt::format("S{}: NEWLEADER ACK from S{} carries {} instead of {}: ignored", self.myid(),
                                      sid, formatZxid(zxid), formatZxid(makeZxid(epoch_, 0))); });
    return false;
  }
  if (self.quorumVerifier().isVoter(sid)) newLeaderAcks_.insert(sid);
  if (newLeaderAcks_.count(self.myid()) && self.quorumVerifier().containsQuorum(newLeaderAcks_)) {
    quorumFormed_ = true;
    fx.note(Family::Sync, [&] { return fmt::format("S{} waitForNewLeaderAck: NEWLEADER acked by {}: a quorum", self.myid(),
                                      setText(newLeaderAcks_)); });
    wakeNewLeaderAckWaiters(self, fx);
    return true;
  }
  if (sid != self.myid())
    fx.note(Family::Sync, [&] { return fmt::format("S{} waitForNewLeaderAck: ACK of NEWLEADER from S{}; acked so far {}",
                                      self.myid(), sid, setText(newLeaderAcks_)); });
  return false;
}

void Leader::wakeNewLeaderAckWaiters(QuorumPeer& self, Effects& fx) {
  if (stage_ == Stage::WaitNewLeaderAck && newLeaderAcks_.count(self.myid())) {
    fx.add(OutCancelTimer{TimerKind::LeaderWait, 0});
    startZkServer(self, fx);
  }
  std::vector<ConnId> waiting;
  for (auto& [conn, h] : handlers_)
    if (h.stage == HandlerStage::WaitNewLeaderAck) waiting.push_back(conn);
  for (ConnId c : waiting)
    if (handlers_.count(c) && !shutdown_) handlerAfterNewLeaderAck(self, handlers_.at(c), fx);
}

void Leader::startZkServer(QuorumPeer& self, Effects& fx) {
  if (shutdown_ || stage_ != Stage::WaitNewLeaderAck) return;
  lastCommitted_ = makeZxid(epoch_, 0);
  self.db().setLastProcessedZxid(makeZxid(epoch_, 0));  // a new-epoch zxid with no txn behind it
  self.updateElectionVote(epoch_);
  if (self.timing().initialZxidCounter >= 0) {
    // zookeeper.testingonly.initialZxid: tests start the counter near the 32-bit limit.
    hzxid_ = makeZxid(epoch_, self.timing().initialZxidCounter);
    fx.note(Family::Broadcast, [&] { return fmt::format("S{}: zookeeper.testingonly.initialZxid starts the counter at {}", self.myid(),
                                           formatZxid(hzxid_)); });
  }
  stage_ = Stage::Broadcast;
  self.setZabState(ZabState::BROADCAST);
  fx.note(Family::Broadcast,
          [&] { return fmt::format("S{} starts serving epoch {}: lastProcessedZxid = {} (no txn behind it); BROADCAST; pings every "
                      "tickTime/2 = {} ms",
                      self.myid(), epoch_, formatZxid(makeZxid(epoch_, 0)), self.timing().tickTime / 2); });
  fx.add(OutSetTimer{TimerKind::LeaderTick, self.timing().tickTime / 2, 0, 0});
}

// ---------------------------------------------------------------------------------------
// LearnerHandler

void Leader::onLearnerConnect(QuorumPeer& self, ConnId conn, Effects& fx) {
  LearnerHandler h;
  h.conn = conn;
  h.tickOfNextAckDeadline = tick_ + self.timing().initLimit + self.timing().syncLimit;
  handlers_[conn] = h;
  armHandlerRead(self, handlers_[conn], initLimitMs(self), fx);
  fx.note(Family::Discovery, [&] { return fmt::format("S{} accepts a learner connection; a LearnerHandler waits for its "
                                         "FOLLOWERINFO",
                                         self.myid()); });
}

void Leader::closeHandler(QuorumPeer& self, ConnId conn, const std::string& why, CloseCause cause, Effects& fx) {
  auto it = handlers_.find(conn);
  if (it == handlers_.end()) return;
  fx.note(Family::Sync, [&] { return fmt::format("S{} closes the LearnerHandler of {}: {}", self.myid(),
                                    it->second.sid >= 0 ? fmt::format("S{}", it->second.sid) : std::string("a learner"),
                                    why); });
  fx.add(OutClose{conn, why, cause});
  fx.add(OutCancelTimer{TimerKind::HandlerRead, static_cast<std::int64_t>(conn)});
  fx.add(OutCancelTimer{TimerKind::HandlerWait, static_cast<std::int64_t>(conn)});
  fx.add(OutCancelTimer{TimerKind::SnapshotWritten, static_cast<std::int64_t>(conn)});
  handlers_.erase(it);
}

void Leader::onConnectionClosed(QuorumPeer& self, ConnId conn, Effects& fx) {
  closeHandler(self, conn, "the learner closed the connection", CloseCause::LearnerClosed, fx);
}

void Leader::onFrame(QuorumPeer& self, ConnId conn, const Bytes& bytes, Effects& fx) {
  auto it = handlers_.find(conn);
  if (it == handlers_.end()) return;
  if (const auto header = decodeHeaderOnlyPacket(bytes)) {  // an ACK: most of what a leader reads
    handlerPacket(self, it->second, *header, fx);
    return;
  }
  QuorumPacketDecode d = decodeQuorumPacket(bytes);
  if (!d.packet) {
    closeHandler(self, conn, "malformed packet: " + d.error, CloseCause::BadMessage, fx);
    return;
  }
  handlerPacket(self, it->second, *d.packet, fx);
}

void Leader::handlerPacket(QuorumPeer& self, LearnerHandler& h, const QuorumPacket& qp, Effects& fx) {
  const ConnId conn = h.conn;
  switch (h.stage) {
    case HandlerStage::ReadLearnerInfo: {
      if (qp.type != PacketType::FOLLOWERINFO && qp.type != PacketType::OBSERVERINFO) {
        closeHandler(self, conn, fmt::format("first packet must be FOLLOWERINFO or OBSERVERINFO, got {}",
                                             to_string(qp.type)),
                     CloseCause::UnexpectedPacket, fx);
        return;
      }
      auto li = qp.data ? decodeLearnerInfo(*qp.data) : std::nullopt;
      if (!li) {
        closeHandler(self, conn, "FOLLOWERINFO without a LearnerInfo", CloseCause::UnexpectedPacket, fx);
        return;
      }
      if (li->configVersion > self.quorumVerifier().version()) {
        closeHandler(self, conn, "learner has a newer config version", CloseCause::UnexpectedPacket, fx);
        return;
      }
      h.sid = li->serverid;
      h.type = qp.type == PacketType::OBSERVERINFO ? LearnerType::OBSERVER : LearnerType::PARTICIPANT;
      h.lastAcceptedEpoch = epochOf(qp.zxid);
      h.stage = HandlerStage::WaitEpoch;
      fx.note(Family::Discovery, [&] { return fmt::format("S{} LearnerHandler: {} from S{} with acceptedEpoch {}", self.myid(),
                                             to_string(qp.type), h.sid, h.lastAcceptedEpoch); });
      if (getEpochToPropose(self, h.sid, h.lastAcceptedEpoch, fx)) {
        if (handlers_.count(conn) && handlers_.at(conn).stage == HandlerStage::WaitEpoch)
          handlerAfterEpoch(self, handlers_.at(conn), fx);
      } else if (handlers_.count(conn) && !shutdown_) {
        armHandlerWait(self, handlers_.at(conn), fx);
      }
      return;
    }
    case HandlerStage::ReadAckEpoch: {
      if (qp.type != PacketType::ACKEPOCH) {
        closeHandler(self, conn, fmt::format("expected ACKEPOCH, got {}", to_string(qp.type)), CloseCause::UnexpectedPacket, fx);
        return;
      }
      auto e = qp.data ? decodeInt(*qp.data) : std::nullopt;
      h.summary = StateSummary{e ? *e : -1, qp.zxid};
      h.stage = HandlerStage::WaitEpochAck;
      std::string error;
      bool done = waitForEpochAck(self, h.sid, h.summary, fx, error);
      if (!error.empty()) {
        closeHandler(self, conn, error, CloseCause::FollowerAhead, fx);
        return;
      }
      if (done) {
        if (handlers_.count(conn) && handlers_.at(conn).stage == HandlerStage::WaitEpochAck)
          handlerAfterEpochAck(self, handlers_.at(conn), fx);
      } else if (handlers_.count(conn) && !shutdown_) {
        armHandlerWait(self, handlers_.at(conn), fx);
      }
      return;
    }
    case HandlerStage::ReadNewLeaderAck: {
      if (qp.type != PacketType::ACK) {
        closeHandler(self, conn, fmt::format("next packet was supposed to be an ACK, got {}", to_string(qp.type)),
                     CloseCause::UnexpectedPacket, fx);
        return;
      }
      h.stage = HandlerStage::WaitNewLeaderAck;
      if (waitForNewLeaderAck(self, h.sid, qp.zxid, fx)) {
        if (handlers_.count(conn) && handlers_.at(conn).stage == HandlerStage::WaitNewLeaderAck)
          handlerAfterNewLeaderAck(self, handlers_.at(conn), fx);
      } else if (handlers_.count(conn) && !shutdown_) {
        armHandlerWait(self, handlers_.at(conn), fx);
      }
      return;
    }
    case HandlerStage::Broadcast: {
      h.tickOfNextAckDeadline = tick_ + self.timing().syncLimit;
      // The read timeout again. No HandlerWait to cancel: none is armed after UPTODATE (the
      // handler left its last wait in handlerAfterNewLeaderAck, which cancelled it).
      fx.add(OutSetTimer{TimerKind::HandlerRead, syncLimitMs(self), static_cast<std::int64_t>(h.conn), 0});
      if (qp.type == PacketType::ACK) {
        // SyncLimitCheck.updateAck: acking "current" promotes "next"; acking "next" clears it.
        if (!h.unacked.empty() && h.unacked.front().first == qp.zxid) h.unacked.pop_front();
        else if (h.unacked.size() == 2 && h.unacked.back().first == qp.zxid) h.unacked.pop_back();
        processAck(self, h.sid, qp.zxid, fx);
      } else if (qp.type == PacketType::REQUEST) {
        auto req = qp.data ? decodeClientRequest(*qp.data) : std::nullopt;
        if (!req) return;
        ClientOpKind kind = req->op == OpCode::delete_ ? ClientOpKind::Delete
                            : req->op == OpCode::sync  ? ClientOpKind::Sync
                                                       : ClientOpKind::Write;
        submitRequest(self, h.sid, static_cast<std::uint64_t>(req->cxid), kind, req->path, req->data, conn, fx);
      } else if (qp.type == PacketType::PING) {
        // PING answers only refresh the deadline (session touches are not modelled).
        fx.note(Family::Heartbeat, [&] {
          return fmt::format("S{} LearnerHandler: PING reply from S{}: it is alive; tickOfNextAckDeadline = tick {} + "
                             "syncLimit {} = {}",
                             self.myid(), h.sid, tick_, self.timing().syncLimit, h.tickOfNextAckDeadline);
        });
      } else {
        fx.note(Family::Broadcast, [&] {
          return fmt::format("S{} LearnerHandler: {} from S{} after UPTODATE: ignored (not a packet a learner sends "
                             "then)",
                             self.myid(), to_string(qp.type), h.sid);
        });
      }
      return;
    }
    default:
      // A packet while the handler is blocked in a wait: the Java thread is not reading; it
      // would be read after the wait. The only such packets are a learner's ACKs of the txns of
      // its sync (3.8.0 acks them after their fsync, which can end before UPTODATE): all at or
      // below the zxid NEWLEADER established, which processAck would ignore once read.
      fx.note(Family::Sync, [&] {
        return fmt::format("S{} LearnerHandler for S{} is blocked in {}: the {} is not read", self.myid(), h.sid,
                           to_string(h.stage), to_string(qp.type));
      });
      return;
  }
}

void Leader::handlerAfterEpoch(QuorumPeer& self, LearnerHandler& h, Effects& fx) {
  QuorumPacket li{PacketType::LEADERINFO, makeZxid(epoch_, 0), encodeInt(kZabProtocolVersion)};
  sendPacket(self, h, li, fx);
  h.stage = HandlerStage::ReadAckEpoch;
  armHandlerRead(self, h, initLimitMs(self), fx);
}

void Leader::handlerAfterEpochAck(QuorumPeer& self, LearnerHandler& h, Effects& fx) {
  SyncInputs in;
  in.peerLastZxid = h.summary.lastZxid;
  in.lastProcessedZxid = self.db().lastProcessedZxid();
  in.committedLog.assign(self.db().committedLog().begin(), self.db().committedLog().end());
  in.txnLog = self.disk().txnLog;
  in.forceSnapSync = self.timing().forceSnapSync;
  in.snapshotSizeFactor = self.snapshotSizeFactor();
  in.newestSnapshotBytes = self.disk().newestSnapshotBytes();
  in.txnLogHoleBefore = self.disk().snapSyncedOverLog;
  in.fixZk2846 = self.timing().fixes.zk2846;
  in.explain = fx.explain;
  SyncPlan plan = syncFollower(in);
  if (!plan.knownBug.empty()) fx.add(OutKnownBug{h.sid, plan.knownBug});
  h.lastSync = plan.mode;
  self.noteSync(plan.mode);
  if (fx.explain)
    for (std::size_t i = 0; i < plan.lines.size(); ++i)
      fx.note(Family::Sync, [&] {
        return i == 0 ? fmt::format("S{} LearnerHandler.syncFollower for S{}: {}", self.myid(), h.sid, plan.lines[i])
                      : fmt::format("S{} syncFollower for S{}: {}", self.myid(), h.sid, plan.lines[i]);
      });
  const PeerTiming& t = self.timing();
  const bool slowSnap = plan.needSnap && (t.snapSendMs > 0 || t.snapSendMaxMs > t.snapSendMs);
  if (plan.needSnap) {
    // SNAP and the snapshot go straight to the socket, ahead of everything queued. Its content
    // and zxid are the tree as the write starts (one of the states 3.8.0's fuzzy snapshot can hold).
    QuorumPacket snap{PacketType::SNAP, self.db().lastProcessedZxid(), encodeSnapshot(self.db().snapshot())};
    if (slowSnap) h.stage = HandlerStage::WriteSnapshot;  // from here on, packets for h queue behind the SNAP
    sendPacket(self, h, snap, fx);
  }
  for (const auto& p : plan.packets) {
    if (p.type == PacketType::TRUNC) forgetAcksAboveTrunc(self, h.sid, p.zxid, fx);
    sendPacket(self, h, p, fx);
  }
  startForwarding(self, h, plan.currentZxid, fx);
  if (slowSnap) {
    // The handler thread is busy writing: no read timeout runs until NEWLEADER is queued.
    fx.add(OutCancelTimer{TimerKind::HandlerWait, static_cast<std::int64_t>(h.conn)});
    fx.add(OutCancelTimer{TimerKind::HandlerRead, static_cast<std::int64_t>(h.conn)});
    const std::int64_t jitter = t.snapSendMaxMs > t.snapSendMs ? t.snapSendMaxMs - t.snapSendMs + 1 : 0;
    fx.add(OutSetTimer{TimerKind::SnapshotWritten, t.snapSendMs, static_cast<std::int64_t>(h.conn), jitter});
    fx.note(Family::Sync, [&] {
      return fmt::format("S{} LearnerHandler for S{} writes the snapshot ({}) to the socket: {} ms (snapSend); what it "
                         "queues for S{} meanwhile (forwarded PROPOSALs and COMMITs) goes after the snapshot and before "
                         "NEWLEADER",
                         self.myid(), h.sid, formatZxid(self.db().lastProcessedZxid()),
                         jitter ? fmt::format("{}..{}", t.snapSendMs, t.snapSendMaxMs) : std::to_string(t.snapSendMs),
                         h.sid);
    });
    return;
  }
  sendNewLeader(self, h, fx);
}

void Leader::sendNewLeader(QuorumPeer& self, LearnerHandler& h, Effects& fx) {
  const std::string& config = self.quorumVerifier().toString();
  Bytes configBytes(config.size());  // one memcpy, not a string copy and a byte-by-byte loop
  if (!config.empty()) std::memcpy(configBytes.data(), config.data(), config.size());
  QuorumPacket nl{PacketType::NEWLEADER, makeZxid(epoch_, 0), std::move(configBytes)};
  sendPacket(self, h, nl, fx);
  h.stage = HandlerStage::ReadNewLeaderAck;
  armHandlerRead(self, h, initLimitMs(self), fx);
}

// The snapshot is written: NEWLEADER is queued and the sender thread starts, so the SNAP and
// everything queued behind it leave in order, then NEWLEADER.
void Leader::snapshotWritten(QuorumPeer& self, LearnerHandler& h, Effects& fx) {
  if (h.stage != HandlerStage::WriteSnapshot) return;
  fx.note(Family::Sync, [&] {  // counted only when the step is explained
    std::size_t proposals = 0, commits = 0;
    for (const auto& out : h.queued) {
      proposals += out.type == to_string(PacketType::PROPOSAL);
      commits += out.type == to_string(PacketType::COMMIT);
    }
    return fmt::format("S{} LearnerHandler for S{}: the snapshot is written; NEWLEADER is queued and the sender thread "
                       "sends the SNAP, then {} PROPOSAL{} and {} COMMIT{} queued meanwhile, then NEWLEADER",
                       self.myid(), h.sid, proposals, proposals == 1 ? "" : "s", commits, commits == 1 ? "" : "s");
  });
  std::vector<OutSendFrame> queued = std::move(h.queued);
  h.queued.clear();
  for (auto& out : queued) fx.add(std::move(out));
  h.stage = HandlerStage::ReadNewLeaderAck;  // before NEWLEADER, so that it is sent, not queued
  sendNewLeader(self, h, fx);
}

// The learner's log is about to lose everything after `truncZxid`, yet its earlier ACKs of the
// outstanding proposals there stay in their ack sets (3.8.0: nothing removes them). They are
// marked stale, so a commit that needs one is named (STALE-ACK-AFTER-TRUNC); with the fix they
// are dropped, and the learner acks again after logging the proposals startForwarding resends.
void Leader::forgetAcksAboveTrunc(QuorumPeer& self, Sid sid, Zxid truncZxid, Effects& fx) {
  const bool fix = self.timing().fixes.staleAck;
  Zxid first = 0, last = 0;
  int count = 0;
  for (auto& [zxid, p] : outstanding_) {
    if (zxid <= truncZxid || !p.acks.count(sid)) continue;
    if (fix) p.acks.erase(sid);
    else p.staleAcks.insert(sid);
    if (!first) first = zxid;
    last = zxid;
    ++count;
  }
  if (count == 0) return;
  fx.note(Family::Sync, [&] {
    return fmt::format("S{} TRUNC for S{} cuts {} proposal{} S{} had acked ({}..{}) from its log: {}", self.myid(), sid,
                       count, count == 1 ? "" : "s", sid, formatEpochCounter(first), formatEpochCounter(last),
                       fix ? "its ACKs are dropped (fix=STALE-ACK-AFTER-TRUNC)"
                           : "3.8.0 keeps those ACKs in the proposals' ack sets");
  });
}

void Leader::startForwarding(QuorumPeer& self, LearnerHandler& h, Zxid lastSeenZxid, Effects& fx) {
  if (lastProposed_ > lastSeenZxid) {
    // Outstanding (uncommitted) proposals go to participants only, as PROPOSAL.
    if (h.type == LearnerType::PARTICIPANT) {
      for (const auto& [zxid, p] : outstanding_) {
        if (zxid <= lastSeenZxid) continue;
        // Sent before this learner's NEWLEADER ACK: SyncLimitCheck has not started, not timed.
        sendPacket(self, h, QuorumPacket{PacketType::PROPOSAL, zxid, p.logged.data}, fx);
      }
    }
  }
  h.forwarding = true;
}

void Leader::handlerAfterNewLeaderAck(QuorumPeer& self, LearnerHandler& h, Effects& fx) {
  // syncLimitCheck starts; socket timeout becomes syncLimit; waitForStartup has passed.
  sendPacket(self, h, QuorumPacket{PacketType::UPTODATE, -1, std::nullopt}, fx);
  h.stage = HandlerStage::Broadcast;
  h.tickOfNextAckDeadline = tick_ + self.timing().syncLimit;
  armHandlerRead(self, h, syncLimitMs(self), fx);
  fx.note(Family::Sync, [&] { return fmt::format("S{} sends UPTODATE to S{}: it may serve clients", self.myid(), h.sid); });
}

void Leader::onTimer(QuorumPeer& self, TimerKind kind, std::int64_t key, Effects& fx) {
  if (shutdown_) return;
  if (kind == TimerKind::LeaderWait) {
    switch (stage_) {
      case Stage::Discovery: shutdown(self, "Timeout while waiting for epoch from quorum", fx); return;
      case Stage::WaitEpochAck: shutdown(self, "Timeout while waiting for epoch to be acked by quorum", fx); return;
      case Stage::WaitNewLeaderAck:
        shutdown(self, fmt::format("Waiting for a quorum of followers, only synced with sids: {}", setText(newLeaderAcks_)),
                 fx);
        return;
      case Stage::Broadcast: return;
    }
  }
  if (kind == TimerKind::LeaderTick) {
    tickOnce(self, fx);
    return;
  }
  ConnId conn = static_cast<ConnId>(key);
  auto it = handlers_.find(conn);
  if (it == handlers_.end()) return;
  if (kind == TimerKind::SnapshotWritten) {
    snapshotWritten(self, it->second, fx);
    return;
  }
  if (kind == TimerKind::HandlerWait)
    closeHandler(self, conn, fmt::format("timed out in {} after initLimit x tickTime = {} ms",
                                         to_string(it->second.stage), initLimitMs(self)),
                 CloseCause::InitLimit, fx);
  else if (kind == TimerKind::HandlerRead)
    closeHandler(self, conn, fmt::format("read timed out ({})", to_string(it->second.stage)), CloseCause::ReadTimeout, fx);
}

void Leader::tickOnce(QuorumPeer& self, Effects& fx) {
  const bool checked = !tickSkip_;
  std::set<Sid> synced{self.myid()};
  if (checked) {
    ++tick_;
    for (const auto& [conn, h] : handlers_)
      if (h.sid >= 0 && tick_ <= h.tickOfNextAckDeadline && self.quorumVerifier().isVoter(h.sid)) synced.insert(h.sid);
    if (!self.quorumVerifier().containsQuorum(synced)) {
      shutdown(self, fmt::format("Not sufficient followers synced, only synced with sids: {}", setText(synced)), fx);
      return;
    }
  }
  tickSkip_ = !tickSkip_;
  std::set<Sid> pinged;  // for the explanation only
  // LearnerHandler.ping for every learner whose sender has started (NEWLEADER queued).
  std::vector<ConnId> conns;
  for (const auto& [conn, h] : handlers_) conns.push_back(conn);
  for (ConnId c : conns) {
    auto it = handlers_.find(c);
    if (it == handlers_.end()) continue;
    LearnerHandler& h = it->second;
    if (h.stage < HandlerStage::ReadNewLeaderAck) continue;
    // SyncLimitCheck.check: fine while msDelay < syncLimit x tickTime, so the limit itself closes.
    if (!h.unacked.empty() && self.now() - h.unacked.front().second >= syncLimitMs(self)) {
      closeHandler(self, c, fmt::format("transaction timeout: proposal {} unacked for syncLimit x tickTime "
                                        "= {} ms or more",
                                        formatZxid(h.unacked.front().first), syncLimitMs(self)),
                   CloseCause::TxnTimeout, fx);
      continue;
    }
    sendPacket(self, h, QuorumPacket{PacketType::PING, lastProposed_, std::nullopt}, fx);
    if (fx.explain) pinged.insert(h.sid);
  }
  fx.note(Family::Heartbeat, [&] {
    const std::string ping = pinged.empty() ? std::string("no learner to PING")
                                            : fmt::format("PING to {}", setText(pinged));
    if (!checked)
      return fmt::format("S{} Leader.lead, every tickTime/2: tick stays {} (the quorum check runs every other half "
                         "tick); {}",
                         self.myid(), tick_, ping);
    return fmt::format("S{} Leader.lead, every tickTime/2: tick {}; synced {} (each acked by its deadline) is a "
                       "quorum: still leading; {}",
                       self.myid(), tick_, setText(synced), ping);
  });
  fx.add(OutSetTimer{TimerKind::LeaderTick, self.timing().tickTime / 2, 0, 0});
}

void Leader::shutdown(QuorumPeer& self, const std::string& why, Effects& fx) {
  if (shutdown_) return;
  shutdown_ = true;
  shutdownReason_ = why;
  fx.note(Family::Discovery, [&] { return fmt::format("S{} Leader.shutdown: {}", self.myid(), why); });
  std::vector<ConnId> conns;
  for (const auto& [conn, h] : handlers_) conns.push_back(conn);
  for (ConnId c : conns) {
    fx.add(OutClose{c, "leader shut down", CloseCause::LeaderShutdown});
    fx.add(OutCancelTimer{TimerKind::HandlerRead, static_cast<std::int64_t>(c)});
    fx.add(OutCancelTimer{TimerKind::HandlerWait, static_cast<std::int64_t>(c)});
  }
  handlers_.clear();
  fx.add(OutCancelTimer{TimerKind::LeaderTick, 0});
  fx.add(OutCancelTimer{TimerKind::LeaderWait, 0});
}

// ---------------------------------------------------------------------------------------
// Broadcast

void Leader::submitRequest(QuorumPeer& self, Sid origin, std::uint64_t opId, ClientOpKind kind, const std::string& path,
                           const std::string& data, ConnId replyConn, Effects& fx) {
  if (shutdown_ || stage_ != Stage::Broadcast) return;
  if (kind == ClientOpKind::Sync) {
    // processSync: answer at once when nothing is outstanding, else when lastProposed commits.
    fx.note(Family::Client, [&] {
      return fmt::format("S{} processSync: sync() from S{}: {}", self.myid(), origin,
                         outstanding_.empty() ? std::string("nothing outstanding: answered at once")
                                              : fmt::format("answered when {} (lastProposed) commits",
                                                            formatEpochCounter(lastProposed_)));
    });
    if (outstanding_.empty()) {
      if (handlers_.count(replyConn))
        sendPacket(self, handlers_.at(replyConn), QuorumPacket{PacketType::SYNC, 0, std::nullopt}, fx);
    } else {
      pendingSyncs_[lastProposed_].push_back(replyConn);
    }
    return;
  }
  // PrepRequestProcessor: the next zxid, and the txn from the current state plus outstanding changes.
  Zxid zxid = hzxid_ + 1;
  if (counterOf(zxid) == 0xffffffffLL) {
    shutdown(self, "zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start", fx);
    return;
  }
  hzxid_ = zxid;
  Txn txn;
  txn.hdr.clientId = sessionIdFor(origin);
  txn.hdr.cxid = static_cast<std::int32_t>(opId);
  txn.hdr.zxid = zxid;
  txn.hdr.time = self.now();
  bool exists = false;
  std::int32_t version = -1;
  if (auto oc = outstandingChanges_.find(path); oc != outstandingChanges_.end()) {
    exists = oc->second.exists;
    version = oc->second.version;
  } else if (const DataNode* n = self.db().tree().getNode(path)) {
    exists = true;
    version = n->stat.version;
  }
  // Asked only for a create (a write to a path that does not exist).
  const auto parentExists = [&] {
    const std::string parent = parentPath(path);
    if (parent == "/" || self.db().tree().exists(parent)) return true;
    const auto oc = outstandingChanges_.find(parent);
    return oc != outstandingChanges_.end() && oc->second.exists;
  };
  if (kind == ClientOpKind::Delete) {
    if (!exists) {
      txn.hdr.type = OpCode::error;
      txn.err = static_cast<std::int32_t>(KeeperCode::NONODE);
    } else {
      txn.hdr.type = OpCode::delete_;
      txn.path = path;
      outstandingChanges_[path] = {false, -1, zxid};
    }
  } else if (exists) {
    txn.hdr.type = OpCode::setData;
    txn.path = path;
    txn.data = data;
    txn.version = version + 1;
    outstandingChanges_[path] = {true, version + 1, zxid};
  } else if (!parentExists() || !isValidPath(path)) {
    txn.hdr.type = OpCode::error;
    txn.err = static_cast<std::int32_t>(KeeperCode::NONODE);
  } else {
    txn.hdr.type = OpCode::create;
    txn.path = path;
    txn.data = data;
    txn.parentCVersion = -1;
    outstandingChanges_[path] = {true, 0, zxid};
  }
  Proposal p;
  p.logged = LoggedProposal{zxid, serializeTxn(txn)};
  p.txn = std::move(txn);
  p.originServer = origin;
  p.opId = opId;
  propose(self, std::move(p), fx);
}

void Leader::propose(QuorumPeer& self, Proposal p, Effects& fx) {
  Zxid zxid = p.logged.zxid;
  lastProposed_ = zxid;
  QuorumPacket qp{PacketType::PROPOSAL, zxid, std::nullopt};  // the header: the frame carries the data
  SharedBytes frame;  // encoded once, at the first follower: they all get the same bytes
  std::vector<Sid> to;  // for the note only: filled when explaining
  for (auto& [conn, h] : handlers_) {
    if (!h.forwarding || h.type != LearnerType::PARTICIPANT) continue;
    // The frame names the txn buffer it copies: a follower logs that buffer, not a third copy.
    if (frame.empty())
      frame = SharedBytes::carrying(encodeQuorumPacket(PacketType::PROPOSAL, zxid, &p.logged.data.bytes()), p.logged.data);
    sendFrame(self, h, qp, frame, fx);
    // SyncLimitCheck.updateProposal: only once started (NEWLEADER ACK processed, UPTODATE sent);
    // it keeps a "current" and a "next" proposal, and a newer one overwrites "next".
    if (h.stage == HandlerStage::Broadcast) {
      if (h.unacked.size() < 2) h.unacked.emplace_back(zxid, self.now());
      else h.unacked.back() = {zxid, self.now()};
    }
    if (fx.explain) to.push_back(h.sid);
  }
  fx.note(Family::Broadcast, [&] {
    std::string names;  // made here, not on the step path: nothing reads it unless explaining
    for (Sid s : to) names += fmt::format("{}S{}", names.empty() ? "" : ",", s);
    return fmt::format("S{} proposes {} {}: PROPOSAL to followers {{{}}}; logs it and acks itself after fsync",
                       self.myid(), formatEpochCounter(zxid), describeTxn(p.txn), names);
  });
  fx.add(OutProposed{zxid, p.logged.data.fnv1aHash(), epoch_});  // kept with the buffer: every apply reads it
  self.logProposal(p.logged, fx);
  outstanding_.emplace(zxid, std::move(p));
}

void Leader::onLocalFlush(QuorumPeer& self, const std::vector<Zxid>& zxids, Effects& fx) {
  for (Zxid z : zxids) processAck(self, self.myid(), z, fx);
}

void Leader::processAck(QuorumPeer& self, Sid sid, Zxid zxid, Effects& fx) {
  if (shutdown_) return;
  if (counterOf(zxid) == 0) {  // the NEWLEADER / UPTODATE ack
    fx.note(Family::Sync, [&] {
      return fmt::format("S{} ACK {} from S{}: the learner's ACK of UPTODATE; processAck ignores it (a zxid with "
                         "counter 0 names no proposal)",
                         self.myid(), formatEpochCounter(zxid), sid);
    });
    return;
  }
  if (outstanding_.empty() || lastCommitted_ >= zxid) {
    fx.note(Family::Broadcast, [&] {
      return fmt::format("S{} ACK {} from S{}: {}: ignored", self.myid(), formatEpochCounter(zxid), sid,
                         lastCommitted_ >= zxid ? "already committed (a quorum acked first)"
                                                : "no proposal is outstanding");
    });
    return;
  }
  auto it = outstanding_.find(zxid);
  if (it == outstanding_.end()) {
    fx.note(Family::Broadcast, [&] {
      return fmt::format("S{} ACK {} from S{}: not an outstanding proposal (\"Trying to commit future proposal\"): "
                         "ignored",
                         self.myid(), formatEpochCounter(zxid), sid);
    });
    return;
  }
  if (self.quorumVerifier().isVoter(sid)) it->second.acks.insert(sid);
  it->second.staleAcks.erase(sid);  // a fresh ACK: the learner has logged the txn again
  if (!tryToCommit(self, zxid, fx))
    fx.note(Family::Broadcast, [&] { return fmt::format("S{} ACK {} from S{}: acks {}{}", self.myid(), formatEpochCounter(zxid), sid,
                                           setText(it->second.acks),
                                           outstanding_.count(zxid - 1) ? ", but the previous proposal is still "
                                                                          "outstanding"
                                                                        : ", no quorum yet"); });
}

bool Leader::tryToCommit(QuorumPeer& self, Zxid zxid, Effects& fx) {
  auto it = outstanding_.find(zxid);
  if (it == outstanding_.end()) return false;
  if (outstanding_.count(zxid - 1)) return false;
  if (!self.quorumVerifier().containsQuorumOf(it->second.acks)) return false;
  if (!it->second.staleAcks.empty()) {
    SidSet fresh;
    for (Sid a : it->second.acks)
      if (!it->second.staleAcks.contains(a)) fresh.insert(a);
    if (!self.quorumVerifier().containsQuorumOf(fresh)) {
      for (Sid stale : it->second.staleAcks) fx.add(OutKnownBug{stale, kStaleAckAfterTrunc, zxid});
      fx.note(Family::Broadcast, [&] {
        return fmt::format("S{} commits {} on a quorum only with the ACKs of {}, sent before a TRUNC removed it from "
                           "their logs (STALE-ACK-AFTER-TRUNC)",
                           self.myid(), formatEpochCounter(zxid), setText(it->second.staleAcks));
      });
    }
  }
  Proposal p = std::move(it->second);
  outstanding_.erase(it);
  lastCommitted_ = zxid;
  // Each packet is encoded once, at its first receiver: every follower gets the same COMMIT bytes,
  // every observer the same INFORM bytes.
  const QuorumPacket commit{PacketType::COMMIT, zxid, std::nullopt};
  const QuorumPacket inform{PacketType::INFORM, zxid, std::nullopt};  // the header: the frame carries the data
  SharedBytes commitFrame, informFrame;
  for (auto& [conn, h] : handlers_) {
    if (!h.forwarding) continue;
    if (h.type == LearnerType::PARTICIPANT) {
      if (commitFrame.empty()) commitFrame = encodeQuorumPacket(commit);
      sendFrame(self, h, commit, commitFrame, fx);
    } else {
      if (informFrame.empty()) informFrame = encodeQuorumPacket(PacketType::INFORM, zxid, &p.logged.data.bytes());
      sendFrame(self, h, inform, informFrame, fx);
    }
  }
  fx.note(Family::Broadcast, [&] { return fmt::format("S{} commits {}: acked by {} (a quorum); COMMIT to followers, INFORM to "
                                         "observers; applies it",
                                         self.myid(), formatEpochCounter(zxid), setText(p.acks)); });
  self.db().apply(p.txn, p.logged.data);
  p.logged.data.forgetDecoded();  // the quorum has decoded it: the txn logs keep the bytes alone
  self.db().addCommittedProposal(p.logged);
  // FinalRequestProcessor: a path's change record goes once the newest proposal that changed it
  // is applied (proposals commit in zxid order, so every later one is still outstanding).
  std::erase_if(outstandingChanges_, [&](const auto& change) { return change.second.zxid <= zxid; });
  self.txnApplied(p.txn, fx);  // answers the client if it is connected to this server
  auto ps = pendingSyncs_.find(zxid);
  if (ps != pendingSyncs_.end()) {
    for (ConnId conn : ps->second)
      if (handlers_.count(conn)) sendPacket(self, handlers_.at(conn), QuorumPacket{PacketType::SYNC, 0, std::nullopt}, fx);
    pendingSyncs_.erase(ps);
  }
  return true;
}

}  // namespace zab
