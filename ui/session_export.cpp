#include "session_export.hpp"

#include <fstream>

#include "session_scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/shiviz_log.hpp"
#include "sim/state_json.hpp"

namespace zabscope {

using namespace zab::sim;

std::string traceText(const Session& session, std::size_t upTo, TraceFormat format, std::string& error) {
  const std::string scenario = sessionToScenario(session, upTo, "export");
  ScenarioParse parsed = parseScenario(scenario, "session", {});
  if (!parsed.scenario) {
    error = parsed.errors.empty() ? "the session could not be saved as a scenario" : parsed.errors.front().str();
    return {};
  }
  Simulation sim = makeSimulation(*parsed.scenario, std::nullopt);
  std::string out = format == TraceFormat::Shiviz ? ShivizLog::header() : std::string();
  ShivizLog shiviz;
  RunOptions options;
  options.onRecord = [&](const StepRecord& rec) {
    if (format == TraceFormat::Shiviz) out += shiviz.observe(rec, sim);
    else out += recordToJson(rec).dump() + "\n";
  };
  runScenario(*parsed.scenario, sim, options);
  return out;
}

bool exportTrace(const Session& session, std::size_t upTo, TraceFormat format, const std::string& path,
                 std::string& error) {
  std::string text = traceText(session, upTo, format, error);
  if (!error.empty()) return false;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    error = path + ": cannot write the file";
    return false;
  }
  return true;
}

}  // namespace zabscope
