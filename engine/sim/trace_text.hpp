#pragma once
// The text trace `zabsim run` prints: one step as one or more lines. The first line carries
// the time and step number; each further note of the step (a start-up loads the database,
// goes LOOKING, dials every voter) gets a line of its own, indented under the first.
#include <string>
#include <vector>

#include "simulation.hpp"

namespace zab::sim {

// No trace line is longer than this (the text trace and the JSONL `explanation` items).
inline constexpr std::size_t kMaxTraceLine = 300;
// The columns "[   1234 ms #56   ] " take before the explanation.
inline constexpr std::size_t kTracePrefixWidth = 20;

// The lines of one step, as printed: "[   1234 ms #56   ] first", then "                      next".
std::vector<std::string> traceLines(const StepRecord& rec);

}  // namespace zab::sim
