#pragma once
// Vote (Q/Vote.java): what a peer proposes or has decided.
#include <string>

#include "types.hpp"

namespace zab {

struct Vote {
  std::int32_t version = 0;
  Sid id = -1;                 // proposed leader
  Zxid zxid = -1;              // proposed leader's last zxid
  std::int64_t electionEpoch = -1;  // round (logicalclock) in which the vote was cast
  Epoch peerEpoch = 0;         // proposed leader's currentEpoch
  ServerState state = ServerState::LOOKING;

  // Vote.equals with its three regimes (facts 1.3): any LOOKING side compares all four
  // fields; two decided votes compare id only when exactly one has version > 0, else
  // (id, peerEpoch). zxid and electionEpoch are ignored for decided votes (ZOOKEEPER-1805/1732).
  bool equals(const Vote& other) const;

  // "(S3, 0:0) ep0": voteNotation (vote_comparison.hpp), the one notation of a vote
  std::string brief() const;
};

}  // namespace zab
