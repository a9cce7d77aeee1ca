#include "network.hpp"

namespace zab::sim {

const LinkConfig& Network::link(Sid from, Sid to) const {
  auto it = overrides_.find({from, to});
  return it == overrides_.end() ? defaults_ : it->second;
}

void Network::partition(const std::vector<std::vector<Sid>>& groups) {
  for (std::size_t a = 0; a < groups.size(); ++a)
    for (std::size_t b = 0; b < groups.size(); ++b) {
      if (a == b) continue;
      for (Sid x : groups[a])
        for (Sid y : groups[b]) cut_.insert({x, y});
    }
}

std::int64_t Network::drawLatency(Prng& rng, Sid from, Sid to) const {
  const LinkConfig& l = link(from, to);
  return rng.uniform(l.latencyMinMs, l.latencyMaxMs);
}

}  // namespace zab::sim
