// Transport tests: QuorumCnxManager (facts section 2) driven directly as a pure object, plus
// end-to-end checks through the Simulation (CnxManagerTest, facts section 7 "Transport").
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "peer_harness.hpp"
#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"
#include "zab/notification_codec.hpp"
#include "zab/qcm_wire.hpp"
#include "zab/quorum_cnx_manager.hpp"

using zab::Bytes;
using zab::ConnId;
using zab::Effects;
using zab::OutClose;
using zab::OutDial;
using zab::OutNote;
using zab::OutSendFrame;
using zab::QuorumCnxManager;
using zab::Sid;
using zabtest::outputsOf;

namespace {

QuorumCnxManager manager(Sid sid) { return QuorumCnxManager(sid, "127.0.0.1:" + std::to_string(3888 + sid)); }

Bytes initialFrom(Sid sid) {
  zab::InitialMessage init;
  init.sid = sid;
  init.addresses = {"127.0.0.1:" + std::to_string(3888 + sid)};
  return zab::encodeInitialMessage(init);
}

// A recognisable payload: two bytes carrying n.
Bytes payload(int n) {
  return Bytes{static_cast<std::uint8_t>((n >> 8) & 0xff), static_cast<std::uint8_t>(n & 0xff)};
}

// The payloads of the frames sent on `conn` (or to anyone, conn == 0).
std::vector<Bytes> framesSent(const Effects& fx, ConnId conn = 0) {
  std::vector<Bytes> out;
  for (const auto& f : outputsOf<OutSendFrame>(fx.outputs)) {
    if (conn != 0 && f.conn != conn) continue;
    auto d = zab::decodeFrame(f.frame);
    REQUIRE(d.payload);
    out.push_back(*d.payload);
  }
  return out;
}

std::vector<Sid> dialled(const Effects& fx) {
  std::vector<Sid> out;
  for (const auto& d : outputsOf<OutDial>(fx.outputs)) out.push_back(d.to);
  return out;
}

std::vector<ConnId> closed(const Effects& fx) {
  std::vector<ConnId> out;
  for (const auto& c : outputsOf<OutClose>(fx.outputs)) out.push_back(c.conn);
  return out;
}

bool noted(const Effects& fx, const std::string& fragment) {
  for (const auto& n : outputsOf<OutNote>(fx.outputs))
    if (n.text.find(fragment) != std::string::npos) return true;
  return false;
}

// `m` accepts a connection from the larger sid `from` on `conn`.
void acceptFrom(QuorumCnxManager& m, Sid from, ConnId conn, Effects& fx) {
  REQUIRE(from > m.mySid());
  m.onConnectionRequest(zab::InConnectionRequest{conn, initialFrom(from)}, fx);
  REQUIRE(m.isConnected(from));
}

}  // namespace

TEST_CASE("transport: two managers exchange a LOOKING notification", "[transport]") {
  // CnxManagerTest.testCnxManager: manager 1 sends to manager 2 and 2 receives it from sid 1.
  auto m1 = manager(1);
  auto m2 = manager(2);
  zab::NotificationMessage n;
  n.state = static_cast<std::int32_t>(zab::ServerState::LOOKING);
  n.leader = 1;
  n.electionEpoch = 1;
  const Bytes vote = zab::encodeNotification(n);

  Effects a;
  m1.toSend(2, vote, a);
  REQUIRE(dialled(a) == std::vector<Sid>{2});
  // 1 < 2: the connection 1 opens reaches 2, which refuses it and dials back.
  Effects b;
  m2.onConnectionRequest(zab::InConnectionRequest{10, outputsOf<OutDial>(a.outputs)[0].initialMessage}, b);
  CHECK(closed(b) == std::vector<ConnId>{10});
  REQUIRE(dialled(b) == std::vector<Sid>{1});
  Effects c;
  m1.onConnectEstablished(zab::InConnectEstablished{10, 2}, c);  // 1's own attempt: smaller, so it closes
  CHECK(closed(c) == std::vector<ConnId>{10});
  CHECK_FALSE(m1.isConnected(2));
  // 2's dial-back arrives at 1, which keeps it and sends the queued notification on it.
  Effects d;
  m1.onConnectionRequest(zab::InConnectionRequest{11, outputsOf<OutDial>(b.outputs)[0].initialMessage}, d);
  CHECK(m1.isConnected(2));
  auto sent = outputsOf<OutSendFrame>(d.outputs);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].conn == 11);
  Effects e;
  m2.onConnectEstablished(zab::InConnectEstablished{11, 1}, e);
  CHECK(m2.isConnected(1));
  m2.onFrame(zab::InFrame{11, sent[0].frame}, e);
  auto got = m2.pollRecvQueue();
  REQUIRE(got);
  CHECK(got->sid == 1);
  CHECK(got->payload == vote);
  auto decoded = zab::decodeNotification(got->payload.toBytes());
  REQUIRE(decoded.message);
  CHECK(decoded.message->state == static_cast<std::int32_t>(zab::ServerState::LOOKING));
}

TEST_CASE("transport: the send queue holds one message - the newer evicts the older", "[transport]") {
  auto m = manager(3);
  Effects fx;
  m.toSend(2, payload(1), fx);
  CHECK(dialled(fx) == std::vector<Sid>{2});
  REQUIRE(m.sendQueues().at(2).size() == 1);

  Effects fx2;
  m.toSend(2, payload(2), fx2);
  CHECK(m.sendQueues().at(2).size() == 1);
  CHECK(m.sendQueues().at(2).front() == payload(2));
  CHECK(noted(fx2, "evicts"));
  CHECK(dialled(fx2).empty());  // one attempt per sid at a time
  CHECK(m.inProgress().count(2) == 1);

  // 2 < 3: my connection is the one that survives; only the newest message goes out.
  Effects fx3;
  m.onConnectEstablished(zab::InConnectEstablished{7, 2}, fx3);
  CHECK(framesSent(fx3, 7) == std::vector<Bytes>{payload(2)});
  CHECK(m.sendQueues().at(2).empty());
  CHECK(m.lastMessageSent().at(2) == payload(2));
  CHECK(m.inProgress().count(2) == 0);

  // Connected: a new message goes straight out.
  Effects fx4;
  m.toSend(2, payload(3), fx4);
  CHECK(framesSent(fx4, 7) == std::vector<Bytes>{payload(3)});
  CHECK(dialled(fx4).empty());
}

TEST_CASE("transport: a message to myself is looped back into the receive queue", "[transport]") {
  auto m = manager(2);
  Effects fx;
  m.toSend(2, payload(9), fx);
  CHECK(outputsOf<OutSendFrame>(fx.outputs).empty());
  CHECK(outputsOf<OutDial>(fx.outputs).empty());
  CHECK(m.sendQueues().count(2) == 0);
  REQUIRE(m.recvQueue().size() == 1);
  auto got = m.pollRecvQueue();
  REQUIRE(got);
  CHECK(got->sid == 2);
  CHECK(got->payload == payload(9));
  CHECK_FALSE(m.pollRecvQueue());
}

TEST_CASE("transport: the receive queue keeps the newest 100 messages", "[transport]") {
  REQUIRE(zab::kRecvCapacity == 100);
  auto m = manager(1);
  Effects fx;
  acceptFrom(m, 2, 5, fx);
  Effects frames;
  for (int i = 0; i < 105; ++i) m.onFrame(zab::InFrame{5, zab::encodeFrame(payload(i))}, frames);
  CHECK(m.recvQueue().size() == 100);
  CHECK(m.recvQueue().front().payload == payload(5));  // 0..4 were dropped, oldest first
  CHECK(m.recvQueue().back().payload == payload(104));
  std::size_t dropNotes = 0;
  for (const auto& n : outputsOf<OutNote>(frames.outputs))
    if (n.text.find("receive queue is full") != std::string::npos) ++dropNotes;
  CHECK(dropNotes == 5);
  // Loopback shares the queue.
  Effects self;
  m.toSend(1, payload(500), self);
  CHECK(m.recvQueue().size() == 100);
  CHECK(m.recvQueue().front().payload == payload(6));
  CHECK(m.recvQueue().back().payload == payload(500));
  CHECK(m.recvQueue().back().sid == 1);
}

TEST_CASE("transport: only the connection opened by the larger sid survives", "[transport]") {
  SECTION("the smaller initiator closes its own connection and keeps its message queued") {
    auto m = manager(1);
    Effects fx;
    m.toSend(2, payload(1), fx);
    Effects fx2;
    m.onConnectEstablished(zab::InConnectEstablished{4, 2}, fx2);
    CHECK(closed(fx2) == std::vector<ConnId>{4});
    CHECK(outputsOf<OutSendFrame>(fx2.outputs).empty());
    CHECK_FALSE(m.isConnected(2));
    CHECK(m.inProgress().count(2) == 0);
    CHECK(m.sendQueues().at(2).size() == 1);  // delivered when 2 dials back
    // ... which it does: the message goes out on 2's connection.
    Effects fx3;
    acceptFrom(m, 2, 8, fx3);
    CHECK(framesSent(fx3, 8) == std::vector<Bytes>{payload(1)});
  }
  SECTION("the acceptor refuses a smaller sid and dials back") {
    auto m = manager(2);
    Effects fx;
    m.onConnectionRequest(zab::InConnectionRequest{4, initialFrom(1)}, fx);
    CHECK(closed(fx) == std::vector<ConnId>{4});
    CHECK(dialled(fx) == std::vector<Sid>{1});
    CHECK_FALSE(m.isConnected(1));
    CHECK(m.inProgress().count(1) == 1);
    Effects fx2;
    m.onConnectEstablished(zab::InConnectEstablished{9, 1}, fx2);
    CHECK(closed(fx2).empty());
    CHECK(m.isConnected(1));
    CHECK(m.senderWorkers().at(1) == 9);
  }
  SECTION("the acceptor keeps a larger sid's connection") {
    auto m = manager(1);
    Effects fx;
    m.onConnectionRequest(zab::InConnectionRequest{4, initialFrom(3)}, fx);
    CHECK(closed(fx).empty());
    CHECK(dialled(fx).empty());
    CHECK(m.isConnected(3));
    CHECK(m.senderWorkers().at(3) == 4);
  }
  SECTION("a newer connection from the larger sid replaces the older one") {
    auto m = manager(1);
    Effects fx;
    acceptFrom(m, 3, 4, fx);
    Effects fx2;
    acceptFrom(m, 3, 5, fx2);
    CHECK(closed(fx2) == std::vector<ConnId>{4});
    CHECK(m.senderWorkers().at(3) == 5);
    Effects fx3;
    m.onFrame(zab::InFrame{4, zab::encodeFrame(payload(1))}, fx3);  // the old one is gone
    CHECK(m.recvQueue().empty());
    m.onFrame(zab::InFrame{5, zab::encodeFrame(payload(2))}, fx3);
    REQUIRE(m.recvQueue().size() == 1);
    CHECK(m.recvQueue().front().sid == 3);
  }
  SECTION("a smaller sid connecting again finishes my live connection to it before the dial-back") {
    auto m = manager(2);
    Effects fx;
    m.toSend(1, payload(1), fx);
    m.onConnectEstablished(zab::InConnectEstablished{4, 1}, fx);
    REQUIRE(m.isConnected(1));
    Effects fx2;
    m.onConnectionRequest(zab::InConnectionRequest{6, initialFrom(1)}, fx2);
    auto c = closed(fx2);
    CHECK(std::find(c.begin(), c.end(), ConnId{4}) != c.end());
    CHECK(std::find(c.begin(), c.end(), ConnId{6}) != c.end());
    CHECK(dialled(fx2) == std::vector<Sid>{1});
    CHECK_FALSE(m.isConnected(1));
  }
  SECTION("a legacy initial message (a bare non-negative sid) is read as the sid") {
    auto m = manager(3);
    Effects fx;
    m.onConnectionRequest(zab::InConnectionRequest{4, zabtest::ByteWriter{}.i64(5).b}, fx);
    CHECK(m.isConnected(5));
    Effects fx2;
    m.onConnectionRequest(zab::InConnectionRequest{6, zabtest::ByteWriter{}.i64(2).b}, fx2);
    CHECK(closed(fx2) == std::vector<ConnId>{6});
    CHECK(dialled(fx2) == std::vector<Sid>{2});
  }
  SECTION("an initial message that does not parse closes the connection") {
    auto m = manager(1);
    Effects fx;
    m.onConnectionRequest(
        zab::InConnectionRequest{4, zabtest::ByteWriter{}.i64(zab::kProtocolVersionV1).i64(5).i32(0).b}, fx);
    CHECK(closed(fx) == std::vector<ConnId>{4});
    CHECK_FALSE(m.isConnected(5));
    CHECK(dialled(fx).empty());
  }
}

// Facts 2.2 / QuorumCnxManager.handleConnection: a connection whose initial message carries
// QuorumPeer.OBSERVER_ID (Long.MAX_VALUE, the pre-3.3 observer sid) is given a decreasing
// negative sid (-1, -2, ...) before the larger/smaller rule is applied, so it is never kept as
// "sid MAX_VALUE": being smaller than every real sid it is refused and dialled back.
TEST_CASE("transport: an OBSERVER_ID initial message is not kept under sid MAX_VALUE", "[transport]") {
  auto m = manager(1);
  Effects fx;
  zab::InitialMessage init;
  init.sid = zab::kObserverId;
  init.addresses = {"127.0.0.1:3999"};
  const Bytes bytes = zab::encodeInitialMessage(init);
  REQUIRE(zab::decodeInitialMessage(bytes).message);  // a well-formed message
  m.onConnectionRequest(zab::InConnectionRequest{4, bytes}, fx);
  CHECK_FALSE(m.isConnected(zab::kObserverId));
  CHECK(closed(fx) == std::vector<ConnId>{4});
}

TEST_CASE("transport: the last message is resent on a new connection when the queue is empty", "[transport]") {
  auto m = manager(3);
  Effects fx;
  m.toSend(2, payload(1), fx);
  m.onConnectEstablished(zab::InConnectEstablished{4, 2}, fx);
  REQUIRE(framesSent(fx, 4) == std::vector<Bytes>{payload(1)});
  Effects lost;
  m.onConnectionClosed(zab::InConnectionClosed{4}, lost);
  REQUIRE_FALSE(m.isConnected(2));

  SECTION("empty queue: lastMessageSent goes out first") {
    Effects again;
    m.connectAll(again);
    REQUIRE(dialled(again) == std::vector<Sid>{2});
    Effects up;
    m.onConnectEstablished(zab::InConnectEstablished{5, 2}, up);
    CHECK(framesSent(up, 5) == std::vector<Bytes>{payload(1)});
    auto sent = outputsOf<OutSendFrame>(up.outputs);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].resend);
  }
  SECTION("a newer queued message goes out instead of the stale last one") {
    Effects next;
    m.toSend(2, payload(2), next);
    REQUIRE(dialled(next) == std::vector<Sid>{2});
    Effects up;
    m.onConnectEstablished(zab::InConnectEstablished{5, 2}, up);
    CHECK(framesSent(up, 5) == std::vector<Bytes>{payload(2)});
    CHECK(m.lastMessageSent().at(2) == payload(2));
  }
  SECTION("as acceptor too: a larger sid's new connection gets my last message") {
    auto low = manager(1);
    Effects f;
    acceptFrom(low, 4, 20, f);
    low.toSend(4, payload(7), f);
    Effects g;
    low.onConnectionClosed(zab::InConnectionClosed{20}, g);
    Effects h;
    acceptFrom(low, 4, 21, h);
    CHECK(framesSent(h, 21) == std::vector<Bytes>{payload(7)});
  }
}

TEST_CASE("transport: no automatic reconnect after a connection is lost", "[transport]") {
  auto m = manager(3);
  Effects fx;
  m.toSend(2, payload(1), fx);
  m.toSend(1, payload(1), fx);
  m.onConnectEstablished(zab::InConnectEstablished{4, 2}, fx);
  REQUIRE(m.isConnected(2));

  Effects lost;
  m.onConnectionClosed(zab::InConnectionClosed{4}, lost);
  CHECK_FALSE(m.isConnected(2));
  CHECK(dialled(lost).empty());
  CHECK(m.lastMessageSent().count(2) == 1);  // kept for the next connection

  Effects failed;
  m.onConnectFailed(zab::InConnectFailed{1, "refused"}, failed);
  CHECK(dialled(failed).empty());
  CHECK(m.inProgress().count(1) == 0);
  CHECK(m.sendQueues().at(1).size() == 1);  // the message waits

  // Only the next toSend, or connectAll, dials again.
  Effects send;
  m.toSend(2, payload(2), send);
  CHECK(dialled(send) == std::vector<Sid>{2});
  Effects all;
  m.connectAll(all);
  CHECK(dialled(all) == std::vector<Sid>{1});  // 2 is already in progress
}

TEST_CASE("transport: haveDelivered is true when ANY send queue is empty", "[transport]") {
  auto m = manager(3);
  CHECK_FALSE(m.haveDelivered());  // no queues at all
  Effects fx;
  m.toSend(2, payload(1), fx);
  CHECK_FALSE(m.haveDelivered());
  m.toSend(1, payload(1), fx);
  CHECK_FALSE(m.haveDelivered());  // every queue holds a message
  m.onConnectEstablished(zab::InConnectEstablished{4, 1}, fx);
  REQUIRE(m.sendQueues().at(1).empty());
  REQUIRE(m.sendQueues().at(2).size() == 1);
  CHECK(m.haveDelivered());  // the code, not the comment: one empty queue is enough
}

TEST_CASE("transport: a bad frame length closes the connection", "[transport]") {
  const std::vector<std::pair<std::string, Bytes>> bad = {
      {"negative length", zabtest::ByteWriter{}.i32(-5).b},
      {"zero length", zabtest::ByteWriter{}.i32(0).b},
      {"length above PACKETMAXSIZE", zabtest::ByteWriter{}.i32(zab::kPacketMaxSize + 1).zeros(8).b},
  };
  for (const auto& [name, frame] : bad) {
    DYNAMIC_SECTION(name) {
      auto m = manager(1);
      Effects fx;
      acceptFrom(m, 2, 4, fx);
      Effects got;
      m.onFrame(zab::InFrame{4, frame}, got);
      CHECK(closed(got) == std::vector<ConnId>{4});
      CHECK_FALSE(m.isConnected(2));
      CHECK(m.recvQueue().empty());
      // Nothing more is read from that connection.
      Effects later;
      m.onFrame(zab::InFrame{4, zab::encodeFrame(payload(1))}, later);
      CHECK(m.recvQueue().empty());
      CHECK(dialled(got).empty());
    }
  }
  SECTION("through a QuorumPeer: the peer survives and reconnects only when it has something to send") {
    zabtest::MockNet net(1, zabtest::majorityOf({1, 2, 3}));
    net.start();
    auto conn = net.connect(2);
    const auto mark = net.mark();
    net.step(zab::InFrame{conn, zabtest::ByteWriter{}.i32(-1).b});
    CHECK_FALSE(net.peer.qcm().isConnected(2));
    CHECK(net.closes(mark) == 1);
    CHECK(net.state() == zab::ServerState::LOOKING);
  }
}

TEST_CASE("transport: a killed peer's connections close at once - a crashed peer's do not", "[transport]") {
  const auto qv = zab::QuorumVerifier::majority(zab::sim::syntheticServers(3, 0));
  auto stableSim = [&](std::uint64_t seed) {
    zab::sim::Simulation sim(zabtest::specOf(qv, seed));
    sim.start({1, 2, 3});
    REQUIRE(zabtest::settles(sim, 20000));
    zabtest::runUntil(sim, sim.now() + 1000, [](const zab::sim::Simulation&) { return false; });
    // 2 and 3 dialled 1 (larger -> smaller): those connections are the ones kept.
    REQUIRE(sim.slot(2)->peer.qcm().isConnected(1));
    REQUIRE(sim.slot(3)->peer.qcm().isConnected(1));
    REQUIRE(sim.slot(3)->peer.qcm().isConnected(2));
    return sim;
  };

  SECTION("kill: the OS resets the sockets, the others see the close within one network delay") {
    auto sim = stableSim(3);
    const std::int64_t t0 = sim.now();
    sim.kill(1);
    const std::int64_t maxLatency = sim.network().defaults().latencyMaxMs;
    zabtest::runUntil(sim, t0 + maxLatency, [](const zab::sim::Simulation&) { return false; });
    CHECK_FALSE(sim.slot(2)->peer.qcm().isConnected(1));
    CHECK_FALSE(sim.slot(3)->peer.qcm().isConnected(1));
    CHECK(sim.slot(3)->peer.qcm().isConnected(2));  // unrelated connections stay
  }
  SECTION("crash: silence, the others still believe they are connected") {
    auto sim = stableSim(3);
    const std::int64_t t0 = sim.now();
    sim.crash(1);
    zabtest::runUntil(sim, t0 + 60000, [](const zab::sim::Simulation&) { return false; });
    CHECK(sim.slot(2)->peer.qcm().isConnected(1));
    CHECK(sim.slot(3)->peer.qcm().isConnected(1));
    // Even sending to it does not reveal the crash: the frames vanish.
    sim.relook(2);
    zabtest::runUntil(sim, sim.now() + 100, [](const zab::sim::Simulation&) { return false; });
    CHECK(sim.slot(2)->peer.qcm().isConnected(1));
  }
}
