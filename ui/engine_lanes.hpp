#pragma once
// The engine's run of a scenario as lanes (lane_timeline.hpp), for the comparison with a real
// ensemble's logs: a fresh Simulation plays the whole scenario (its own seed, nothing of the
// user's session), and what the logs of real servers could show is kept: each server's state,
// epoch and last zxid over virtual time, and the notifications, FOLLOWERINFO and DIFF/SNAP/TRUNC
// frames with their send and delivery times. Deterministic: the same scenario gives the same lanes.
#include <nlohmann/json.hpp>

#include <vector>

#include "lane_timeline.hpp"
#include "sim/scenario.hpp"

namespace zabscope {

struct EngineLanes {
  LaneTimeline lanes;
  nlohmann::json outcome;              // as `zabsim run --json` prints it (with "failures")
  std::vector<std::string> failures;   // failed expects and violations, file:line
};

EngineLanes runEngineLanes(const zab::sim::Scenario& scenario);

}  // namespace zabscope
