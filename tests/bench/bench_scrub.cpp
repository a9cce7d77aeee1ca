// Timeline scrubbing in the GUI model: random jumps in a long run (checkpoint every
// Session::kCheckpointEvery actions + deterministic replay), and the memory the run holds.
// Measured, never asserted.
//
//   zab_bench_scrub [--events N] [--jumps J] [google benchmark flags]
//
// N (default 100000) actions of the scenario below are recorded first; then J (default 200) random
// jumps are timed and a plain line is printed: jump mean and p99, peak RSS, events, build time.
#include "heap_allocator.hpp"
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "session.hpp"
#include "sim/prng.hpp"

namespace {

std::size_t gEvents = 100000;
int gJumps = 200;
double gBuildSeconds = 0;

double peakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

zabscope::Session& longRun() {
  static zabscope::Session session = [] {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::string> errors;
    auto s = zabscope::Session::fromScenario(
        "ensemble participants=5 tickTime=200 initLimit=10 syncLimit=5\nseed 9\nlatency 1..5\nstart 1 2 3 4 5\n"
        "workload writes=100 reads=50\n",
        "bench", {}, std::nullopt, errors);
    while (s->length() < gEvents && s->stepForward()) {
    }
    gBuildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return std::move(*s);
  }();
  return session;
}

// The plain measurement: 200 random jumps, each timed.
void measureJumps() {
  zabscope::Session& s = longRun();
  zab::sim::Prng rng(42);
  std::vector<double> ms;
  for (int i = 0; i < gJumps; ++i) {
    auto k = static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(s.length())));
    auto t0 = std::chrono::steady_clock::now();
    s.jumpTo(k);
    benchmark::DoNotOptimize(s.sim().now());
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  double mean = 0;
  for (double v : ms) mean += v;
  mean /= static_cast<double>(ms.size());
  std::sort(ms.begin(), ms.end());
  double p99 = ms[std::min(ms.size() - 1, static_cast<std::size_t>(static_cast<double>(ms.size()) * 0.99))];
  std::printf("jump mean %.3f ms, p99 %.3f ms, peak RSS %.0f MB, events %zu, build time %.1f s\n", mean, p99,
              peakRssMb(), s.length(), gBuildSeconds);
  std::fflush(stdout);
}

}  // namespace

static void BM_ScrubJump(benchmark::State& state) {
  zabscope::Session& s = longRun();
  zab::sim::Prng rng(7);
  for (auto _ : state) {
    auto k = static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(s.length())));
    s.jumpTo(k);
    benchmark::DoNotOptimize(s.sim().now());
  }
  state.counters["events"] = static_cast<double>(s.length());
  state.counters["peakRssMB"] = peakRssMb();
}
BENCHMARK(BM_ScrubJump)->Unit(benchmark::kMillisecond)->Iterations(200);

int main(int argc, char** argv) {
  // Our own flag goes first and is removed before Google Benchmark parses the rest.
  std::vector<char*> rest;
  rest.push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--events") == 0 && i + 1 < argc) {
      gEvents = static_cast<std::size_t>(std::strtoull(argv[++i], nullptr, 10));
    } else if (std::strcmp(argv[i], "--jumps") == 0 && i + 1 < argc) {
      gJumps = std::max(1, std::atoi(argv[++i]));
    } else if (std::strncmp(argv[i], "--events=", 9) == 0) {
      gEvents = static_cast<std::size_t>(std::strtoull(argv[i] + 9, nullptr, 10));
    } else {
      rest.push_back(argv[i]);
    }
  }
  benchmark::AddCustomContext("heap_allocator", zabscope::heapAllocatorName());
  measureJumps();
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
