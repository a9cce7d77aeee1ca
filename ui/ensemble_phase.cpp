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
  out.quorumFollows = out.leader && out.leader == followed;
  return out;
}

std::string zabPhaseName(zab::ZabState phase, bool chinese) {
  if (!chinese) return std::string(zab::to_string(phase));
  switch (phase) {
    case zab::ZabState::ELECTION: return "选举";
    case zab::ZabState::DISCOVERY: return "发现";
    case zab::ZabState::SYNCHRONIZATION: return "同步";
    case zab::ZabState::BROADCAST: return "广播";
  }
  return std::string(zab::to_string(phase));
}

}  // namespace zabscope
