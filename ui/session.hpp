#pragma once
// The GUI's data model, headless (no ImGui): a simulation plus its timeline. Every user
// action (one event, one command such as "kill 3", a clock advance) is recorded; going back
// restores the nearest checkpoint (a copy of the Simulation) and replays. Doing something new
// in the past forks: the abandoned future is kept as a branch the user can return to.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/invariants.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace zabscope {

struct Action {
  enum class Kind { Step, Command, Deliver, Drop, Duplicate, AdvanceClock };
  Kind kind = Kind::Step;
  std::string line;        // Command: one scenario-language line ("kill 3", "partition 1,2 | 3")
  std::uint64_t id = 0;    // Deliver / Drop / Duplicate: the pending event
  std::int64_t timeMs = 0; // AdvanceClock
};

// One action and what it did.
struct Entry {
  Action action;
  std::optional<zab::sim::StepRecord> record;  // most actions make exactly one record
  std::vector<std::string> problems;           // failed expects, invariant violations, bad commands
};

struct Branch {
  std::string name;
  std::vector<Entry> entries;
};

class Session {
 public:
  static constexpr std::size_t kCheckpointEvery = 256;

  // An ensemble from a scenario file's setup; its commands become the first actions.
  static std::optional<Session> fromScenario(const std::string& text, const std::string& file,
                                             const zab::sim::FileReader& reader, std::optional<std::uint64_t> seed,
                                             std::vector<std::string>& errors);
  // A default ensemble: N participants, M observers, all started.
  static Session withEnsemble(int participants, int observers, std::uint64_t seed);

  // ---- timeline ----
  std::size_t cursor() const { return cursor_; }       // actions applied
  std::size_t length() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }
  bool stepForward();            // redo the next action, or take the next event at the end
  void stepBack();
  void jumpTo(std::size_t k);    // restore + replay; fast thanks to checkpoints

  // ---- new actions (fork when the cursor is in the past) ----
  bool command(const std::string& line, std::string& error);
  // Any scenario line, including run/step (expanded into events) and expect (checked, not
  // recorded). Lessons use it. Returns false with the problem in `error`.
  bool scriptLine(const std::string& line, std::string& error);
  bool deliver(std::uint64_t id);
  bool drop(std::uint64_t id);
  bool duplicate(std::uint64_t id);
  void advanceClockTo(std::int64_t timeMs);

  // ---- branches ----
  const std::vector<Branch>& branches() const { return branches_; }
  void switchBranch(std::size_t index);  // the current line becomes a branch in its place

  // ---- views ----
  const zab::sim::Simulation& sim() const { return sim_; }
  const zab::sim::Scenario& scenario() const { return scenario_; }
  const zab::sim::InvariantChecker& checker() const { return checker_; }
  std::vector<std::string> problems() const;  // everything reported up to the cursor

 private:
  struct Checkpoint {
    std::size_t at = 0;  // actions applied before this copy
    zab::sim::Simulation sim;
    zab::sim::InvariantChecker checker;
  };

  Session() = default;
  bool append(Action a, std::string* error);
  void perform(const zab::sim::ScenarioCommand& cmd, std::vector<std::string>* problems);
  void apply(Entry& e);  // performs e.action on sim_, fills record/problems
  void forkIfInPast();
  void maybeCheckpoint();

  zab::sim::Scenario scenario_;
  zab::sim::Simulation sim_;
  zab::sim::InvariantChecker checker_;
  std::vector<Entry> entries_;
  std::size_t cursor_ = 0;
  std::vector<Checkpoint> checkpoints_;  // sorted by `at`, the first at 0
  std::vector<Branch> branches_;
  int forks_ = 0;
};

}  // namespace zabscope
