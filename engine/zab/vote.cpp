#include "vote.hpp"

#include <fmt/format.h>

#include "vote_comparison.hpp"
#include "zxid.hpp"

namespace zab {

bool Vote::equals(const Vote& o) const {
  if (state == ServerState::LOOKING || o.state == ServerState::LOOKING) {
    return id == o.id && zxid == o.zxid && electionEpoch == o.electionEpoch && peerEpoch == o.peerEpoch;
  }
  if ((version > 0) != (o.version > 0)) return id == o.id;
  return id == o.id && peerEpoch == o.peerEpoch;
}

std::string Vote::brief() const {
  return voteNotation(id, zxid, peerEpoch);
}

}  // namespace zab
