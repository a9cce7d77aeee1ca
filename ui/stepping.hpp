#pragma once
// "Step to the next ..." controls: step one event at a time until something a student
// cares about changes, with a cap so a quiet ensemble cannot hang the UI.
#include <cstddef>

#include "session.hpp"

namespace zabscope {

enum class StepGoal {
  VoteChange,   // any live peer's proposal/vote or state changes
  PhaseChange,  // the ensemble's phase: a leader's ZAB phase, the slowest live server's, or who runs
  Leader,       // a leader followed by a quorum exists
};

constexpr std::size_t kMaxStepsToGoal = 20000;

// Returns the number of events taken (0 if the goal already held for Leader, or nothing is left).
std::size_t stepUntil(Session& session, StepGoal goal, std::size_t maxSteps = kMaxStepsToGoal);

// The same, saying whether the goal was reached (false: the cap, or nothing left to happen).
struct StepOutcome {
  std::size_t taken = 0;
  bool reached = false;
};
StepOutcome stepToward(Session& session, StepGoal goal, std::size_t maxSteps = kMaxStepsToGoal);

}  // namespace zabscope
