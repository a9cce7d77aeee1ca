#pragma once
// The outcome of a real ensemble in the shape of `zabsim run --json` (engine/sim/state_json.cpp):
// read from the servers themselves (the `srvr` four-letter word), their data dirs
// (version-2/acceptedEpoch, currentEpoch) and their INFO logs (state changes, sync modes).
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "real/real_ensemble.hpp"

namespace zabscope::real {

// What one server's log says about its current process (the lines since its last start).
struct LogFacts {
  std::optional<std::string> state;     // the last of LOOKING, FOLLOWING, LEADING, OBSERVING
  std::optional<std::string> lastSync;  // DIFF, SNAP or TRUNC: the last sync it received or (leader) sent
  std::optional<std::int64_t> electionMs;  // the last "LEADER ELECTION TOOK - N MS"
};
LogFacts readLogFacts(const std::string& logPath);

// An epoch file (acceptedEpoch / currentEpoch): its number, or nullopt when absent.
std::optional<std::int64_t> readEpochFile(const std::string& path);

// The servers' logs through the importer, written as `zabsim run --trace` (JSONL) and `--shiviz`
// write theirs, so that the real run's timeline sits next to the engine's. Empty paths: skipped.
// Returns "" or what went wrong.
std::string writeRealTimeline(const RealEnsemble& ensemble, const std::string& tracePath, const std::string& shivizPath);

nlohmann::json realOutcome(const RealEnsemble& ensemble, std::int64_t wallMs, std::int64_t committedWrites);

}  // namespace zabscope::real
