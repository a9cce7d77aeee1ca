#pragma once
// Learner, Follower and Observer (facts 3.8, 3.9, 3.10): connect to the leader's quorum
// port, registerWithLeader (FOLLOWERINFO -> LEADERINFO -> ACKEPOCH), syncWithLeader
// (DIFF / TRUNC / SNAP ... NEWLEADER ... UPTODATE), then follow the broadcast.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fifo.hpp"
#include "learner_sync.hpp"
#include "peer_io.hpp"
#include "quorum_packet.hpp"
#include "txn.hpp"

namespace zab {

class QuorumPeer;

enum class LearnerStage {
  Connecting,      // connectToLeader: up to 5 attempts, 100 ms apart, within initLimit
  Registering,     // FOLLOWERINFO sent, waiting for LEADERINFO
  WaitSyncMode,    // ACKEPOCH sent, waiting for DIFF / TRUNC / SNAP
  Syncing,         // applying the sync until NEWLEADER
  AfterNewLeader,  // NEWLEADER acked, waiting for UPTODATE
  Broadcast,       // serving
};
std::string_view to_string(LearnerStage s);

struct PacketInFlight {
  LoggedProposal logged;
  std::shared_ptr<const Txn> txn;  // never null; shared by every follower of one PROPOSAL (sharedTxnOf)
};

class Learner {
 public:
  void start(QuorumPeer& self, Sid leader, Effects& fx);
  void onConnectEstablished(QuorumPeer& self, const InConnectEstablished& in, Effects& fx);
  void onConnectFailed(QuorumPeer& self, const InConnectFailed& in, Effects& fx);
  void onFrame(QuorumPeer& self, ConnId conn, const SharedBytes& frame, Effects& fx);
  void onConnectionClosed(QuorumPeer& self, ConnId conn, Effects& fx);
  void onTimer(QuorumPeer& self, TimerKind kind, Effects& fx);
  void onLocalFlush(QuorumPeer& self, const std::vector<Zxid>& zxids, Effects& fx);
  // A client write/delete/sync at this server: forwarded to the leader as REQUEST.
  void forwardRequest(QuorumPeer& self, std::uint64_t opId, ClientOpKind kind, const std::string& path,
                      const std::string& data, Effects& fx);

  bool owns(ConnId conn) const { return conn_ != 0 && conn == conn_; }
  bool failed() const { return failed_; }
  const std::string& failure() const { return failure_; }
  // True while the learner is still loading a SNAP (a death then clears the database).
  bool inSnapSync() const { return stage_ == LearnerStage::Syncing && lastSync_ == SyncMode::SNAP && !writeToTxnLog_; }
  void shutdown(QuorumPeer& self, Effects& fx);  // the role ends (the process may live on)

  Sid leaderSid() const { return leader_; }
  LearnerStage stage() const { return stage_; }
  // syncWithLeader's writeToTxnLog: false from a SNAP or TRUNC until NEWLEADER (a COMMIT then
  // applies its txn at once, and the snapshot at NEWLEADER keeps it).
  bool writesToTxnLog() const { return writeToTxnLog_; }
  std::optional<SyncMode> lastSync() const { return lastSync_; }
  // What the last sync did, for views (the GUI's log grid): the zxid the DIFF / TRUNC / SNAP
  // packet named, and this server's last zxid when it registered (what it had before).
  Zxid syncZxid() const { return syncZxid_; }
  Zxid lastZxidAtRegister() const { return lastLoggedZxid_; }
  // The sync's proposals received and held in memory until NEWLEADER logs them.
  const Fifo<PacketInFlight>& packetsNotCommitted() const { return packetsNotCommitted_; }
  std::size_t packetsCommittedCount() const { return packetsCommitted_.size(); }  // COMMITs queued during a DIFF sync
  const Fifo<PacketInFlight>& pendingTxns() const { return pendingTxns_; }
  // 3.8.0's NEWLEADER (ZOOKEEPER-4785): the sync's committed txns that NEWLEADER's ACK vouched
  // for while they still waited for their fsync; empty once an fsync made them durable (and
  // always with the fix).
  const std::vector<Zxid>& ackedBeforeFsync() const { return ackedBeforeFsync_; }
  // fix=ZOOKEEPER-4785: the sync's txns that NEWLEADER appended and is fsyncing on the learner
  // thread (ZKDatabase.commit); while it runs nothing is read from the leader, and the frames
  // that arrive wait (heldReads) until the fsync ends and NEWLEADER's ACK is sent.
  bool inNewLeaderFsync() const { return !newLeaderFsync_.empty(); }  // it starts only with txns to fsync
  const std::vector<LoggedProposal>& newLeaderFsync() const { return newLeaderFsync_; }
  std::size_t heldReads() const { return heldReads_.size(); }  // frames, and the close if one came
  // Taken out when the process dies or the role ends: what the OS still writes (the txns were
  // appended before the fsync began).
  std::vector<LoggedProposal> takeNewLeaderFsync() { return std::exchange(newLeaderFsync_, {}); }
  // The client syncs still waiting, taken out: the role is ending and their clients lose the
  // connection (Learner.shutdown closes every client connection).
  std::vector<std::uint64_t> takePendingSyncs() {
    std::vector<std::uint64_t> out;
    while (!pendingSyncs_.empty()) out.push_back(pendingSyncs_.takeFront());
    return out;
  }

 private:
  void fail(QuorumPeer& self, const std::string& why, Effects& fx);
  void send(QuorumPeer& self, const QuorumPacket& qp, Effects& fx);
  void armRead(QuorumPeer& self, Effects& fx);
  void dial(QuorumPeer& self, Effects& fx);
  void packet(QuorumPeer& self, QuorumPacket& qp, Effects& fx);  // may move qp.data on
  void registerWithLeader(QuorumPeer& self, const QuorumPacket& qp, Effects& fx);
  void syncMode(QuorumPeer& self, const QuorumPacket& qp, Effects& fx);
  void syncPacket(QuorumPeer& self, const QuorumPacket& qp, Effects& fx);
  void newLeader(QuorumPeer& self, const QuorumPacket& qp, Effects& fx);
  Fifo<PacketInFlight> takeUncommittedSyncTxns();  // fix=ZOOKEEPER-4394: what NEWLEADER leaves pending
  void finishNewLeader(QuorumPeer& self, Effects& fx);  // fix=ZOOKEEPER-4785: its fsync ended
  bool writeNewEpoch(QuorumPeer& self);  // false: the write failed
  void holdRead(ConnId conn, const SharedBytes* frame, Effects& fx);  // nullptr: the close
  void upToDate(QuorumPeer& self, Effects& fx);
  void broadcastPacket(QuorumPeer& self, QuorumPacket& qp, Effects& fx);  // may move qp.data on
  void logRequest(QuorumPeer& self, PacketInFlight&& p, Effects& fx);  // moved into pendingTxns
  void commit(QuorumPeer& self, Zxid zxid, Effects& fx);
  void applyTxn(QuorumPeer& self, const PacketInFlight& p, Effects& fx);
  void applySyncTxn(QuorumPeer& self, const PacketInFlight& p);  // tree only, before NEWLEADER
  bool isObserver(const QuorumPeer& self) const;

  Sid leader_ = -1;
  ConnId conn_ = 0;
  LearnerStage stage_ = LearnerStage::Connecting;
  int connectAttempts_ = 0;
  std::int64_t connectStartMs_ = 0;
  bool failed_ = false;
  std::string failure_;
  Zxid lastLoggedZxid_ = 0;  // read before FOLLOWERINFO is sent
  Epoch newEpoch_ = 0;
  std::optional<SyncMode> lastSync_;
  Zxid syncZxid_ = 0;
  bool snapshotNeeded_ = true;
  bool writeToTxnLog_ = false;
  Fifo<PacketInFlight> packetsNotCommitted_;
  Fifo<Zxid> packetsCommitted_;
  std::vector<Zxid> requestsToAck_;
  std::vector<Zxid> ackedBeforeFsync_;
  Fifo<PacketInFlight> pendingTxns_;  // FollowerZooKeeperServer.pendingTxns
  // fix=ZOOKEEPER-4785's blocking fsync at NEWLEADER (inNewLeaderFsync above).
  Zxid newLeaderZxid_ = 0;  // NEWLEADER's zxid, which its ACK carries
  std::vector<LoggedProposal> newLeaderFsync_;
  struct HeldRead {
    ConnId conn = 0;
    SharedBytes frame;
    bool closed = false;  // the leader closed the connection
  };
  std::vector<HeldRead> heldReads_;
  std::int32_t nextCxid_ = 1;
  Fifo<std::uint64_t> pendingSyncs_;  // client syncs waiting for the leader's SYNC
};

}  // namespace zab
