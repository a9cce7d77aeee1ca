#pragma once
// JSON views of the simulation for `zabsim --json` and `--trace` (nlohmann-json).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "simulation.hpp"

namespace zab::sim {

// The final-state object documented in `zabsim --help`. `violations` are the invariant
// violations seen during the run ("ok" when empty).
nlohmann::json stateToJson(const Simulation& sim, const std::vector<std::string>& violations = {});
// One trace line: the record and its explanation.
nlohmann::json recordToJson(const StepRecord& rec);

}  // namespace zab::sim
