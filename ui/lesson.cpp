#include "lesson.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
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

using ErrFn = std::function<void(int, std::string)>;

// question.en/.zh, choice.en (starts a choice)/.zh, why.en/.zh (of the last choice, or of the
// question when it has none yet) and answer. False: not a question key.
bool parseQuestionKey(LessonStep& step, const std::string& key, const std::string& value, int n, const ErrFn& err) {
  static const std::set<std::string> kKeys = {"question.en", "question.zh", "choice.en", "choice.zh",
                                              "why.en",      "why.zh",      "answer"};
  if (!kKeys.count(key)) return false;
  if (!step.question) {
    step.question = LessonQuestion{};
    step.question->line = n;
  }
  LessonQuestion& q = *step.question;
  if (key == "question.en") appendText(q.text.en, value);
  else if (key == "question.zh") appendText(q.text.zh, value);
  else if (key == "choice.en") {
    q.choices.push_back(LessonChoice{});
    q.choices.back().line = n;
    q.choices.back().text.en = value;
  } else if (key == "choice.zh" || key == "why.en" || key == "why.zh") {
    if (key == "choice.zh" && q.choices.empty()) {
      err(n, "'choice.zh' before any 'choice.en'; each choice starts with choice.en");
      return true;
    }
    Text& to = key == "choice.zh" ? q.choices.back().text : q.choices.empty() ? q.why : q.choices.back().why;
    appendText(key == "why.en" ? to.en : to.zh, value);
  } else {  // answer: 1,3 | peer SID | peer leader
    q.answerLine = n;
    std::istringstream w(value);
    std::string first;
    w >> first;
    if (first == "peer") {
      q.kind = LessonQuestion::Kind::Peer;
      std::string who;
      w >> who;
      if (who == "leader") q.peer.reset();
      else if (!who.empty() && who.find_first_not_of("0123456789") == std::string::npos && who.size() < 9)
        q.peer = std::stoi(who);
      else err(n, fmt::format("answer: expects 'peer SID' or 'peer leader', got '{}'", value));
    } else {
      std::string list = value;
      std::replace(list.begin(), list.end(), ',', ' ');
      std::istringstream nums(list);
      std::string tok;
      q.answerPicks.clear();
      while (nums >> tok) {
        if (tok.find_first_not_of("0123456789") != std::string::npos || tok.size() > 3) {
          err(n, fmt::format("answer: expects choice numbers such as '2' or '1,3', or 'peer SID|leader', got '{}'", value));
          break;
        }
        q.answerPicks.push_back(std::stoi(tok));
      }
    }
  }
  return true;
}

void validateQuestion(LessonStep& step, const ErrFn& err) {
  LessonQuestion& q = *step.question;
  if (q.text.en.empty() || q.text.zh.empty()) err(q.line, "a question needs question.en and question.zh");
  if (q.answerLine == 0) {
    err(q.line, "a question needs 'answer:' (choice numbers such as '2' or '1,3', or 'peer SID|leader')");
    return;
  }
  if (q.kind == LessonQuestion::Kind::Peer) {
    if (!q.choices.empty()) err(q.choices.front().line, "a 'peer' question has no choices; the student clicks a server");
    if (q.why.en.empty() || q.why.zh.empty())
      err(q.answerLine, "a 'peer' question needs why.en and why.zh (why another server does not lead)");
    return;
  }
  if (q.choices.size() < 2) err(q.line, "a question needs at least two choices (choice.en / choice.zh)");
  for (int pick : q.answerPicks) {
    if (pick < 1 || pick > static_cast<int>(q.choices.size()))
      err(q.answerLine, fmt::format("answer: choice {} does not exist; there are {} choices", pick, q.choices.size()));
    else q.choices[static_cast<std::size_t>(pick - 1)].correct = true;
  }
  if (q.answerPicks.empty()) err(q.answerLine, "answer: names no choice");
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    const LessonChoice& c = q.choices[i];
    if (c.text.zh.empty()) err(c.line, fmt::format("choice {} needs choice.zh", i + 1));
    if (!c.correct && (c.why.en.empty() || c.why.zh.empty()))
      err(c.line, fmt::format("choice {} is wrong, so it needs why.en and why.zh (why it is wrong)", i + 1));
  }
}

// An event as the trace says it: action, label, headline and notes ("S1 receives TRUNC ...").
std::string eventText(const Session& session, std::size_t i) {
  std::string what = session.describe(session.entries()[i].action());
  if (const auto* rec = session.explained(i)) {
    what += " " + rec->label + " " + rec->headline;
    for (const auto& note : rec->notes) what += "; " + note;
  }
  return what;
}

}  // namespace

bool eventMatches(const std::string& description, const std::string& pattern) {
  std::istringstream words(pattern);
  std::string w;
  std::size_t at = 0;
  while (words >> w) {
    at = description.find(w, at);
    if (at == std::string::npos) return false;
    at += w.size();
  }
  return true;
}

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
      if (step.question) validateQuestion(step, err);
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
      else if (key == "recap.en") appendText(lesson.recap.en, value);
      else if (key == "recap.zh") appendText(lesson.recap.zh, value);
      else err(n, fmt::format("unknown lesson key '{}'; expected title.en, title.zh, goals.en, goals.zh, recap.en, "
                              "recap.zh, 'scenario:' or 'step:'",
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
    else if (key == "happened") step.happened.push_back(LessonLine{n, value});
    else if (key == "until") {
      step.until = value;
      step.untilLine = n;
    } else if (parseQuestionKey(step, key, value, n, err)) {
    } else err(n, fmt::format("unknown step key '{}'; expected text.en, text.zh, hint.en, hint.zh, read, highlight, "
                            "auto, do, expect, happened, until, question.en, question.zh, choice.en, choice.zh, why.en, why.zh "
                            "or answer",
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
        if (s.question && s.question->peer && !sp.scenario->spec.qv.allMembers().count(static_cast<zab::Sid>(*s.question->peer)))
          err(s.question->answerLine, fmt::format("answer: S{} is not a server of the ensemble", *s.question->peer));
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
  answer_.reset();
  happenedSeen_.clear();
  paused_ = false;
  acted_ = false;
  pending_.clear();
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
  // `happened`: an event since the step began, not a state that may have held all along. The
  // entries looked at are remembered, so a frame only looks at the new ones.
  const auto& happened = step().happened;
  if (!happened.empty()) {
    const std::size_t from = stepStart_[step_];
    if (scannedTo_ < from || scannedTo_ > session.cursor() || happenedSeen_.size() != happened.size()) {
      scannedTo_ = from;
      happenedSeen_.assign(happened.size(), false);
    }
    for (; scannedTo_ < session.cursor(); ++scannedTo_) {
      const std::string what = eventText(session, scannedTo_);
      for (std::size_t j = 0; j < happened.size(); ++j)
        if (!happenedSeen_[j] && eventMatches(what, happened[j].text)) happenedSeen_[j] = true;
    }
    for (std::size_t j = 0; j < happened.size(); ++j)
      if (!happenedSeen_[j])
        out.push_back(fmt::format("{}:{}: happened: no event since the step began matches '{}'", lesson_.file,
                                  happened[j].line, happened[j].text));
  }
  return out;
}

namespace {
bool isTimeLine(const std::string& line) {
  std::istringstream w(line);
  std::string verb;
  w >> verb;
  return verb == "run" || verb == "step";
}
}  // namespace

std::optional<std::pair<std::string, std::string>> articlesHeading(const std::string& text) {
  static const std::pair<std::string, std::string> markers[] = {
      {"The articles say / ZooKeeper does.", "The articles say / ZooKeeper does"},
      {"文章说 / ZooKeeper 实际这样做。", "文章说 / ZooKeeper 实际这样做"}};
  for (const auto& [marker, heading] : markers)
    if (text.rfind(marker, 0) == 0) {
      std::size_t rest = marker.size();
      while (rest < text.size() && text[rest] == ' ') ++rest;
      return std::make_pair(heading, text.substr(rest));
    }
  return std::nullopt;
}

std::vector<std::string> LessonRun::performAction(Session& session, bool allowFork) {
  std::vector<std::string> problems;
  if (awaitingAnswer()) return {fmt::format("{}:{}: answer the question first", lesson_.file, step().question->line)};
  // Done, and the cursor still after them: a second run would do them twice (with the cursor
  // moved back, doing them again is a fork, asked for below).
  if (acted_ && !session.inPast()) return {"this step's actions are done already; Replay step runs the step again"};
  if (session.inPast() && !allowFork)
    return {"the cursor is in the past: doing the step now would fork the timeline (the later actions become a "
            "branch); go to the end first, or confirm the fork"};
  const std::string& until = step().until;
  if (!paused_) {
    nextAct_ = 0;
    untilSeen_ = false;
    pending_.clear();
  }
  paused_ = false;
  // One event of a time line, as the probe took it; `step` forks like any new action.
  auto take = [&](const Action& a) {
    std::string error;
    if (a.kind == Action::Kind::AdvanceClock) session.advanceClockTo(a.timeMs);
    else session.scriptLine("step", error);
  };
  for (const auto& a : pending_) take(a);  // the rest of the line that stopped at the event
  pending_.clear();
  for (; nextAct_ < step().act.size(); ++nextAct_) {
    const LessonLine& l = step().act[nextAct_];
    std::string error;
    if (until.empty() || untilSeen_ || !isTimeLine(l.text)) {
      if (!session.scriptLine(l.text, error)) problems.push_back(fmt::format("{}:{}: {}", lesson_.file, l.line, error));
      continue;
    }
    // Find out on a copy which events the time line takes, then take them one by one and stop
    // right after the step's event, so that the student sees it happen.
    Session probe = session;
    const std::size_t from = probe.length();
    if (!probe.scriptLine(l.text, error)) {
      problems.push_back(fmt::format("{}:{}: {}", lesson_.file, l.line, error));
      continue;
    }
    for (std::size_t k = from; k < probe.length(); ++k) {
      take(probe.entries()[k].action());
      if (untilSeen_) {
        pending_.push_back(probe.entries()[k].action());
        continue;
      }
      const std::size_t at = session.cursor() - 1;
      const std::string what = eventText(session, at);
      if (eventMatches(what, until)) {
        untilSeen_ = true;
        // Show the part of the event the pattern names (one note), not the whole line.
        stoppedAt_ = what;
        std::istringstream words(until);
        std::string last;
        while (words >> last) {
        }
        if (const auto* rec = session.explained(at))
          for (const auto& note : rec->notes)
            if (eventMatches(note, last)) {
              stoppedAt_ = note;
              break;
            }
        // Stop here; what the line had left, and the later lines, wait for the next press.
        for (std::size_t r = k + 1; r < probe.length(); ++r) pending_.push_back(probe.entries()[r].action());
        ++nextAct_;
        paused_ = true;
        return problems;
      }
    }
  }
  acted_ = true;
  return problems;
}

std::vector<int> LessonRun::correctPicks(const Session& session) const {
  std::vector<int> out;
  if (!step().question) return out;
  const LessonQuestion& q = *step().question;
  if (q.kind == LessonQuestion::Kind::Choice) {
    for (std::size_t i = 0; i < q.choices.size(); ++i)
      if (q.choices[i].correct) out.push_back(static_cast<int>(i));
    return out;
  }
  if (q.peer) return {*q.peer};
  // The engine's actual outcome: play the step's do lines on a copy and ask who leads.
  Session probe = session;
  for (const auto& l : step().act) {
    std::string error;
    probe.scriptLine(l.text, error);
  }
  if (auto leader = probe.sim().leader()) out.push_back(static_cast<int>(*leader));
  return out;
}

const LessonAnswer& LessonRun::answer(const Session& session, std::vector<int> picked) {
  const LessonQuestion& q = *step().question;
  std::sort(picked.begin(), picked.end());
  std::vector<int> correct = correctPicks(session);
  std::sort(correct.begin(), correct.end());
  LessonAnswer a;
  a.right = !picked.empty() && picked == correct;
  a.feedback = a.right ? Text{"Right.", "答对了。"} : Text{"Not quite.", "不对。"};
  auto add = [&](const Text& t) {
    if (t.en.empty()) return;
    a.feedback.en += " " + t.en;
    a.feedback.zh += t.zh;
  };
  if (q.kind == LessonQuestion::Kind::Peer) {
    if (!a.right) add(q.why);
  } else {
    // Why each wrong pick is wrong; a right answer shows its choices' notes, if any.
    for (int p : picked)
      if (p >= 0 && p < static_cast<int>(q.choices.size()) && (a.right || !q.choices[static_cast<std::size_t>(p)].correct))
        add(q.choices[static_cast<std::size_t>(p)].why);
    if (!a.right && std::all_of(picked.begin(), picked.end(), [&](int p) {
          return p >= 0 && p < static_cast<int>(q.choices.size()) && q.choices[static_cast<std::size_t>(p)].correct;
        }))
      add(Text{"Some right choices are missing.", "还漏了正确的选项。"});
  }
  a.picked = std::move(picked);
  answer_ = std::move(a);
  return *answer_;
}

bool LessonRun::next(Session& session) {
  if (atLastStep() || awaitingAnswer() || !unmetChecks(session).empty()) return false;
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

std::vector<LessonError> checkLesson(const Lesson& lesson, const std::function<void(const std::string&)>& log) {
  std::vector<LessonError> out;
  std::vector<std::string> errors;
  auto started = LessonRun::start(lesson, errors);
  for (const auto& e : errors) out.push_back(LessonError{lesson.file, lesson.scenarioLine, e});
  if (!started) return out;
  LessonRun& run = started->first;
  Session& session = started->second;
  for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
    if (const auto& q = lesson.steps[i].question) {
      // A diligent student answers right; print the question and the answer.
      std::vector<int> correct = run.correctPicks(session);
      if (correct.empty()) {
        out.push_back(LessonError{lesson.file, q->answerLine, "answer: peer leader, but no server leads after the do lines"});
        break;
      }
      run.answer(session, correct);
      if (log) {
        std::string picks;
        for (int c : correct)
          picks += (picks.empty() ? "" : ", ") + (q->kind == LessonQuestion::Kind::Peer
                                                        ? fmt::format("S{}", c)
                                                        : q->choices[static_cast<std::size_t>(c)].text.en);
        log(fmt::format("{}:{}: step {} asks: {} -> {}", lesson.file, q->line, i + 1, q->text.en, picks));
      }
    }
    std::vector<std::string> actProblems = run.performAction(session);
    while (actProblems.empty() && run.actionPaused()) {
      if (log) log(fmt::format("{}:{}: step {} stops at the event: {}", lesson.file, lesson.steps[i].untilLine, i + 1,
                               run.stoppedAt()));
      actProblems = run.performAction(session);
    }
    // A failure names the line that failed once, then the step and the seed to replay it with
    // (a check names its own file:line already: that line is the one to report).
    auto failure = [&](const std::string& p) {
      LessonError e{lesson.file, lesson.steps[i].line, p};
      const std::string own = lesson.file + ":";
      if (p.rfind(own, 0) == 0) {
        const std::size_t colon = p.find(": ", own.size());
        const std::string number = p.substr(own.size(), colon == std::string::npos ? 0 : colon - own.size());
        if (!number.empty() && number.find_first_not_of("0123456789") == std::string::npos) {
          e.line = std::stoi(number);
          e.message = p.substr(colon + 2);
        }
      }
      e.message += fmt::format(" (step {} at line {}; seed {})", i + 1, lesson.steps[i].line, session.sim().seed());
      out.push_back(std::move(e));
    };
    for (const auto& p : actProblems) failure(p);
    for (const auto& p : run.unmetChecks(session)) failure(p);
    for (const auto& v : session.problems())
      if (v.find("Invariant") != std::string::npos || v.find("invariant") != std::string::npos) failure(v);
    if (!out.empty()) break;
    if (i + 1 < lesson.steps.size() && !run.next(session))
      out.push_back(LessonError{lesson.file, lesson.steps[i].line, "Next stayed disabled"});
  }
  return out;
}

}  // namespace zabscope
