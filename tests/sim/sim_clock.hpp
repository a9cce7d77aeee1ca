#pragma once
// Small helpers of the simulation tests that watch a server's disk over virtual time.
#include <algorithm>
#include <cstdint>

#include "sim/simulation.hpp"

namespace zabtest {

// Is the txn in the server's txn log (durable: its fsync completed)?
inline bool logged(const zab::QuorumPeer& p, zab::Zxid z) {
  return std::any_of(p.disk().txnLog.begin(), p.disk().txnLog.end(),
                     [&](const zab::LoggedProposal& e) { return e.zxid == z; });
}

// Every event up to now + ms, then the clock to exactly that time.
inline void runFor(zab::sim::Simulation& sim, std::int64_t ms) {
  const std::int64_t until = sim.now() + ms;
  while (sim.nextEventTime() && *sim.nextEventTime() <= until) sim.step();
  sim.advanceClockTo(until);
}

}  // namespace zabtest
