// In broadcast a follower logs the leader's own txn buffer (the PROPOSAL frame names it:
// SharedBytes::carrying), not a copy: every follower's committed log holds, for each txn the
// leader proposed in this epoch, the very buffer the leader holds. The bytes are the same as a
// copy's, so the histories' hashes and the trees agree as before.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <vector>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"

using namespace zab;
using namespace zab::sim;

TEST_CASE("shared txn buffers: followers log the leader's buffers in broadcast", "[sim][broadcast]") {
  EnsembleSpec spec;
  spec.qv = QuorumVerifier::majority(syntheticServers(5, 0));
  spec.seed = 7;
  Simulation sim(spec);
  sim.setExplain(false);
  std::vector<Sid> all;
  for (const auto& [sid, slot] : sim.peers()) all.push_back(sid);
  sim.start(all);
  while (!sim.stable() && sim.now() < 10'000 && sim.step()) {
  }
  REQUIRE(sim.stable());
  const Sid leader = *sim.leader();
  Workload w;
  w.writesPerSec = 100;
  w.keys = 8;
  sim.setWorkload(w);
  const std::int64_t end = sim.now() + 1000;
  while (sim.nextEventTime() && *sim.nextEventTime() <= end) sim.step();

  std::map<Zxid, SharedBytes> leaders;
  for (const auto& p : sim.peers().at(leader).peer.db().committedLog()) leaders[p.zxid] = p.data;
  REQUIRE(leaders.size() >= 50);
  int shared = 0;
  for (const auto& [sid, slot] : sim.peers()) {
    if (sid == leader) continue;
    for (const auto& p : slot.peer.db().committedLog()) {
      auto it = leaders.find(p.zxid);
      if (it == leaders.end()) continue;
      CHECK(p.data == it->second);            // the same bytes, as ever
      CHECK(p.data.sameBuffer(it->second));   // and now the same buffer
      ++shared;
    }
    // Equal histories and trees: the hashes kept with the shared buffers are the copies' hashes.
    if (slot.peer.db().lastProcessedZxid() == sim.peers().at(leader).peer.db().lastProcessedZxid()) {
      CHECK(slot.peer.db().tree().treeDigest() == sim.peers().at(leader).peer.db().tree().treeDigest());
      CHECK(slot.peer.db().history().back().txnHash == sim.peers().at(leader).peer.db().history().back().txnHash);
    }
  }
  CHECK(shared >= 4 * 40);
}
