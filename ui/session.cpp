#include "session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/ensemble_config.hpp"
#include "sim/scenario_runner.hpp"

namespace zabscope {

using namespace zab;
using namespace zab::sim;

std::optional<Session> Session::fromScenario(const std::string& text, const std::string& file,
                                             const FileReader& reader, std::optional<std::uint64_t> seed,
                                             std::vector<std::string>& errors) {
  ScenarioParse parsed = parseScenario(text, file, reader);
  if (!parsed.scenario) {
    for (const auto& e : parsed.errors) errors.push_back(e.str());
    return std::nullopt;
  }
  Session s;
  s.scenario_ = *parsed.scenario;
  s.sim_ = makeSimulation(s.scenario_, seed);
  s.checkpoints_.push_back(Checkpoint{0, s.sim_, s.checker_});
  // The scenario's commands become actions; runs and steps become single events.
  for (const auto& cmd : s.scenario_.commands) s.perform(cmd, nullptr);
  return s;
}

void Session::perform(const ScenarioCommand& cmd, std::vector<std::string>* problems) {
  if (cmd.verb == "step") {
    std::int64_t n = cmd.args.empty() ? 1 : std::stoll(cmd.args[0]);
    for (std::int64_t i = 0; i < n && !sim_.idle(); ++i) append(Action{Action::Kind::Step, "", 0, 0}, nullptr);
  } else if (cmd.verb == "run") {
    if (cmd.kv.count("until")) {
      const std::string until = cmd.kv.at("until");
      std::int64_t cap = cmd.kv.count("max") ? std::stoll(cmd.kv.at("max")) : kDefaultRunUntilCapMs;
      std::int64_t deadline = sim_.now() + cap;
      auto holds = [&] {
        if (until == "leader") return sim_.leader().has_value();
        if (until == "stable") return sim_.stable();
        return sim_.messagesInFlight() == 0;
      };
      while (!holds()) {
        auto next = sim_.nextEventTime();
        if (!next || *next > deadline) break;
        append(Action{Action::Kind::Step, "", 0, 0}, nullptr);
      }
      if (!holds()) {
        append(Action{Action::Kind::AdvanceClock, "", 0, deadline}, nullptr);
        if (problems) problems->push_back(fmt::format("run until={} gave up after {} ms", until, cap));
      }
    } else {
      std::int64_t until = sim_.now() + std::stoll(cmd.args[0]);
      while (true) {
        auto next = sim_.nextEventTime();
        if (!next || *next > until) break;
        append(Action{Action::Kind::Step, "", 0, 0}, nullptr);
      }
      append(Action{Action::Kind::AdvanceClock, "", 0, until}, nullptr);
    }
  } else if (cmd.verb == "expect") {
    // Checked against the present; not part of the timeline.
    auto failures = executeCommand(scenario_, cmd, sim_, nullptr, nullptr);
    if (problems)
      for (const auto& f : failures) problems->push_back(f.message);
  } else {
    append(Action{Action::Kind::Command, cmd.text, 0, 0}, nullptr);
    if (problems && !entries_.empty())
      for (const auto& p : entries_.back().problems) problems->push_back(p);
  }
}

bool Session::scriptLine(const std::string& line, std::string& error) {
  CommandParse p = parseCommandLine(scenario_, line);
  if (!p.command) {
    error = p.error;
    return false;
  }
  std::vector<std::string> problems;
  perform(*p.command, &problems);
  if (!problems.empty()) {
    error = problems.front();
    return false;
  }
  return true;
}

Session Session::withEnsemble(int participants, int observers, std::uint64_t seed) {
  std::vector<std::string> errors;
  std::string text = fmt::format("ensemble participants={} observers={} tickTime=2000 initLimit=10 syncLimit=5\n"
                                 "seed {}\nlatency 2..8\n",
                                 participants, observers, seed);
  std::string start = "start";
  for (int i = 1; i <= participants + observers; ++i) start += fmt::format(" {}", i);
  text += start + "\n";
  return *fromScenario(text, "new ensemble", {}, std::nullopt, errors);
}

void Session::apply(Entry& e) {
  e.record.reset();
  e.problems.clear();
  auto collect = [&](const StepRecord& rec) {
    if (rec.kind == "violation") {
      e.problems.push_back(rec.explanation());
      return;
    }
    e.record = rec;
  };
  switch (e.action.kind) {
    case Action::Kind::Step:
      if (auto r = sim_.step()) e.record = *r;
      break;
    case Action::Kind::AdvanceClock:
      sim_.advanceClockTo(e.action.timeMs);
      break;
    case Action::Kind::Deliver:
      if (auto r = sim_.deliverNow(e.action.id)) e.record = *r;
      break;
    case Action::Kind::Drop:
      if (auto r = sim_.drop(e.action.id)) e.record = *r;
      break;
    case Action::Kind::Duplicate:
      if (auto r = sim_.duplicate(e.action.id)) e.record = *r;
      break;
    case Action::Kind::Command: {
      CommandParse p = parseCommandLine(scenario_, e.action.line);
      if (!p.command) {
        e.problems.push_back(p.error);
        break;
      }
      for (const auto& f : executeCommand(scenario_, *p.command, sim_, collect, &checker_))
        e.problems.push_back(f.message);
      return;  // executeCommand already checked invariants
    }
  }
  for (const auto& v : checker_.check(sim_)) e.problems.push_back(fmt::format("{} (seed {})", v, sim_.seed()));
}

void Session::maybeCheckpoint() {
  if (cursor_ % kCheckpointEvery == 0 && (checkpoints_.empty() || checkpoints_.back().at < cursor_))
    checkpoints_.push_back(Checkpoint{cursor_, sim_, checker_});
}

void Session::forkIfInPast() {
  if (cursor_ >= entries_.size()) return;
  Branch b;
  b.name = fmt::format("branch {}: {} actions, left at step {}", ++forks_, entries_.size(), cursor_);
  b.entries = entries_;
  branches_.push_back(std::move(b));
  entries_.resize(cursor_);
  while (!checkpoints_.empty() && checkpoints_.back().at > cursor_) checkpoints_.pop_back();
}

bool Session::append(Action a, std::string* error) {
  forkIfInPast();
  Entry e;
  e.action = std::move(a);
  apply(e);
  if (e.action.kind == Action::Kind::Command && !e.problems.empty() && !e.record && error) {
    // A command that did nothing but fail to parse is not kept on the timeline.
    CommandParse p = parseCommandLine(scenario_, e.action.line);
    if (!p.command) {
      *error = p.error;
      return false;
    }
  }
  entries_.push_back(std::move(e));
  ++cursor_;
  maybeCheckpoint();
  return true;
}

bool Session::stepForward() {
  if (cursor_ < entries_.size()) {
    apply(entries_[cursor_]);
    ++cursor_;
    maybeCheckpoint();
    return true;
  }
  if (sim_.idle()) return false;
  return append(Action{Action::Kind::Step, "", 0, 0}, nullptr);
}

void Session::stepBack() {
  if (cursor_ > 0) jumpTo(cursor_ - 1);
}

void Session::jumpTo(std::size_t k) {
  k = std::min(k, entries_.size());
  if (k == cursor_) return;
  if (k < cursor_ || (k - cursor_) > kCheckpointEvery) {
    // The newest checkpoint at or before k.
    auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), k,
                               [](std::size_t v, const Checkpoint& c) { return v < c.at; });
    const Checkpoint& cp = *std::prev(it);
    if (cp.at > cursor_ || k < cursor_) {
      sim_ = cp.sim;
      checker_ = cp.checker;
      cursor_ = cp.at;
    }
  }
  while (cursor_ < k) {
    apply(entries_[cursor_]);
    ++cursor_;
    maybeCheckpoint();
  }
}

bool Session::command(const std::string& line, std::string& error) {
  CommandParse p = parseCommandLine(scenario_, line);
  if (!p.command) {
    error = p.error;
    return false;
  }
  if (p.command->verb == "run" || p.command->verb == "step") {
    error = "use the play and step controls to run the simulation";
    return false;
  }
  return append(Action{Action::Kind::Command, line, 0, 0}, &error);
}

bool Session::deliver(std::uint64_t id) { return append(Action{Action::Kind::Deliver, "", id, 0}, nullptr); }
bool Session::drop(std::uint64_t id) { return append(Action{Action::Kind::Drop, "", id, 0}, nullptr); }
bool Session::duplicate(std::uint64_t id) { return append(Action{Action::Kind::Duplicate, "", id, 0}, nullptr); }

void Session::advanceClockTo(std::int64_t timeMs) {
  if (timeMs <= sim_.now()) return;
  append(Action{Action::Kind::AdvanceClock, "", 0, timeMs}, nullptr);
}

void Session::switchBranch(std::size_t index) {
  if (index >= branches_.size()) return;
  std::size_t here = cursor_;
  // The shared prefix stays valid; everything after it is replayed from a checkpoint.
  std::size_t common = 0;
  const auto& other = branches_[index].entries;
  while (common < entries_.size() && common < other.size() && common < here &&
         entries_[common].action.kind == other[common].action.kind &&
         entries_[common].action.line == other[common].action.line &&
         entries_[common].action.id == other[common].action.id &&
         entries_[common].action.timeMs == other[common].action.timeMs)
    ++common;
  Branch current;
  current.name = fmt::format("branch {}: {} actions, left at step {}", ++forks_, entries_.size(), here);
  current.entries = std::move(entries_);
  entries_ = branches_[index].entries;
  branches_[index] = std::move(current);
  while (!checkpoints_.empty() && checkpoints_.back().at > common) checkpoints_.pop_back();
  const Checkpoint& cp = checkpoints_.back();
  sim_ = cp.sim;
  checker_ = cp.checker;
  cursor_ = cp.at;
  jumpTo(entries_.size());
}

std::vector<std::string> Session::problems() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < cursor_ && i < entries_.size(); ++i)
    for (const auto& p : entries_[i].problems) out.push_back(p);
  return out;
}

}  // namespace zabscope
