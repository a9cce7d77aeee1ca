#pragma once
// What zabsim and zabscope share on their command lines: the check of --seed, and the exit code
// of a command line that does not parse (2, as for a bad file; 0 for --help).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace zabscope {

// --seed takes a whole number 0..2^64-1; CLI11 would wrap "-1" around to 2^64-1.
inline CLI::Validator seedCheck() {
  return CLI::Validator(
      [](std::string& v) { return v.empty() || v[0] == '-' ? "a seed is a whole number, 0 or more; got '" + v + "'" : std::string(); },
      "SEED");
}

// Parses; on a mistake prints CLI11's message and returns the exit code (nullopt: go on).
inline std::optional<int> parseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace zabscope
