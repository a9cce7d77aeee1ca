#pragma once
// QuorumCnxManager (facts section 2): the election transport, as state plus effects.
// One send queue of capacity 1 per destination (the newest evicts the older), one shared
// receive queue of 100, only the larger sid's connection survives, the last message is
// resent on a new connection, and nothing reconnects by itself.
#include <deque>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fifo.hpp"
#include "peer_io.hpp"

namespace zab {

constexpr std::size_t kRecvCapacity = 100;  // RECV_CAPACITY
constexpr std::size_t kSendCapacity = 1;    // SEND_CAPACITY

// queueSendMap's ArrayBlockingQueue(SEND_CAPACITY): it holds one message at most, so a vector
// (an empty std::deque allocates its buffers up front, and there is one per destination).
class SendQueue {
 public:
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const FramedPayload& front() const { return items_.front(); }
  FramedPayload& front() { return items_.front(); }
  void push_back(FramedPayload p) { items_.push_back(std::move(p)); }
  void pop_front() { items_.erase(items_.begin()); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<FramedPayload> items_;
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
  const std::map<Sid, SendQueue>& sendQueues() const { return queueSendMap_; }
  const std::map<Sid, FramedPayload>& lastMessageSent() const { return lastMessageSent_; }
  const std::map<Sid, ConnId>& senderWorkers() const { return senderWorkerMap_; }
  const std::set<Sid>& inProgress() const { return inprogressConnections_; }
  const Fifo<QcmMessage>& recvQueue() const { return recvQueue_; }
  bool isConnected(Sid sid) const { return senderWorkerMap_.count(sid) != 0; }
  bool ownsConnection(ConnId conn) const { return connectionSid_.count(conn) != 0; }

 private:
  void startWorkers(Sid sid, ConnId conn, Effects& fx);  // SendWorker.run start-up
  void finishWorker(Sid sid, const std::string& why, Effects& fx);
  void send(Sid sid, ConnId conn, const FramedPayload& payload, bool resend, Effects& fx);
  void addToRecvQueue(QcmMessage m, Effects& fx);

  Sid mySid_ = 0;
  std::string myAddress_;
  SharedBytes initialMessage_;  // encoded at the first dial (speed only)
  std::map<Sid, SendQueue> queueSendMap_;  // capacity kSendCapacity each
  std::map<Sid, FramedPayload> lastMessageSent_;
  std::map<Sid, ConnId> senderWorkerMap_;              // sid -> its live connection
  std::map<ConnId, Sid> connectionSid_;                // every connection this peer holds open
  std::set<Sid> inprogressConnections_;
  Fifo<QcmMessage> recvQueue_;                   // capacity kRecvCapacity
  Sid observerCounter_ = -1;                           // sids handed to OBSERVER_ID connections
};

}  // namespace zab
