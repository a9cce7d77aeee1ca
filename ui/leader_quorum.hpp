#pragma once
// What the leader is waiting for, as a card beside the ensemble in the presenter view (where
// the vote comparison stands during an election). Leader.lead() passes three quorum gates,
// then each proposal needs one more:
//   getEpochToPropose    FOLLOWERINFO from a quorum (the leader counts itself): the new epoch
//   waitForEpochAck      ACKEPOCH from a quorum: no quorum member has a newer history
//   waitForNewLeaderAck  the ACK of NEWLEADER from a quorum: the leader starts serving
//   each PROPOSAL        ACKs from a quorum: COMMIT
// Each row names who has answered and whether the gate is passed, so that a class sees why
// the leader is not yet serving, or why a write is not yet committed. Built from the
// simulation's state only (no ImGui): unit-tested.
#include <optional>
#include <string>
#include <vector>

#include "lesson.hpp"  // Language
#include "sim/simulation.hpp"

namespace zabscope {

struct QuorumGate {
  std::string what;         // "FOLLOWERINFO -> epoch 2"
  // Who has answered (sorted). Once the gate is passed ZooKeeper stops counting: the set is
  // then the quorum that passed it, and a learner that answers later is not in it.
  std::vector<zab::Sid> have;
  bool passed = false;      // the leader went past this wait (a quorum answered)
  int missing = -1;         // answers still needed for a majority quorum (-1: hierarchical, or passed)
  bool current = false;     // the wait the leader is in now
};

struct LeaderQuorumCard {
  zab::Sid leader = -1;
  std::string title;        // "S2 leads epoch 2"
  std::string quorumRule;   // "a quorum is 2 of 3 voters"
  std::vector<QuorumGate> gates;
};

// The card of the live leader (a LEADING process with its Leader), or nothing.
std::optional<LeaderQuorumCard> leaderQuorumCard(const zab::sim::Simulation& sim, Language lang);

// Who has answered a gate: "S1 S2" once a quorum has (the card marks it passed), "S3 (1 more
// needed)" before; empty for a passed gate that names nobody (no proposal waiting).
std::string gateAnswers(const QuorumGate& g, Language lang);

}  // namespace zabscope
