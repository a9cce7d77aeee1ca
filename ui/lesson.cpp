#include "lesson.hpp"

#include <fmt/format.h>

#include <sstream>

#include "sim/scenario_runner.hpp"

namespace zabscope {

using namespace zab::sim;

std::string LessonError::str() const { return fmt::format("{}:{}: {}", file, line, message); }

namespace {

std::string trim(const std::string& s) {
  auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return {};
  auto b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

std::string baseName(const std::string& path) {
  auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  auto dot = name.find_last_of('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

void appendText(std::string& to, const std::string& more) {
  if (!to.empty()) to += "\n";
  to += more;
}

}  // namespace

LessonParse parseLesson(const std::string& text, const std::string& file) {
  LessonParse out;
  Lesson lesson;
  lesson.file = file;
  lesson.id = baseName(file);
  auto err = [&](int line, std::string m) { out.errors.push_back(LessonError{file, line, std::move(m)}); };

  enum class Where { Top, Scenario, Step } where = Where::Top;
  std::istringstream in(text);
  std::string raw;
  int n = 0, blockLine = 0;
  LessonStep step;
  while (std::getline(in, raw)) {
    ++n;
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#') {
      if (where == Where::Scenario) lesson.scenarioText += "\n";
      continue;
    }
    if (where == Where::Scenario) {
      if (line == "end") {
        where = Where::Top;
        continue;
      }
      lesson.scenarioText += line + "\n";
      continue;
    }
    if (line == "scenario:") {
      if (where != Where::Top) err(n, "'scenario:' inside a step; close the step with 'end' first");
      if (!lesson.scenarioText.empty()) err(n, "a second 'scenario:' block; a lesson has exactly one");
      where = Where::Scenario;
      lesson.scenarioLine = n + 1;
      blockLine = n;
      continue;
    }
    if (line == "step:") {
      if (where == Where::Step) err(n, "'step:' before the previous step's 'end'");
      where = Where::Step;
      step = LessonStep{};
      step.line = n;
      blockLine = n;
      continue;
    }
    if (line == "end") {
      if (where != Where::Step) {
        err(n, "'end' without an open 'scenario:' or 'step:'");
        continue;
      }
      if (step.text.en.empty()) err(step.line, "a step needs text.en");
      if (step.text.zh.empty()) err(step.line, "a step needs text.zh (Simplified Chinese)");
      lesson.steps.push_back(step);
      where = Where::Top;
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) {
      err(n, fmt::format("expected 'key: value', 'scenario:', 'step:' or 'end', got '{}'", line));
      continue;
    }
    std::string key = trim(line.substr(0, colon));
    std::string value = trim(line.substr(colon + 1));
    if (value.empty()) {
      err(n, fmt::format("'{}:' has no value", key));
      continue;
    }
    if (where == Where::Top) {
      if (key == "title.en") appendText(lesson.title.en, value);
      else if (key == "title.zh") appendText(lesson.title.zh, value);
      else if (key == "goals.en") appendText(lesson.goals.en, value);
      else if (key == "goals.zh") appendText(lesson.goals.zh, value);
      else err(n, fmt::format("unknown lesson key '{}'; expected title.en, title.zh, goals.en, goals.zh, "
                              "'scenario:' or 'step:'",
                              key));
      continue;
    }
    if (key == "text.en") appendText(step.text.en, value);
    else if (key == "text.zh") appendText(step.text.zh, value);
    else if (key == "hint.en") appendText(step.hint.en, value);
    else if (key == "hint.zh") appendText(step.hint.zh, value);
    else if (key == "read") step.read.push_back(value);
    else if (key == "highlight") {
      std::istringstream w(value);
      std::string kind;
      w >> kind;
      if (kind != "peer" && kind != "panel" && kind != "message") err(n, "highlight: expects 'peer SID', 'panel NAME' or 'message TYPE'");
      step.highlight = value;
    } else if (key == "auto") step.autoRun.push_back(LessonLine{n, value});
    else if (key == "do") step.act.push_back(LessonLine{n, value});
    else if (key == "expect") step.expect.push_back(LessonLine{n, value});
    else err(n, fmt::format("unknown step key '{}'; expected text.en, text.zh, hint.en, hint.zh, read, highlight, "
                            "auto, do or expect",
                            key));
  }
  if (where == Where::Scenario) err(blockLine, "'scenario:' block is never closed with 'end'");
  if (where == Where::Step) err(blockLine, "'step:' is never closed with 'end'");
  if (lesson.title.en.empty()) err(1, "a lesson needs title.en");
  if (lesson.title.zh.empty()) err(1, "a lesson needs title.zh");
  if (lesson.goals.en.empty() || lesson.goals.zh.empty()) err(1, "a lesson needs goals.en and goals.zh");
  if (lesson.scenarioText.empty()) err(1, "a lesson needs a 'scenario:' block");
  if (lesson.steps.empty()) err(1, "a lesson needs at least one 'step:'");

  // The scenario must parse; its errors point at lines of the lesson file.
  if (!lesson.scenarioText.empty()) {
    std::string padded(static_cast<std::size_t>(std::max(0, lesson.scenarioLine - 1)), '\n');
    ScenarioParse sp = parseScenario(padded + lesson.scenarioText, file, {});
    for (const auto& e : sp.errors) err(e.line, "scenario: " + e.message);
    if (sp.scenario) {
      for (const auto& s : lesson.steps)
        for (const auto* lines : {&s.autoRun, &s.act})
          for (const auto& l : *lines) {
            CommandParse p = parseCommandLine(*sp.scenario, l.text);
            if (!p.command) err(l.line, p.error);
          }
      for (const auto& s : lesson.steps)
        for (const auto& l : s.expect) {
          CommandParse p = parseCommandLine(*sp.scenario, "expect " + l.text);
          if (!p.command) err(l.line, p.error);
        }
    }
  }
  if (out.errors.empty()) out.lesson = std::move(lesson);
  return out;
}

std::optional<std::pair<LessonRun, Session>> LessonRun::start(const Lesson& lesson, std::vector<std::string>& errors) {
  std::string padded(static_cast<std::size_t>(std::max(0, lesson.scenarioLine - 1)), '\n');
  auto session = Session::fromScenario(padded + lesson.scenarioText, lesson.file, {}, std::nullopt, errors);
  if (!session) return std::nullopt;
  LessonRun run(lesson);
  run.enterStep(*session, 0);
  return std::make_pair(std::move(run), std::move(*session));
}

void LessonRun::enterStep(Session& session, std::size_t i) {
  step_ = i;
  stepStart_.resize(i + 1);
  stepStart_[i] = session.cursor();
  autoProblems_.clear();
  for (const auto& l : lesson_.steps[i].autoRun) {
    std::string error;
    if (!session.scriptLine(l.text, error)) autoProblems_.push_back(fmt::format("{}:{}: {}", lesson_.file, l.line, error));
  }
}

std::vector<std::string> LessonRun::unmetChecks(const Session& session) const {
  std::vector<std::string> out = autoProblems_;
  zab::sim::Simulation probe = session.sim();  // expects only read; a copy keeps this const
  for (const auto& l : step().expect) {
    CommandParse p = parseCommandLine(session.scenario(), "expect " + l.text);
    if (!p.command) {
      out.push_back(fmt::format("{}:{}: {}", lesson_.file, l.line, p.error));
      continue;
    }
    for (const auto& f : executeCommand(session.scenario(), *p.command, probe, nullptr, nullptr))
      out.push_back(fmt::format("{}:{}: {}", lesson_.file, l.line, f.message));
  }
  return out;
}

std::vector<std::string> LessonRun::performAction(Session& session) {
  std::vector<std::string> problems;
  for (const auto& l : step().act) {
    std::string error;
    if (!session.scriptLine(l.text, error)) problems.push_back(fmt::format("{}:{}: {}", lesson_.file, l.line, error));
  }
  return problems;
}

bool LessonRun::next(Session& session) {
  if (atLastStep() || !unmetChecks(session).empty()) return false;
  enterStep(session, step_ + 1);
  return true;
}

bool LessonRun::back(Session& session) {
  if (step_ == 0) {
    replayStep(session);
    return false;
  }
  std::size_t to = step_ - 1;
  session.jumpTo(stepStart_[to]);
  enterStep(session, to);
  return true;
}

void LessonRun::replayStep(Session& session) {
  session.jumpTo(stepStart_[step_]);
  enterStep(session, step_);
}

std::vector<LessonError> checkLesson(const Lesson& lesson) {
  std::vector<LessonError> out;
  std::vector<std::string> errors;
  auto started = LessonRun::start(lesson, errors);
  for (const auto& e : errors) out.push_back(LessonError{lesson.file, lesson.scenarioLine, e});
  if (!started) return out;
  LessonRun& run = started->first;
  Session& session = started->second;
  for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
    for (const auto& p : run.performAction(session)) out.push_back(LessonError{lesson.file, lesson.steps[i].line, p});
    for (const auto& p : run.unmetChecks(session)) out.push_back(LessonError{lesson.file, lesson.steps[i].line, p});
    for (const auto& v : session.problems())
      if (v.find("Invariant") != std::string::npos || v.find("invariant") != std::string::npos)
        out.push_back(LessonError{lesson.file, lesson.steps[i].line, v});
    if (!out.empty()) break;
    if (i + 1 < lesson.steps.size() && !run.next(session))
      out.push_back(LessonError{lesson.file, lesson.steps[i].line, "Next stayed disabled"});
  }
  return out;
}

}  // namespace zabscope
