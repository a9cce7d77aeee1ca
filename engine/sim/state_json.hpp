#pragma once
// JSON views of the simulation for `zabsim --json` and `--trace` (nlohmann-json).
#include <nlohmann/json.hpp>

#include "simulation.hpp"

namespace zab::sim {

// The final-state object documented in `zabsim --help`.
nlohmann::json stateToJson(const Simulation& sim);
// One trace line: the record and its explanation.
nlohmann::json recordToJson(const StepRecord& rec);

}  // namespace zab::sim
