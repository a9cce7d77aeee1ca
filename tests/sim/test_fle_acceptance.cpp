// FLE acceptance tests: the scenarios of facts section 7 ("FLE"), taken from ZooKeeper's
// FLE*Test classes, plus the finer rules of section 1 (finalizeWait, the notification
// timeout back-off, the WorkerReceiver replies). Single-peer tests drive a real QuorumPeer
// through MockNet (tests/sim/peer_harness.hpp); ensemble tests run the Simulation.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "peer_harness.hpp"
#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"
#include "zab/fast_leader_election.hpp"
#include "zab/vote.hpp"

using zab::makeZxid;
using zab::ServerState;
using zab::Sid;
using zab::TimerKind;
using zab::Vote;
using zab::sim::Simulation;
using zabtest::majorityOf;
using zabtest::MockNet;
using zabtest::msg40;
using zabtest::msgV1;
using zabtest::msgV2;
using zabtest::range;
using zabtest::runUntil;

namespace {

constexpr auto LOOKING = ServerState::LOOKING;
constexpr auto FOLLOWING = ServerState::FOLLOWING;
constexpr auto LEADING = ServerState::LEADING;
constexpr auto OBSERVING = ServerState::OBSERVING;

// getVoteTracker(votes, target).hasAllQuorums() for one QuorumVerifier: every voter whose
// stored vote equals the target (Vote.equals) acks; the acks must contain a quorum.
bool voteTrackerHasQuorum(const zab::QuorumVerifier& qv, const std::map<Sid, Vote>& votes, const Vote& target) {
  std::set<Sid> acks;
  for (const auto& [sid, v] : votes)
    if (qv.isVoter(sid) && target.equals(v)) acks.insert(sid);
  return qv.containsQuorum(acks);
}

Vote vote(std::int32_t version, Sid id, zab::Zxid zxid, std::int64_t electionEpoch, zab::Epoch peerEpoch,
          ServerState state) {
  return Vote{version, id, zxid, electionEpoch, peerEpoch, state};
}

// A simulation of the given ensemble, every peer started at time 0.
Simulation startAll(const zab::QuorumVerifier& qv, std::uint64_t seed, const std::vector<Sid>& sids) {
  Simulation sim(zabtest::specOf(qv, seed));
  sim.start(sids);
  return sim;
}


}  // namespace

// =================================================================================================
// FLEPredicateTest
// =================================================================================================

TEST_CASE("FLE acceptance: FLEPredicate - the (peerEpoch - zxid - sid) total order", "[fle][acceptance]") {
  const auto qv = majorityOf({0, 1, 2});
  using FLE = zab::FastLeaderElection;
  // (newId, newZxid, newEpoch, curId, curZxid, curEpoch)
  CHECK_FALSE(FLE::totalOrderPredicate(qv, 4, 0, 0, 3, 0, 2));  // lower epoch loses despite the higher id
  CHECK(FLE::totalOrderPredicate(qv, 0, 0, 1, 1, 0, 0));        // later epoch
  CHECK(FLE::totalOrderPredicate(qv, 0, 1, 0, 1, 0, 0));        // higher zxid
  CHECK(FLE::totalOrderPredicate(qv, 1, 1, 0, 0, 1, 0));        // higher id
  // Strict: an identical vote is not "better"; electionEpoch plays no part at all.
  CHECK_FALSE(FLE::totalOrderPredicate(qv, 1, 1, 0, 1, 1, 0));
  // Signed comparisons: -1 (empty, untrusted) loses to 0, MIN loses to everything.
  CHECK(FLE::totalOrderPredicate(qv, 0, 0, 0, 1, -1, 0));
  CHECK(FLE::totalOrderPredicate(qv, 0, 0, 0, 0, 0, INT64_MIN));

  SECTION("a weight-0 candidate never wins (hierarchical QV), whatever its vote") {
    const auto hq = zab::QuorumVerifier::hierarchical(zabtest::makeServers({0, 1, 2}), {{1, {0, 1, 2}}},
                                                       {{0, 1}, {1, 1}, {2, 0}});
    CHECK_FALSE(FLE::totalOrderPredicate(hq, 2, 100, 100, 0, 0, 0));
    CHECK(FLE::totalOrderPredicate(hq, 1, 0, 0, 0, 0, 0));
    // The check is on the NEW candidate only: beating a weight-0 proposal is allowed.
    CHECK(FLE::totalOrderPredicate(hq, 0, 0, 0, 2, 0, 0) == false);  // (0,0,0) vs (2,0,0): lower sid
    CHECK(FLE::totalOrderPredicate(hq, 0, 1, 0, 2, 0, 0));
  }
}

// =================================================================================================
// FLETest.testJoin (ZOOKEEPER-975)
// =================================================================================================

TEST_CASE("FLE acceptance: testJoin - a late peer joins as FOLLOWING and never LEADING", "[fle][acceptance]") {
  for (std::uint64_t seed : {1u, 2u, 3u, 7u, 42u}) {
    CAPTURE(seed);
    Simulation sim(zabtest::specOf(majorityOf({0, 1, 2}), seed));
    sim.start({0, 1});
    REQUIRE(runUntil(sim, 10000, [](const Simulation& s) { return zabtest::allDecided(s, {0, 1}); }));
    // 1 beats 0 on the sid: the first two form the ensemble with 1 leading.
    CHECK(sim.slot(1)->peer.state() == LEADING);
    CHECK(sim.slot(0)->peer.state() == FOLLOWING);
    CHECK(sim.slot(0)->peer.currentVote().id == 1);
    // Let the pair settle completely before the newcomer arrives.
    runUntil(sim, sim.now() + 1000, [](const Simulation&) { return false; });

    const std::int64_t t0 = sim.now();
    sim.start({2});
    bool everLeading = false;
    bool joined = runUntil(
        sim, t0 + 10000, [](const Simulation& s) { return zabtest::decided(s, 2); },
        [&](const Simulation& s) { everLeading = everLeading || s.slot(2)->peer.state() == LEADING; });
    CHECK(joined);
    CHECK_FALSE(everLeading);
    CHECK(sim.slot(2)->peer.state() == FOLLOWING);
    CHECK(sim.slot(2)->peer.currentVote().id == 1);
    // The established pair is undisturbed.
    CHECK(sim.slot(1)->peer.state() == LEADING);
    CHECK(sim.slot(0)->peer.state() == FOLLOWING);
    CHECK(zabtest::settles(sim));
    CHECK(sim.leader() == std::optional<Sid>(1));
  }
}

// =================================================================================================
// FLETest.testJoinInconsistentEnsemble (ZOOKEEPER-1732)
// =================================================================================================
// Peers 0 and 1 have decided on leader 1; peer 0's currentVote was then altered to zxid+100 and
// electionEpoch+100 (same leader, same peerEpoch), so its answers to a newcomer disagree with the
// leader's on everything but (leader, peerEpoch). The newcomer (peer 2, real) is fed exactly the
// answers the two decided peers give it.

TEST_CASE("FLE acceptance: testJoinInconsistentEnsemble - out-of-election ignores zxid and round",
          "[fle][acceptance]") {
  const auto qv = majorityOf({0, 1, 2});
  const zab::Zxid zxid = 0;
  const std::int64_t round = 1;

  SECTION("FOLLOWING answer first, then the leader's LEADING answer") {
    MockNet net(2, qv);
    net.start();
    REQUIRE(net.state() == LOOKING);
    REQUIRE(net.fle().logicalclock() == 1);
    net.sendRaw(0, msgV2(FOLLOWING, 1, zxid + 100, round + 100, 0));
    CHECK(net.state() == LOOKING);  // one vote, and the leader has not said LEADING
    net.sendRaw(1, msgV2(LEADING, 1, zxid, round, 0));
    CHECK(net.state() == FOLLOWING);
    CHECK(net.peer.currentVote().id == 1);
    CHECK(net.peer.currentVote().peerEpoch == 0);
    CHECK(net.peer.currentVote().electionEpoch == 1);  // the deciding notification's round
    CHECK(net.fle().logicalclock() == 1);
  }

  SECTION("LEADING answer first: the decision comes with the inconsistent round, logicalclock follows it") {
    MockNet net(2, qv);
    net.start();
    net.sendRaw(1, msgV2(LEADING, 1, zxid, round, 0));
    CHECK(net.state() == LOOKING);
    net.sendRaw(0, msgV2(FOLLOWING, 1, zxid + 100, round + 100, 0));
    CHECK(net.state() == FOLLOWING);
    CHECK(net.peer.currentVote().id == 1);
    CHECK(net.peer.currentVote().electionEpoch == 101);
    CHECK(net.fle().logicalclock() == 101);  // logicalclock = n.electionEpoch on an out-of-election decision
  }

  SECTION("control: a different peerEpoch is NOT ignored") {
    MockNet net(2, qv);
    net.start();
    net.sendRaw(0, msgV2(FOLLOWING, 1, zxid + 100, round + 100, 1));
    net.sendRaw(1, msgV2(LEADING, 1, zxid, round, 0));
    CHECK(net.state() == LOOKING);
    CHECK(net.fle().outofelection().size() == 2);
  }
}

// =================================================================================================
// FLEZeroWeightTest
// =================================================================================================

TEST_CASE("FLE acceptance: FLEZeroWeight - weight-0 servers never lead", "[fle][acceptance]") {
  // 9 servers 0..8 in three groups; only 0, 1 and 2 have weight 1 (facts 1.7, 1.8).
  std::map<Sid, std::int64_t> weights;
  for (Sid s = 0; s < 9; ++s) weights[s] = s <= 2 ? 1 : 0;
  const auto qv = zab::QuorumVerifier::hierarchical(zabtest::makeServers(range(0, 9)),
                                                     {{1, {0, 1, 2}}, {2, {3, 4, 5}}, {3, {6, 7, 8}}}, weights);
  REQUIRE(qv.containsQuorum({0, 1}));
  REQUIRE_FALSE(qv.containsQuorum({0, 3, 4, 5, 6, 7, 8}));

  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    CAPTURE(seed);
    Simulation sim = startAll(qv, seed, range(0, 9));
    std::vector<std::string> violations;
    bool done = runUntil(
        sim, 15000, [](const Simulation& s) { return zabtest::allDecided(s, range(0, 9)); },
        [&](const Simulation& s) {
          for (const auto& [sid, slot] : s.peers())
            if (sid > 2 && slot.alive && slot.peer.state() == LEADING)
              violations.push_back(fmt::format("S{} LEADING at {} ms", sid, s.now()));
        });
    CHECK(violations.empty());
    CHECK(done);
    auto leader = sim.leader();
    REQUIRE(leader.has_value());
    CHECK(*leader <= 2);
    for (Sid s = 0; s < 9; ++s) {
      CAPTURE(s);
      CHECK(sim.slot(s)->peer.currentVote().id == *leader);
      if (s != *leader) CHECK(sim.slot(s)->peer.state() == FOLLOWING);
    }
  }
}

// =================================================================================================
// FLENewEpochTest and FLERestartTest
// =================================================================================================

TEST_CASE("FLE acceptance: FLENewEpoch - a fresh peer and a peer in a newer round converge", "[fle][acceptance]") {
  for (std::uint64_t seed : {1u, 5u, 9u}) {
    CAPTURE(seed);
    // Java peers 0,1,2 are sids 0,1,2 here; 1 and 2 elect first.
    Simulation sim(zabtest::specOf(majorityOf({0, 1, 2}), seed));
    sim.start({1, 2});
    REQUIRE(runUntil(sim, 10000, [](const Simulation& s) { return zabtest::allDecided(s, {1, 2}); }));
    REQUIRE(sim.slot(2)->peer.state() == LEADING);
    REQUIRE(sim.slot(1)->peer.election().logicalclock() == 1);

    sim.kill(2);                  // the third (the leader) shuts down
    sim.relook(1);                // peer 1 starts a new round...
    CHECK(sim.slot(1)->peer.state() == LOOKING);
    CHECK(sim.slot(1)->peer.election().logicalclock() == 2);  // relook: the same FLE, clock + 1
    sim.start({0});               // ...and peer 0 starts fresh, lagging in round 1
    CHECK(sim.slot(0)->peer.election().logicalclock() == 1);

    const std::int64_t t0 = sim.now();
    bool converged = runUntil(sim, t0 + 10000, [](const Simulation& s) { return zabtest::allDecided(s, {0, 1}); });
    REQUIRE(converged);
    CHECK(sim.slot(1)->peer.state() == LEADING);
    CHECK(sim.slot(0)->peer.state() == FOLLOWING);
    CHECK(sim.slot(0)->peer.currentVote().id == 1);
    // Peer 0 was pulled forward into peer 1's round (lagging reply + jump on a higher round).
    CHECK(sim.slot(0)->peer.election().logicalclock() == 2);
    CHECK(sim.slot(1)->peer.election().logicalclock() == 2);
    CHECK(sim.slot(0)->peer.currentVote().electionEpoch == 2);
    CHECK(sim.leader() == std::optional<Sid>(1));
  }
}

TEST_CASE("FLE acceptance: FLERestart - a restarted peer starts again from round 1 and rejoins",
          "[fle][acceptance]") {
  for (std::uint64_t seed : {1u, 3u, 11u}) {
    CAPTURE(seed);
    Simulation sim(zabtest::specOf(majorityOf({0, 1, 2}), seed));
    sim.start({0, 1, 2});
    REQUIRE(runUntil(sim, 10000, [](const Simulation& s) { return zabtest::allDecided(s, {0, 1, 2}); }));
    REQUIRE(sim.leader() == std::optional<Sid>(2));
    for (Sid s : {0, 1, 2}) CHECK(sim.slot(s)->peer.election().logicalclock() == 1);

    // A second election in round 2 (every role ends): relook keeps each FLE, so clocks go to 2.
    sim.relook(0);
    sim.relook(1);
    sim.relook(2);
    for (Sid s : {0, 1, 2}) CHECK(sim.slot(s)->peer.election().logicalclock() == 2);
    REQUIRE(runUntil(sim, sim.now() + 10000, [](const Simulation& s) { return zabtest::allDecided(s, {0, 1, 2}); }));
    REQUIRE(sim.leader() == std::optional<Sid>(2));
    for (Sid s : {0, 1, 2}) CHECK(sim.slot(s)->peer.currentVote().electionEpoch == 2);

    // Peer 0 restarts: a new process, a new FLE, logicalclock 0 -> 1 in start().
    const zab::QuorumPeer fresh(0, majorityOf({0, 1, 2}), zab::PeerTiming{}, sim.slot(0)->disk);
    CHECK(fresh.election().logicalclock() == 0);
    sim.restart(0);
    CHECK(sim.slot(0)->peer.election().logicalclock() == 1);
    CHECK(sim.slot(0)->peer.state() == LOOKING);
    bool everLeading = false;
    bool rejoined = runUntil(
        sim, sim.now() + 10000, [](const Simulation& s) { return zabtest::decided(s, 0); },
        [&](const Simulation& s) { everLeading = everLeading || s.slot(0)->peer.state() == LEADING; });
    REQUIRE(rejoined);
    CHECK_FALSE(everLeading);
    CHECK(sim.slot(0)->peer.state() == FOLLOWING);
    CHECK(sim.slot(0)->peer.currentVote().id == 2);
    // It was pulled into the others' round 2 by their answers: clock 1 -> 2.
    CHECK(sim.slot(0)->peer.election().logicalclock() == 2);
    CHECK(zabtest::settles(sim));
  }
}

// =================================================================================================
// FLEBackwardElectionRoundTest (ZOOKEEPER-1514)
// =================================================================================================

TEST_CASE("FLE acceptance: FLEBackwardElectionRound - old-round FOLLOWING votes cannot make me leader",
          "[fle][acceptance]") {
  MockNet net(0, majorityOf({0, 1, 2}));
  net.start();
  REQUIRE(net.fle().logicalclock() == 1);
  const auto following = msg40(FOLLOWING, 0, 0, 1, 1);  // leader 0, zxid 0, round 1, peerEpoch 1

  net.sendRaw(1, following);
  // My own LOOKING vote (0, 0, round 1, peerEpoch 0) differs in peerEpoch: one ack only.
  CHECK(net.state() == LOOKING);
  net.sendRaw(2, following);
  CHECK(net.state() == LEADING);
  CHECK(net.peer.currentVote().id == 0);
  CHECK(net.peer.currentVote().electionEpoch == 1);

  net.relook();  // a second election: round 2
  REQUIRE(net.state() == LOOKING);
  REQUIRE(net.fle().logicalclock() == 2);
  net.sendRaw(1, following);
  net.sendRaw(2, following);
  // A quorum of votes for me exists (out of election) but checkLeader needs my round == 1.
  CHECK(net.fle().outofelection().size() == 2);
  CHECK(net.state() == LOOKING);
  CHECK(net.fle().logicalclock() == 2);
  // More of the same, and time passing, change nothing.
  net.sendRaw(1, following);
  net.fire(TimerKind::ElectionPoll);
  CHECK(net.state() == LOOKING);
}

// =================================================================================================
// FLELostMessageTest
// =================================================================================================

TEST_CASE("FLE acceptance: FLELostMessage - a LOOKING vote then a FOLLOWING vote elect me", "[fle][acceptance]") {
  MockNet net(1, majorityOf({0, 1, 2}));
  net.start();
  // Mock 0 (smaller sid) connects: peer 1 keeps its own connection to 0 and sends what it queued.
  const auto mark = net.mark();
  net.connect(0);
  auto replies = net.sentTo(0, mark);
  REQUIRE_FALSE(replies.empty());  // the mock "waits for any reply"
  CHECK(replies.back().msg.leader == 1);
  CHECK(replies.back().state() == LOOKING);

  net.sendRaw(0, msg40(LOOKING, 0, 0, 1, 0));  // (0,0,0) does not beat (1,0,0): recorded, no quorum
  CHECK(net.state() == LOOKING);
  CHECK_FALSE(net.fle().finalizing());
  REQUIRE(net.fle().recvset().count(0) == 1);
  CHECK(net.fle().recvset().at(0).id == 0);

  net.sendRaw(0, msg40(FOLLOWING, 1, 0, 1, 0));
  // recvset {0: FOLLOWING for 1, 1: my own LOOKING vote} is a quorum, and checkLeader holds
  // because the notification's round equals my logicalclock: decided without a finalize wait.
  CHECK(net.state() == LEADING);
  CHECK(net.peer.currentVote().id == 1);
  CHECK(net.peer.currentVote().electionEpoch == 1);
  CHECK_FALSE(net.armed(TimerKind::ElectionPoll));
  CHECK_FALSE(net.armed(TimerKind::FinalizeWait));
  CHECK(net.peer.electionsCompleted() == 1);
}

TEST_CASE("FLE acceptance: FLELostMessage variant - agreeing LOOKING votes decide after finalizeWait",
          "[fle][acceptance]") {
  MockNet net(1, majorityOf({0, 1, 2}));
  net.start();
  net.sendRaw(0, msg40(LOOKING, 1, 0, 1, 0));  // mock 0 already votes for 1
  CHECK(net.state() == LOOKING);
  CHECK(net.fle().finalizing());
  CHECK(net.armed(TimerKind::FinalizeWait) == std::optional<std::int64_t>(200));
  CHECK_FALSE(net.armed(TimerKind::ElectionPoll));
  net.fire(TimerKind::FinalizeWait);
  CHECK(net.state() == LEADING);
  CHECK(net.peer.currentVote().id == 1);
  CHECK(net.peer.currentVote().electionEpoch == 1);
}

// =================================================================================================
// FLEMalformedNotificationMessageTest
// =================================================================================================

TEST_CASE("FLE acceptance: FLEMalformedNotificationMessage - bad messages are skipped and the election goes on",
          "[fle][acceptance]") {
  const std::string badConfig = "my very invalid config string";  // 29 bytes
  REQUIRE(badConfig.size() == 29);
  using zabtest::ByteWriter;
  const auto looking = static_cast<std::int32_t>(LOOKING);

  struct Case {
    std::string name;
    zab::Bytes payload;
    std::string noteFragment;  // what the peer says about it
  };
  std::vector<Case> cases = {
      {"12 bytes: too short for any protocol", ByteWriter{}.i32(looking).i64(0).b, "malformed"},
      {"48 bytes, configLen -123",
       ByteWriter{}.i32(looking).i64(0).i64(0).i64(0).i64(0).i32(2).i32(-123).zeros(4).b, "malformed"},
      {"configLen 10000 with 29 config bytes",
       ByteWriter{}.i32(looking).i64(0).i64(0).i64(0).i64(0).i32(2).i32(10000).str(badConfig).zeros(4).b,
       "malformed"},
      {"30 bytes: peerEpoch cut short", ByteWriter{}.i32(looking).i64(1).i64(0).i64(0).i16(0).b, "malformed"},
      {"a config string that does not parse", msgV2(LOOKING, 1, 0, 0, 0, badConfig), "does not parse"},
  };
  REQUIRE(cases[1].payload.size() == 48);
  REQUIRE(cases[2].payload.size() == 48 + 29);
  REQUIRE(cases[3].payload.size() == 30);

  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      // The valid pair is the FLELostMessage one (facts 7), so the peer under test is 1 and the
      // mock is 0. (With Java's peer 0 / mock 1, the mock's LOOKING vote for itself beats 0;
      // whether 0 then leads or follows 1 depends on thread timing in ZooKeeper: the
      // deterministic outcome here is the "follows 1" one, see the finalize test below.)
      MockNet net(1, majorityOf({0, 1, 2}));
      net.start();
      const auto recvBefore = net.fle().recvset();
      const auto mark = net.mark();
      net.sendRaw(0, c.payload);
      CHECK(net.state() == LOOKING);
      CHECK(zabtest::sameVotes(net.fle().recvset(), recvBefore));  // nothing recorded
      CHECK(net.fle().outofelection().empty());
      CHECK(net.fle().logicalclock() == 1);
      CHECK(net.noted(c.noteFragment, mark));
      CHECK(net.peer.qcm().isConnected(0));  // the frame was fine; only the payload was bad
      CHECK(net.closes(mark) == 0);

      // The receiver is still healthy: the valid pair makes it leader.
      net.sendRaw(0, msg40(LOOKING, 0, 0, 1, 0));
      CHECK(net.state() == LOOKING);
      net.sendRaw(0, msg40(FOLLOWING, 1, 0, 1, 0));
      CHECK(net.state() == LEADING);
    }
  }

  SECTION("the unparseable config: processed with qv = null, a lagging round-0 sender gets my proposal") {
    MockNet net(1, majorityOf({0, 1, 2}));
    net.start();
    net.connect(0);
    const auto mark = net.mark();
    net.sendRaw(0, msgV2(LOOKING, 1, 0, 0, 0, badConfig));
    auto replies = net.sentTo(0, mark);
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].state() == LOOKING);
    CHECK(replies[0].msg.leader == 1);
    CHECK(replies[0].msg.electionEpoch == 1);
  }
}

// =================================================================================================
// FLEOutOfElectionTest
// =================================================================================================

TEST_CASE("FLE acceptance: FLEOutOfElection - vote sets at the Vote.equals level", "[fle][acceptance]") {
  const auto qv = majorityOf(range(0, 5));  // voters 0..4; the tester is server 3

  SECTION("FOLLOWING votes with various zxids and rounds (version 1) form a quorum") {
    std::map<Sid, Vote> votes{
        {0, vote(1, 4, makeZxid(1, 1), 1, 2, FOLLOWING)},
        {1, vote(1, 4, makeZxid(1, 2), 1, 2, FOLLOWING)},
        {3, vote(1, 4, makeZxid(2, 1), 2, 2, FOLLOWING)},
        {4, vote(1, 4, makeZxid(2, 1), 2, 2, LEADING)},
    };
    CHECK(voteTrackerHasQuorum(qv, votes, vote(0, 4, makeZxid(2, 1), 2, 2, FOLLOWING)));
    // ... but (id, peerEpoch) still matters when both sides are version 0 or both > 0.
    CHECK_FALSE(voteTrackerHasQuorum(qv, votes, vote(1, 4, makeZxid(2, 1), 2, 3, FOLLOWING)));
  }
  SECTION("mixed version 1 and version 0 FOLLOWING votes: id only") {
    std::map<Sid, Vote> votes{
        {0, vote(1, 4, makeZxid(1, 1), 1, 1, FOLLOWING)},
        {1, vote(1, 4, makeZxid(1, 1), 1, 1, FOLLOWING)},
        {3, vote(0, 4, makeZxid(2, 1), 2, 2, FOLLOWING)},
        {4, vote(0, 4, makeZxid(2, 1), 2, 2, LEADING)},
    };
    CHECK(voteTrackerHasQuorum(qv, votes, vote(0, 4, makeZxid(2, 1), 2, 2, FOLLOWING)));
    // A version-1 target matches only the version-0 entries on id alone: {3, 4} is not a quorum of 5.
    CHECK_FALSE(voteTrackerHasQuorum(qv, votes, vote(1, 4, makeZxid(2, 1), 2, 2, FOLLOWING)));
  }
  SECTION("identical LOOKING votes form a quorum") {
    std::map<Sid, Vote> votes{
        {0, vote(0, 4, makeZxid(2, 1), 1, 1, LOOKING)},
        {1, vote(0, 4, makeZxid(2, 1), 1, 1, LOOKING)},
        {3, vote(0, 4, makeZxid(2, 1), 1, 1, LOOKING)},
        {4, vote(0, 4, makeZxid(2, 1), 1, 1, LEADING)},
    };
    CHECK(voteTrackerHasQuorum(qv, votes, vote(0, 4, makeZxid(2, 1), 1, 1, LOOKING)));
  }
  SECTION("LOOKING votes from different rounds do not") {
    std::map<Sid, Vote> votes{
        {0, vote(0, 4, makeZxid(1, 1), 1, 1, LOOKING)},
        {1, vote(0, 4, makeZxid(2, 1), 2, 2, LOOKING)},
        {3, vote(0, 4, makeZxid(2, 1), 3, 2, LOOKING)},
        {4, vote(0, 4, makeZxid(2, 1), 3, 2, LEADING)},
    };
    CHECK_FALSE(voteTrackerHasQuorum(qv, votes, vote(0, 4, makeZxid(2, 1), 2, 2, LOOKING)));
  }
  SECTION("outofelection with a non-voting leader: 1, 2 (v0, 0x17), 4 (v1, 0x18) against leader 5, 0x18") {
    std::map<Sid, Vote> outofelection{
        {1, vote(0, 5, makeZxid(15, 0), 0xa, 0x17, FOLLOWING)},
        {2, vote(0, 5, makeZxid(15, 0), 0xa, 0x17, FOLLOWING)},
        {4, vote(1, 5, makeZxid(15, 0), 0xa, 0x18, FOLLOWING)},
        {5, vote(1, 5, makeZxid(15, 0), 0xa, 0x18, LEADING)},
    };
    const Vote target = outofelection.at(5);
    CHECK(voteTrackerHasQuorum(qv, outofelection, target));
    // Sid 5 is not a voter: its own vote is no ack ({1,2,4} is the quorum).
    CHECK_FALSE(qv.isVoter(5));
    std::map<Sid, Vote> withoutFour = outofelection;
    withoutFour.erase(4);
    CHECK_FALSE(voteTrackerHasQuorum(qv, withoutFour, target));
  }
}

TEST_CASE("FLE acceptance: FLEOutOfElection end to end - crafted notifications to LOOKING peer 3",
          "[fle][acceptance]") {
  SECTION("FOLLOWING votes with mixed zxids and rounds, then the leader's LEADING vote") {
    MockNet net(3, majorityOf(range(0, 5)));
    net.start();
    net.sendRaw(0, msgV2(FOLLOWING, 4, makeZxid(1, 1), 5, 2));
    net.sendRaw(1, msgV2(FOLLOWING, 4, makeZxid(1, 2), 6, 2));
    net.sendRaw(2, msgV2(FOLLOWING, 4, makeZxid(2, 1), 7, 2));
    // {0,1,2} agree on (4, peerEpoch 2): a quorum of 5, but 4 itself has not said LEADING.
    CHECK(net.state() == LOOKING);
    CHECK(net.fle().outofelection().size() == 3);
    CHECK(net.noted("has not itself said LEADING"));
    net.sendRaw(4, msgV2(LEADING, 4, makeZxid(2, 1), 8, 2));
    CHECK(net.state() == FOLLOWING);
    CHECK(net.peer.currentVote().id == 4);
    CHECK(net.peer.currentVote().peerEpoch == 2);
    CHECK(net.fle().logicalclock() == 8);
  }

  SECTION("version 1 and version 0 votes: matched on the leader id alone") {
    MockNet net(3, majorityOf(range(0, 5)));
    net.start();
    net.sendRaw(0, msgV1(FOLLOWING, 4, makeZxid(1, 1), 5, 1));
    net.sendRaw(1, msgV1(FOLLOWING, 4, makeZxid(1, 1), 5, 1));
    CHECK(net.state() == LOOKING);
    net.sendRaw(4, msg40(LEADING, 4, makeZxid(2, 1), 6, 2));  // version 0, peerEpoch 2
    CHECK(net.state() == FOLLOWING);
    CHECK(net.peer.currentVote().id == 4);
    CHECK(net.peer.currentVote().peerEpoch == 2);
  }

  SECTION("control: the same with 3.8 (version 2) messages compares peerEpoch and does not decide") {
    MockNet net(3, majorityOf(range(0, 5)));
    net.start();
    net.sendRaw(0, msgV2(FOLLOWING, 4, makeZxid(1, 1), 5, 1));
    net.sendRaw(1, msgV2(FOLLOWING, 4, makeZxid(1, 1), 5, 1));
    net.sendRaw(4, msgV2(LEADING, 4, makeZxid(2, 1), 6, 2));
    CHECK(net.state() == LOOKING);
  }

  SECTION("recvset (my round): FOLLOWING/LEADING entries are stored as version 0 and match on id only") {
    MockNet net(3, majorityOf(range(0, 5)));
    net.start();
    net.sendRaw(0, msgV2(FOLLOWING, 4, 0, 1, 2));
    net.sendRaw(1, msgV2(FOLLOWING, 4, 0, 1, 7));  // another peerEpoch: ignored inside recvset
    net.sendRaw(4, msgV2(LEADING, 4, 0, 1, 2));
    CHECK(net.state() == FOLLOWING);
    CHECK(net.peer.currentVote().id == 4);
    CHECK(net.fle().logicalclock() == 1);
  }

  SECTION("the Java testOutofElection shape, with 6 voters so that the leader 5 can be proposed") {
    // 1, 2: version 0, peerEpoch 0x17; 4: version 1, peerEpoch 0x18; 5: LEADING version 1, 0x18.
    MockNet net(3, majorityOf(range(0, 6)));
    net.start();
    REQUIRE(net.fle().logicalclock() == 1);
    net.sendRaw(1, msg40(FOLLOWING, 5, makeZxid(15, 0), 0xa, 0x17));
    net.sendRaw(2, msg40(FOLLOWING, 5, makeZxid(15, 0), 0xa, 0x17));
    net.sendRaw(4, msgV1(FOLLOWING, 5, makeZxid(15, 0), 0xa, 0x18));
    CHECK(net.state() == LOOKING);
    net.sendRaw(5, msgV1(LEADING, 5, makeZxid(15, 0), 0xa, 0x18));
    CHECK(net.state() == FOLLOWING);
    CHECK(net.peer.currentVote().id == 5);
    CHECK(net.peer.currentVote().peerEpoch == 0x18);
    CHECK(net.fle().logicalclock() == 0xa);
  }

  SECTION("logicalclock may move backwards when joining out of election") {
    MockNet net(3, majorityOf(range(0, 5)));
    net.start();
    net.sendRaw(0, msgV2(LOOKING, 0, 0, 9, 0));  // a round-9 LOOKING vote: jump to round 9
    REQUIRE(net.fle().logicalclock() == 9);
    net.sendRaw(0, msgV2(FOLLOWING, 4, 0, 2, 1));
    net.sendRaw(1, msgV2(FOLLOWING, 4, 0, 2, 1));
    net.sendRaw(4, msgV2(LEADING, 4, 0, 2, 1));
    CHECK(net.state() == FOLLOWING);
    CHECK(net.fle().logicalclock() == 2);
  }

  SECTION("LOOKING votes of an older round are not recorded: no quorum") {
    MockNet net(3, majorityOf(range(0, 5)));
    net.start();
    net.sendRaw(4, msgV2(LOOKING, 4, 0, 3, 0));  // round 3, leader 4 beats me: I vote 4 in round 3
    REQUIRE(net.fle().logicalclock() == 3);
    REQUIRE(net.fle().getVote().id == 4);
    CHECK_FALSE(net.fle().finalizing());  // {3, 4} of 5
    net.sendRaw(0, msgV2(LOOKING, 4, 0, 2, 0));
    net.sendRaw(1, msgV2(LOOKING, 4, 0, 2, 0));
    CHECK_FALSE(net.fle().finalizing());
    CHECK(net.fle().recvset().count(0) == 0);
    net.sendRaw(0, msgV2(LOOKING, 4, 0, 3, 0));  // the same vote in my round counts
    CHECK(net.fle().finalizing());
    net.fire(TimerKind::FinalizeWait);
    CHECK(net.state() == FOLLOWING);
    CHECK(net.peer.currentVote().id == 4);
  }
}

// =================================================================================================
// ObserverLETest (election part)
// =================================================================================================

TEST_CASE("FLE acceptance: ObserverLE - observers learn the leader and never count", "[fle][acceptance]") {
  // Participants 1..3, observers 4 and 5.
  const auto qv = zab::QuorumVerifier::majority(zab::sim::syntheticServers(3, 2));
  REQUIRE_FALSE(qv.isVoter(4));
  REQUIRE_FALSE(qv.containsQuorum({1, 4, 5}));

  SECTION("everybody decides; observers end OBSERVING with the leader's id") {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
      CAPTURE(seed);
      Simulation sim = startAll(qv, seed, {1, 2, 3, 4, 5});
      bool observerEverLeads = false;
      REQUIRE(runUntil(
          sim, 20000, [](const Simulation& s) { return zabtest::allDecided(s, {1, 2, 3, 4, 5}); },
          [&](const Simulation& s) {
            for (Sid o : {4, 5}) {
              auto st = s.slot(o)->peer.state();
              observerEverLeads = observerEverLeads || st == LEADING || st == FOLLOWING;
            }
          }));
      CHECK_FALSE(observerEverLeads);
      auto leader = sim.leader();
      REQUIRE(leader.has_value());
      CHECK(*leader == 3);
      for (Sid o : {4, 5}) {
        CHECK(sim.slot(o)->peer.state() == OBSERVING);
        CHECK(sim.slot(o)->peer.currentVote().id == *leader);
      }
      CHECK(zabtest::settles(sim));
    }
  }

  SECTION("one participant and two observers cannot elect; a second participant can") {
    Simulation sim = startAll(qv, 7, {1, 4, 5});
    bool anyDecided = false;
    runUntil(
        sim, 120000, [](const Simulation&) { return false; },
        [&](const Simulation& s) {
          for (Sid p : {1, 4, 5}) anyDecided = anyDecided || s.slot(p)->peer.state() != LOOKING;
        });
    CHECK_FALSE(anyDecided);
    CHECK_FALSE(sim.leader().has_value());

    sim.start({2});
    REQUIRE(runUntil(sim, sim.now() + 130000,
                     [](const Simulation& s) { return zabtest::allDecided(s, {1, 2, 4, 5}); }));
    CHECK(sim.slot(2)->peer.state() == LEADING);
    CHECK(sim.slot(1)->peer.state() == FOLLOWING);
    CHECK(sim.slot(4)->peer.state() == OBSERVING);
    CHECK(sim.slot(5)->peer.state() == OBSERVING);
    CHECK(sim.slot(4)->peer.currentVote().id == 2);
  }

  SECTION("an observer proposes MIN and sends only to voters") {
    MockNet net(4, qv);
    net.start();
    CHECK(net.fle().getVote().id == INT64_MIN);
    CHECK(net.fle().getVote().zxid == INT64_MIN);
    CHECK(net.fle().getVote().peerEpoch == INT64_MIN);
    for (const auto& d : zabtest::outputsOf<zab::OutDial>(net.log)) CHECK(qv.isVoter(d.to));
  }
}

// =================================================================================================
// finalizeWait (facts 1.10)
// =================================================================================================

TEST_CASE("FLE acceptance: finalize - a worse vote is discarded and the 200 ms wait restarts", "[fle][acceptance]") {
  // The Java FLEMalformedNotificationMessage pair sent to peer 0: mock 1 votes for itself, which
  // beats 0, so peer 0 switches, sees a quorum for 1 and waits; the FOLLOWING vote for 0 that
  // follows is not better and is dropped.
  MockNet net(0, majorityOf({0, 1, 2}));
  net.start();
  net.sendRaw(1, msg40(LOOKING, 1, 0, 1, 0));
  REQUIRE(net.fle().finalizing());
  REQUIRE(net.fle().getVote().id == 1);
  REQUIRE(net.armed(TimerKind::FinalizeWait) == std::optional<std::int64_t>(200));
  const auto recvBefore = net.fle().recvset();

  auto mark = net.mark();
  net.sendRaw(1, msg40(FOLLOWING, 0, 0, 1, 0));
  CHECK(net.fle().finalizing());
  CHECK(net.state() == LOOKING);
  CHECK(net.timerSets(TimerKind::FinalizeWait, mark) == std::vector<std::int64_t>{200});  // the wait restarts
  CHECK(zabtest::sameVotes(net.fle().recvset(), recvBefore));  // discarded: recorded nowhere
  CHECK(net.fle().outofelection().empty());
  CHECK(net.noted("discards", mark));
  CHECK(net.sentTo(1, mark).empty());

  mark = net.mark();
  net.sendRaw(2, msgV2(LOOKING, 0, 0, 1, 0));  // a LOOKING vote for 0, also worse than 1
  CHECK(net.fle().finalizing());
  CHECK(net.timerSets(TimerKind::FinalizeWait, mark) == std::vector<std::int64_t>{200});
  CHECK(net.fle().recvset().count(2) == 0);

  net.fire(TimerKind::FinalizeWait);
  CHECK(net.state() == FOLLOWING);
  CHECK(net.peer.currentVote().id == 1);
  CHECK(net.peer.currentVote().electionEpoch == 1);
}

TEST_CASE("FLE acceptance: finalize - a better vote is put back and the election continues", "[fle][acceptance]") {
  MockNet net(0, majorityOf(range(0, 5)));
  net.start();
  net.sendRaw(1, msgV2(LOOKING, 1, 0, 1, 0));
  net.sendRaw(2, msgV2(LOOKING, 1, 0, 1, 0));
  REQUIRE(net.fle().finalizing());  // {0,1,2} agree on 1
  REQUIRE(net.fle().getVote().id == 1);

  const auto mark = net.mark();
  net.sendRaw(3, msgV2(LOOKING, 3, 0, 1, 0));  // better than 1
  CHECK_FALSE(net.fle().finalizing());
  CHECK(net.state() == LOOKING);
  CHECK(net.fle().getVote().id == 3);
  CHECK(net.fle().recvset().at(3).id == 3);
  CHECK(net.noted("better", mark));
  // The new proposal is broadcast and the ordinary poll timeout is armed again.
  for (Sid m : {1, 2, 3}) {
    CAPTURE(m);
    auto sent = net.sentTo(m, mark);
    REQUIRE_FALSE(sent.empty());
    CHECK(sent.back().msg.leader == 3);
    CHECK(sent.back().state() == LOOKING);
  }
  CHECK(net.armed(TimerKind::ElectionPoll).has_value());
  CHECK_FALSE(net.armed(TimerKind::FinalizeWait).has_value());
  // {0, 3} of 5 is no quorum: a stale FinalizeWait firing decides nothing.
  net.fire(TimerKind::FinalizeWait);
  CHECK(net.state() == LOOKING);

  net.sendRaw(1, msgV2(LOOKING, 3, 0, 1, 0));
  CHECK(net.fle().finalizing());
  net.fire(TimerKind::FinalizeWait);
  CHECK(net.state() == FOLLOWING);
  CHECK(net.peer.currentVote().id == 3);
}

// =================================================================================================
// The notification timeout back-off (facts 1.10)
// =================================================================================================

TEST_CASE("FLE acceptance: the notification timeout doubles 200 - 400 - 800 ... up to 60000", "[fle][acceptance]") {
  MockNet net(1, zab::QuorumVerifier::majority(zab::sim::syntheticServers(3, 0)));  // a lone peer
  net.start();
  auto allAre200 = [](const std::vector<std::int64_t>& v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](std::int64_t d) { return d == 200; });
  };
  CHECK(allAre200(net.timerSets(TimerKind::ElectionPoll)));
  CHECK(net.fle().notificationTimeout() == 200);

  std::vector<std::int64_t> delays;
  for (int i = 0; i < 12; ++i) {
    const auto mark = net.mark();
    net.fire(TimerKind::ElectionPoll);
    auto sets = net.timerSets(TimerKind::ElectionPoll, mark);
    REQUIRE(sets.size() == 1);
    delays.push_back(sets[0]);
    // Every send queue still holds the unsent notification: connectAll, no re-broadcast.
    CHECK(net.sentTo(2, mark).empty());
    CHECK(net.sentTo(3, mark).empty());
    CHECK(net.noted("connectAll only", mark));
  }
  CHECK(delays == std::vector<std::int64_t>{400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000, 60000,
                                            60000});
  CHECK(net.fle().notificationTimeout() == 60000);
  CHECK(net.state() == LOOKING);

  SECTION("a notification does not reset the timeout within one lookForLeader call") {
    net.connect(2);
    const auto mark = net.mark();
    net.sendRaw(2, msgV2(LOOKING, 2, 0, 0, 0));  // an older round: dropped, and the poll is re-armed
    CHECK(net.timerSets(TimerKind::ElectionPoll, mark) == std::vector<std::int64_t>{60000});
  }
  SECTION("connectAll dials again once the earlier attempts have failed") {
    net.failDial(2);
    net.failDial(3);
    const auto mark = net.mark();
    net.fire(TimerKind::ElectionPoll);
    std::set<Sid> dialled;
    for (const auto& d : zabtest::outputsOf<zab::OutDial>(net.log, mark)) dialled.insert(d.to);
    CHECK(dialled == std::set<Sid>{2, 3});
  }
  SECTION("with one send queue empty (haveDelivered), the timeout re-broadcasts") {
    net.connect(2);  // its queue drains on the new connection
    const auto mark = net.mark();
    net.fire(TimerKind::ElectionPoll);
    auto sent = net.sentTo(2, mark);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].msg.leader == 1);
    CHECK(net.noted("re-broadcast", mark));
  }
  SECTION("a new lookForLeader starts again at 200") {
    net.sendRaw(2, msgV2(LOOKING, 2, 0, 1, 0));
    net.fire(TimerKind::FinalizeWait);
    REQUIRE(net.state() == FOLLOWING);
    const auto mark = net.mark();
    net.relook();
    CHECK(allAre200(net.timerSets(TimerKind::ElectionPoll, mark)));
    CHECK(net.fle().notificationTimeout() == 200);
  }
}

// =================================================================================================
// WorkerReceiver replies (facts 1.5)
// =================================================================================================

TEST_CASE("FLE acceptance: a LOOKING peer answers a lagging LOOKING sender with its proposal", "[fle][acceptance]") {
  MockNet net(1, majorityOf({0, 1, 2}));
  net.start();
  net.sendRaw(0, msgV2(LOOKING, 0, 0, 3, 0));  // a round-3 vote: jump to 3, keep (1,0,0) over (0,0,0)
  REQUIRE(net.fle().logicalclock() == 3);
  REQUIRE(net.fle().getVote().id == 1);
  net.connect(2);

  SECTION("round 1 < 3: answered with my proposal and my round") {
    const auto mark = net.mark();
    net.sendRaw(2, msgV2(LOOKING, 2, 0, 1, 0));
    auto replies = net.sentTo(2, mark);
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].state() == LOOKING);
    CHECK(replies[0].msg.leader == 1);
    CHECK(replies[0].msg.zxid == 0);
    CHECK(replies[0].msg.electionEpoch == 3);
    CHECK(replies[0].msg.peerEpoch == 0);
    // The old-round vote is dropped by the election itself: not recorded, proposal unchanged.
    CHECK(net.fle().recvset().count(2) == 0);
    CHECK(net.fle().getVote().id == 1);
  }
  SECTION("a sender in my round is not answered (unless my proposal changes)") {
    const auto mark = net.mark();
    net.sendRaw(0, msgV2(LOOKING, 0, 0, 3, 0));
    CHECK(net.sentTo(0, mark).empty());
  }
}

TEST_CASE("FLE acceptance: a newer round is compared with my INITIAL vote - and always re-broadcast",
          "[fle][acceptance]") {
  MockNet net(1, majorityOf(range(0, 5)));
  net.start();
  for (Sid m : {0, 2, 4}) net.connect(m);
  net.sendRaw(4, msgV2(LOOKING, 4, 0, 1, 0));
  REQUIRE(net.fle().getVote().id == 4);  // round 1: 4 beats my own 1

  // Round 2 brings a vote for 2: worse than my proposal 4, better than my initial vote 1.
  net.sendRaw(2, msgV2(LOOKING, 2, 0, 2, 0));
  CHECK(net.fle().logicalclock() == 2);
  CHECK(net.fle().getVote().id == 2);
  CHECK(net.fle().recvset().count(4) == 0);  // recvset was cleared for the new round

  // Round 3 brings a vote for 0: worse than my initial vote, so I go back to proposing myself.
  net.sendRaw(0, msgV2(LOOKING, 0, 0, 3, 0));
  CHECK(net.fle().logicalclock() == 3);
  CHECK(net.fle().getVote().id == 1);

  // Round 4, proposal unchanged (still 1): the notifications go out anyway, in round 4.
  const auto mark = net.mark();
  net.sendRaw(0, msgV2(LOOKING, 0, 0, 4, 0));
  CHECK(net.fle().getVote().id == 1);
  for (Sid m : {2, 4}) {
    CAPTURE(m);
    auto sent = net.sentTo(m, mark);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].msg.leader == 1);
    CHECK(sent[0].msg.electionEpoch == 4);
  }
}

TEST_CASE("FLE acceptance: a decided peer answers LOOKING voters with its decided vote and state",
          "[fle][acceptance]") {
  // Participants 0..2 and observer 3; peer 1 decides LEADING as in FLELostMessage.
  const auto qv = majorityOf({0, 1, 2}, {3});
  MockNet net(1, qv);
  net.start();
  net.sendRaw(0, msg40(LOOKING, 0, 0, 1, 0));
  net.sendRaw(0, msg40(FOLLOWING, 1, 0, 1, 0));
  REQUIRE(net.state() == LEADING);
  const Vote decidedVote = net.peer.currentVote();
  net.connect(2);

  SECTION("a LOOKING voter gets the decided vote, the vote's round and my state") {
    const auto mark = net.mark();
    net.sendRaw(2, msgV2(LOOKING, 2, 0, 7, 0));
    auto replies = net.sentTo(2, mark);
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].state() == LEADING);
    CHECK(replies[0].msg.leader == decidedVote.id);
    CHECK(replies[0].msg.zxid == decidedVote.zxid);
    CHECK(replies[0].msg.electionEpoch == decidedVote.electionEpoch);
    CHECK(replies[0].msg.peerEpoch == decidedVote.peerEpoch);
    CHECK(net.state() == LEADING);  // nothing else happens
  }
  SECTION("a voter that is not LOOKING gets no answer") {
    const auto mark = net.mark();
    net.sendRaw(2, msgV2(FOLLOWING, 1, 0, 1, 0));
    net.sendRaw(2, msgV2(LEADING, 2, 0, 1, 0));
    CHECK(net.sentTo(2, mark).empty());
    CHECK(net.state() == LEADING);
  }
  SECTION("a non-voter (observer) is answered at once, whatever its state, with logicalclock") {
    const auto mark = net.mark();
    net.sendRaw(3, msgV2(OBSERVING, 1, 0, 1, 0));
    auto replies = net.sentTo(3, mark);
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].state() == LEADING);
    CHECK(replies[0].msg.leader == 1);
    CHECK(replies[0].msg.electionEpoch == net.fle().logicalclock());
  }
  SECTION("while LOOKING again, the non-voter gets the stale decided vote and the NEW round") {
    net.relook();
    REQUIRE(net.fle().logicalclock() == 2);
    const auto mark = net.mark();
    net.sendRaw(3, msgV2(LOOKING, INT64_MIN, INT64_MIN, 1, INT64_MIN));
    auto replies = net.sentTo(3, mark);
    REQUIRE(replies.size() == 1);
    CHECK(replies[0].state() == LOOKING);
    CHECK(replies[0].msg.leader == decidedVote.id);
    CHECK(replies[0].msg.electionEpoch == 2);
    // ... and the observer's message never enters my own election.
    CHECK(net.fle().recvset().count(3) == 0);
  }
}

TEST_CASE("FLE acceptance: finalize - votes queued before lookForLeader are judged inside finalizeWait too",
          "[fle][acceptance]") {
  // An observer queues the voters' notifications during its election delay (observer.election.
  // DelayMs). When lookForLeader starts, it takes them in order: the first three make a quorum
  // for S3, and finalizeWait's poll() returns at once with the next one, S5's better vote, which
  // goes back to the queue and the election goes on. The engine used to stop at the quorum and
  // leave S5's vote queued, then decide S3 when finalizeWait ended.
  MockNet net(6, majorityOf(range(1, 5), {6}));
  net.start();
  // Decide OBSERVING for leader 5 (round 1), then lose it: LOOKING, and the delay is armed.
  net.sendRaw(1, msgV2(FOLLOWING, 5, 0, 1, 0));
  net.sendRaw(2, msgV2(FOLLOWING, 5, 0, 1, 0));
  net.sendRaw(5, msgV2(LEADING, 5, 0, 1, 0));
  REQUIRE(net.state() == OBSERVING);
  net.relook();
  REQUIRE(net.state() == LOOKING);
  REQUIRE_FALSE(net.fle().inElection());
  // Round 2 votes arrive during the delay: they wait in recvqueue.
  for (Sid m : {1, 2, 3}) net.sendRaw(m, msgV2(LOOKING, 3, 0, 2, 0));
  net.sendRaw(5, msgV2(LOOKING, 5, 0, 2, 0));
  REQUIRE_FALSE(net.fle().inElection());
  const auto mark = net.mark();
  net.fire(TimerKind::ObserverDelay);
  CHECK(net.fle().inElection());
  CHECK(net.noted("is better", mark));  // S5's vote, judged inside finalizeWait
  CHECK_FALSE(net.fle().finalizing());
  CHECK(net.fle().getVote().id == 5);
  CHECK(net.state() == LOOKING);
}
