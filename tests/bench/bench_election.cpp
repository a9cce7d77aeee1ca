// Benchmarks of the deterministic simulation: how many simulated events (and whole
// elections) the harness performs per CPU second, and how fast it pushes client writes
// through ZAB's broadcast phase. Every iteration uses its own seed from a fixed sequence,
// so a run covers many election paths yet is reproducible.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"
#include "zab/quorum_verifier.hpp"

namespace {

using zab::Sid;
using zab::sim::EnsembleSpec;
using zab::sim::LinkConfig;
using zab::sim::Simulation;

// Hard bound on the events of one election, so no benchmark can hang.
constexpr std::uint64_t kMaxStepsPerElection = 10'000'000;
// Re-elections per iteration of BM_ElectionsBackToBack (the initial election comes on top).
constexpr int kReelections = 16;

EnsembleSpec makeSpec(int participants, const LinkConfig& link, int observers = 0) {
  EnsembleSpec spec;
  spec.qv = zab::QuorumVerifier::majority(zab::sim::syntheticServers(participants, observers));
  spec.link = link;
  return spec;
}

std::vector<Sid> allSids(const EnsembleSpec& spec) {
  std::vector<Sid> sids;
  for (const auto& [sid, server] : spec.qv.allMembers()) sids.push_back(sid);
  return sids;
}

// A deterministic, well-spread seed for the i-th iteration (splitmix64 finaliser).
std::uint64_t seedFor(std::uint64_t i) {
  std::uint64_t z = i + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Steps until the ensemble is stable; returns the events performed, or -1 if the event
// queue ran dry or the step cap was hit first.
std::int64_t runUntilStable(Simulation& sim) {
  std::uint64_t events = 0;
  while (!sim.stable()) {
    if (events >= kMaxStepsPerElection) return -1;
    auto rec = sim.step();
    if (!rec) return -1;
    benchmark::DoNotOptimize(rec->index);
    ++events;
  }
  return static_cast<std::int64_t>(events);
}

void reportCounters(benchmark::State& state, std::uint64_t events, std::uint64_t elections,
                    std::int64_t simulatedMs) {
  const auto ev = static_cast<double>(events);
  const auto el = static_cast<double>(elections);
  state.counters["events/s"] = benchmark::Counter(ev, benchmark::Counter::kIsRate);
  state.counters["elections/s"] = benchmark::Counter(el, benchmark::Counter::kIsRate);
  if (elections > 0) {
    state.counters["events/election"] = benchmark::Counter(ev / el);
    state.counters["sim_ms/election"] = benchmark::Counter(static_cast<double>(simulatedMs) / el);
  }
}

// One fresh ensemble per iteration, every peer started at the same instant, run to stable.
void runFreshElections(benchmark::State& state, int participants, const LinkConfig& link) {
  EnsembleSpec spec = makeSpec(participants, link);
  const std::vector<Sid> sids = allSids(spec);
  std::uint64_t iteration = 0;
  std::uint64_t events = 0;
  std::uint64_t elections = 0;
  std::int64_t simulatedMs = 0;
  for (auto _ : state) {
    spec.seed = seedFor(iteration++);
    Simulation sim(spec);
    sim.start(sids);
    const std::int64_t n = runUntilStable(sim);
    if (n < 0) {
      state.SkipWithError(("no stable leader, seed " + std::to_string(spec.seed)).c_str());
      break;
    }
    events += static_cast<std::uint64_t>(n);
    simulatedMs += sim.now();
    ++elections;
  }
  reportCounters(state, events, elections, simulatedMs);
}

void BM_Election5(benchmark::State& state) { runFreshElections(state, 5, LinkConfig{}); }

void BM_Election51(benchmark::State& state) { runFreshElections(state, 51, LinkConfig{}); }

void BM_Election5Lossy(benchmark::State& state) {
  runFreshElections(state, 5, LinkConfig{1, 5, 0.05, 0.05});
}

// One 5-peer ensemble per iteration: the initial election, then kReelections rounds of
// "every live peer goes LOOKING again" (relook), each run back to stable.
void BM_ElectionsBackToBack(benchmark::State& state) {
  EnsembleSpec spec = makeSpec(5, LinkConfig{});
  const std::vector<Sid> sids = allSids(spec);
  std::uint64_t iteration = 0;
  std::uint64_t events = 0;
  std::uint64_t elections = 0;
  std::int64_t simulatedMs = 0;
  bool failed = false;
  for (auto _ : state) {
    spec.seed = seedFor(iteration++);
    Simulation sim(spec);
    sim.start(sids);
    for (int round = 0; round <= kReelections; ++round) {
      if (round > 0) {
        for (Sid sid : sids) {
          const auto* slot = sim.slot(sid);
          if (slot && slot->alive) sim.relook(sid);
        }
      }
      const std::int64_t begin = sim.now();
      const std::int64_t n = runUntilStable(sim);
      if (n < 0) {
        state.SkipWithError(("no stable leader, seed " + std::to_string(spec.seed) + ", round " +
                             std::to_string(round))
                                .c_str());
        failed = true;
        break;
      }
      events += static_cast<std::uint64_t>(n);
      simulatedMs += sim.now() - begin;
      ++elections;
    }
    if (failed) break;
  }
  reportCounters(state, events, elections, simulatedMs);
}

// ---- broadcast ----

// Virtual time each broadcast iteration runs its workload for (after the initial election).
constexpr std::int64_t kBroadcastMs = 2000;

struct BroadcastTotals {
  std::uint64_t events = 0;      // steps performed while the workload ran
  std::uint64_t committed = 0;   // writes acknowledged to their clients
  std::int64_t simulatedMs = 0;  // virtual time the workload ran
};

// A fresh ensemble per iteration: elect (untimed), then run `writesPerSec` of client writes
// spread over every server for kBroadcastMs of virtual time (timed). Returns false (after
// SkipWithError) if the ensemble never settles.
bool runBroadcast(benchmark::State& state, int participants, int observers, double writesPerSec,
                  BroadcastTotals& totals) {
  EnsembleSpec spec = makeSpec(participants, LinkConfig{}, observers);
  const std::vector<Sid> sids = allSids(spec);
  std::uint64_t iteration = 0;
  for (auto _ : state) {
    state.PauseTiming();
    spec.seed = seedFor(iteration++);
    Simulation sim(spec);
    sim.start(sids);
    const bool settled = runUntilStable(sim) >= 0;
    state.ResumeTiming();
    if (!settled) {
      state.SkipWithError(("no stable leader, seed " + std::to_string(spec.seed)).c_str());
      return false;
    }
    const std::int64_t committedBefore = sim.committedWrites();
    zab::sim::Workload w;
    w.writesPerSec = writesPerSec;
    w.keys = 64;
    sim.setWorkload(w);
    const std::int64_t begin = sim.now();
    const std::int64_t end = begin + kBroadcastMs;
    std::uint64_t events = 0;
    while (true) {
      auto next = sim.nextEventTime();
      if (!next || *next > end) break;
      auto rec = sim.step();
      benchmark::DoNotOptimize(rec->index);
      ++events;
    }
    sim.advanceClockTo(end);
    totals.events += events;
    totals.committed += static_cast<std::uint64_t>(sim.committedWrites() - committedBefore);
    totals.simulatedMs += sim.now() - begin;
  }
  return true;
}

void reportBroadcast(benchmark::State& state, const BroadcastTotals& t) {
  const double simSeconds = static_cast<double>(t.simulatedMs) / 1000.0;
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(t.events), benchmark::Counter::kIsRate);
  state.counters["writes/s"] = benchmark::Counter(static_cast<double>(t.committed), benchmark::Counter::kIsRate);
  if (simSeconds > 0) state.counters["writes/sim_s"] = benchmark::Counter(static_cast<double>(t.committed) / simSeconds);
  if (t.committed > 0)
    state.counters["events/write"] = benchmark::Counter(static_cast<double>(t.events) / static_cast<double>(t.committed));
}

// 5 voters under a steady 200 writes/s: simulated events per CPU second in BROADCAST.
void BM_BroadcastEvents(benchmark::State& state) {
  BroadcastTotals t;
  if (runBroadcast(state, 5, 0, 200.0, t)) reportBroadcast(state, t);
}

// state.range(0) voters (+ state.range(1) observers) under a saturating 2000 writes/s:
// writes committed per CPU second (writes/s) and per simulated second (writes/sim_s).
void BM_CommitThroughput(benchmark::State& state) {
  BroadcastTotals t;
  if (runBroadcast(state, static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), 2000.0, t))
    reportBroadcast(state, t);
}

}  // namespace

BENCHMARK(BM_Election5);
// About 0.7 s of CPU per election: a minimum time of its own so several seeds are covered.
BENCHMARK(BM_Election51)->MinTime(3.0);
BENCHMARK(BM_ElectionsBackToBack);
BENCHMARK(BM_Election5Lossy);
BENCHMARK(BM_BroadcastEvents);
BENCHMARK(BM_CommitThroughput)
    ->ArgNames({"voters", "observers"})
    ->Args({3, 0})
    ->Args({5, 0})
    ->Args({7, 0})
    ->Args({3, 2})
    ->Args({5, 2})
    ->Args({7, 2});

BENCHMARK_MAIN();
