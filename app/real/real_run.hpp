#pragma once
// `zabsim real`: plays a scenario's start, kill, crash, pause, restart, wipe and client commands
// against real ZooKeeper 3.8 servers (RealEnsemble) in wall time, then reads the outcome from the
// servers, their data dirs and their logs, in the shape of `zabsim run --json`.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace zabscope::real {

struct RealRunOptions {
  std::string keepDir;      // keep the servers' directories (logs, data) here; empty: a temp dir, removed
  double timeoutS = 120;    // the whole run: starts, waits, writes
  int portBase = 2280;      // client ports portBase+sid, quorum +1000, election +2000 (RealEnsembleSpec)
  bool verbose = true;      // one line per command on stderr
  std::string tracePath, shivizPath;  // the real run's timeline (from the logs) as JSONL / ShiViz
};

struct RealRunResult {
  int exitCode = 0;                    // 0 ran; 1 a run until= did not hold or a write failed; 2 bad/unmappable input;
                                       // 3 the real ensemble could not run (no java, timeout); 77 java/zookeeper missing
  nlohmann::json outcome;              // as `zabsim run --json`, plus "source", "notes", "logs", "client_ops"
  std::vector<std::string> problems;   // "file:line: ..." lines for stderr
};

// Which scenario commands have no real counterpart: "file:line: why" per command (empty: all map).
std::vector<std::string> unmappableCommands(const zab::sim::Scenario& scenario);

RealRunResult runReal(const zab::sim::Scenario& scenario, const RealRunOptions& options);

}  // namespace zabscope::real
