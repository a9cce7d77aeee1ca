// The presenter's leader card (leader_quorum.hpp): at each moment of a run it names the wait
// Leader.lead() is in, who has answered it, and the oldest proposal's ACKs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "leader_quorum.hpp"
#include "load_session.hpp"

using namespace zabscope;

namespace {

const char* kThreePeers =
    "ensemble participants=3\nseed 3\nlatency 5\nstart 1 2 3\nrun until=stable max=20000\nwrite 1 /a 1\nrun 100\n";

bool has(const QuorumGate& g, zab::Sid sid) { return std::find(g.have.begin(), g.have.end(), sid) != g.have.end(); }

}  // namespace

TEST_CASE("the leader card follows lead()'s three waits, then the proposals", "[ui][leader-quorum]") {
  Session s = test::load(kThreePeers);
  s.jumpTo(0);
  REQUIRE_FALSE(leaderQuorumCard(s.sim(), Language::English));  // nobody leads at the start

  bool sawDiscovery = false, sawProposal = false, sawIdle = false;
  for (std::size_t k = 1; k <= s.length(); ++k) {
    s.jumpTo(k);
    const auto card = leaderQuorumCard(s.sim(), Language::English);
    if (!card) continue;
    REQUIRE(card->gates.size() >= 3);
    CHECK(card->quorumRule == "a quorum is 2 of 3 voters");
    // Exactly one gate is the current one unless every gate has passed, and it is the first
    // that has not: the waits are passed in order.
    const auto current = std::count_if(card->gates.begin(), card->gates.end(), [](const QuorumGate& g) { return g.current; });
    const bool allPassed = std::all_of(card->gates.begin(), card->gates.end(), [](const QuorumGate& g) { return g.passed; });
    CHECK(current == (allPassed ? 0 : 1));
    for (std::size_t i = 1; i < card->gates.size(); ++i)
      if (card->gates[i].passed) CHECK(card->gates[i - 1].passed);
    // The leader counts itself in getEpochToPropose from its first step.
    CHECK(has(card->gates[0], card->leader));
    if (card->gates[0].current) {
      sawDiscovery = true;
      CHECK(card->gates[0].have.size() < 2);  // still short of a quorum
      CHECK(card->gates[0].missing == 2 - static_cast<int>(card->gates[0].have.size()));
      CHECK(gateAnswers(card->gates[0], Language::English) == "S3 (1 more needed)");
      // The epoch is not named before a quorum's FOLLOWERINFO fixes it (a later follower with a
      // higher acceptedEpoch would raise it).
      CHECK(card->title == "S3 starts to lead");
    }
    if (card->gates.size() == 4 && card->gates[3].current) {
      sawProposal = true;
      CHECK(card->gates[3].what.rfind("PROPOSAL 1:1 -> COMMIT", 0) == 0);
      CHECK(card->gates[3].have.size() < 2);
      CHECK(card->gates[3].missing == 2 - static_cast<int>(card->gates[3].have.size()));
    }
    if (allPassed && card->gates.size() == 4) {
      sawIdle = true;
      CHECK(card->gates[0].what == "FOLLOWERINFO -> epoch 1");
      CHECK(card->title == "S3 leads epoch 1");
    }
  }
  CHECK(sawDiscovery);
  CHECK(sawProposal);
  CHECK(sawIdle);
  // At the end the write is committed and nothing waits.
  const auto last = leaderQuorumCard(s.sim(), Language::English);
  REQUIRE(last);
  CHECK(last->gates.back().what == "no PROPOSAL waiting (last committed 1:1)");
  CHECK(gateAnswers(last->gates.back(), Language::English).empty());
  CHECK(gateAnswers(last->gates[1], Language::English) == "S1 S3");  // the quorum that passed it: S2 came later, and lead() no longer counts
}

TEST_CASE("the leader card in Chinese", "[ui][leader-quorum]") {
  Session s = test::load(kThreePeers);
  const auto card = leaderQuorumCard(s.sim(), Language::Chinese);
  REQUIRE(card);
  CHECK(card->title == "S3 是 epoch 1 的 Leader");
  CHECK(card->quorumRule == "法定人数：3 个投票成员中的 2 个");
  CHECK(gateAnswers(card->gates[2], Language::Chinese) == "S1 S3");  // the quorum that passed it: S2 came later, and lead() no longer counts
  CHECK(card->gates[0].what == "FOLLOWERINFO -> epoch 1");
}
