#include "stepping.hpp"

#include <map>
#include <tuple>

namespace zabscope {

namespace {
using VoteKey = std::tuple<bool, int, zab::Sid, zab::Zxid, zab::Epoch, std::int64_t>;
using PhaseKey = std::tuple<bool, int, int>;

std::map<zab::Sid, VoteKey> votes(const zab::sim::Simulation& sim) {
  std::map<zab::Sid, VoteKey> out;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive) {
      out[sid] = {false, 0, 0, 0, 0, 0};
      continue;
    }
    zab::Vote v = s.peer.state() == zab::ServerState::LOOKING ? s.peer.election().getVote() : s.peer.currentVote();
    out[sid] = {true, static_cast<int>(s.peer.state()), v.id, v.zxid, v.peerEpoch, s.peer.election().logicalclock()};
  }
  return out;
}

std::map<zab::Sid, PhaseKey> phases(const zab::sim::Simulation& sim) {
  std::map<zab::Sid, PhaseKey> out;
  for (const auto& [sid, s] : sim.peers())
    out[sid] = {s.alive, s.alive ? static_cast<int>(s.peer.state()) : -1,
                s.alive ? static_cast<int>(s.peer.zabState()) : -1};
  return out;
}
}  // namespace

std::size_t stepUntil(Session& session, StepGoal goal, std::size_t maxSteps) {
  return stepToward(session, goal, maxSteps).taken;
}

StepOutcome stepToward(Session& session, StepGoal goal, std::size_t maxSteps) {
  if (goal == StepGoal::Leader && session.sim().leader()) return {0, true};
  auto v0 = votes(session.sim());
  auto p0 = phases(session.sim());
  StepOutcome out;
  while (out.taken < maxSteps && session.stepForward()) {
    ++out.taken;
    const auto& sim = session.sim();
    out.reached = (goal == StepGoal::Leader && sim.leader()) || (goal == StepGoal::VoteChange && votes(sim) != v0) ||
                  (goal == StepGoal::PhaseChange && phases(sim) != p0);
    if (out.reached) break;
  }
  return out;
}

}  // namespace zabscope
