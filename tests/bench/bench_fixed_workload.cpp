// A fixed workload for instruction counts, which a shared machine's load does not change:
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null zab_bench_fixed elect 5 300
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null zab_bench_fixed bcast 5 10
// `elect N K`: K fresh N-peer elections run to stable (the seeds of BM_Election5 / BM_ElectionN).
// `bcast N K`: the same, then 2 s of 200 writes/s each (BM_BroadcastEvents). Prints the events.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"
#include "zab/quorum_verifier.hpp"

namespace {

// The benchmarks' seed sequence (splitmix64 finaliser of the iteration number).
std::uint64_t seedFor(std::uint64_t i) {
  std::uint64_t z = i + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::string(argv[1]) != "elect" && std::string(argv[1]) != "bcast")) {
    std::fprintf(stderr, "usage: zab_bench_fixed elect|bcast PEERS RUNS\n");
    return 2;
  }
  const bool broadcast = std::string(argv[1]) == "bcast";
  const int peers = std::atoi(argv[2]);
  const int runs = std::atoi(argv[3]);
  zab::sim::EnsembleSpec spec;
  spec.qv = zab::QuorumVerifier::majority(zab::sim::syntheticServers(peers, 0));
  std::vector<zab::Sid> sids;
  for (const auto& [sid, server] : spec.qv.allMembers()) sids.push_back(sid);
  std::uint64_t events = 0;
  for (int i = 0; i < runs; ++i) {
    spec.seed = seedFor(static_cast<std::uint64_t>(i));
    zab::sim::Simulation sim(spec);
    sim.setExplain(false);
    sim.start(sids);
    while (!sim.stable()) {
      if (!sim.step()) {
        std::fprintf(stderr, "no stable leader, seed %llu\n", static_cast<unsigned long long>(spec.seed));
        return 1;
      }
      ++events;
    }
    if (!broadcast) continue;
    zab::sim::Workload w;
    w.writesPerSec = 200;
    w.keys = 64;
    sim.setWorkload(w);
    const std::int64_t end = sim.now() + 2000;
    for (auto next = sim.nextEventTime(); next && *next <= end; next = sim.nextEventTime()) {
      sim.step();
      ++events;
    }
  }
  std::printf("%s peers=%d runs=%d events=%llu\n", argv[1], peers, runs, static_cast<unsigned long long>(events));
  return 0;
}
