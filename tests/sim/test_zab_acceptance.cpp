// ZAB acceptance tests: the scenarios of facts section 7 "ZAB (TQ/Zab1_0Test ...)",
// LeaderWithObserverTest, testInitialAcceptedCurrent, EpochWriteFailureTest and
// CurrentEpochWriteFailureTest, plus the finer rules of facts sections 3 and 4.1-4.4.
//
// As in Zab1_0Test, one real QuorumPeer (sid 0 unless a test says otherwise; a 3-voter
// QuorumMaj; tickTime 2000, initLimit 2, syncLimit 2) talks to mock peers that the test plays
// by hand: the election is decided by injected notifications (peer_harness.hpp's MockNet),
// then the test exchanges raw QuorumPackets on the quorum channel and fires the timers the
// peer armed, in virtual time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "peer_harness.hpp"
#include "zab/data_tree.hpp"
#include "zab/leader.hpp"
#include "zab/learner.hpp"
#include "zab/learner_sync.hpp"
#include "zab/quorum_packet.hpp"
#include "zab/txn.hpp"
#include "zab/zk_database.hpp"
#include "zab/zxid.hpp"

using zab::Bytes;
using zab::ConnId;
using zab::Epoch;
using zab::makeZxid;
using zab::PacketType;
using zab::QuorumPacket;
using zab::ServerState;
using zab::Sid;
using zab::TimerKind;
using zab::Zxid;
using zabtest::majorityOf;
using zabtest::msg40;

namespace {

constexpr auto LOOKING = ServerState::LOOKING;
constexpr auto FOLLOWING = ServerState::FOLLOWING;
constexpr auto LEADING = ServerState::LEADING;
constexpr auto OBSERVING = ServerState::OBSERVING;

constexpr std::int64_t kTick = 2000;
constexpr std::int64_t kInitLimitMs = kTick * 2;  // initLimit 2
constexpr std::int64_t kSyncLimitMs = kTick * 2;  // syncLimit 2

// ZabUtils: tickTime 2000, initLimit 2, syncLimit 2.
zab::PeerTiming zab10Timing() {
  zab::PeerTiming t;
  t.tickTime = static_cast<int>(kTick);
  t.initLimit = 2;
  t.syncLimit = 2;
  return t;
}

// ---- packets ------------------------------------------------------------------------------------

Bytes learnerInfo(Sid sid) { return zab::encodeLearnerInfo(zab::LearnerInfo{sid, zab::kZabProtocolVersion, 0}); }

QuorumPacket followerInfo(Sid sid, Zxid zxid) { return QuorumPacket{PacketType::FOLLOWERINFO, zxid, learnerInfo(sid)}; }
QuorumPacket observerInfo(Sid sid, Zxid zxid) { return QuorumPacket{PacketType::OBSERVERINFO, zxid, learnerInfo(sid)}; }
QuorumPacket ackEpoch(Zxid lastZxid, std::int32_t currentEpoch) {
  return QuorumPacket{PacketType::ACKEPOCH, lastZxid, zab::encodeInt(currentEpoch)};
}
QuorumPacket ack(Zxid zxid) { return QuorumPacket{PacketType::ACK, zxid, std::nullopt}; }
QuorumPacket leaderInfo(Epoch e) {
  return QuorumPacket{PacketType::LEADERINFO, makeZxid(e, 0), zab::encodeInt(zab::kZabProtocolVersion)};
}
QuorumPacket newLeader(Epoch e) { return QuorumPacket{PacketType::NEWLEADER, makeZxid(e, 0), std::nullopt}; }
QuorumPacket upToDate() { return QuorumPacket{PacketType::UPTODATE, 0, std::nullopt}; }
QuorumPacket commit(Zxid zxid) { return QuorumPacket{PacketType::COMMIT, zxid, std::nullopt}; }

// Zab1_0Test's txns: TxnHeader(13, 1313, zxid, 33, create) + CreateTxn(path, data, acl, false, 1),
// TxnHeader(4, 1414, zxid, 55, setData) + SetDataTxn(path, data, version),
// TxnHeader(4, 1414, zxid, 55, createSession) + CreateSessionTxn(30000).
zab::Txn createTxn(Zxid zxid, const std::string& path, const std::string& data) {
  zab::Txn t;
  t.hdr = zab::TxnHeader{13, 1313, zxid, 33, zab::OpCode::create};
  t.path = path;
  t.data = data;
  t.parentCVersion = 1;
  return t;
}
zab::Txn setDataTxn(Zxid zxid, const std::string& path, const std::string& data, std::int32_t version) {
  zab::Txn t;
  t.hdr = zab::TxnHeader{4, 1414, zxid, 55, zab::OpCode::setData};
  t.path = path;
  t.data = data;
  t.version = version;
  return t;
}
zab::Txn createSessionTxn(Zxid zxid) {
  zab::Txn t;
  t.hdr = zab::TxnHeader{4, 1414, zxid, 55, zab::OpCode::createSession};
  t.sessionTimeout = 30000;
  return t;
}
QuorumPacket proposal(const zab::Txn& t) { return QuorumPacket{PacketType::PROPOSAL, t.hdr.zxid, zab::serializeTxn(t)}; }
QuorumPacket inform(const zab::Txn& t) { return QuorumPacket{PacketType::INFORM, t.hdr.zxid, zab::serializeTxn(t)}; }

// The leader's SNAP: packet zxid = its lastProcessedZxid, followed by its database.
QuorumPacket snapOf(const std::vector<zab::Txn>& txns) {
  zab::ZKDatabase db;
  for (const auto& t : txns) db.apply(t, zab::serializeTxn(t));
  return QuorumPacket{PacketType::SNAP, db.lastProcessedZxid(), zab::encodeSnapshot(db.snapshot())};
}

// What a fresh ZKDatabase loads from a copy of the peer's disk ("make sure the data was
// recorded in the filesystem ok").
struct Reloaded {
  zab::ZKDatabase db;
  zab::LoadResult result;
};
Reloaded reload(const zab::PeerDisk& disk) {
  zab::PeerDisk copy = disk;
  Reloaded r;
  r.result = zab::loadDataBase(copy, r.db);
  return r;
}

std::string dataOf(const zab::ZKDatabase& db, const std::string& path) {
  const zab::DataNode* n = db.tree().getNode(path);
  return n ? n->data : std::string("<no node>");
}

std::optional<std::int32_t> intData(const QuorumPacket& qp) {
  return qp.data ? zab::decodeInt(*qp.data) : std::nullopt;
}

std::vector<PacketType> typesOf(const std::vector<QuorumPacket>& ps) {
  std::vector<PacketType> r;
  for (const auto& p : ps) r.push_back(p.type);
  return r;
}

// ---- the rig ------------------------------------------------------------------------------------

// A MockNet plus what the quorum channel needs: virtual time, a timer queue that mirrors the
// simulation's (a re-armed (kind, key) replaces the old one), and decoded quorum packets.
class Rig {
 public:
  Rig(Sid me, zab::QuorumVerifier qv, zab::PeerDisk disk = {}, zab::PeerTiming timing = zab10Timing())
      : net(me, std::move(qv), std::move(disk), timing) {}

  zabtest::MockNet net;

  zab::QuorumPeer& peer() { return net.peer; }
  const zab::QuorumPeer& peer() const { return net.peer; }
  std::int64_t now() const { return now_; }
  std::size_t mark() const { return net.mark(); }

  void at(std::int64_t t) {
    now_ = t;
    net.peer.setClock(t);
  }
  void start() {
    net.start();
    track();
  }
  void sendRaw(Sid m, const Bytes& payload) {
    net.sendRaw(m, payload);
    track();
  }
  void step(const zab::Input& in) {
    net.step(in);
    track();
  }
  void send(ConnId c, const QuorumPacket& qp) { step(zab::InFrame{c, zab::encodeQuorumPacket(qp)}); }
  void fire(TimerKind kind, std::int64_t key = 0) {
    timers_.erase({static_cast<int>(kind), key});
    step(zab::InTimer{kind, key});
  }

  // Fires, in due order, every ZAB timer (leader, handler, learner, fsync) due at or before t,
  // then sets the clock to t. Election timers are not fired: the election is played by hand.
  // `onStep` runs after each fired timer (a mock answering what the peer sent).
  template <class F>
  void advanceTo(std::int64_t t, F onStep) {
    for (;;) {
      auto best = timers_.end();
      for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (!isZabTimer(static_cast<TimerKind>(it->first.first)) || it->second.first > t) continue;
        if (best == timers_.end() || it->second < best->second) best = it;
      }
      if (best == timers_.end()) break;
      const auto kind = static_cast<TimerKind>(best->first.first);
      const std::int64_t key = best->first.second;
      at(best->second.first);
      timers_.erase(best);
      step(zab::InTimer{kind, key});
      onStep();
    }
    at(t);
  }
  void advanceTo(std::int64_t t) {
    advanceTo(t, [] {});
  }

  // When (kind, key) is due, if it is armed.
  std::optional<std::int64_t> due(TimerKind kind, std::int64_t key = 0) const {
    auto it = timers_.find({static_cast<int>(kind), key});
    if (it == timers_.end()) return std::nullopt;
    return it->second.first;
  }

  // Decoded quorum packets the peer sent on `c` since `since`.
  std::vector<QuorumPacket> sentOn(ConnId c, std::size_t since, bool skipPings = true) const {
    std::vector<QuorumPacket> r;
    for (const auto& f : zabtest::outputsOf<zab::OutSendFrame>(net.log, since)) {
      if (f.conn != c) continue;
      auto d = zab::decodeQuorumPacket(f.frame);
      REQUIRE(d.packet.has_value());
      if (skipPings && d.packet->type == PacketType::PING) continue;
      r.push_back(*d.packet);
    }
    return r;
  }
  bool closed(ConnId c, std::size_t since = 0) const {
    for (const auto& o : zabtest::outputsOf<zab::OutClose>(net.log, since))
      if (o.conn == c) return true;
    return false;
  }
  std::vector<zab::OutFatal> fatals(std::size_t since = 0) const {
    return zabtest::outputsOf<zab::OutFatal>(net.log, since);
  }
  bool noted(const std::string& fragment, std::size_t since = 0) const { return net.noted(fragment, since); }

  // ---- roles ----

  // The peer wins the election: `supporters` send FOLLOWING votes for it in round 1 (checkLeader
  // holds for a self-leader in the same round, FLELostMessage style). lead() starts once the
  // Leader is built (makeLeader, the LeaderStartup timer); until then the quorum port refuses.
  void electMe(const std::vector<Sid>& supporters) {
    start();
    const Zxid z = peer().lastLoggedZxid();
    const Epoch e = peer().currentEpoch();
    for (Sid s : supporters) sendRaw(s, msg40(FOLLOWING, peer().myid(), z, 1, e));
    REQUIRE(peer().state() == LEADING);
    REQUIRE(peer().leader() == nullptr);
    REQUIRE_FALSE(peer().acceptsLearners());
    fire(TimerKind::LeaderStartup);
    REQUIRE(peer().leader() != nullptr);
  }
  // A learner connects to the leader's quorum port.
  ConnId acceptLearner() {
    const ConnId c = nextConn_++;
    step(zab::InConnectionRequest{c, {}, zab::Channel::Quorum});
    return c;
  }

  // The peer follows (or observes) `leaderSid`: the leader says LEADING and `other` FOLLOWING,
  // both in round 1 with (zxid 0, peerEpoch 0); the peer dials the leader's quorum port and
  // the test answers the dial. Returns the connection.
  ConnId followLeader(Sid leaderSid, Sid other, ServerState expected) {
    start();
    sendRaw(leaderSid, msg40(LEADING, leaderSid, 0, 1, 0));
    sendRaw(other, msg40(FOLLOWING, leaderSid, 0, 1, 0));
    REQUIRE(peer().state() == expected);
    REQUIRE(peer().learner() != nullptr);
    bool dialed = false;
    for (const auto& d : zabtest::outputsOf<zab::OutDial>(net.log))
      if (d.channel == zab::Channel::Quorum && d.to == leaderSid) dialed = true;
    REQUIRE(dialed);
    const ConnId c = nextConn_++;
    step(zab::InConnectEstablished{c, leaderSid, zab::Channel::Quorum});
    return c;
  }

 private:
  static bool isZabTimer(TimerKind k) {
    switch (k) {
      case TimerKind::LeaderTick:
      case TimerKind::LeaderWait:
      case TimerKind::HandlerWait:
      case TimerKind::HandlerRead:
      case TimerKind::LearnerRead:
      case TimerKind::LearnerConnect:
      case TimerKind::SyncFlush:
      case TimerKind::LearnerFsync: return true;
      default: return false;
    }
  }
  void track() {
    for (; scanned_ < net.log.size(); ++scanned_) {
      const auto& out = net.log[scanned_];
      if (const auto* s = std::get_if<zab::OutSetTimer>(&out))
        timers_[{static_cast<int>(s->kind), s->key}] = {now_ + s->delayMs, seq_++};
      else if (const auto* c = std::get_if<zab::OutCancelTimer>(&out))
        timers_.erase({static_cast<int>(c->kind), c->key});
    }
  }

  std::int64_t now_ = 0;
  std::size_t scanned_ = 0;
  std::uint64_t seq_ = 0;
  std::map<std::pair<int, std::int64_t>, std::pair<std::int64_t, std::uint64_t>> timers_;  // -> (due, seq)
  ConnId nextConn_ = 1'000'000;  // far from MockNet's election connections (1000...)
};

std::int64_t keyOf(ConnId c) { return static_cast<std::int64_t>(c); }

// The three-voter ensemble of Zab1_0Test: the peer under test is server 0.
zab::QuorumVerifier threeVoters() { return majorityOf({0, 1, 2}); }

// An initialised disk whose epoch files hold these values (an empty snapshot, no txns).
zab::PeerDisk epochDisk(Epoch accepted, Epoch current) { return zab::syntheticHistory(current, accepted, 0); }

// The handshake of testNormalRun, as the mock follower 1 drives it, up to UPTODATE.
// Returns the connection.
ConnId normalRunHandshake(Rig& r, Sid sid, Epoch followerAccepted, Epoch expectedEpoch) {
  const ConnId c = r.acceptLearner();
  auto m = r.mark();
  r.send(c, followerInfo(sid, makeZxid(followerAccepted, 0)));
  auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::LEADERINFO);
  CHECK(sent[0].zxid == makeZxid(expectedEpoch, 0));
  CHECK(intData(sent[0]) == std::optional<std::int32_t>(0x10000));

  m = r.mark();
  r.send(c, ackEpoch(0, 0));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].type == PacketType::DIFF);
  CHECK(sent[1].type == PacketType::NEWLEADER);
  CHECK(sent[1].zxid == makeZxid(expectedEpoch, 0));

  m = r.mark();
  r.send(c, ack(makeZxid(expectedEpoch, 0)));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::UPTODATE);
  return c;
}

}  // namespace

// =================================================================================================
// Leader side: getEpochToPropose / waitForEpochAck (Zab1_0Test unit tests, facts 3.4, 3.5)
// =================================================================================================
//
// In ZooKeeper, LearnerHandlers may call getEpochToPropose / waitForEpochAck before the leader
// thread does, because the acceptor starts first. The engine's lead() calls both for the leader
// synchronously the moment it is LEADING, so "followers before the leader" cannot happen; what
// the Java tests pin down -- a timed-out caller stays counted, its epoch included; a quorum
// needs the leader itself; a timeout does not return normally -- is tested through the
// orderings the engine can reach.

TEST_CASE("Zab1_0Test: testLeaderInConnectingFollowers - timed-out callers stay in connectingFollowers",
          "[zab][acceptance]") {
  // 5 voters, so that the leader plus one follower is not yet a quorum.
  Rig r(0, majorityOf({0, 1, 2, 3, 4}), epochDisk(5, 0));
  r.electMe({1, 2});
  REQUIRE(r.peer().acceptedEpoch() == 5);
  const zab::Leader* l = r.peer().leader();
  CHECK(l->stage() == zab::Leader::Stage::Discovery);
  CHECK(l->epoch() == 6);  // the leader's own call: candidate acceptedEpoch + 1
  CHECK(r.due(TimerKind::LeaderWait) == std::optional<std::int64_t>(kInitLimitMs));

  // Follower 1 calls in at t=0 with acceptedEpoch 7: no quorum ({0,1} of 5), so it waits.
  const ConnId c1 = r.acceptLearner();
  auto m = r.mark();
  r.send(c1, followerInfo(1, makeZxid(7, 0)));
  CHECK(r.sentOn(c1, m).empty());
  CHECK(r.peer().leader()->epoch() == 8);   // its epoch is counted at once
  CHECK(r.peer().acceptedEpoch() == 5);     // nothing persisted without a quorum
  CHECK(r.due(TimerKind::HandlerWait, keyOf(c1)) == std::optional<std::int64_t>(kInitLimitMs));

  // Its wait runs out (initLimit x tickTime from its own entry): it is closed, never answered.
  r.at(kInitLimitMs);
  m = r.mark();
  r.fire(TimerKind::HandlerWait, keyOf(c1));
  CHECK(r.closed(c1, m));
  CHECK(r.sentOn(c1, m).empty());
  REQUIRE(r.peer().state() == LEADING);

  // At the same instant, before the leader's own wait runs out, follower 2 calls in with
  // acceptedEpoch 0. {0,1,2} is a quorum only because the timed-out 1 is still counted, and the
  // proposed epoch is 1 + max(5, 7, 0) = 8 because 1's epoch was already accounted for.
  const ConnId c2 = r.acceptLearner();
  m = r.mark();
  r.send(c2, followerInfo(2, makeZxid(0, 0)));
  auto sent = r.sentOn(c2, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::LEADERINFO);
  CHECK(sent[0].zxid == makeZxid(8, 0));
  CHECK(r.peer().acceptedEpoch() == 8);
  CHECK(r.peer().leader()->stage() == zab::Leader::Stage::WaitEpochAck);
  CHECK(r.peer().currentEpoch() == 0);
}

TEST_CASE("Zab1_0Test: testLastAcceptedEpoch (ZOOKEEPER-1343) - a follower at the candidate epoch raises it",
          "[zab][acceptance]") {
  Rig r(0, threeVoters(), epochDisk(5, 0));
  r.electMe({1});
  // The leader waits in getEpochToPropose with candidate epoch 6.
  REQUIRE(r.peer().leader()->epoch() == 6);
  REQUIRE(r.peer().leader()->stage() == zab::Leader::Stage::Discovery);
  const ConnId c = r.acceptLearner();
  auto m = r.mark();
  r.send(c, followerInfo(1, makeZxid(6, 0)));  // lastAcceptedEpoch 6 == candidate: must give 7
  auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::LEADERINFO);
  CHECK(sent[0].zxid == makeZxid(7, 0));
  CHECK(r.peer().acceptedEpoch() == 7);  // persisted when the connecting quorum formed
  CHECK(r.peer().currentEpoch() == 0);
}

TEST_CASE("Zab1_0Test: testLeaderInElectingFollowers - waitForEpochAck times out instead of returning",
          "[zab][acceptance]") {
  SECTION("an ACKEPOCH without a quorum waits and times out (5 voters: leader + 1 is not enough)") {
    Rig r(0, majorityOf({0, 1, 2, 3, 4}));
    r.electMe({1, 2});
    const ConnId c1 = r.acceptLearner();
    const ConnId c2 = r.acceptLearner();
    r.send(c1, followerInfo(1, 0));
    r.send(c2, followerInfo(2, 0));
    REQUIRE(r.peer().leader()->stage() == zab::Leader::Stage::WaitEpochAck);
    REQUIRE(r.peer().acceptedEpoch() == 1);

    auto m = r.mark();
    r.send(c1, ackEpoch(0, 0));
    CHECK(r.sentOn(c1, m).empty());  // it did not return: no sync, no NEWLEADER
    CHECK(r.peer().currentEpoch() == 0);
    CHECK(r.due(TimerKind::HandlerWait, keyOf(c1)) == std::optional<std::int64_t>(kInitLimitMs));
    r.at(kInitLimitMs);
    m = r.mark();
    r.fire(TimerKind::HandlerWait, keyOf(c1));
    CHECK(r.closed(c1, m));
    CHECK(r.sentOn(c1, m).empty());
    CHECK(r.peer().currentEpoch() == 0);

    // electingFollowers keeps 1: 2's ACKEPOCH completes {0,1,2}, a quorum of 5.
    m = r.mark();
    r.send(c2, ackEpoch(0, 0));
    CHECK(typesOf(r.sentOn(c2, m)) == std::vector<PacketType>{PacketType::DIFF, PacketType::NEWLEADER});
    CHECK(r.peer().currentEpoch() == 1);
  }

  SECTION("an ACKEPOCH carrying currentEpoch -1 does not count; that handler still waits") {
    Rig r(0, threeVoters());
    r.electMe({1});
    const ConnId c1 = r.acceptLearner();
    r.send(c1, followerInfo(1, 0));
    REQUIRE(r.peer().leader()->stage() == zab::Leader::Stage::WaitEpochAck);
    auto m = r.mark();
    r.send(c1, ackEpoch(0, -1));  // "already acked this epoch": not counted
    CHECK(r.sentOn(c1, m).empty());
    CHECK(r.peer().currentEpoch() == 0);
    CHECK(r.peer().leader()->stage() == zab::Leader::Stage::WaitEpochAck);

    // Server 2 acks normally: {0,2} is the quorum, and the waiting handler of 1 goes on too.
    const ConnId c2 = r.acceptLearner();
    r.send(c2, followerInfo(2, 0));
    m = r.mark();
    r.send(c2, ackEpoch(0, 0));
    CHECK(r.peer().currentEpoch() == 1);
    CHECK(typesOf(r.sentOn(c2, m)) == std::vector<PacketType>{PacketType::DIFF, PacketType::NEWLEADER});
    CHECK(typesOf(r.sentOn(c1, m)) == std::vector<PacketType>{PacketType::DIFF, PacketType::NEWLEADER});
  }

  SECTION("with only a -1 ACKEPOCH, the leader's own wait runs out: Leader.shutdown, LOOKING") {
    Rig r(0, threeVoters());
    r.electMe({1});
    const ConnId c1 = r.acceptLearner();
    r.send(c1, followerInfo(1, 0));
    r.send(c1, ackEpoch(0, -1));
    const auto m = r.mark();
    r.advanceTo(kInitLimitMs);
    CHECK(r.noted("Timeout while waiting for epoch to be acked by quorum", m));
    CHECK(r.closed(c1, m));
    CHECK(r.peer().state() == LOOKING);
    CHECK(r.peer().acceptedEpoch() == 1);
    CHECK(r.peer().currentEpoch() == 0);
  }
}

// =================================================================================================
// Leader conversations (testNormalRun, testLeaderBehind, testAbandonBeforeACKEpoch,
// testTxnTimeout, testUnnecessarySnap)
// =================================================================================================

TEST_CASE("Zab1_0Test: testNormalRun - FOLLOWERINFO -> LEADERINFO -> ACKEPOCH -> DIFF+NEWLEADER -> ACK -> UPTODATE",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  r.electMe({1});
  REQUIRE(r.peer().acceptedEpoch() == 0);
  REQUIRE(r.peer().currentEpoch() == 0);
  CHECK(r.peer().zabState() == zab::ZabState::DISCOVERY);

  const ConnId c = r.acceptLearner();
  auto m = r.mark();
  r.send(c, followerInfo(1, 0));
  auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::LEADERINFO);
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(intData(sent[0]) == std::optional<std::int32_t>(0x10000));
  CHECK(r.peer().acceptedEpoch() == 1);  // persisted: the connecting quorum {0,1} formed
  CHECK(r.peer().currentEpoch() == 0);
  CHECK(r.peer().disk().acceptedEpoch == std::optional<Epoch>(1));
  CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(0));

  m = r.mark();
  r.send(c, QuorumPacket{PacketType::ACKEPOCH, 0, Bytes(4, 0)});  // new byte[4]: currentEpoch 0
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].type == PacketType::DIFF);
  CHECK(sent[0].zxid == 0);  // lp == peer == 0: an empty DIFF(peer)
  CHECK(sent[1].type == PacketType::NEWLEADER);
  CHECK(sent[1].zxid == makeZxid(1, 0));
  const std::string config = r.peer().quorumVerifier().toString();
  CHECK(sent[1].data == std::optional<Bytes>(Bytes(config.begin(), config.end())));
  CHECK(r.peer().acceptedEpoch() == 1);
  CHECK(r.peer().currentEpoch() == 1);  // persisted right after the epoch-ack quorum
  CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(1));
  CHECK(r.peer().zabState() == zab::ZabState::SYNCHRONIZATION);

  m = r.mark();
  r.send(c, ack(makeZxid(1, 0)));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::UPTODATE);
  CHECK(sent[0].zxid == -1);
  CHECK(r.peer().zabState() == zab::ZabState::BROADCAST);
  CHECK(r.peer().isServing());
  CHECK(r.peer().db().lastProcessedZxid() == makeZxid(1, 0));  // a new-epoch zxid, no txn behind it
  CHECK(r.peer().leader()->lastCommitted() == makeZxid(1, 0));
  CHECK(r.peer().currentVote().peerEpoch == 1);  // updateElectionVote(epoch)
  CHECK(r.due(TimerKind::LeaderTick) == std::optional<std::int64_t>(kTick / 2));
}

TEST_CASE("Zab1_0Test: testLeaderBehind - a follower with acceptedEpoch 20 makes the epoch 21",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  r.electMe({1});
  normalRunHandshake(r, 1, 20, 21);
  CHECK(r.peer().acceptedEpoch() == 21);
  CHECK(r.peer().currentEpoch() == 21);
  CHECK(r.peer().isServing());
  CHECK(r.peer().db().lastProcessedZxid() == makeZxid(21, 0));
}

TEST_CASE("Zab1_0Test: testAbandonBeforeACKEpoch (ZK-1192) - no ACKEPOCH quorum - currentEpoch stays 0",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  r.electMe({1});
  const ConnId c = r.acceptLearner();
  auto m = r.mark();
  r.send(c, followerInfo(1, 0));
  auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::LEADERINFO);
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(intData(sent[0]) == std::optional<std::int32_t>(0x10000));

  // The follower never sends ACKEPOCH: sleep initLimit x tickTime + 5 s.
  m = r.mark();
  r.advanceTo(kInitLimitMs + 5000);
  CHECK(r.peer().currentEpoch() == 0);
  CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(0));
  CHECK(r.peer().acceptedEpoch() == 1);  // the epoch was accepted, never established
  CHECK(r.noted("Timeout while waiting for epoch to be acked by quorum", m));
  CHECK(r.closed(c, m));
  CHECK(r.peer().state() == LOOKING);
  CHECK(zabtest::outputsOf<zab::OutLeaderEstablished>(r.net.log).empty());
}

TEST_CASE("Zab1_0Test: testTxnTimeout - a follower that answers only PINGs is closed after syncLimit x tickTime",
          "[zab][acceptance]") {
  // tickTime/2 = 1000 ms between leader loop iterations (and pings); syncLimit x tickTime = 4000.
  struct Case {
    std::int64_t proposeAt;
    std::int64_t closedAt;
  };
  // A proposal at 500 is 4500 ms old at the 5000 ping. A proposal at 1000 (right after that
  // iteration's ping) is exactly 4000 ms old at the 5000 ping: SyncLimitCheck.check returns
  // msDelay < syncLimit x tickTime, so exactly the limit already closes it.
  const Case cs[] = {{500, 5000}, {1000, 5000}, {1001, 6000}};
  for (const Case& k : cs) {
    CAPTURE(k.proposeAt);
    Rig r(0, threeVoters());
    r.electMe({1});
    const ConnId c = normalRunHandshake(r, 1, 0, 1);
    REQUIRE(r.peer().isServing());

    // Echo every PING the leader sends (what Zab1_0Test's reader loop does).
    std::size_t seen = r.mark();
    int pings = 0;
    bool closed = false;
    std::int64_t closedAt = -1;
    auto answer = [&] {
      for (const auto& p : r.sentOn(c, seen, false)) {
        if (p.type != PacketType::PING || closed) continue;
        ++pings;
        r.send(c, QuorumPacket{PacketType::PING, p.zxid, Bytes{}});
      }
      if (!closed && r.closed(c, seen)) {
        closed = true;
        closedAt = r.now();
      }
      seen = r.mark();
    };
    r.advanceTo(k.proposeAt, answer);

    // l.propose(...): a client write at the leader.
    auto m = r.mark();
    r.step(zab::InClientRequest{1, zab::ClientOpKind::Write, "/test", "hola"});
    auto sent = r.sentOn(c, m);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == PacketType::PROPOSAL);
    CHECK(sent[0].zxid == makeZxid(1, 1));
    seen = r.mark();

    const int pingsBefore = pings;
    r.advanceTo(k.proposeAt + 3 * kSyncLimitMs, answer);
    CHECK(closed);
    CHECK(closedAt == k.closedAt);
    // "Connection hasn't been closed by leader after transaction times out" within 2 x syncLimit + 2 reads.
    CHECK(pings - pingsBefore <= 2 * 2 + 2);
    CHECK(r.noted("transaction timeout"));
    // Without follower 1 the leader has no synced quorum: it steps down at the next real tick.
    CHECK(r.noted("Not sufficient followers synced"));
    CHECK(r.peer().state() == LOOKING);
  }
}

TEST_CASE("Zab1_0Test: testUnnecessarySnap - a follower at the leader's last zxid gets DIFF - not SNAP",
          "[zab][acceptance]") {
  // The leader's data holds (1,1) and (1,2); acceptedEpoch = currentEpoch = 1.
  Rig r(0, threeVoters(), zab::syntheticHistory(1, 1, makeZxid(1, 2)));
  r.electMe({1});
  REQUIRE(r.peer().acceptedEpoch() == 1);
  REQUIRE(r.peer().currentEpoch() == 1);
  REQUIRE(r.peer().db().lastProcessedZxid() == makeZxid(1, 2));

  const ConnId c = r.acceptLearner();
  auto m = r.mark();
  r.send(c, followerInfo(1, 1));  // zxid 1: acceptedEpoch 0
  auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::LEADERINFO);
  CHECK(sent[0].zxid == makeZxid(2, 0));
  CHECK(intData(sent[0]) == std::optional<std::int32_t>(0x10000));
  CHECK(r.peer().acceptedEpoch() == 2);
  CHECK(r.peer().currentEpoch() == 1);

  m = r.mark();
  r.send(c, ackEpoch(makeZxid(1, 2), 1));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].type == PacketType::DIFF);
  CHECK(sent[0].zxid == makeZxid(1, 2));
  CHECK(sent[1].type == PacketType::NEWLEADER);
  CHECK(sent[1].zxid == makeZxid(2, 0));
  CHECK(r.peer().lastSync() == std::optional<zab::SyncMode>(zab::SyncMode::DIFF));
  CHECK(r.peer().currentEpoch() == 2);
}

// =================================================================================================
// LeaderWithObserverTest
// =================================================================================================

TEST_CASE("Zab1_0Test: LeaderWithObserverTest - an observer never completes a quorum but raises the epoch",
          "[zab][acceptance]") {
  // Participants 0..2 and observer 3; the leader's acceptedEpoch is 5.
  const auto qv = majorityOf({0, 1, 2}, {3});
  REQUIRE_FALSE(qv.isVoter(3));

  SECTION("getEpochToPropose, waitForEpochAck and waitForNewLeaderAck ignore the observer") {
    Rig r(0, qv, epochDisk(5, 0));
    r.electMe({1});
    REQUIRE(r.peer().leader()->epoch() == 6);

    // OBSERVERINFO with acceptedEpoch 5: not a quorum, nothing persisted, no LEADERINFO.
    const ConnId obs = r.acceptLearner();
    auto m = r.mark();
    r.send(obs, observerInfo(3, makeZxid(5, 0)));
    CHECK(r.sentOn(obs, m).empty());
    CHECK(r.peer().acceptedEpoch() == 5);
    CHECK(r.peer().leader()->stage() == zab::Leader::Stage::Discovery);

    // The participant completes it: acceptedEpoch 6, both learners get LEADERINFO (6,0).
    const ConnId f = r.acceptLearner();
    m = r.mark();
    r.send(f, followerInfo(1, makeZxid(5, 0)));
    CHECK(r.peer().acceptedEpoch() == 6);
    auto toObs = r.sentOn(obs, m);
    auto toF = r.sentOn(f, m);
    REQUIRE(toObs.size() == 1);
    REQUIRE(toF.size() == 1);
    CHECK(toObs[0].type == PacketType::LEADERINFO);
    CHECK(toObs[0].zxid == makeZxid(6, 0));
    CHECK(toF[0].type == PacketType::LEADERINFO);
    CHECK(toF[0].zxid == makeZxid(6, 0));

    // waitForEpochAck: the observer's ACKEPOCH does not finish the election.
    m = r.mark();
    r.send(obs, ackEpoch(0, 0));
    CHECK(r.sentOn(obs, m).empty());
    CHECK(r.peer().currentEpoch() == 0);
    CHECK(r.peer().leader()->stage() == zab::Leader::Stage::WaitEpochAck);
    m = r.mark();
    r.send(f, ackEpoch(0, 0));
    CHECK(r.peer().currentEpoch() == 6);
    CHECK(typesOf(r.sentOn(obs, m)) == std::vector<PacketType>{PacketType::DIFF, PacketType::NEWLEADER});
    CHECK(typesOf(r.sentOn(f, m)) == std::vector<PacketType>{PacketType::DIFF, PacketType::NEWLEADER});

    // waitForNewLeaderAck: the observer's ACK does not form the quorum.
    m = r.mark();
    r.send(obs, ack(makeZxid(6, 0)));
    CHECK(r.sentOn(obs, m).empty());
    CHECK(r.peer().leader()->stage() == zab::Leader::Stage::WaitNewLeaderAck);
    CHECK_FALSE(r.peer().isServing());
    m = r.mark();
    r.send(f, ack(makeZxid(6, 0)));
    CHECK(r.peer().isServing());
    CHECK(typesOf(r.sentOn(obs, m)) == std::vector<PacketType>{PacketType::UPTODATE});
    CHECK(typesOf(r.sentOn(f, m)) == std::vector<PacketType>{PacketType::UPTODATE});
  }

  SECTION("an observer's acceptedEpoch still raises the proposed epoch (before the participant check)") {
    Rig r(0, qv, epochDisk(5, 0));
    r.electMe({1});
    const ConnId obs = r.acceptLearner();
    r.send(obs, observerInfo(3, makeZxid(9, 0)));
    CHECK(r.peer().leader()->epoch() == 10);
    CHECK(r.peer().acceptedEpoch() == 5);
    const ConnId f = r.acceptLearner();
    auto m = r.mark();
    r.send(f, followerInfo(1, makeZxid(5, 0)));
    auto toF = r.sentOn(f, m);
    REQUIRE(toF.size() == 1);
    CHECK(toF[0].zxid == makeZxid(10, 0));
    CHECK(r.peer().acceptedEpoch() == 10);
  }
}

// =================================================================================================
// Follower / observer conversations (testNormalFollowerRun, ...WithDiff, testNormalObserverRun)
// =================================================================================================

TEST_CASE("Zab1_0Test: testNormalFollowerRun - SNAP sync then a proposal invisible until committed",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  const ConnId c = r.followLeader(1, 2, FOLLOWING);
  CHECK(r.peer().acceptedEpoch() == 0);
  CHECK(r.peer().currentEpoch() == 0);

  // The leader's database: a single /foo node at (1,1).
  const Zxid firstZxid = makeZxid(1, 1);
  const zab::Txn foo = createTxn(firstZxid, "/foo", "data1");

  auto sent = r.sentOn(c, 0);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::FOLLOWERINFO);
  CHECK(sent[0].zxid == 0);
  REQUIRE(sent[0].data.has_value());
  auto li = zab::decodeLearnerInfo(*sent[0].data);
  REQUIRE(li.has_value());
  CHECK(li->protocolVersion == 0x10000);
  CHECK(li->serverid == 0);
  CHECK(sent[0].data->size() == 20);

  // We are simulating an established leader, so the epoch is 1.
  auto m = r.mark();
  r.send(c, leaderInfo(1));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACKEPOCH);
  CHECK(sent[0].zxid == 0);
  CHECK(intData(sent[0]) == std::optional<std::int32_t>(0));
  CHECK(r.peer().acceptedEpoch() == 1);  // persisted before ACKEPOCH
  CHECK(r.peer().currentEpoch() == 0);
  CHECK(r.peer().disk().acceptedEpoch == std::optional<Epoch>(1));

  // SNAP: applied in memory; no snapshot taken yet.
  const std::size_t snapshotsBefore = r.peer().disk().snapshots.size();
  m = r.mark();
  r.send(c, snapOf({foo}));
  CHECK(r.sentOn(c, m).empty());
  CHECK(r.peer().disk().snapshots.size() == snapshotsBefore);
  CHECK(dataOf(r.peer().db(), "/foo") == "data1");
  CHECK(r.peer().db().lastProcessedZxid() == firstZxid);

  // NEWLEADER: ACK((1,0)), a synchronous snapshot, currentEpoch 1.
  m = r.mark();
  r.send(c, newLeader(1));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACK);
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(r.peer().acceptedEpoch() == 1);
  CHECK(r.peer().currentEpoch() == 1);
  CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(1));
  REQUIRE(r.peer().disk().snapshots.size() == snapshotsBefore + 1);
  CHECK(r.peer().disk().snapshots.back().zxid == firstZxid);
  CHECK(r.peer().db().lastProcessedZxid() == firstZxid);
  {
    Reloaded on = reload(r.peer().disk());
    REQUIRE(on.result.ok);
    CHECK(dataOf(on.db, "/foo") == "data1");
    CHECK(on.db.lastProcessedZxid() == firstZxid);
  }

  // Propose an update: it stays invisible until committed.
  const Zxid proposalZxid = makeZxid(1, 1000);
  m = r.mark();
  r.send(c, proposal(setDataTxn(proposalZxid, "/foo", "data2", 2)));
  CHECK(r.sentOn(c, m).empty());
  CHECK(dataOf(r.peer().db(), "/foo") == "data1");
  // Before UPTODATE a COMMIT is only remembered (writeToTxnLog after NEWLEADER).
  r.send(c, commit(proposalZxid));
  CHECK(dataOf(r.peer().db(), "/foo") == "data1");

  m = r.mark();
  r.send(c, upToDate());
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACK);  // the UPTODATE ack
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(r.peer().isServing());
  CHECK(dataOf(r.peer().db(), "/foo") == "data2");  // committed
  // The proposal's ACK follows once it is logged (after the fsync).
  m = r.mark();
  r.advanceTo(r.now() + 100);
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACK);
  CHECK(sent[0].zxid == proposalZxid);
  // ... and the change is persisted.
  {
    Reloaded on = reload(r.peer().disk());
    REQUIRE(on.result.ok);
    CHECK(dataOf(on.db, "/foo") == "data2");
    CHECK(on.db.lastProcessedZxid() == proposalZxid);
  }
}

TEST_CASE("Zab1_0Test: testNormalFollowerRunWithDiff - txns logged at NEWLEADER - no snapshot",
          "[zab][acceptance]") {
  // 3.8.0 (the default): NEWLEADER persists currentEpoch, hands the txn to the sync processor
  // and ACKs at once; the txn's own ACK follows its fsync (ZOOKEEPER-4785). With the fix
  // (3.8.5, 3.9.2): the learner thread fsyncs the txn itself (ZKDatabase.commit), reading
  // nothing meanwhile; then currentEpoch, then the NEWLEADER ACK; the txn is acked after UPTODATE.
  const bool fixed = GENERATE(false, true);
  INFO((fixed ? "fix=ZOOKEEPER-4785" : "3.8.0"));
  zab::PeerTiming timing = zab10Timing();
  timing.fixes.zk4785 = fixed;
  Rig r(0, threeVoters(), zab::PeerDisk{}, timing);
  const ConnId c = r.followLeader(1, 2, FOLLOWING);
  const std::size_t snapshotsBefore = r.peer().disk().snapshots.size();

  auto sent = r.sentOn(c, 0);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::FOLLOWERINFO);
  CHECK(sent[0].zxid == 0);

  auto m = r.mark();
  r.send(c, leaderInfo(1));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACKEPOCH);
  CHECK(sent[0].zxid == 0);
  CHECK(intData(sent[0]) == std::optional<std::int32_t>(0));
  CHECK(r.peer().acceptedEpoch() == 1);
  CHECK(r.peer().currentEpoch() == 0);

  // DIFF (the leader's last zxid (1,1)), then PROPOSAL+COMMIT of createSession (1,2).
  const Zxid createSessionZxid = makeZxid(1, 2);
  m = r.mark();
  r.send(c, QuorumPacket{PacketType::DIFF, makeZxid(1, 1), Bytes{}});
  r.send(c, proposal(createSessionTxn(createSessionZxid)));
  r.send(c, commit(createSessionZxid));
  CHECK(r.sentOn(c, m).empty());
  CHECK(r.peer().disk().txnLog.empty());

  m = r.mark();
  r.send(c, newLeader(1));
  sent = r.sentOn(c, m);
  bool upToDateRead = false;
  if (fixed) {
    // In the fsync: no ACK, nothing durable, currentEpoch not written, no read timeout armed.
    CHECK(sent.empty());
    CHECK(r.peer().learner()->inNewLeaderFsync());
    CHECK(r.peer().learner()->newLeaderFsync().size() == 1);
    CHECK(r.peer().disk().txnLog.empty());
    CHECK(r.peer().currentEpoch() == 0);
    CHECK_FALSE(r.due(TimerKind::LearnerRead).has_value());
    REQUIRE(r.due(TimerKind::LearnerFsync).has_value());
    CHECK(*r.due(TimerKind::LearnerFsync) == r.now() + timing.fsyncMs);
    // UPTODATE arrives while the thread is in the fsync: it waits in the socket.
    r.send(c, upToDate());
    CHECK(r.sentOn(c, m).empty());
    CHECK(r.peer().learner()->heldReads() == 1);
    CHECK(r.peer().learner()->stage() == zab::LearnerStage::AfterNewLeader);
    // The fsync ends: currentEpoch, the NEWLEADER ACK, then UPTODATE is read (its ACK, and the
    // txn's ACK after it).
    r.advanceTo(*r.due(TimerKind::LearnerFsync));
    sent = r.sentOn(c, m);
    REQUIRE(sent.size() == 3);
    CHECK(sent[1].type == PacketType::ACK);
    CHECK(sent[1].zxid == makeZxid(1, 0));
    CHECK(sent[2].type == PacketType::ACK);
    CHECK(sent[2].zxid == createSessionZxid);
    CHECK(r.peer().learner()->heldReads() == 0);
    CHECK(r.peer().learner()->stage() == zab::LearnerStage::Broadcast);
    upToDateRead = true;
  }
  REQUIRE(sent.size() >= 1);
  CHECK(sent[0].type == PacketType::ACK);
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(r.peer().currentEpoch() == 1);
  if (fixed) {
    REQUIRE(r.peer().disk().txnLog.size() == 1);
    CHECK(r.peer().disk().txnLog[0].zxid == createSessionZxid);
    CHECK(r.peer().learner()->ackedBeforeFsync().empty());
  } else {
    // Acked, but only queued: a power cut now loses it under currentEpoch 1.
    CHECK(r.peer().disk().txnLog.empty());
    REQUIRE(r.peer().unflushed().size() == 1);
    CHECK(r.peer().learner()->ackedBeforeFsync() == std::vector<Zxid>{createSessionZxid});
    REQUIRE(r.due(TimerKind::SyncFlush).has_value());
    // The fsync ends before UPTODATE: the SendAckRequestProcessor (set up at NEWLEADER) acks it.
    m = r.mark();
    r.advanceTo(*r.due(TimerKind::SyncFlush));
    sent = r.sentOn(c, m);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == PacketType::ACK);
    CHECK(sent[0].zxid == createSessionZxid);
    REQUIRE(r.peer().disk().txnLog.size() == 1);
    CHECK(r.peer().learner()->ackedBeforeFsync().empty());
  }

  if (!upToDateRead) {  // with the fix, UPTODATE was read above, after the fsync
    m = r.mark();
    r.send(c, upToDate());
    sent = r.sentOn(c, m);
    REQUIRE(sent.size() == 1);  // ACK of UPTODATE
    CHECK(sent[0].type == PacketType::ACK);
    CHECK(sent[0].zxid == makeZxid(1, 0));
  }
  CHECK(r.peer().acceptedEpoch() == 1);
  CHECK(r.peer().currentEpoch() == 1);
  CHECK(r.peer().db().lastProcessedZxid() == createSessionZxid);

  // The txn is on disk, and the very simple sync never took a snapshot.
  Reloaded on = reload(r.peer().disk());
  REQUIRE(on.result.ok);
  CHECK(on.db.lastProcessedZxid() == createSessionZxid);
  CHECK(r.peer().disk().snapshots.size() == snapshotsBefore);
  r.advanceTo(r.now() + 100);  // nothing else was pending
  CHECK(r.peer().disk().txnLog.size() == 1);
  CHECK(r.peer().disk().snapshots.size() == snapshotsBefore);
}

TEST_CASE("Zab1_0Test: testNormalObserverRun - OBSERVERINFO - SNAP - then COMMITted and INFORMed updates",
          "[zab][acceptance]") {
  // The peer under test (0) is an observer; participants 1..3, server 1 leads.
  Rig r(0, majorityOf({1, 2, 3}, {0}));
  const ConnId c = r.followLeader(1, 2, OBSERVING);
  CHECK(r.peer().acceptedEpoch() == 0);
  CHECK(r.peer().currentEpoch() == 0);

  const Zxid foo1Zxid = makeZxid(1, 1);
  const Zxid foo2Zxid = makeZxid(1, 2);
  const auto snap = snapOf({createTxn(foo1Zxid, "/foo1", "data1"), createTxn(foo2Zxid, "/foo2", "data1")});

  auto sent = r.sentOn(c, 0);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::OBSERVERINFO);
  CHECK(sent[0].zxid == 0);
  REQUIRE(sent[0].data.has_value());
  auto li = zab::decodeLearnerInfo(*sent[0].data);
  REQUIRE(li.has_value());
  CHECK(li->protocolVersion == 0x10000);
  CHECK(li->serverid == 0);

  auto m = r.mark();
  r.send(c, leaderInfo(1));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACKEPOCH);
  CHECK(sent[0].zxid == 0);
  CHECK(intData(sent[0]) == std::optional<std::int32_t>(0));
  CHECK(r.peer().acceptedEpoch() == 1);
  CHECK(r.peer().currentEpoch() == 0);

  m = r.mark();
  r.send(c, snap);
  r.send(c, newLeader(1));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACK);
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(r.peer().acceptedEpoch() == 1);
  CHECK(r.peer().currentEpoch() == 1);
  CHECK(r.peer().db().lastProcessedZxid() == foo2Zxid);
  {
    Reloaded on = reload(r.peer().disk());
    REQUIRE(on.result.ok);
    CHECK(dataOf(on.db, "/foo1") == "data1");
    CHECK(on.db.lastProcessedZxid() == foo2Zxid);
  }

  // PROPOSAL+COMMIT of a /foo1 update and an INFORM of a /foo2 update, all before UPTODATE.
  const Zxid proposalZxid = makeZxid(1, 1000);
  const Zxid informZxid = makeZxid(1, 1001);
  m = r.mark();
  r.send(c, proposal(setDataTxn(proposalZxid, "/foo1", "data2", 2)));
  r.send(c, commit(proposalZxid));
  r.send(c, inform(setDataTxn(informZxid, "/foo2", "data2", 2)));
  CHECK(r.sentOn(c, m).empty());  // an observer never ACKs proposals
  CHECK(dataOf(r.peer().db(), "/foo1") == "data1");
  CHECK(dataOf(r.peer().db(), "/foo2") == "data1");

  m = r.mark();
  r.send(c, upToDate());
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACK);
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(r.peer().isServing());
  CHECK(dataOf(r.peer().db(), "/foo1") == "data2");
  CHECK(dataOf(r.peer().db(), "/foo2") == "data2");

  // Shut down (the sync processor flushes), then reload from disk.
  r.advanceTo(r.now() + 100);
  Reloaded on = reload(r.peer().disk());
  REQUIRE(on.result.ok);
  CHECK(dataOf(on.db, "/foo1") == "data2");
  CHECK(dataOf(on.db, "/foo2") == "data2");
  CHECK(on.db.lastProcessedZxid() == informZxid);

  SECTION("in broadcast, an observer ignores PROPOSAL and COMMIT and applies INFORM") {
    const Zxid p = makeZxid(1, 1002);
    m = r.mark();
    r.send(c, proposal(setDataTxn(p, "/foo1", "data3", 3)));
    r.send(c, commit(p));
    CHECK(dataOf(r.peer().db(), "/foo1") == "data2");
    CHECK(r.fatals(m).empty());
    r.send(c, inform(setDataTxn(p, "/foo1", "data3", 3)));
    CHECK(dataOf(r.peer().db(), "/foo1") == "data3");
    r.advanceTo(r.now() + 100);
    CHECK(r.sentOn(c, m).empty());  // still no ACKs
  }
}

// =================================================================================================
// Learner side: registerWithLeader details, COMMIT checks
// =================================================================================================

TEST_CASE("ZAB: registerWithLeader - LEADERINFO at or below acceptedEpoch", "[zab][acceptance]") {
  SECTION("LEADERINFO == acceptedEpoch: ACKEPOCH carries -1 and nothing is written") {
    Rig r(0, threeVoters(), epochDisk(3, 2));
    const ConnId c = r.followLeader(1, 2, FOLLOWING);
    auto sent = r.sentOn(c, 0);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].zxid == makeZxid(3, 0));  // FOLLOWERINFO reports acceptedEpoch
    auto m = r.mark();
    r.send(c, leaderInfo(3));
    sent = r.sentOn(c, m);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == PacketType::ACKEPOCH);
    CHECK(intData(sent[0]) == std::optional<std::int32_t>(-1));
    CHECK(r.peer().acceptedEpoch() == 3);
    CHECK(r.peer().currentEpoch() == 2);
  }
  SECTION("LEADERINFO above acceptedEpoch: ACKEPOCH reports currentEpoch and the last logged zxid") {
    Rig r(0, threeVoters(), zab::syntheticHistory(2, 3, makeZxid(2, 4)));
    const Zxid last = makeZxid(2, 4);
    const ConnId c = r.followLeader(1, 2, FOLLOWING);
    REQUIRE(r.peer().db().lastProcessedZxid() == last);
    auto m = r.mark();
    r.send(c, leaderInfo(4));
    auto sent = r.sentOn(c, m);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == PacketType::ACKEPOCH);
    CHECK(sent[0].zxid == last);
    CHECK(intData(sent[0]) == std::optional<std::int32_t>(2));
    CHECK(r.peer().acceptedEpoch() == 4);
    CHECK(r.peer().currentEpoch() == 2);
  }
  SECTION("LEADERINFO below acceptedEpoch: no ACKEPOCH, back to LOOKING") {
    Rig r(0, threeVoters(), epochDisk(3, 2));
    const ConnId c = r.followLeader(1, 2, FOLLOWING);
    auto m = r.mark();
    r.send(c, leaderInfo(2));
    CHECK(r.sentOn(c, m).empty());
    CHECK(r.closed(c, m));
    CHECK(r.peer().state() == LOOKING);
    CHECK(r.peer().acceptedEpoch() == 3);
  }
}

namespace {

// A follower driven through a DIFF sync to BROADCAST in epoch 1.
ConnId followerInBroadcast(Rig& r) {
  const ConnId c = r.followLeader(1, 2, FOLLOWING);
  r.send(c, leaderInfo(1));
  r.send(c, QuorumPacket{PacketType::DIFF, 0, Bytes{}});
  r.send(c, newLeader(1));
  r.send(c, upToDate());
  REQUIRE(r.peer().isServing());
  return c;
}

}  // namespace

TEST_CASE("ZAB: follower COMMIT checks (FollowerZooKeeperServer.commit)", "[zab][acceptance]") {
  Rig r(0, threeVoters());
  const ConnId c = followerInBroadcast(r);

  SECTION("a COMMIT with nothing pending is ignored") {
    auto m = r.mark();
    r.send(c, commit(makeZxid(1, 7)));
    CHECK(r.fatals(m).empty());
    CHECK(r.peer().isServing());
    CHECK(r.peer().db().lastProcessedZxid() == 0);
    // ... and the follower goes on: a proposal is logged, acked and committed normally.
    const zab::Txn t = createTxn(makeZxid(1, 1), "/a", "x");
    m = r.mark();
    r.send(c, proposal(t));
    r.advanceTo(r.now() + 100);
    auto sent = r.sentOn(c, m);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == PacketType::ACK);
    CHECK(sent[0].zxid == makeZxid(1, 1));
    r.send(c, commit(makeZxid(1, 1)));
    CHECK(dataOf(r.peer().db(), "/a") == "x");
  }

  SECTION("a COMMIT that is not the head of pendingTxns exits the process (UNMATCHED_TXN_COMMIT)") {
    r.send(c, proposal(createTxn(makeZxid(1, 1), "/a", "x")));
    r.send(c, proposal(createTxn(makeZxid(1, 2), "/b", "y")));
    REQUIRE(r.peer().learner()->pendingTxns().size() == 2);
    auto m = r.mark();
    r.send(c, commit(makeZxid(1, 2)));
    auto f = r.fatals(m);
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason.find("UNMATCHED_TXN_COMMIT") != std::string::npos);
    CHECK_FALSE(r.peer().db().tree().exists("/b"));
    CHECK_FALSE(r.peer().db().tree().exists("/a"));
    // The process is gone: nothing more happens.
    m = r.mark();
    r.send(c, commit(makeZxid(1, 1)));
    CHECK(r.net.log.size() == m);
  }
}

// =================================================================================================
// Persistence: testInitialAcceptedCurrent, EpochWriteFailureTest, CurrentEpochWriteFailureTest
// =================================================================================================

TEST_CASE("Zab1_0Test: testInitialAcceptedCurrent - missing epoch files are created from the last zxid",
          "[zab][acceptance]") {
  // version-2 with an empty snapshot and a txn log ending at (3,3) (an ErrorTxn); no epoch files.
  zab::PeerDisk disk;
  disk.initialized = true;
  disk.addSnapshot(zab::SnapshotFile{0, zab::DataTree().serialize(), {}});
  zab::Txn err;
  err.hdr = zab::TxnHeader{1, 1, makeZxid(3, 3), 1, zab::OpCode::error};
  err.err = 1;
  disk.txnLog.append(zab::LoggedProposal{makeZxid(3, 3), zab::serializeTxn(err)});
  REQUIRE_FALSE(disk.currentEpoch.has_value());
  REQUIRE_FALSE(disk.acceptedEpoch.has_value());

  SECTION("loadDataBase") {
    zab::ZKDatabase db;
    auto res = zab::loadDataBase(disk, db);
    REQUIRE(res.ok);
    CHECK(db.lastProcessedZxid() == makeZxid(3, 3));
    CHECK(disk.acceptedEpoch == std::optional<Epoch>(3));  // written to the files
    CHECK(disk.currentEpoch == std::optional<Epoch>(3));
  }
  SECTION("a QuorumPeer started on that disk") {
    Rig r(0, threeVoters(), disk);
    r.start();
    CHECK(r.fatals().empty());
    CHECK(r.peer().lastLoggedZxid() == makeZxid(3, 3));
    CHECK(r.peer().acceptedEpoch() == 3);
    CHECK(r.peer().currentEpoch() == 3);
    CHECK(r.peer().disk().acceptedEpoch == std::optional<Epoch>(3));
    CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(3));
    CHECK(r.peer().currentVote().peerEpoch == 3);
  }
}

TEST_CASE("Zab1_0Test: EpochWriteFailureTest (ZOOKEEPER-2307) - a follower whose acceptedEpoch write fails never joins",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  // Every non-zero epoch write fails (re-armed before each attempt below).
  for (int attempt = 1; attempt <= 2; ++attempt) {
    CAPTURE(attempt);
    ConnId c = 0;
    if (attempt == 1) {
      c = r.followLeader(1, 2, FOLLOWING);
    } else {
      // The peer went LOOKING (round 2); the same leader is elected again.
      REQUIRE(r.peer().state() == LOOKING);
      const std::int64_t round = r.net.fle().logicalclock();
      const auto before = r.mark();
      r.sendRaw(1, msg40(LEADING, 1, 0, round, 0));
      r.sendRaw(2, msg40(FOLLOWING, 1, 0, round, 0));
      REQUIRE(r.peer().state() == FOLLOWING);
      bool dialed = false;
      for (const auto& d : zabtest::outputsOf<zab::OutDial>(r.net.log, before))
        if (d.channel == zab::Channel::Quorum && d.to == 1) dialed = true;
      REQUIRE(dialed);
      c = 5'000'000 + static_cast<ConnId>(attempt);
      r.step(zab::InConnectEstablished{c, 1, zab::Channel::Quorum});
    }
    r.peer().diskMut().failAcceptedEpochWrite = true;
    auto m = r.mark();
    r.send(c, leaderInfo(1));
    CHECK(r.sentOn(c, m).empty());  // no ACKEPOCH
    CHECK(r.closed(c, m));
    CHECK(r.peer().state() == LOOKING);
    CHECK_FALSE(r.peer().isServing());
    CHECK(r.peer().acceptedEpoch() == 0);  // "acceptedEpoch must not have changed"
    CHECK(r.peer().currentEpoch() == 0);   // "currentEpoch must not have changed"
  }
}

namespace {
// A DIFF with one committed txn (1:1), then NEWLEADER while writing currentEpoch fails. Returns
// the mark taken just before NEWLEADER.
std::size_t syncOneTxnThenFailEpochWrite(Rig& r, ConnId c) {
  r.send(c, leaderInfo(1));
  r.send(c, QuorumPacket{PacketType::DIFF, 0, Bytes{}});
  r.send(c, proposal(createTxn(makeZxid(1, 1), "/a", "x")));
  r.send(c, commit(makeZxid(1, 1)));
  r.peer().diskMut().failCurrentEpochWrite = true;
  const std::size_t m = r.mark();
  r.send(c, newLeader(1));
  return m;
}
}  // namespace

TEST_CASE("Zab1_0Test: CurrentEpochWriteFailureTest (ZOOKEEPER-4269) - a stale currentEpoch with a newer .tmp",
          "[zab][acceptance]") {
  SECTION("startup reads currentEpoch.tmp") {
    // Epoch-2 txns on disk; currentEpoch holds 1 (stale) and currentEpoch.tmp holds 2.
    zab::PeerDisk disk = zab::syntheticHistory(2, 2, makeZxid(2, 3));
    disk.currentEpoch = 1;
    disk.currentEpochTmp = 2;
    Rig r(0, threeVoters(), disk);
    r.start();
    CHECK(r.fatals().empty());
    CHECK(r.peer().currentEpoch() == 2);
    CHECK(r.peer().acceptedEpoch() == 2);
    CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(2));
    CHECK(r.peer().state() == LOOKING);
  }
  SECTION("without the .tmp the same disk is fatal") {
    zab::PeerDisk disk = zab::syntheticHistory(2, 2, makeZxid(2, 3));
    disk.currentEpoch = 1;
    Rig r(0, threeVoters(), disk);
    r.start();
    auto f = r.fatals();
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason.find("older than the last zxid") != std::string::npos);
  }
  SECTION("end to end: the currentEpoch rename fails at NEWLEADER; a restart recovers from the .tmp") {
    // With fix=ZOOKEEPER-4785 the txn is logged before currentEpoch is written. (3.8.0 writes
    // currentEpoch first: the next section.)
    zab::PeerTiming timing = zab10Timing();
    timing.fixes.zk4785 = true;
    Rig r(0, threeVoters(), zab::PeerDisk{}, timing);
    const ConnId c = r.followLeader(1, 2, FOLLOWING);
    const auto m = syncOneTxnThenFailEpochWrite(r, c);
    REQUIRE(r.due(TimerKind::LearnerFsync).has_value());  // the txn's fsync, on the learner thread
    r.advanceTo(*r.due(TimerKind::LearnerFsync));
    CHECK(r.sentOn(c, m).empty());  // setCurrentEpoch threw: no NEWLEADER ACK
    CHECK(r.peer().state() == LOOKING);
    CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(0));
    CHECK(r.peer().disk().currentEpochTmp == std::optional<Epoch>(1));
    REQUIRE(r.peer().disk().lastLoggedZxid() == makeZxid(1, 1));  // the txn was logged first

    Rig restarted(0, threeVoters(), r.peer().disk());
    restarted.start();
    CHECK(restarted.fatals().empty());
    CHECK(restarted.peer().currentEpoch() == 1);
    CHECK(restarted.peer().lastLoggedZxid() == makeZxid(1, 1));
  }
  SECTION("end to end in 3.8.0's order: the rename fails before the txn is logged; a restart keeps epoch 0") {
    Rig r(0, threeVoters());
    const ConnId c = r.followLeader(1, 2, FOLLOWING);
    const auto m = syncOneTxnThenFailEpochWrite(r, c);
    CHECK(r.sentOn(c, m).empty());  // setCurrentEpoch threw before logRequest: no ACK, no txn
    CHECK(r.peer().state() == LOOKING);
    CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(0));
    CHECK(r.peer().disk().currentEpochTmp == std::optional<Epoch>(1));
    CHECK(r.peer().disk().lastLoggedZxid() == 0);

    Rig restarted(0, threeVoters(), r.peer().disk());
    restarted.start();
    CHECK(restarted.fatals().empty());
    CHECK(restarted.peer().currentEpoch() == 0);  // the .tmp is read only when a txn is ahead of currentEpoch
    CHECK(restarted.peer().lastLoggedZxid() == 0);
  }
}

// =================================================================================================
// More of sections 3 and 4 on the leader
// =================================================================================================

TEST_CASE("ZAB: a follower ahead of the leader is closed - not adopted (waitForEpochAck)", "[zab][acceptance]") {
  // The leader: currentEpoch 1, last zxid (1,2).
  Rig r(0, threeVoters(), zab::syntheticHistory(1, 1, makeZxid(1, 2)));
  r.electMe({1});
  const ConnId c1 = r.acceptLearner();
  r.send(c1, followerInfo(1, makeZxid(1, 0)));
  auto m = r.mark();
  r.send(c1, ackEpoch(makeZxid(1, 3), 1));  // same currentEpoch, a greater zxid: more recent
  CHECK(r.closed(c1, m));
  CHECK(r.noted("Follower is ahead of the leader", m));
  CHECK(r.sentOn(c1, m).empty());
  CHECK(r.peer().currentEpoch() == 1);
  REQUIRE(r.peer().state() == LEADING);  // the leader keeps waiting for the others

  const ConnId c2 = r.acceptLearner();
  r.send(c2, followerInfo(2, makeZxid(1, 0)));
  m = r.mark();
  r.send(c2, ackEpoch(makeZxid(1, 1), 1));
  CHECK(r.peer().currentEpoch() == 2);
  auto sent = r.sentOn(c2, m);
  REQUIRE(sent.size() == 4);  // DIFF((1,2)), PROPOSAL (1,2), COMMIT (1,2), NEWLEADER
  CHECK(sent[0].type == PacketType::DIFF);
  CHECK(sent[0].zxid == makeZxid(1, 2));
  CHECK(sent[1].type == PacketType::PROPOSAL);
  CHECK(sent[1].zxid == makeZxid(1, 2));
  CHECK(sent[2].type == PacketType::COMMIT);
  CHECK(sent[2].zxid == makeZxid(1, 2));
  CHECK(sent[3].type == PacketType::NEWLEADER);
  CHECK(sent[3].zxid == makeZxid(2, 0));
}

TEST_CASE("ZAB: the first packet of a learner must be FOLLOWERINFO or OBSERVERINFO", "[zab][acceptance]") {
  Rig r(0, threeVoters());
  r.electMe({1});
  const ConnId c = r.acceptLearner();
  auto m = r.mark();
  r.send(c, ack(0));
  CHECK(r.closed(c, m));
  CHECK(r.sentOn(c, m).empty());
  CHECK(r.peer().acceptedEpoch() == 0);
  CHECK(r.peer().state() == LEADING);
}

TEST_CASE("ZAB: broadcast - proposal to followers - commit on a quorum of acks - pings carry lastProposed",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  r.electMe({1});
  const ConnId c = normalRunHandshake(r, 1, 0, 1);
  auto m = r.mark();
  r.step(zab::InClientRequest{1, zab::ClientOpKind::Write, "/x", "1"});
  auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::PROPOSAL);
  CHECK(sent[0].zxid == makeZxid(1, 1));  // the first txn of epoch 1
  REQUIRE(sent[0].data.has_value());
  auto t = zab::deserializeTxn(*sent[0].data);
  REQUIRE(t.has_value());
  CHECK(t->hdr.zxid == makeZxid(1, 1));
  CHECK(t->path == "/x");

  // The leader's own fsync acks it; one follower ack makes {0,1} a quorum: COMMIT.
  r.advanceTo(10);
  CHECK(r.peer().leader()->outstandingProposals().count(makeZxid(1, 1)) == 1);
  m = r.mark();
  r.send(c, ack(makeZxid(1, 1)));
  sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::COMMIT);
  CHECK(sent[0].zxid == makeZxid(1, 1));
  CHECK(r.peer().leader()->lastCommitted() == makeZxid(1, 1));
  CHECK(dataOf(r.peer().db(), "/x") == "1");

  // PING(lastProposed) every tickTime/2.
  m = r.mark();
  r.advanceTo(kTick / 2);
  auto pings = r.sentOn(c, m, false);
  REQUIRE(pings.size() == 1);
  CHECK(pings[0].type == PacketType::PING);
  CHECK(pings[0].zxid == makeZxid(1, 1));
}

// =================================================================================================
// Startup load fatal cases (facts 4.2, 4.3) and uncommitted txns on a role change (facts 4.4)
// =================================================================================================

TEST_CASE("ZAB: loadDataBase fatal cases", "[zab][acceptance]") {
  SECTION("acceptedEpoch < currentEpoch") {
    Rig r(0, threeVoters(), epochDisk(2, 3));
    r.start();
    auto f = r.fatals();
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason.find("less than the current epoch") != std::string::npos);
  }
  SECTION("no snapshot but a txn log (zookeeper.snapshot.trust.empty=false)") {
    zab::PeerDisk disk = zab::syntheticHistory(1, 1, makeZxid(1, 2));
    disk.snapshots.clear();
    disk.snapshotsErased();
    Rig r(0, threeVoters(), disk);
    r.start();
    CHECK(r.fatals().size() == 1);
  }
  SECTION("a missing currentEpoch file is written from the last zxid, an existing acceptedEpoch is kept") {
    zab::PeerDisk disk = zab::syntheticHistory(1, 4, makeZxid(1, 2));
    disk.currentEpoch.reset();
    zab::ZKDatabase db;
    REQUIRE(zab::loadDataBase(disk, db).ok);
    CHECK(disk.currentEpoch == std::optional<Epoch>(1));
    CHECK(disk.acceptedEpoch == std::optional<Epoch>(4));
    CHECK(db.lastProcessedZxid() == makeZxid(1, 2));
    CHECK(db.committedLog().size() == 2);  // replayed txns also fill committedLog
  }
}

TEST_CASE("ZAB: a follower leaving its role applies its logged - uncommitted txns (fastForwardDataBase)",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  const ConnId c = followerInBroadcast(r);
  r.send(c, proposal(createTxn(makeZxid(1, 1), "/a", "x")));
  r.advanceTo(r.now() + 100);  // logged and acked, never committed
  REQUIRE(r.peer().disk().txnLog.size() == 1);
  CHECK_FALSE(r.peer().db().tree().exists("/a"));
  CHECK(r.peer().lastLoggedZxid() == 0);

  const auto m = r.mark();
  r.step(zab::InConnectionClosed{c});  // the leader is gone
  REQUIRE(r.peer().state() == LOOKING);
  CHECK(r.peer().db().tree().exists("/a"));
  CHECK(r.peer().lastLoggedZxid() == makeZxid(1, 1));
  // The new vote carries the uncommitted txn's zxid and currentEpoch 1.
  auto votes = r.net.sentTo(1, m);
  REQUIRE_FALSE(votes.empty());
  CHECK(votes.back().msg.leader == 0);
  CHECK(votes.back().msg.zxid == makeZxid(1, 1));
  CHECK(votes.back().msg.peerEpoch == 1);
}

TEST_CASE("ZAB: a learner that dies inside a SNAP sync reloads its database from disk", "[zab][acceptance]") {
  Rig r(0, threeVoters());
  const ConnId c = r.followLeader(1, 2, FOLLOWING);
  r.send(c, leaderInfo(1));
  r.send(c, snapOf({createTxn(makeZxid(1, 1), "/foo", "data1")}));
  REQUIRE(r.peer().db().tree().exists("/foo"));
  REQUIRE(r.peer().learner()->inSnapSync());
  r.step(zab::InConnectionClosed{c});
  REQUIRE(r.peer().state() == LOOKING);
  CHECK_FALSE(r.peer().db().tree().exists("/foo"));  // cleared and reloaded: nothing was persisted
  CHECK(r.peer().lastLoggedZxid() == 0);
  CHECK(r.peer().acceptedEpoch() == 1);  // but the accepted epoch was persisted
  CHECK(r.peer().currentEpoch() == 0);
}

// =================================================================================================
// SyncLimitCheck (LearnerHandler): which proposals it times (facts 3.10; LearnerHandler.SyncLimitCheck)
// =================================================================================================
//
// ZooKeeper's SyncLimitCheck starts when the learner's NEWLEADER ACK has been processed
// (syncLimitCheck.start() before UPTODATE is queued); proposals sent before that are not timed.
// It holds only a "current" and a "next" proposal: a newer proposal overwrites "next", and
// when "current" is acked, "next" (the newest sent) becomes current.

namespace {

// Echoes every PING the leader sends on the given connections; remembers when each closed.
struct PingEcho {
  Rig& r;
  std::vector<ConnId> conns;
  std::size_t seen = 0;
  std::map<ConnId, std::int64_t> closedAt;
  void operator()() {
    const std::size_t upTo = r.mark();
    for (ConnId c : conns) {
      if (closedAt.count(c)) continue;
      for (const auto& p : r.sentOn(c, seen, false))
        if (p.type == PacketType::PING) r.send(c, QuorumPacket{PacketType::PING, p.zxid, Bytes{}});
    }
    for (ConnId c : conns)
      if (!closedAt.count(c) && r.closed(c, seen)) closedAt[c] = r.now();
    seen = std::max(upTo, seen);
  }
  void skipTo(std::size_t m) { seen = m; }
};

}  // namespace

TEST_CASE("ZAB: SyncLimitCheck does not time proposals forwarded before the learner's NEWLEADER ACK",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  r.electMe({1});
  const ConnId c1 = normalRunHandshake(r, 1, 0, 1);

  // (1,1) goes to follower 1 at t=0; nobody but the leader acks it.
  auto m = r.mark();
  r.step(zab::InClientRequest{1, zab::ClientOpKind::Write, "/x", "1"});
  REQUIRE(typesOf(r.sentOn(c1, m)) == std::vector<PacketType>{PacketType::PROPOSAL});

  // Follower 2 joins at t=100; startForwarding hands it the outstanding (1,1) during its sync.
  PingEcho echo{r, {c1}, r.mark(), {}};
  r.advanceTo(100, std::ref(echo));
  const ConnId c2 = r.acceptLearner();
  m = r.mark();
  r.send(c2, followerInfo(2, 0));
  r.send(c2, ackEpoch(0, 0));
  auto sync = r.sentOn(c2, m);
  REQUIRE(sync.size() >= 3);
  CHECK(sync[0].type == PacketType::LEADERINFO);
  CHECK(sync[sync.size() - 2].type == PacketType::PROPOSAL);  // queued behind the sync, before NEWLEADER
  CHECK(sync[sync.size() - 2].zxid == makeZxid(1, 1));
  CHECK(sync.back().type == PacketType::NEWLEADER);
  m = r.mark();
  r.send(c2, ack(makeZxid(1, 0)));
  REQUIRE(typesOf(r.sentOn(c2, m)) == std::vector<PacketType>{PacketType::UPTODATE});

  // Both learners answer pings only. Follower 1 timed (1,1) and is dropped at t=4000; follower 2
  // never started timing it and stays, so the leader keeps its quorum {0,2}.
  echo.conns.push_back(c2);
  echo.skipTo(r.mark());
  r.advanceTo(20000, std::ref(echo));
  CHECK(echo.closedAt.count(c1) == 1);
  CHECK(echo.closedAt[c1] == 4000);
  CHECK(echo.closedAt.count(c2) == 0);
  CHECK(r.peer().state() == LEADING);
  CHECK(r.peer().isServing());
}

TEST_CASE("ZAB: SyncLimitCheck keeps a current and a newest proposal - not every outstanding one",
          "[zab][acceptance]") {
  Rig r(0, threeVoters());
  r.electMe({1});
  const ConnId c = normalRunHandshake(r, 1, 0, 1);
  PingEcho echo{r, {c}, r.mark(), {}};

  // p1 at 0, p2 at 1500, p3 at 3000: SyncLimitCheck holds current = p1, next = p3.
  const Zxid p1 = makeZxid(1, 1), p2 = makeZxid(1, 2), p3 = makeZxid(1, 3);
  r.step(zab::InClientRequest{1, zab::ClientOpKind::Write, "/a", "1"});
  r.advanceTo(1500, std::ref(echo));
  r.step(zab::InClientRequest{2, zab::ClientOpKind::Write, "/b", "1"});
  r.advanceTo(3000, std::ref(echo));
  r.step(zab::InClientRequest{3, zab::ClientOpKind::Write, "/c", "1"});

  // A slow follower acks in order: p1 at 3500 (current becomes p3, sent at 3000), p2 at 6500,
  // p3 at 6600. At the 6000 ping the tracked proposal is p3, 3000 ms old: no timeout.
  r.advanceTo(3500, std::ref(echo));
  r.send(c, ack(p1));
  r.advanceTo(6500, std::ref(echo));
  r.send(c, ack(p2));
  r.advanceTo(6600, std::ref(echo));
  r.send(c, ack(p3));
  r.advanceTo(12000, std::ref(echo));
  CHECK(echo.closedAt.count(c) == 0);
  REQUIRE(r.peer().state() == LEADING);
  REQUIRE(r.peer().leader() != nullptr);
  CHECK(r.peer().leader()->lastCommitted() == p3);
}

TEST_CASE("ZAB: a COMMIT before NEWLEADER of a SNAP sync changes the tree, not the committedLog",
          "[zab][acceptance]") {
  // Learner.syncWithLeader: with writeToTxnLog false it calls zk.processTxn(hdr, txn), which
  // leaves ZKDatabase.committedLog alone (only processTxn(Request) adds to it).
  Rig r(0, threeVoters());
  const ConnId c = r.followLeader(1, 2, FOLLOWING);
  r.send(c, leaderInfo(1));
  const Zxid firstZxid = makeZxid(1, 1);
  r.send(c, snapOf({createTxn(firstZxid, "/foo", "data1")}));
  const Zxid next = makeZxid(1, 2);
  r.send(c, proposal(setDataTxn(next, "/foo", "data2", 1)));
  r.send(c, commit(next));
  CHECK(dataOf(r.peer().db(), "/foo") == "data2");  // applied at once
  CHECK(r.peer().db().lastProcessedZxid() == next);
  CHECK(r.peer().db().committedLog().empty());     // the SNAP cleared it, and the COMMIT added nothing
  CHECK(r.peer().db().maxCommittedLog() == 0);
}

// ZOOKEEPER-2354 (known_bugs.hpp): with fix=ZOOKEEPER-4785 a learner synced by SNAP takes its
// snapshot at NEWLEADER, then fsyncs the sync's txns, and only then writes currentEpoch. Stopped
// in that fsync, its disk holds a snapshot of epoch 1 under currentEpoch 0, and loadDataBase
// refuses it at every start. With fix=ZOOKEEPER-2354 the updatingEpoch marker, created before
// the snapshot, lets the start finish the update; a NEWLEADER that completes deletes the marker.
TEST_CASE("ZAB: a learner stopped between NEWLEADER's snapshot and its currentEpoch write (ZOOKEEPER-2354)",
          "[zab][acceptance]") {
  const bool fix2354 = GENERATE(false, true);
  INFO((fix2354 ? "fix=ZOOKEEPER-4785,ZOOKEEPER-2354" : "fix=ZOOKEEPER-4785"));
  zab::PeerTiming timing = zab10Timing();
  timing.fixes.zk4785 = true;
  timing.fixes.zk2354 = fix2354;
  Rig r(0, threeVoters(), zab::PeerDisk{}, timing);
  const ConnId c = r.followLeader(1, 2, FOLLOWING);
  r.send(c, leaderInfo(1));
  const zab::Txn foo = createTxn(makeZxid(1, 1), "/foo", "data1");
  r.send(c, snapOf({foo}));
  r.send(c, proposal(createTxn(makeZxid(1, 2), "/bar", "data2")));  // outstanding at the SNAP
  const auto m = r.mark();
  r.send(c, newLeader(1));
  REQUIRE(r.peer().learner()->inNewLeaderFsync());
  CHECK(r.sentOn(c, m).empty());
  // On disk now: the snapshot at 1:1, currentEpoch 0 (and, with the fix, the marker).
  REQUIRE(r.peer().disk().restorableSnapshot() != nullptr);
  CHECK(r.peer().disk().restorableSnapshot()->zxid == makeZxid(1, 1));
  CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(0));
  CHECK(r.peer().disk().updatingEpoch == fix2354);

  // The power fails in the fsync: the restart reads that disk (1:2 was never made durable; a
  // kill would leave it in the OS's page cache, and the txn log's 1:2 would be ahead too).
  zab::PeerTiming restartTiming = zab10Timing();
  restartTiming.fixes.zk2354 = fix2354;
  Rig restarted(0, threeVoters(), r.peer().disk(), restartTiming);
  restarted.start();
  if (!fix2354) {
    auto f = restarted.fatals();
    REQUIRE(f.size() == 1);
    CHECK(f[0].reason == "The current epoch, 0, is older than the last zxid, 0x100000001");
    const auto bugs = zabtest::outputsOf<zab::OutKnownBug>(restarted.net.log, 0);
    REQUIRE(bugs.size() == 1);
    CHECK(bugs[0].bug == zab::kZk2354);
  } else {
    CHECK(restarted.fatals().empty());
    CHECK(restarted.peer().currentEpoch() == 1);
    CHECK(restarted.peer().lastLoggedZxid() == makeZxid(1, 1));
    CHECK_FALSE(restarted.peer().disk().updatingEpoch);
    CHECK(restarted.noted("updatingEpoch file"));
  }

  // Not killed: the fsync ends, currentEpoch 1 is written and the marker goes.
  r.advanceTo(*r.due(TimerKind::LearnerFsync));
  CHECK(r.peer().disk().currentEpoch == std::optional<Epoch>(1));
  CHECK_FALSE(r.peer().disk().updatingEpoch);
  const auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == PacketType::ACK);
  CHECK(sent[0].zxid == makeZxid(1, 0));
}

// fix=ZOOKEEPER-4785: the learner thread is inside NEWLEADER's fsync when a PROPOSAL and then the
// leader's close arrive. Nothing is read until the fsync ends; then, as 3.9.2 does, currentEpoch
// is written and the ACK is sent, the PROPOSAL is read (kept for after UPTODATE), and the close
// ends the role. A malformed packet held the same way fails the learner after the ACK.
TEST_CASE("ZAB: what arrives during the fixed NEWLEADER's fsync is read after it, in order", "[zab][acceptance]") {
  const bool malformed = GENERATE(false, true);
  INFO((malformed ? "a malformed packet" : "a PROPOSAL, then the close"));
  zab::PeerTiming timing = zab10Timing();
  timing.fixes.zk4785 = true;
  Rig r(0, threeVoters(), zab::PeerDisk{}, timing);
  const ConnId c = r.followLeader(1, 2, FOLLOWING);
  r.send(c, leaderInfo(1));
  r.send(c, QuorumPacket{PacketType::DIFF, 0, Bytes{}});
  r.send(c, proposal(createTxn(makeZxid(1, 1), "/a", "x")));
  r.send(c, commit(makeZxid(1, 1)));
  const auto m = r.mark();
  r.send(c, newLeader(1));
  REQUIRE(r.peer().learner()->inNewLeaderFsync());
  CHECK(r.peer().learner()->pendingTxns().size() == 1);  // appendRequest: pending at once
  if (malformed) {
    r.step(zab::InFrame{c, zab::SharedBytes(Bytes{1, 2, 3})});
  } else {
    r.send(c, proposal(createTxn(makeZxid(1, 2), "/b", "y")));
    r.step(zab::InConnectionClosed{c});
  }
  CHECK(r.peer().learner()->heldReads() == (malformed ? 1u : 2u));
  CHECK(r.peer().state() == FOLLOWING);  // the close is not seen yet
  r.advanceTo(*r.due(TimerKind::LearnerFsync));
  const auto sent = r.sentOn(c, m);
  REQUIRE(sent.size() == 1);  // the NEWLEADER ACK, sent before anything held was read
  CHECK(sent[0].type == PacketType::ACK);
  CHECK(sent[0].zxid == makeZxid(1, 0));
  CHECK(r.peer().currentEpoch() == 1);
  CHECK(r.peer().disk().lastLoggedZxid() == makeZxid(1, 1));
  CHECK(r.peer().state() == LOOKING);  // then the held close (or the malformed packet) ended the role
  CHECK(r.noted(malformed ? "malformed packet" : "was closed", m));
  if (!malformed) CHECK(r.noted("PROPOSAL 1:2 during sync", m));  // read, not dropped
}
