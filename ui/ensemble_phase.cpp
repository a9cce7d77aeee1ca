#include "ensemble_phase.hpp"

#include "sim/simulation.hpp"

namespace zabscope {

EnsemblePhase ensemblePhase(const zab::sim::Simulation& sim) {
  EnsemblePhase out;
  const std::optional<zab::Sid> followed = sim.leader();
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.state() != zab::ServerState::LEADING) continue;
    if (out.leader && *out.leader == followed) continue;  // the followed one wins
    out.leader = sid;
    out.phase = s.peer.zabState();
  }
  return out;
}

}  // namespace zabscope
