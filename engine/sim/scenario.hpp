#pragma once
// The scenario language (docs/scenario-language.md): one command per line, '#' comments.
// Parsing is pure; a file reader is passed in for `ensemble cfg=...`.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simulation.hpp"

namespace zab::sim {

struct ScenarioError {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const;  // "file:line: message"
};

// One parsed line. `verb` selects the action; `args` are positional words, `kv` the key=value words.
struct ScenarioCommand {
  int line = 0;
  std::string text;  // the original line, for messages
  std::string verb;
  std::vector<std::string> args;
  std::map<std::string, std::string> kv;
  std::vector<std::vector<Sid>> groups;  // partition
};

struct Scenario {
  std::string file;
  EnsembleSpec spec;
  std::string ensembleLine;  // as written, but with a cfg= path as it was read (relative to the cwd)
  bool seedGiven = false;
  std::vector<ScenarioCommand> commands;  // everything after the setup lines
};

struct ScenarioParse {
  std::optional<Scenario> scenario;
  std::vector<ScenarioError> errors;
};

using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

// `file` names the scenario in messages and anchors relative `cfg=` paths.
ScenarioParse parseScenario(const std::string& text, const std::string& file, const FileReader& readFile);

// One command line (no ensemble line) checked against an existing scenario's ensemble: what
// the GUI and the lesson player use to turn "kill 3" into a command.
struct CommandParse {
  std::optional<ScenarioCommand> command;
  std::string error;
};
CommandParse parseCommandLine(const Scenario& context, const std::string& line);

}  // namespace zab::sim
