// Does a step cost more late in a long run? Two runs of one scenario in one process: a short one
// (--early events, default 7,000, about the GUI's fresh run) and a long one (--late, default
// 107,000: the GUI bench's 100,000 events of play on top). Each keeps a copy of the simulation
// every 1,024 events, as the GUI's checkpoints. Then, alternating between the two runs so that a
// VM whose speed wanders shows in both alike, --reps times (default 1,000):
//   hot:    copy the same checkpoint (the middle one) back and replay 512 events;
//   random: copy a random checkpoint back and replay 512 events (the GUI's timeline jump).
// Printed: the copy's time and the time per replayed event, for each run and each way, and their
// ratios (late / early). Measured, never asserted.
// --window K takes the random checkpoints only among the last K of each run: with K about the
// short run's count, both runs jump within as much memory, and what is left of the ratio is what
// the long run's state itself costs (not the cache misses of reaching 105 checkpoints).
//
//   zab_bench_late_steps [--scenario FILE] [--early N] [--late N] [--reps R] [--window K]
#include "heap_allocator.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/prng.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/simulation.hpp"

namespace {

using zab::sim::Simulation;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kCheckpointEvery = 1024;  // as zabscope::Session
constexpr int kReplayed = 512;                  // half a checkpoint segment: a jump's mean

struct Run {
  std::size_t events = 0;
  Simulation live;
  std::vector<Simulation> checkpoints;
  double copyUs[2] = {0, 0}, stepUs[2] = {0, 0};  // [hot, random]
};

Run record(const zab::sim::Scenario& scenario, std::size_t events) {
  Run run{0, zab::sim::makeSimulation(scenario), {}};
  for (const auto& cmd : scenario.commands) zab::sim::executeCommand(scenario, cmd, run.live, {});
  run.live.setExplain(false);  // a replay makes no words (Session::jumpTo)
  while (run.events < events) {
    if (run.events % kCheckpointEvery == 0) run.checkpoints.push_back(run.live);
    if (!run.live.step()) break;
    ++run.events;
  }
  return run;
}

void replayFrom(Run& run, std::size_t checkpoint, int way) {
  const auto t0 = Clock::now();
  run.live = run.checkpoints[checkpoint];
  const auto t1 = Clock::now();
  for (int i = 0; i < kReplayed; ++i) run.live.step();
  const auto t2 = Clock::now();
  run.copyUs[way] += std::chrono::duration<double, std::micro>(t1 - t0).count();
  run.stepUs[way] += std::chrono::duration<double, std::micro>(t2 - t1).count() / kReplayed;
}

}  // namespace

int main(int argc, char** argv) {
  std::string file = "tests/gui/bench-7-peers.zab";
  std::size_t early = 7000, late = 107000;
  int reps = 1000;
  std::size_t window = 0;  // 0: every checkpoint
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--scenario") == 0) file = argv[i + 1];
    else if (std::strcmp(argv[i], "--early") == 0) early = std::strtoull(argv[i + 1], nullptr, 10);
    else if (std::strcmp(argv[i], "--late") == 0) late = std::strtoull(argv[i + 1], nullptr, 10);
    else if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
    else if (std::strcmp(argv[i], "--window") == 0) window = std::strtoull(argv[i + 1], nullptr, 10);
    else {
      std::fprintf(stderr, "zab_bench_late_steps: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "zab_bench_late_steps: cannot read %s\n", file.c_str());
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = zab::sim::parseScenario(text.str(), file, {});
  if (!parsed.scenario) {
    for (const auto& e : parsed.errors) std::fprintf(stderr, "%s\n", e.str().c_str());
    return 2;
  }
  Run runs[2] = {record(*parsed.scenario, early), record(*parsed.scenario, late)};
  for (const Run& r : runs)
    if (r.checkpoints.size() < 2) {
      std::fprintf(stderr, "zab_bench_late_steps: a run of %zu events has fewer than two checkpoints\n", r.events);
      return 2;
    }
  zab::sim::Prng rng(42);
  for (int rep = 0; rep < reps; ++rep)
    for (Run& r : runs) {
      replayFrom(r, r.checkpoints.size() / 2, 0);
      // The last checkpoint may lack 512 events after it: the random one is taken before it.
      const std::size_t last = r.checkpoints.size() - 2;
      const std::size_t lo = window == 0 || window > last + 1 ? 0 : last + 1 - window;
      replayFrom(r, static_cast<std::size_t>(rng.uniform(static_cast<std::int64_t>(lo), static_cast<std::int64_t>(last))), 1);
    }
  std::printf("%s, heap %s, %d reps of %d replayed events each way, the two runs alternating\n", file.c_str(),
              zabscope::heapAllocatorName().c_str(), reps, kReplayed);
  const char* way[] = {"hot (the same checkpoint)", "random checkpoint"};
  for (int w = 0; w < 2; ++w) {
    std::printf("%-26s", way[w]);
    for (const Run& r : runs)
      std::printf("  %zu events (%zu checkpoints): copy %.1f us, %.3f us per event;", r.events, r.checkpoints.size(),
                  r.copyUs[w] / reps, r.stepUs[w] / reps);
    std::printf("  late / early: copy %.2f, per event %.2f\n", runs[1].copyUs[w] / runs[0].copyUs[w],
                runs[1].stepUs[w] / runs[0].stepUs[w]);
  }
  return 0;
}
