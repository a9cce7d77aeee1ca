// Benchmarks of the deterministic simulation: how many simulated events (and whole
// elections) the harness performs per CPU second, and how fast it pushes client writes
// through ZAB's broadcast phase. Every iteration uses its own seed from a fixed sequence,
// so a run covers many election paths yet is reproducible.
#include "heap_allocator.hpp"
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
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
// queue ran dry or the step cap was hit first. With checkEvery > 1, stable() is asked only
// every checkEvery steps (the run may go up to checkEvery - 1 events past stable): that
// measures what asking after every step costs.
std::int64_t runUntilStable(Simulation& sim, std::uint64_t checkEvery = 1) {
  std::uint64_t events = 0;
  while (events % checkEvery != 0 || !sim.stable()) {
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
void runFreshElections(benchmark::State& state, int participants, const LinkConfig& link,
                       std::uint64_t checkEvery = 1) {
  EnsembleSpec spec = makeSpec(participants, link);
  const std::vector<Sid> sids = allSids(spec);
  std::uint64_t iteration = 0;
  std::uint64_t events = 0;
  std::uint64_t elections = 0;
  std::int64_t simulatedMs = 0;
  for (auto _ : state) {
    spec.seed = seedFor(iteration++);
    Simulation sim(spec);
    sim.setExplain(false);  // nothing reads the text: measure the protocol, not the prose
    sim.start(sids);
    const std::int64_t n = runUntilStable(sim, checkEvery);
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

// ---- election cost against the ensemble size ----

// state.range(0) peers started together, run to stable. The fitted exponent: the log-log
// slope of the per-election CPU time against N (scripts/bench_long_run.sh --election-scaling
// prints it from the JSON output), or the BigO line Google Benchmark prints after the family.
void BM_ElectionN(benchmark::State& state) {
  runFreshElections(state, static_cast<int>(state.range(0)), LinkConfig{});
  state.SetComplexityN(state.range(0));
}

// The same elections, asking stable() only every 64 steps: against BM_ElectionN, what
// asking it after every step (as runUntilStable and `run until=stable` do) costs.
void BM_ElectionNSparseCheck(benchmark::State& state) {
  runFreshElections(state, static_cast<int>(state.range(0)), LinkConfig{}, 64);
}

// One stable() and one leader() call on a stable N-peer ensemble: the dearest state for
// both (a LEADING peer whose support is counted, and every peer checked).
void BM_StableCall(benchmark::State& state) {
  EnsembleSpec spec = makeSpec(static_cast<int>(state.range(0)), LinkConfig{});
  spec.seed = seedFor(0);
  Simulation sim(spec);
  sim.setExplain(false);
  sim.start(allSids(spec));
  if (runUntilStable(sim) < 0) {
    state.SkipWithError("no stable leader");
    return;
  }
  for (auto _ : state) {
    bool stable = sim.stable();
    benchmark::DoNotOptimize(stable);
  }
  state.SetComplexityN(state.range(0));
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
    sim.setExplain(false);  // nothing reads the text: measure the protocol, not the prose
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

// ---- leader failover ----

// Stable ensembles prepared at a time, outside the timed region (one seed each).
constexpr std::size_t kFailoverBatch = 32;
// Virtual time a prepared ensemble runs past stable, so pings and sessions are steady.
constexpr std::int64_t kSettleMs = 1000;

// A 5-peer ensemble for `seed`, elected and then run kSettleMs further; nullopt if it does
// not settle.
std::optional<Simulation> stableEnsemble(EnsembleSpec spec, std::uint64_t seed, const std::vector<Sid>& sids) {
  spec.seed = seed;
  Simulation sim(spec);
  sim.setExplain(false);  // nothing reads the text: measure the protocol, not the prose
  sim.start(sids);
  if (runUntilStable(sim) < 0) return std::nullopt;
  const std::int64_t end = sim.now() + kSettleMs;
  while (true) {
    auto next = sim.nextEventTime();
    if (!next || *next > end) break;
    sim.step();
  }
  sim.advanceClockTo(end);
  if (!sim.stable()) return std::nullopt;
  return sim;
}

// Per iteration: kill the leader of a stable 5-peer ensemble (a new seed each time) and
// step until a different leader serves (stable() with another leader). The time per
// iteration is the CPU time of one failover; counters: events and virtual ms per failover.
void BM_Failover5(benchmark::State& state) {
  const EnsembleSpec spec = makeSpec(5, LinkConfig{});
  const std::vector<Sid> sids = allSids(spec);
  std::vector<Simulation> batch;
  std::size_t next = 0;
  std::uint64_t iteration = 0;
  std::uint64_t events = 0;
  std::uint64_t failovers = 0;
  std::int64_t simulatedMs = 0;
  for (auto _ : state) {
    if (next == batch.size()) {
      state.PauseTiming();
      batch.clear();  // destroyed outside the timed region too
      next = 0;
      bool settled = true;
      for (std::size_t i = 0; i < kFailoverBatch && settled; ++i) {
        const std::uint64_t seed = seedFor(iteration++);
        auto sim = stableEnsemble(spec, seed, sids);
        if (!sim) {
          state.SkipWithError(("no stable leader, seed " + std::to_string(seed)).c_str());
          settled = false;
        } else {
          batch.push_back(std::move(*sim));
        }
      }
      state.ResumeTiming();
      if (!settled) break;
    }
    Simulation& sim = batch[next++];
    const Sid old = *sim.leader();
    const std::int64_t begin = sim.now();
    sim.kill(old);
    std::uint64_t n = 0;
    bool served = false;
    while (n < kMaxStepsPerElection) {
      if (sim.stable() && sim.leader() != old) {
        served = true;
        break;
      }
      auto rec = sim.step();
      if (!rec) break;
      benchmark::DoNotOptimize(rec->index);
      ++n;
    }
    if (!served) {
      state.SkipWithError(("no new leader after killing S" + std::to_string(old) + ", seed " +
                           std::to_string(sim.seed()))
                              .c_str());
      break;
    }
    events += n;
    simulatedMs += sim.now() - begin;
    ++failovers;
  }
  if (failovers > 0) {
    const auto f = static_cast<double>(failovers);
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
    state.counters["events/failover"] = benchmark::Counter(static_cast<double>(events) / f);
    state.counters["sim_ms/failover"] = benchmark::Counter(static_cast<double>(simulatedMs) / f);
  }
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
    sim.setExplain(false);  // nothing reads the text: measure the protocol, not the prose
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
BENCHMARK(BM_Failover5)->Unit(benchmark::kMicrosecond);
// 101 peers take seconds per election: a minimum time that covers a few seeds of the small
// sizes and at least one of the big ones. Run it alone with --benchmark_filter=ElectionN.
BENCHMARK(BM_ElectionN)
    ->ArgName("peers")
    ->Arg(5)
    ->Arg(9)
    ->Arg(15)
    ->Arg(25)
    ->Arg(51)
    ->Arg(101)
    ->MinTime(2.0)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_ElectionNSparseCheck)
    ->ArgName("peers")
    ->Arg(25)
    ->Arg(51)
    ->Arg(101)
    ->MinTime(2.0)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StableCall)->ArgName("peers")->Arg(5)->Arg(25)->Arg(101)->Complexity();
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

// BENCHMARK_MAIN, plus the heap allocator in the context lines: it moves these figures.
int main(int argc, char** argv) {
  benchmark::AddCustomContext("heap_allocator", zabscope::heapAllocatorName());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
