#pragma once
// Leader.lead() and LearnerHandler.run() (facts 3.3 - 3.7, 3.9, 3.10), event-driven: every
// blocking wait of the Java threads is a stage plus a timer; a quorum forming wakes every
// waiter in sid order.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data_tree.hpp"  // PathLess
#include "fifo.hpp"
#include "learner_sync.hpp"
#include "peer_io.hpp"
#include "quorum_packet.hpp"
#include "sid_set.hpp"
#include "txn.hpp"

namespace zab {

class QuorumPeer;

// StateSummary: (currentEpoch, lastZxid); "more recent" compares epoch, then zxid.
struct StateSummary {
  Epoch currentEpoch = 0;
  Zxid lastZxid = 0;
  bool isMoreRecentThan(const StateSummary& o) const {
    return currentEpoch > o.currentEpoch || (currentEpoch == o.currentEpoch && lastZxid > o.lastZxid);
  }
};

// Leader.Proposal: a txn on its way to a quorum.
struct Proposal {
  LoggedProposal logged;
  Txn txn;
  SidSet acks;
  SidSet staleAcks;  // in acks, but sent before a TRUNC took the txn out of that learner's log
  Sid originServer = -1;    // the server whose client asked for it
  std::uint64_t opId = 0;   // that client's operation
};

enum class HandlerStage {
  ReadLearnerInfo,   // waiting for FOLLOWERINFO / OBSERVERINFO
  WaitEpoch,         // in getEpochToPropose
  ReadAckEpoch,      // LEADERINFO sent, waiting for ACKEPOCH
  WaitEpochAck,      // in waitForEpochAck
  WriteSnapshot,     // writing a SNAP's snapshot to the socket (snapSend): what it sends queues behind it
  ReadNewLeaderAck,  // sync packets + NEWLEADER queued, waiting for the ACK
  WaitNewLeaderAck,  // in waitForNewLeaderAck
  Broadcast,         // UPTODATE sent: serving
};
std::string_view to_string(HandlerStage s);

struct LearnerHandler {
  ConnId conn = 0;
  Sid sid = -1;
  LearnerType type = LearnerType::PARTICIPANT;
  HandlerStage stage = HandlerStage::ReadLearnerInfo;
  Epoch lastAcceptedEpoch = -1;
  StateSummary summary;
  std::optional<SyncMode> lastSync;
  std::int64_t tickOfNextAckDeadline = 0;
  bool forwarding = false;  // in forwardingFollowers / observingLearners (after startForwarding)
  // SyncLimitCheck: after UPTODATE, the oldest and the newest unacked proposal (two slots), with when they were sent.
  Fifo<std::pair<Zxid, std::int64_t>> unacked;
  // While the handler writes a SNAP's snapshot (WriteSnapshot): the SNAP itself, then everything
  // queuedPackets gets meanwhile (the sync's packets, forwarded PROPOSALs and COMMITs), in order.
  // LearnerHandler's sender thread starts only after NEWLEADER is queued, so they leave together.
  std::vector<OutSendFrame> queued;
};

class Leader {
 public:
  enum class Stage { Discovery, WaitEpochAck, WaitNewLeaderAck, Broadcast };

  void lead(QuorumPeer& self, Effects& fx);
  void onLearnerConnect(QuorumPeer& self, ConnId conn, Effects& fx);
  void onFrame(QuorumPeer& self, ConnId conn, const Bytes& bytes, Effects& fx);
  void onConnectionClosed(QuorumPeer& self, ConnId conn, Effects& fx);
  void onTimer(QuorumPeer& self, TimerKind kind, std::int64_t key, Effects& fx);
  // The leader's own fsync finished for these zxids: it acks itself.
  void onLocalFlush(QuorumPeer& self, const std::vector<Zxid>& zxids, Effects& fx);
  // A client write/delete/sync submitted at the leader itself, or forwarded as REQUEST.
  void submitRequest(QuorumPeer& self, Sid origin, std::uint64_t opId, ClientOpKind kind, const std::string& path,
                     const std::string& data, ConnId replyConn, Effects& fx);

  bool owns(ConnId conn) const { return handlers_.count(conn) != 0; }
  void shutdown(QuorumPeer& self, const std::string& why, Effects& fx);  // closes every learner

  // Views.
  Stage stage() const { return stage_; }
  Epoch epoch() const { return epoch_; }
  std::int64_t tick() const { return tick_; }
  Zxid lastProposed() const { return lastProposed_; }
  Zxid lastCommitted() const { return lastCommitted_; }
  const std::map<ConnId, LearnerHandler>& handlers() const { return handlers_; }
  const std::map<Zxid, Proposal>& outstandingProposals() const { return outstanding_; }
  // The three quorum waits of lead(), as they stand: who has sent FOLLOWERINFO (the leader
  // itself included), ACKEPOCH and the NEWLEADER ACK; and whether each wait is over.
  const std::set<Sid>& connectingFollowers() const { return connectingFollowers_; }
  const std::set<Sid>& electingFollowers() const { return electingFollowers_; }
  const std::set<Sid>& newLeaderAcks() const { return newLeaderAcks_; }
  bool newEpochDecided() const { return !waitingForNewEpoch_; }
  bool epochAcksDone() const { return electionFinished_; }
  bool newLeaderQuorumFormed() const { return quorumFormed_; }
  bool isShutdown() const { return shutdown_; }
  const std::string& shutdownReason() const { return shutdownReason_; }

 private:
  // The three quorum waits (Leader.getEpochToPropose / waitForEpochAck / waitForNewLeaderAck).
  bool getEpochToPropose(QuorumPeer& self, Sid sid, Epoch lastAcceptedEpoch, Effects& fx);
  bool waitForEpochAck(QuorumPeer& self, Sid sid, const StateSummary& ss, Effects& fx, std::string& error);
  bool waitForNewLeaderAck(QuorumPeer& self, Sid sid, Zxid zxid, Effects& fx);
  void wakeEpochWaiters(QuorumPeer& self, Effects& fx);
  void wakeEpochAckWaiters(QuorumPeer& self, Effects& fx);
  void wakeNewLeaderAckWaiters(QuorumPeer& self, Effects& fx);

  void afterEpoch(QuorumPeer& self, Effects& fx);          // lead() after getEpochToPropose
  void afterEpochAck(QuorumPeer& self, Effects& fx);       // lead() after waitForEpochAck
  void startZkServer(QuorumPeer& self, Effects& fx);       // lead() after waitForNewLeaderAck
  void handlerAfterEpoch(QuorumPeer& self, LearnerHandler& h, Effects& fx);
  void handlerAfterEpochAck(QuorumPeer& self, LearnerHandler& h, Effects& fx);
  void handlerAfterNewLeaderAck(QuorumPeer& self, LearnerHandler& h, Effects& fx);
  void handlerPacket(QuorumPeer& self, LearnerHandler& h, const QuorumPacket& qp, Effects& fx);
  void closeHandler(QuorumPeer& self, ConnId conn, const std::string& why, CloseCause cause, Effects& fx);
  void forgetAcksAboveTrunc(QuorumPeer& self, Sid sid, Zxid truncZxid, Effects& fx);
  void startForwarding(QuorumPeer& self, LearnerHandler& h, Zxid lastSeenZxid, Effects& fx);

  void tickOnce(QuorumPeer& self, Effects& fx);
  void propose(QuorumPeer& self, Proposal p, Effects& fx);
  void processAck(QuorumPeer& self, Sid sid, Zxid zxid, Effects& fx);
  bool tryToCommit(QuorumPeer& self, Zxid zxid, Effects& fx);
  void sendPacket(QuorumPeer& self, LearnerHandler& h, const QuorumPacket& qp, Effects& fx);
  // `frame` is `qp` encoded (its data included): a packet for several learners is encoded once.
  // While `h` writes a snapshot the frame waits in h.queued.
  void sendFrame(QuorumPeer& self, LearnerHandler& h, const QuorumPacket& qp, SharedBytes frame, Effects& fx);
  void sendNewLeader(QuorumPeer& self, LearnerHandler& h, Effects& fx);  // NEWLEADER queued; wait for its ACK
  void snapshotWritten(QuorumPeer& self, LearnerHandler& h, Effects& fx);
  void armHandlerRead(QuorumPeer& self, const LearnerHandler& h, std::int64_t ms, Effects& fx);
  void armHandlerWait(QuorumPeer& self, const LearnerHandler& h, Effects& fx);
  std::int64_t initLimitMs(const QuorumPeer& self) const;
  std::int64_t syncLimitMs(const QuorumPeer& self) const;

  Stage stage_ = Stage::Discovery;
  bool shutdown_ = false;
  std::string shutdownReason_;
  // getEpochToPropose
  Epoch epoch_ = -1;
  bool waitingForNewEpoch_ = true;
  std::set<Sid> connectingFollowers_;
  // waitForEpochAck
  bool electionFinished_ = false;
  std::set<Sid> electingFollowers_;
  StateSummary leaderStateSummary_;
  // waitForNewLeaderAck
  bool quorumFormed_ = false;
  std::set<Sid> newLeaderAcks_;
  // broadcast
  std::int64_t tick_ = 0;
  bool tickSkip_ = true;
  Zxid hzxid_ = 0;  // last zxid handed out by "PrepRequestProcessor"
  Zxid lastProposed_ = 0;
  Zxid lastCommitted_ = 0;
  std::map<Zxid, Proposal> outstanding_;
  // ZooKeeperServer.outstandingChangesForPath: the newest uncommitted change to each path.
  struct ChangeRecord {
    bool exists = false;
    std::int32_t version = -1;
    Zxid zxid = 0;  // the proposal that made it; dropped once that zxid is committed
  };
  std::map<std::string, ChangeRecord, PathLess> outstandingChanges_;
  std::map<Zxid, std::vector<ConnId>> pendingSyncs_;  // learners' sync requests (LearnerSyncRequest): answered with SYNC when that zxid commits
  std::map<ConnId, LearnerHandler> handlers_;
};

}  // namespace zab
