// Timeline scrubbing in the GUI model: jumps to arbitrary steps of a 100,000-event run
// (checkpoint every 256 actions + deterministic replay). Measured, never asserted.
#include <benchmark/benchmark.h>

#include "session.hpp"
#include "sim/prng.hpp"

namespace {
zabscope::Session& longRun() {
  static zabscope::Session session = [] {
    std::vector<std::string> errors;
    auto s = zabscope::Session::fromScenario(
        "ensemble participants=5 tickTime=200 initLimit=10 syncLimit=5\nseed 9\nlatency 1..5\nstart 1 2 3 4 5\n"
        "workload writes=100 reads=50\n",
        "bench", {}, std::nullopt, errors);
    while (s->length() < 100000 && s->stepForward()) {
    }
    return std::move(*s);
  }();
  return session;
}
}  // namespace

static void BM_ScrubJump100k(benchmark::State& state) {
  zabscope::Session& s = longRun();
  zab::sim::Prng rng(42);
  for (auto _ : state) {
    auto k = static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(s.length())));
    s.jumpTo(k);
    benchmark::DoNotOptimize(s.sim().now());
  }
  state.counters["events"] = static_cast<double>(s.length());
}
BENCHMARK(BM_ScrubJump100k)->Unit(benchmark::kMillisecond)->Iterations(200);

BENCHMARK_MAIN();
