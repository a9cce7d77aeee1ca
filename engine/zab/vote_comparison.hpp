#pragma once
// What FastLeaderElection decided about one received LOOKING notification, as numbers: the
// two votes it compared, the field that decided (totalOrderPredicate looks at peerEpoch, then
// zxid, then sid), the outcome, and the recvset tally afterwards. The views draw the
// comparison on the canvas and caption it; made only when a run explains itself.
#include <cstdint>
#include <string>
#include <string_view>

#include "types.hpp"

namespace zab {

// One side of a comparison: (leader, zxid) with the leader's peerEpoch and the round it was cast in.
struct VoteFields {
  Sid leader = -1;
  Zxid zxid = 0;
  Epoch peerEpoch = 0;
  std::int64_t round = 0;
};

enum class VoteDecider : std::uint8_t {
  ByPeerEpoch,  // the epochs differ: the higher wins
  ByZxid,       // same epoch, the zxids differ: the higher wins
  BySid,        // same epoch and zxid: the larger server id wins
  Same,         // identical votes: nothing to decide
  Weight0,      // the proposed leader has weight 0 (hierarchical quorums): never proposed
  ByRound,      // not compared: the notification's round is older than mine
};

enum class VoteOutcome : std::uint8_t {
  Switch,         // the received vote beats my proposal: adopt it and re-broadcast
  Keep,           // mine is at least as good: keep it, record theirs in the recvset
  NewerRound,     // a newer round: jump to it, clear the recvset, compare with my initial vote
  DropOlderRound  // an older round: dropped without a look
};

struct VoteComparison {
  Sid receiver = 0;
  Sid sender = 0;
  VoteFields received;  // the notification's vote
  VoteFields mine;      // my proposal before (NewerRound: my initial vote)
  VoteFields proposal;  // my proposal after
  VoteDecider decider = VoteDecider::Same;
  VoteOutcome outcome = VoteOutcome::Keep;
  bool receivedWins = false;  // totalOrderPredicate(received, mine)
  // The recvset after the notification was recorded: voters backing my proposal in this round,
  // how many that takes (0 for hierarchical quorums, whose test is per group), and all voters.
  int supporters = 0;
  int needed = 0;
  int voters = 0;
  bool quorum = false;  // hasAllQuorums: the peer now waits finalizeWait before deciding
};

// The one way ZabScope writes a vote, everywhere: "(S3, 1:2) ep1" = proposed leader S3, its
// last zxid epoch 1 counter 2, its peerEpoch 1. An unset leader (Long.MIN_VALUE) is "(none)".
std::string voteNotation(Sid leader, Zxid zxid, Epoch peerEpoch);
std::string_view to_string(VoteDecider d);
std::string_view to_string(VoteOutcome o);

}  // namespace zab
