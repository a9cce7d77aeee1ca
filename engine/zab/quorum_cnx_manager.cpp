#include "quorum_cnx_manager.hpp"

#include <fmt/format.h>

#include "packet_view.hpp"
#include "qcm_wire.hpp"

namespace zab {

namespace {
// decodeFrame's checks for a frame that is exactly int len + len bytes, without copying the
// payload out; anything else (short, negative, too long, trailing bytes) goes to decodeFrame.
std::optional<FramedPayload> wholeFrame(const SharedBytes& frame) {
  if (frame.size() < 4) return std::nullopt;
  const std::uint8_t* b = frame.data();
  const auto len = static_cast<std::int32_t>((std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                                             (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]});
  if (len <= 0 || len > kPacketMaxSize || static_cast<std::size_t>(len) != frame.size() - 4) return std::nullopt;
  return FramedPayload::adopt(frame);
}
}  // namespace

void QuorumCnxManager::toSend(Sid sid, const FramedPayload& payload, Effects& fx) {
  if (sid == mySid_) {  // loopback: straight into our own receive queue, no network
    addToRecvQueue(QcmMessage{payload, mySid_}, fx);
    return;
  }
  auto worker = senderWorkerMap_.find(sid);
  if (worker != senderWorkerMap_.end()) {
    // A live SendWorker drains its queue at once, so the message goes straight out.
    queueSendMap_[sid];  // the queue exists (putIfAbsent) and stays empty
    send(sid, worker->second, payload, false, fx);
    return;
  }
  auto& queue = queueSendMap_[sid];
  if (queue.size() >= kSendCapacity) {
    fx.note(Family::Transport,
            [&] { return fmt::format("S{} send queue to S{} is full (capacity 1): evicts the older {} for the newer {}",
                        mySid_, sid, notificationLabel(queue.front().toBytes()), notificationLabel(payload.toBytes())); });
    queue.pop_front();
  }
  queue.push_back(payload);
  connectOne(sid, fx);
}

void QuorumCnxManager::connectOne(Sid sid, Effects& fx) {
  if (senderWorkerMap_.count(sid) || inprogressConnections_.count(sid)) return;
  inprogressConnections_.insert(sid);
  if (initialMessage_.empty()) {  // the same bytes for every dial of this process
    InitialMessage init;
    init.sid = mySid_;
    init.addresses = {myAddress_};
    initialMessage_ = encodeInitialMessage(init);
  }
  fx.add(OutDial{sid, initialMessage_});
  fx.note(Family::Transport, [&] { return fmt::format("S{} dials S{} (election port)", mySid_, sid); });
}

void QuorumCnxManager::connectAll(Effects& fx) {
  for (const auto& [sid, queue] : queueSendMap_) connectOne(sid, fx);
}

bool QuorumCnxManager::haveDelivered() const {
  for (const auto& [sid, queue] : queueSendMap_)
    if (queue.empty()) return true;
  return false;
}

void QuorumCnxManager::halt(Effects& fx) {
  for (const auto& [conn, sid] : connectionSid_) fx.add(OutClose{conn, "election transport halted", CloseCause::TransportHalted});
  connectionSid_.clear();
  senderWorkerMap_.clear();
  inprogressConnections_.clear();
}

std::optional<Sid> QuorumCnxManager::knownInitialSid(const SharedBytes& message) const {
  // The sid the message claims: its first long, or the second after a protocol version.
  const std::uint8_t* b = message.data();
  auto i64 = [&](std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 8; ++k) v = (v << 8) | b[at + k];
    return static_cast<std::int64_t>(v);
  };
  if (message.size() < 8) return std::nullopt;
  std::int64_t claimed = i64(0);
  if (claimed < 0) {
    if (message.size() < 16) return std::nullopt;
    claimed = i64(8);
  }
  auto it = knownInitial_.find(claimed);
  if (it == knownInitial_.end() || !it->second.sameBuffer(message)) return std::nullopt;
  return claimed;
}

void QuorumCnxManager::onConnectionRequest(const InConnectionRequest& in, Effects& fx) {
  Sid remote = 0;
  if (auto known = knownInitialSid(in.initialMessage)) {
    remote = *known;  // these very bytes decoded before, to this sid
  } else {
    InitialMessageDecode init = decodeInitialMessage(in.initialMessage, false);  // only the sid is read
    if (!init.message) {
      fx.add(OutClose{in.conn, "bad initial message: " + init.error, CloseCause::BadMessage});
      fx.note(Family::Transport, [&] { return fmt::format("S{} closes an incoming connection: {}", mySid_, init.error); });
      return;
    }
    remote = init.message->sid;
    knownInitial_[remote] = in.initialMessage;
  }
  if (remote == kObserverId) {
    // A pre-3.3 observer announces OBSERVER_ID; it gets a fresh negative sid (-1, -2, ...),
    // which is smaller than every real sid, so the connection is refused below.
    remote = observerCounter_--;
    fx.add(OutClose{in.conn, "OBSERVER_ID connection: refused, dial back to its address", CloseCause::ObserverRefused});
    fx.note(Family::Transport,
            [&] { return fmt::format("S{} gets a connection from OBSERVER_ID and names it S{}; being the smaller sid it is refused "
                        "(ZooKeeper dials back to the address it sent; no such server is in this ensemble)",
                        mySid_, remote); });
    return;
  }
  if (remote < mySid_) {
    // handleConnection: only the larger sid's connection survives; dial back instead.
    if (senderWorkerMap_.count(remote)) finishWorker(remote, "replaced by dial-back", fx);
    fx.add(OutClose{in.conn, "smaller sid connected; dialling back", CloseCause::DialBack});
    fx.note(Family::Transport,
            [&] { return fmt::format("S{} refuses the connection from smaller sid S{} and dials back "
                        "(QuorumCnxManager.handleConnection)",
                        mySid_, remote); });
    connectOne(remote, fx);
    return;
  }
  if (remote == mySid_) {
    fx.add(OutClose{in.conn, "connection from my own sid", CloseCause::OwnSid});
    fx.note(Family::Transport, [&] { return fmt::format("S{} got a connection claiming its own sid; ignored", mySid_); });
    return;
  }
  connectionSid_[in.conn] = remote;
  fx.note(Family::Transport, [&] { return fmt::format("S{} accepts the connection from larger sid S{}", mySid_, remote); });
  startWorkers(remote, in.conn, fx);
}

void QuorumCnxManager::onConnectEstablished(const InConnectEstablished& in, Effects& fx) {
  inprogressConnections_.erase(in.to);
  if (in.to > mySid_) {
    // startConnection: "I have the smaller id": send the initial message, then close.
    fx.add(OutClose{in.conn, "smaller sid closes its own connection; the larger sid dials back", CloseCause::DialBack});
    fx.note(Family::Transport,
            [&] { return fmt::format("S{} connected to larger sid S{}, sent its initial message and closes: "
                        "S{} will dial back",
                        mySid_, in.to, in.to); });
    return;
  }
  connectionSid_[in.conn] = in.to;
  fx.note(Family::Transport, [&] { return fmt::format("S{} connected to S{}; the connection is kept (larger sid dials)", mySid_, in.to); });
  startWorkers(in.to, in.conn, fx);
}

void QuorumCnxManager::onConnectFailed(const InConnectFailed& in, Effects& fx) {
  inprogressConnections_.erase(in.to);
  fx.note(Family::Transport,
          [&] { return fmt::format("S{} cannot connect to S{}: {}; no retry until the next send or connectAll", mySid_, in.to,
                      in.reason); });
}

void QuorumCnxManager::onFrame(const InFrame& in, Effects& fx) {
  auto it = connectionSid_.find(in.conn);
  if (it == connectionSid_.end()) return;  // not ours any more (the simulation answers with a reset)
  Sid sid = it->second;
  if (auto whole = wholeFrame(in.frame)) {  // the usual case: the payload stays where it arrived
    addToRecvQueue(QcmMessage{std::move(*whole), sid}, fx);
    return;
  }
  FrameDecode frame = decodeFrame(in.frame);
  if (!frame.payload) {
    // RecvWorker: a bad length ends the connection.
    fx.note(Family::Transport, [&] { return fmt::format("S{} closes its connection to S{}: {}", mySid_, sid, frame.error); });
    fx.add(OutClose{in.conn, frame.error, CloseCause::BadMessage});
    connectionSid_.erase(it);
    if (senderWorkerMap_.count(sid) && senderWorkerMap_[sid] == in.conn) senderWorkerMap_.erase(sid);
    return;
  }
  addToRecvQueue(QcmMessage{FramedPayload::of(*frame.payload), sid}, fx);
}

void QuorumCnxManager::onConnectionClosed(const InConnectionClosed& in, Effects& fx) {
  auto it = connectionSid_.find(in.conn);
  if (it == connectionSid_.end()) return;
  Sid sid = it->second;
  connectionSid_.erase(it);
  auto worker = senderWorkerMap_.find(sid);
  if (worker != senderWorkerMap_.end() && worker->second == in.conn) {
    senderWorkerMap_.erase(worker);
    fx.note(Family::Transport,
            [&] { return fmt::format("S{} sees its connection to S{} closed; it will not reconnect until it has "
                        "something to send or runs connectAll",
                        mySid_, sid); });
  } else {
    fx.note(Family::Transport, [&] {
      return fmt::format("S{} sees an old connection to S{} closed; its SendWorker uses a newer one: nothing changes",
                         mySid_, sid);
    });
  }
}

std::optional<QcmMessage> QuorumCnxManager::pollRecvQueue() {
  if (recvQueue_.empty()) return std::nullopt;
  QcmMessage m = std::move(recvQueue_.front());
  recvQueue_.pop_front();
  return m;
}

void QuorumCnxManager::startWorkers(Sid sid, ConnId conn, Effects& fx) {
  auto old = senderWorkerMap_.find(sid);
  if (old != senderWorkerMap_.end() && old->second != conn) {
    fx.add(OutClose{old->second, "replaced by a newer connection", CloseCause::Replaced});
    connectionSid_.erase(old->second);
  }
  senderWorkerMap_[sid] = conn;
  auto& queue = queueSendMap_[sid];
  // SendWorker.run: with an empty queue, first resend the last message ever sent to sid.
  if (queue.empty()) {
    auto last = lastMessageSent_.find(sid);
    if (last != lastMessageSent_.end()) {
      fx.note(Family::Transport,
              [&] { return fmt::format("S{} resends its last message to S{} on the new connection (queue empty)", mySid_, sid); });
      send(sid, conn, last->second, true, fx);
    }
  }
  while (!queue.empty()) {
    FramedPayload payload = std::move(queue.front());
    queue.pop_front();
    send(sid, conn, payload, false, fx);
  }
}

void QuorumCnxManager::finishWorker(Sid sid, const std::string& why, Effects& fx) {
  auto it = senderWorkerMap_.find(sid);
  if (it == senderWorkerMap_.end()) return;
  fx.add(OutClose{it->second, why, CloseCause::Replaced});
  connectionSid_.erase(it->second);
  senderWorkerMap_.erase(it);
}

void QuorumCnxManager::send(Sid sid, ConnId conn, const FramedPayload& payload, bool resend, Effects& fx) {
  lastMessageSent_[sid] = payload;
  OutSendFrame out;
  out.conn = conn;
  out.to = sid;
  out.frame = payload.frame();  // the int-length frame it already is (encodeFrame's bytes)
  out.type = "notification";
  out.resend = resend;
  out.family = Family::Election;
  fx.add(std::move(out));
}

void QuorumCnxManager::addToRecvQueue(QcmMessage m, Effects& fx) {
  if (recvQueue_.size() >= kRecvCapacity) {
    // CircularBlockingQueue.offer: a full queue drops its oldest element.
    fx.note(Family::Transport,
            [&] { return fmt::format("S{} receive queue is full ({}): drops the oldest message (from S{})", mySid_, kRecvCapacity,
                        recvQueue_.front().sid); });
    recvQueue_.pop_front();
  }
  recvQueue_.push_back(std::move(m));
}

}  // namespace zab
