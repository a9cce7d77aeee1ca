#include "session_scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace zabscope {

using namespace zab;
using namespace zab::sim;

namespace {

constexpr std::int64_t kStepsPerLine = 1'000'000;  // below the runner's cap for one command

// The ensemble line with a relative cfg= path made absolute: it was relative to the directory
// the app was started in, which the saved file does not know.
std::string portableEnsembleLine(const std::string& line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    std::size_t j = line.find_first_of(" \t", i);
    if (j == std::string::npos) j = line.size();
    std::string word = line.substr(i, j - i);
    if (word.rfind("cfg=", 0) == 0 && word.size() > 4 && word[4] != '/') {
      std::error_code ec;
      auto abs = std::filesystem::absolute(word.substr(4), ec);
      if (!ec) word = "cfg=" + abs.lexically_normal().string();
    }
    if (!word.empty()) out += (out.empty() ? "" : " ") + word;
    i = j + 1;
  }
  return out;
}

// The runner's choice among pending messages (scenario_runner.cpp, manual()): from A to B, in
// delivery order, whose type is T or whose label contains T.
bool matches(const PendingEvent& p, Sid from, Sid to, const std::string& type) {
  if (!p.isMessage() || p.from != from || p.to != to) return false;
  return type.empty() || p.type == type || p.label.find(type) != std::string::npos;
}

std::string manualLine(const char* verb, std::uint64_t id, const Simulation& before) {
  const auto pending = before.pending();
  auto it = std::find_if(pending.begin(), pending.end(), [&](const PendingEvent& p) { return p.id == id; });
  if (it == pending.end()) return fmt::format("{} id={}  # no longer pending when it was done", verb, id);
  const PendingEvent& target = *it;
  if (!target.isMessage()) {
    std::string what = target.label.empty() ? target.type : target.label;
    std::replace(what.begin(), what.end(), '#', ' ');
    return fmt::format("# {} the timer '{}' of S{} (by its event number)\n{} id={}", verb, what, target.to, verb, id);
  }
  std::string type = target.type.find_first_of(" \t#=") == std::string::npos ? target.type : std::string();
  std::int64_t nth = 0;
  for (const auto& p : pending) {
    if (!matches(p, target.from, target.to, type)) continue;
    ++nth;
    if (p.id == id) break;
  }
  std::string line = fmt::format("{} from={} to={}", verb, target.from, target.to);
  if (!type.empty()) line += " type=" + type;
  if (nth > 1) line += fmt::format(" nth={}", nth);
  return line;
}

}  // namespace

std::string sessionToScenario(const Session& session, std::size_t upTo, const std::string& source) {
  upTo = std::min(upTo, session.length());
  std::string out = fmt::format(
      "# Saved by ZabScope from {}: {} actions (the timeline up to the cursor).\n"
      "# Replays to the same state: zabsim run FILE --summary\n",
      source.empty() ? std::string("a session") : source, upTo);
  out += portableEnsembleLine(session.scenario().ensembleLine) + "\n";
  out += fmt::format("seed {}\n", session.sim().seed());

  std::int64_t steps = 0;
  auto flushSteps = [&] {
    while (steps > 0) {
      const std::int64_t n = std::min(steps, kStepsPerLine);
      out += n == 1 ? std::string("step\n") : fmt::format("step {}\n", n);
      steps -= n;
    }
  };
  session.replay(upTo, [&](std::size_t i, const Simulation& before) {
    const Action a = session.entries()[i].action();
    if (a.kind == Action::Kind::Step) {
      if (!before.idle()) ++steps;  // a step with nothing pending changes nothing
      return;
    }
    // A clock advance that does not move the clock (a `run` ending at an event) writes nothing.
    if (a.kind == Action::Kind::AdvanceClock && a.timeMs <= before.now()) return;
    flushSteps();
    switch (a.kind) {
      case Action::Kind::Step: break;
      case Action::Kind::Command: out += session.line(a) + "\n"; break;
      case Action::Kind::Deliver: out += manualLine("deliver", a.id, before) + "\n"; break;
      case Action::Kind::Drop: out += manualLine("drop", a.id, before) + "\n"; break;
      case Action::Kind::Duplicate: out += manualLine("duplicate", a.id, before) + "\n"; break;
      case Action::Kind::AdvanceClock: {
        const std::int64_t ms = a.timeMs - before.now();
        if (ms <= 0) break;
        // `run MS` takes the events due by its end; with none due, it is the same move.
        auto next = before.nextEventTime();
        out += fmt::format("{} {}\n", !next || *next > a.timeMs ? "run" : "wait", ms);
        break;
      }
    }
  });
  flushSteps();
  return out;
}

}  // namespace zabscope
