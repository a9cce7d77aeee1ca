#pragma once
// QuorumCnxManager (facts section 2): the election transport, as state plus effects.
// One send queue of capacity 1 per destination (the newest evicts the older), one shared
// receive queue of 100, only the larger sid's connection survives, the last message is
// resent on a new connection, and nothing reconnects by itself.
#include <cassert>
#include <deque>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fifo.hpp"
#include "flat_map.hpp"
#include "sid_map.hpp"
#include "peer_io.hpp"

namespace zab {

constexpr std::size_t kRecvCapacity = 100;  // RECV_CAPACITY
constexpr std::size_t kSendCapacity = 1;    // SEND_CAPACITY

// queueSendMap's ArrayBlockingQueue(SEND_CAPACITY): it holds one message at most (toSend
// evicts the old one first), so that one sits inline: no buffer per destination, and 24 bytes a
// peer (a never-used overflow vector made it 48; every peer holds one per other peer).
static_assert(kSendCapacity == 1, "SendQueue holds one message");
class SendQueue {
 public:
  std::size_t size() const { return has_ ? 1 : 0; }
  bool empty() const { return !has_; }
  const FramedPayload& front() const { return first_; }
  FramedPayload& front() { return first_; }
  void push_back(FramedPayload p) {
    assert(!has_);  // full: toSend removes the head first
    first_ = std::move(p);
    has_ = true;
  }
  void pop_front() {
    first_ = FramedPayload{};
    has_ = false;
  }

 private:
  FramedPayload first_;
  bool has_ = false;
};

// QuorumCnxManager.Message: a payload and the sid of the connection it came on. The payload
// stays inside the frame it arrived in (or was sent as): queues and resends share it.
struct QcmMessage {
  FramedPayload payload;
  Sid sid = 0;
};

class QuorumCnxManager {
 public:
  QuorumCnxManager() = default;
  QuorumCnxManager(Sid mySid, std::string myElectionAddress)
      : mySid_(mySid), myAddress_(std::move(myElectionAddress)) {}

  // toSend: loopback to self, otherwise queue (evicting the older message) and connectOne.
  void toSend(Sid sid, const FramedPayload& payload, Effects& fx);
  void toSend(Sid sid, const Bytes& payload, Effects& fx) { toSend(sid, FramedPayload::of(payload), fx); }
  void connectOne(Sid sid, Effects& fx);
  // The per-peer tables made ready for sids up to `maxSid` (the ensemble's), before an election
  // fills them: speed only.
  void reservePeers(Sid maxSid) {
    queueSendMap_.reserveSids(maxSid);
    lastMessageSent_.reserveSids(maxSid);
    senderWorkerMap_.reserveSids(maxSid);
    knownInitial_.reserveSids(maxSid);
  }
  void connectAll(Effects& fx);
  // The code, not the comment: true when ANY per-peer send queue is empty (facts 2.6).
  bool haveDelivered() const;
  void halt(Effects& fx);  // close every connection (FLE shutdown / process exit)

  // Inputs from the network.
  void onConnectionRequest(const InConnectionRequest& in, Effects& fx);
  void onConnectEstablished(const InConnectEstablished& in, Effects& fx);
  void onConnectFailed(const InConnectFailed& in, Effects& fx);
  void onFrame(const InFrame& in, Effects& fx);
  void onConnectionClosed(const InConnectionClosed& in, Effects& fx);

  // recvQueue.poll(): the next received message, if any.
  std::optional<QcmMessage> pollRecvQueue();

  // Read-only views for the inspector and tests.
  Sid mySid() const { return mySid_; }
  const SidMap<SendQueue>& sendQueues() const { return queueSendMap_; }
  const SidMap<FramedPayload>& lastMessageSent() const { return lastMessageSent_; }
  const SidMap<ConnId>& senderWorkers() const { return senderWorkerMap_; }
  const FlatSet<Sid>& inProgress() const { return inprogressConnections_; }
  const Fifo<QcmMessage>& recvQueue() const { return recvQueue_; }
  bool isConnected(Sid sid) const { return senderWorkerMap_.count(sid) != 0; }
  bool ownsConnection(ConnId conn) const { return connectionSid_.count(conn) != 0; }

 private:
  void startWorkers(Sid sid, ConnId conn, Effects& fx);  // SendWorker.run start-up
  void finishWorker(Sid sid, const std::string& why, Effects& fx);
  void send(Sid sid, ConnId conn, const FramedPayload& payload, bool resend, Effects& fx);
  void addToRecvQueue(QcmMessage m, Effects& fx);
  // The sid of an initial message whose very buffer was decoded before (a process dials with the
  // same bytes every time): the decode's checks and its address parse run once per buffer.
  std::optional<Sid> knownInitialSid(const SharedBytes& message) const;

  Sid mySid_ = 0;
  std::string myAddress_;
  SharedBytes initialMessage_;  // encoded at the first dial (speed only)
  // One slot per peer sid (sid_map.hpp): a lookup or insert touches one entry whatever the
  // ensemble's size and the order peers come in; no heap node each.
  SidMap<SendQueue> queueSendMap_;  // capacity kSendCapacity each
  SidMap<FramedPayload> lastMessageSent_;
  SidMap<ConnId> senderWorkerMap_;        // sid -> its live connection
  FlatMap<ConnId, Sid> connectionSid_;    // every connection this peer holds open (sorted by id)
  FlatSet<Sid> inprogressConnections_;
  Fifo<QcmMessage> recvQueue_;                   // capacity kRecvCapacity
  SidMap<SharedBytes> knownInitial_;  // speed only: the last good initial message of each sid
  Sid observerCounter_ = -1;                           // sids handed to OBSERVER_ID connections
};

}  // namespace zab
