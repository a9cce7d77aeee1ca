#include "vote_comparison.hpp"

#include <fmt/format.h>

#include <limits>

#include "zxid.hpp"

namespace zab {

std::string voteNotation(Sid leader, Zxid zxid, Epoch peerEpoch) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  if (leader == kMin) return "(none)";
  const std::string z = zxid == kMin ? std::string("none") : formatEpochCounter(zxid);
  const std::string e = peerEpoch == kMin ? std::string("-") : std::to_string(peerEpoch);
  return fmt::format("(S{}, {}) ep{}", leader, z, e);
}

std::string_view to_string(VoteDecider d) {
  switch (d) {
    case VoteDecider::ByPeerEpoch: return "peerEpoch";
    case VoteDecider::ByZxid: return "zxid";
    case VoteDecider::BySid: return "sid";
    case VoteDecider::Same: return "identical";
    case VoteDecider::Weight0: return "weight 0";
    case VoteDecider::ByRound: return "round";
  }
  return "?";
}

std::string_view to_string(VoteOutcome o) {
  switch (o) {
    case VoteOutcome::Switch: return "switch";
    case VoteOutcome::Keep: return "keep";
    case VoteOutcome::NewerRound: return "newer round";
    case VoteOutcome::DropOlderRound: return "drop (older round)";
  }
  return "?";
}

}  // namespace zab
