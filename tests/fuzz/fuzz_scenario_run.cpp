// libFuzzer target: parse a scenario, then *run* it under small budgets. The bad inputs that
// hung or killed the app (a huge run, minNotificationInterval=0, a long history) all parsed;
// they failed while running. The budgets keep one input to milliseconds:
//   - at most kMaxPeers servers,
//   - at most kEventsPerCommand events per command (the runner's cap, injected small),
//   - at most kMaxEventsPerInput events in all,
//   - history preloads of at most kMaxHistoryTxns txns.
// Virtual time is not limited: an idle clock costs nothing, and a limit on it hid the overflow
// at the end of the clock (a 'run 9223372036854775807' before 'start'; see kMaxVirtualTimeMs).
// Invariant violations are the protocol's business (a wiped disk may lose writes); this target
// looks for crashes, undefined behaviour, hangs and memory blow-ups.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_files.hpp"
#include "sim/invariants.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "zab/zxid.hpp"

using namespace zab;
using namespace zab::sim;

namespace {

constexpr std::size_t kMaxPeers = 7;
constexpr std::int64_t kEventsPerCommand = 1000;
constexpr std::uint64_t kMaxEventsPerInput = 5000;
constexpr std::int64_t kMaxHistoryTxns = 1000;

bool withinBudget(const Scenario& sc) {
  if (sc.spec.qv.allMembers().size() > kMaxPeers) return false;
  for (const auto& c : sc.commands) {
    if (c.verb != "history") continue;
    Zxid z = 0;
    if (auto it = c.kv.find("zxid"); it != c.kv.end() && parseZxid(it->second, z) && counterOf(z) > kMaxHistoryTxns)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ScenarioParse p = parseScenario(text, "fuzz/run.zab", zabfuzz::readFixedFile);
  if (!p.scenario || !withinBudget(*p.scenario)) return -1;  // -1: not worth adding to the corpus

  const Scenario& sc = *p.scenario;
  Simulation sim = makeSimulation(sc);
  InvariantChecker checker;
  std::uint64_t events = 0;
  const std::function<void(const StepRecord&)> count = [&](const StepRecord&) { ++events; };
  for (const auto& cmd : sc.commands) {
    if (events > kMaxEventsPerInput) break;
    (void)executeCommand(sc, cmd, sim, count, &checker, kEventsPerCommand);
  }
  return 0;
}
