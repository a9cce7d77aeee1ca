#include "stepping.hpp"

#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace zabscope {

namespace {
using VoteKey = std::tuple<bool, int, zab::Sid, zab::Zxid, zab::Epoch, std::int64_t>;

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

// The ensemble's phase, as a class follows it: ZAB's phases end at the leader's quorum points
// (Leader.lead: the epoch's quorum of ACKEPOCH, then of NEWLEADER ACKs), and the phase is over
// for everyone when the slowest live server has left it too. So the key is which servers run,
// each LEADING server's phase, and the least phase of a live server; a follower's own
// LEADERINFO or ACKEPOCH in the middle of a sync is not a stop. It was (every server's every
// change), and a 5-peer failover took 17 presses (a classroom review, sitting 23).
struct PhaseKey {
  std::vector<bool> alive;                          // by position in peers(): which servers run
  std::vector<std::pair<zab::Sid, int>> leading;    // each LEADING server and its ZabState
  int slowest = -1;                                 // the least ZabState of a live server (-1: none)
  bool operator==(const PhaseKey&) const = default;
};

PhaseKey phases(const zab::sim::Simulation& sim) {
  PhaseKey k;
  for (const auto& [sid, s] : sim.peers()) {
    k.alive.push_back(s.alive);
    if (!s.alive) continue;
    const int phase = static_cast<int>(s.peer.zabState());
    if (s.peer.state() == zab::ServerState::LEADING) k.leading.emplace_back(sid, phase);
    if (k.slowest < 0 || phase < k.slowest) k.slowest = phase;
  }
  return k;
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
