#pragma once
// `zabsim compare` and the app's comparison view (ui/comparison.hpp): the engine's outcome next to the real ensemble's (both in the shape of
// `zabsim run --json`), and where they differ. A difference is either one the scenario
// determines (the comparison fails) or one that wall-clock timing decides (reported, expected).
// Pure (JSON in, words out): it lives under engine/real so that the CLI and the app share it.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace zabscope::real {

struct OutcomeDifference {
  std::string field;  // "leader", "epoch", "S2 state", ...
  std::string engine, real;
  bool expected = false;  // timing-dependent: allowed
  std::string why;        // for expected ones: why timing decides it
};

std::vector<OutcomeDifference> diffOutcomes(const nlohmann::json& engine, const nlohmann::json& real);

// What is wrong with an outcome read from a file (`zabsim compare --against`) for the fields
// the comparison reads, as "peers[0].sid: must be a whole number, got \"2\""; empty when it
// has the shape `zabsim real` prints. The comparison may then read it without a type error.
std::string outcomeShapeProblem(const nlohmann::json& outcome);

// One line of the side-by-side table: a field, each side's value as text ("-": unknown), and
// whether they differ. `zabsim compare` prints these; the app's comparison view shows them.
struct OutcomeRow {
  std::string field;  // "leader", "S1 state", "S1 epochs acc/cur", ...
  std::string engine, real;
  bool differs = false;
};
std::vector<OutcomeRow> comparisonRows(const nlohmann::json& engine, const nlohmann::json& real);

// The side-by-side table and the differences, for people.
std::vector<std::string> comparisonText(const nlohmann::json& engine, const nlohmann::json& real,
                                        const std::vector<OutcomeDifference>& diffs);

}  // namespace zabscope::real
