#pragma once
// Runs a parsed scenario against a Simulation: commands, `run`, manual delivery, and
// `expect` checks. Every record goes to a callback (trace writer, GUI, tests).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "invariants.hpp"
#include "scenario.hpp"
#include "simulation.hpp"

namespace zab::sim {

constexpr std::int64_t kDefaultRunUntilCapMs = 60000;
// One run or step command performs at most this many events; past it the command stops with a
// failure that names its line (so 'run 1000000000000000000' ends instead of hanging).
constexpr std::int64_t kMaxEventsPerCommand = 2'000'000;

// now + ms without overflowing (a huge 'run' is capped by events, not by arithmetic).
constexpr std::int64_t addClamped(std::int64_t now, std::int64_t ms) {
  return ms > INT64_MAX - now ? INT64_MAX : now + ms;
}

// Where a run leaves the clock once no event is due before its end: that end, but never past
// kMaxVirtualTimeMs (about 31,700 years), so every delay the engine adds to "now" afterwards
// (ticks, latencies, fsync: all range-checked at parse time) still fits in an int64. A
// 'run 9223372036854775807' on an idle ensemble used to leave the clock at INT64_MAX, and the
// next scheduled event overflowed (UBSan, in the fuzz build: tests/fuzz/fuzz_scenario_run).
constexpr std::int64_t kMaxVirtualTimeMs = 1'000'000'000'000'000;
constexpr std::int64_t clockAfterRun(std::int64_t until) { return until < kMaxVirtualTimeMs ? until : kMaxVirtualTimeMs; }

struct RunOptions {
  std::optional<std::uint64_t> seedOverride;
  std::function<void(const StepRecord&)> onRecord;  // every command and every event
  bool stopAtFirstFailure = false;
  std::int64_t maxEventsPerCommand = kMaxEventsPerCommand;  // smaller in the fuzzer, which runs thousands a second
};

struct RunResult {
  std::vector<ScenarioError> failures;  // failed expects, impossible deliveries, safety violations
  std::vector<std::string> violations;  // invariant violations (also in failures, with their line)
  std::uint64_t traceDigest = 0;        // FNV-1a over every record: same seed + inputs, same digest
  std::uint64_t records = 0;
};

// A simulation built from the scenario's ensemble line (and the seed override, if any).
Simulation makeSimulation(const Scenario& scenario, std::optional<std::uint64_t> seedOverride = std::nullopt);

// Runs every command in order. Safety is checked after every record.
RunResult runScenario(const Scenario& scenario, Simulation& sim, const RunOptions& options);

// One command, for callers that interleave their own actions (lessons, the GUI).
// Returns failures for that command only.
// With a checker, every invariant is checked after every record; a violation is reported as
// a failure of that command and as a "violation" record.
std::vector<ScenarioError> executeCommand(const Scenario& scenario, const ScenarioCommand& cmd, Simulation& sim,
                                          const std::function<void(const StepRecord&)>& onRecord,
                                          InvariantChecker* checker = nullptr,
                                          std::int64_t maxEventsPerCommand = kMaxEventsPerCommand);

// Election safety: no two peers each lead with the support of a quorum of decided votes
// in the same round. Returns the violation, or nothing.
std::optional<std::string> checkElectionSafety(const Simulation& sim);

// FNV-1a, folded over records.
std::uint64_t foldDigest(std::uint64_t digest, const StepRecord& rec);

}  // namespace zab::sim
