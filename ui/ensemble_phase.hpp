#pragma once
// The ensemble's ZAB phase, as a class follows a failover: the phase of its leader, since ZAB's
// phases end at the leader's quorum points (Leader.lead: a quorum of ACKEPOCH ends discovery, a
// quorum of NEWLEADER ACKs ends synchronization). With no live LEADING server the ensemble is
// electing, whatever its followers still believe. The presenter's footer shows it; Next phase
// (stepping.cpp) stops where it changes.
#include <optional>
#include <string>

#include "zab/types.hpp"

namespace zab::sim {
class Simulation;
}

namespace zabscope {

struct EnsemblePhase {
  zab::ZabState phase = zab::ZabState::ELECTION;
  std::optional<zab::Sid> leader;  // the LEADING server it is read from (none: ELECTION)
  // A quorum follows it (Simulation::leader(), as `expect leader=` reads it). A leader paused or
  // cut off still says LEADING and BROADCAST until its next tick finds too few followers; the
  // views say "no quorum" then, so the header does not name a leader that `zabsim` calls none.
  bool quorumFollows = false;
  // LEADING and in BROADCAST, yet no quorum follows it: the views add "no quorum follows it".
  bool leaderWithoutQuorum() const { return leader && phase == zab::ZabState::BROADCAST && !quorumFollows; }
};

// When several servers are LEADING (an old leader cut off from its quorum), the one a quorum
// follows, else the one with the highest id.
EnsemblePhase ensemblePhase(const zab::sim::Simulation& sim);

// A phase as the views write it: ZooKeeper's own name (ZabState), or its Chinese word.
std::string zabPhaseName(zab::ZabState phase, bool chinese);

}  // namespace zabscope
