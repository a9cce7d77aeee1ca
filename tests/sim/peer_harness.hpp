#pragma once
// Test harness for the FLE acceptance and transport tests.
//
// MockNet drives ONE real QuorumPeer P (a pure object, no simulation) and plays every other
// server itself, the way ZooKeeper's FLE*Test classes put a bare QuorumCnxManager in front of
// the peer under test: the harness opens connections the way the transport allows
// (larger sid -> smaller sid), injects framed notifications, fires timers by hand and
// records everything P emits, so a test can read P's replies back as decoded notifications.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/simulation.hpp"
#include "zab/notification_codec.hpp"
#include "zab/packet_view.hpp"
#include "zab/peer_io.hpp"
#include "zab/qcm_wire.hpp"
#include "zab/quorum_peer.hpp"
#include "zab/quorum_verifier.hpp"
#include "zab/zxid.hpp"

namespace zabtest {

using zab::Bytes;
using zab::ConnId;
using zab::Epoch;
using zab::ServerState;
using zab::Sid;
using zab::Zxid;

// ---- ensembles ------------------------------------------------------------------------------

// Servers with explicit ids (Java tests number them from 0); `observers` are OBSERVER learners.
inline std::vector<zab::QuorumServer> makeServers(const std::vector<Sid>& participants,
                                                  const std::vector<Sid>& observers = {}) {
  std::vector<zab::QuorumServer> out;
  auto add = [&](Sid id, zab::LearnerType type) {
    zab::QuorumServer s;
    s.id = id;
    s.quorumPort = static_cast<int>(2888 + id);
    s.electionPort = static_cast<int>(3888 + id);
    s.clientPort = static_cast<int>(2181 + id);
    s.type = type;
    out.push_back(s);
  };
  for (Sid id : participants) add(id, zab::LearnerType::PARTICIPANT);
  for (Sid id : observers) add(id, zab::LearnerType::OBSERVER);
  return out;
}

inline zab::QuorumVerifier majorityOf(const std::vector<Sid>& participants, const std::vector<Sid>& observers = {}) {
  return zab::QuorumVerifier::majority(makeServers(participants, observers));
}

inline std::vector<Sid> range(Sid first, Sid count) {
  std::vector<Sid> out;
  for (Sid i = 0; i < count; ++i) out.push_back(first + i);
  return out;
}

// ---- raw bytes --------------------------------------------------------------------------------

struct ByteWriter {
  Bytes b;
  ByteWriter& i16(std::int16_t v) {
    const auto u = static_cast<std::uint16_t>(v);
    b.push_back(static_cast<std::uint8_t>((u >> 8) & 0xffU));
    b.push_back(static_cast<std::uint8_t>(u & 0xffU));
    return *this;
  }
  ByteWriter& i32(std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>((u >> s) & 0xffU));
    return *this;
  }
  ByteWriter& i64(std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    for (int s = 56; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>((u >> s) & 0xffU));
    return *this;
  }
  ByteWriter& str(const std::string& s) {
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  ByteWriter& zeros(std::size_t n) {
    b.insert(b.end(), n, std::uint8_t{0});
    return *this;
  }
};

inline zab::NotificationMessage note(ServerState state, Sid leader, Zxid zxid, std::int64_t electionEpoch,
                                     Epoch peerEpoch) {
  zab::NotificationMessage m;
  m.state = static_cast<std::int32_t>(state);
  m.leader = leader;
  m.zxid = zxid;
  m.electionEpoch = electionEpoch;
  m.peerEpoch = peerEpoch;
  return m;
}

// FLETestUtils.createMsg / the five-argument buildMsg: the 40-byte form, read as version 0.
inline Bytes msg40(ServerState state, Sid leader, Zxid zxid, std::int64_t electionEpoch, Epoch peerEpoch) {
  return zab::encodeNotification40(note(state, leader, zxid, electionEpoch, peerEpoch));
}

// The 3.8 form (version 2 + the sender's config text).
inline Bytes msgV2(ServerState state, Sid leader, Zxid zxid, std::int64_t electionEpoch, Epoch peerEpoch,
                   const std::string& config = "") {
  auto m = note(state, leader, zxid, electionEpoch, peerEpoch);
  m.config = config;
  return zab::encodeNotification(m);
}

// A version-1 notification (3.4.6 .. 3.4.x): 40 bytes of fields + int version 1; four bytes of
// padding keep it from being exactly 40 bytes long (which receivers read as the legacy form).
inline Bytes msgV1(ServerState state, Sid leader, Zxid zxid, std::int64_t electionEpoch, Epoch peerEpoch) {
  return ByteWriter{}
      .i32(static_cast<std::int32_t>(state))
      .i64(leader)
      .i64(zxid)
      .i64(electionEpoch)
      .i64(peerEpoch)
      .i32(1)
      .zeros(4)
      .b;
}

// ---- effects ----------------------------------------------------------------------------------

struct SentNotification {
  Sid to = 0;
  ConnId conn = 0;
  zab::NotificationMessage msg;
  std::string label;
  ServerState state() const { return static_cast<ServerState>(msg.state); }
};

inline std::optional<zab::NotificationMessage> decodeSent(const zab::OutSendFrame& f) {
  auto frame = zab::decodeFrame(f.frame);
  if (!frame.payload) return std::nullopt;
  auto d = zab::decodeNotification(*frame.payload);
  return d.message;
}

template <class T>
std::vector<T> outputsOf(const std::vector<zab::Output>& outs, std::size_t since = 0) {
  std::vector<T> r;
  for (std::size_t i = since; i < outs.size(); ++i)
    if (const T* p = std::get_if<T>(&outs[i])) r.push_back(*p);
  return r;
}

// ---- MockNet ----------------------------------------------------------------------------------

class MockNet {
 public:
  MockNet(Sid me, zab::QuorumVerifier qv, zab::PeerDisk disk = {}, zab::PeerTiming timing = {})
      : peer(me, std::move(qv), timing, disk) {}

  zab::QuorumPeer peer;
  std::vector<zab::Output> log;  // every output P has emitted, in order

  Sid me() const { return peer.myid(); }
  std::size_t mark() const { return log.size(); }

  void start() {
    zab::Effects fx;
    peer.start(fx);
    absorb(fx);
  }
  void relook() {
    zab::Effects fx;
    peer.relook("test: role ended", fx);
    absorb(fx);
  }
  void step(const zab::Input& in) {
    zab::Effects fx;
    peer.step(in, fx);
    absorb(fx);
  }
  void fire(zab::TimerKind kind) {
    timers_.erase(kind);
    step(zab::InTimer{kind});
  }

  // Opens the one connection the transport keeps between mock m and P (the larger sid's).
  // m > P: m dials and P accepts. m < P: P's own dial to m (made when it first had
  // something for m) is answered; without one, m dials first and P refuses and dials back.
  ConnId connect(Sid m) {
    auto existing = conns_.find(m);
    if (existing != conns_.end() && peer.qcm().senderWorkers().count(m) &&
        peer.qcm().senderWorkers().at(m) == existing->second)
      return existing->second;
    if (m > me()) {
      ConnId c = nextConn_++;
      step(zab::InConnectionRequest{c, initialFrom(m)});
      conns_[m] = c;
      return c;
    }
    if (!pendingDials_.count(m)) {
      ConnId refused = nextConn_++;
      step(zab::InConnectionRequest{refused, initialFrom(m)});
    }
    ConnId c = nextConn_++;
    pendingDials_.erase(m);
    step(zab::InConnectEstablished{c, m});
    conns_[m] = c;
    return c;
  }
  // P's outstanding dial to m fails (refused / timed out).
  void failDial(Sid m) {
    pendingDials_.erase(m);
    step(zab::InConnectFailed{m, "test: refused"});
  }
  void closeFrom(Sid m) {
    auto it = conns_.find(m);
    if (it == conns_.end()) return;
    step(zab::InConnectionClosed{it->second});
  }
  bool pendingDial(Sid m) const { return pendingDials_.count(m) != 0; }
  std::optional<ConnId> connOf(Sid m) const {
    auto it = conns_.find(m);
    if (it == conns_.end()) return std::nullopt;
    return it->second;
  }

  // Mock m sends one election message (payload, framed) to P.
  void sendRaw(Sid m, const Bytes& payload) { step(zab::InFrame{connect(m), zab::encodeFrame(payload)}); }

  // Decoded notifications P sent to m since `since` (frames that do not decode are skipped).
  std::vector<SentNotification> sentTo(Sid m, std::size_t since = 0) const {
    std::vector<SentNotification> r;
    for (const auto& f : outputsOf<zab::OutSendFrame>(log, since)) {
      if (f.to != m) continue;
      auto msg = decodeSent(f);
      if (msg) r.push_back(SentNotification{f.to, f.conn, *msg, zab::frameLabel(zab::Channel::Election, f.frame, f.resend)});
    }
    return r;
  }
  std::vector<std::string> notes(std::size_t since = 0) const {
    std::vector<std::string> r;
    for (const auto& n : outputsOf<zab::OutNote>(log, since)) r.push_back(n.text);
    return r;
  }
  bool noted(const std::string& fragment, std::size_t since = 0) const {
    for (const auto& n : notes(since))
      if (n.find(fragment) != std::string::npos) return true;
    return false;
  }
  // Delays of every OutSetTimer of `kind` since `since`.
  std::vector<std::int64_t> timerSets(zab::TimerKind kind, std::size_t since = 0) const {
    std::vector<std::int64_t> r;
    for (const auto& t : outputsOf<zab::OutSetTimer>(log, since))
      if (t.kind == kind) r.push_back(t.delayMs);
    return r;
  }
  // How many connections P closed since `since`.
  std::size_t closes(std::size_t since = 0) const { return outputsOf<zab::OutClose>(log, since).size(); }
  // The timer as P left it: armed with this delay, or not armed.
  std::optional<std::int64_t> armed(zab::TimerKind kind) const {
    auto it = timers_.find(kind);
    if (it == timers_.end()) return std::nullopt;
    return it->second;
  }

  ServerState state() const { return peer.state(); }
  const zab::FastLeaderElection& fle() const { return peer.election(); }

 private:
  static Bytes initialFrom(Sid m) {
    zab::InitialMessage init;
    init.protocolVersion = zab::kProtocolVersionV1;
    init.sid = m;
    init.addresses = {"127.0.0.1:" + std::to_string(3888 + m)};
    return zab::encodeInitialMessage(init);
  }

  void absorb(zab::Effects& fx) {
    for (auto& out : fx.outputs) {
      if (const auto* d = std::get_if<zab::OutDial>(&out)) pendingDials_.insert(d->to);
      if (const auto* s = std::get_if<zab::OutSetTimer>(&out)) timers_[s->kind] = s->delayMs;
      if (const auto* c = std::get_if<zab::OutCancelTimer>(&out)) timers_.erase(c->kind);
      if (const auto* c = std::get_if<zab::OutClose>(&out)) {
        for (auto it = conns_.begin(); it != conns_.end();) {
          if (it->second == c->conn) it = conns_.erase(it);
          else ++it;
        }
      }
      log.push_back(std::move(out));
    }
    fx.outputs.clear();
  }

  std::map<Sid, ConnId> conns_;
  std::set<Sid> pendingDials_;
  std::map<zab::TimerKind, std::int64_t> timers_;
  ConnId nextConn_ = 1000;
};

// Two vote maps hold the same votes, field by field (Vote has equals(), not operator==).
inline bool sameVotes(const zab::VoteMap& a, const zab::VoteMap& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [sid, v] : a) {
    auto it = b.find(sid);
    if (it == b.end()) return false;
    const zab::Vote& w = it->second;
    if (v.version != w.version || v.id != w.id || v.zxid != w.zxid || v.electionEpoch != w.electionEpoch ||
        v.peerEpoch != w.peerEpoch || v.state != w.state)
      return false;
  }
  return true;
}

// ---- Simulation helpers -------------------------------------------------------------------------

inline zab::sim::EnsembleSpec specOf(zab::QuorumVerifier qv, std::uint64_t seed = 1) {
  zab::sim::EnsembleSpec spec;
  spec.qv = std::move(qv);
  spec.seed = seed;
  return spec;
}

// A peer is "decided" when it is alive and not LOOKING.
inline bool decided(const zab::sim::Simulation& sim, Sid sid) {
  const auto* s = sim.slot(sid);
  return s && s->alive && s->peer.state() != ServerState::LOOKING;
}

inline bool allDecided(const zab::sim::Simulation& sim, const std::vector<Sid>& sids) {
  for (Sid sid : sids)
    if (!decided(sim, sid)) return false;
  return true;
}

// Steps one event at a time until `done(sim)` holds, the events run out, or the virtual clock
// passes `deadlineMs`; `afterEach(sim)` runs after every step (invariant checks).
template <class Done, class Check>
bool runUntil(zab::sim::Simulation& sim, std::int64_t deadlineMs, Done done, Check afterEach) {
  for (std::size_t guard = 0; guard < 2'000'000; ++guard) {
    if (done(sim)) return true;
    auto next = sim.nextEventTime();
    if (!next || *next > deadlineMs) return done(sim);
    sim.step();
    afterEach(sim);
  }
  return done(sim);
}

template <class Done>
bool runUntil(zab::sim::Simulation& sim, std::int64_t deadlineMs, Done done) {
  return runUntil(sim, deadlineMs, done, [](const zab::sim::Simulation&) {});
}

// The ensemble reaches Simulation::stable() (a leader with a quorum, every live peer decided on
// it and past synchronisation) within `budgetMs` of virtual time from now.
inline bool settles(zab::sim::Simulation& sim, std::int64_t budgetMs = 20000) {
  return runUntil(sim, sim.now() + budgetMs, [](const zab::sim::Simulation& s) { return s.stable(); });
}

}  // namespace zabtest
