#pragma once
// Lessons: narrative + a scenario + ordered steps (docs/lesson-format.md). Parsing is pure and
// names file:line for every problem; LessonRun plays a lesson on a Session, step by step,
// with Back (rewind to where a step began) and the checks that gate Next.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "session.hpp"

namespace zabscope {

enum class Language { English, Chinese };

struct Text {
  std::string en;
  std::string zh;
  const std::string& in(Language l) const { return l == Language::Chinese && !zh.empty() ? zh : en; }
};

struct LessonLine {
  int line = 0;  // where it is in the lesson file
  std::string text;
};

// A predict-then-reveal question, asked in the step just before the engine shows the answer.
// Multiple choice (one or more choices correct), or "which peer?" (answer: a fixed sid, or
// `leader`: whoever leads once the step's `do` lines have run, found on a copy).
struct LessonChoice {
  int line = 0;
  Text text;
  Text why;  // shown when the student picks it (required for a wrong choice)
  bool correct = false;
};

struct LessonQuestion {
  enum class Kind { Choice, Peer };
  int line = 0;  // the first question line
  Kind kind = Kind::Choice;
  Text text;
  std::vector<LessonChoice> choices;
  Text why;                  // a peer question: why a wrong peer is wrong
  int answerLine = 0;
  std::vector<int> answerPicks;  // as written: 1-based choice numbers
  std::optional<int> peer;   // Kind::Peer: a fixed sid; nullopt: the leader after the step's do lines
};

struct LessonStep {
  int line = 0;
  Text text;
  Text hint;                        // how to perform `act` in the GUI
  std::vector<std::string> read;    // ZooKeeper class.method to read, e.g. FastLeaderElection.totalOrderPredicate
  std::string highlight;            // "peer 3", "panel Inspector", "message vote"
  // What `highlight: KIND TARGET` points at for this KIND ("message" -> "PING"), or "".
  std::string highlighted(std::string_view kind) const {
    if (highlight.size() <= kind.size() || highlight.compare(0, kind.size(), kind) != 0 || highlight[kind.size()] != ' ')
      return {};
    return highlight.substr(kind.size() + 1);
  }
  std::vector<LessonLine> autoRun;  // run when the step begins
  std::vector<LessonLine> act;      // what the student must do ("Do it for me" runs these)
  std::vector<LessonLine> expect;   // checks that must hold before Next (scenario expect lines)
  std::vector<LessonLine> happened;  // event patterns that must have occurred since the step began
  std::optional<LessonQuestion> question;  // must be answered before Next and "Do it for me"
  std::string until;                // "Do it for me" stops right after the first event that matches
  int untilLine = 0;
};

// What the student answered and whether it was right.
struct LessonAnswer {
  std::vector<int> picked;  // choice indices (0-based), or the one sid of a peer question
  bool right = false;
  Text feedback;            // "Right." / why the pick is wrong
};

// Whether a timeline entry's description matches an `until` pattern: every word of the
// pattern appears in it, in order ("S1 notification" matches "deliver S2->S1 notification ...").
bool eventMatches(const std::string& description, const std::string& pattern);

struct Lesson {
  std::string file;
  std::string id;  // file name without extension
  Text title;
  Text goals;
  Text recap;                // shown when the lesson is complete
  std::string scenarioText;  // scenario-language lines
  int scenarioLine = 0;      // line of the first scenario line (for error messages)
  std::vector<LessonStep> steps;
};

struct LessonError {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const;
};

struct LessonParse {
  std::optional<Lesson> lesson;
  std::vector<LessonError> errors;
};

// Parses and validates: the scenario must parse, and every auto/do/expect line must be a valid
// scenario command in that ensemble.
LessonParse parseLesson(const std::string& text, const std::string& file);

// A step that corrects the seed articles starts "The articles say / ZooKeeper does." (文章说 /
// ZooKeeper 实际这样做。; docs/lesson-format.md). The panel shows that marker as a heading of its
// own, not as the text's first sentence (a student read it as a typo): the heading without its
// full stop, and the rest. No marker: nullopt.
std::optional<std::pair<std::string, std::string>> articlesHeading(const std::string& text);

// Plays a lesson on a Session (the one the GUI shows): step by step, with Back.
class LessonRun {
 public:
  // The lesson's scenario as a fresh Session, and the run positioned on step 1.
  static std::optional<std::pair<LessonRun, Session>> start(const Lesson& lesson, std::vector<std::string>& errors);

  const Lesson& lesson() const { return lesson_; }
  std::size_t stepIndex() const { return step_; }
  const LessonStep& step() const { return lesson_.steps[step_]; }
  bool atLastStep() const { return step_ + 1 >= lesson_.steps.size(); }

  // The expects of this step that do not hold now (empty: Next is enabled), with their lines.
  std::vector<std::string> unmetChecks(const Session& session) const;
  // "Do it for me": run the step's `do` lines, stopping right after the step's `until` event.
  // Never forks silently: with the cursor in the past it refuses (a problem that says so)
  // unless allowFork. Returns problems (empty on success).
  // After it stopped at the `until` event, actionPaused() is true and the next call goes on
  // with the rest of the do lines (the event itself is not waited for again).
  std::vector<std::string> performAction(Session& session, bool allowFork = false);
  bool actionPaused() const { return paused_; }
  // Every `do` line of this step has run (a second press would run them again: a second write of
  // /k, and the step's text no longer matched the cards). Replay step or Back clears it; with the
  // cursor moved back into the past, doing them again is a fork, and allowed.
  bool actionDone() const { return acted_; }
  const std::string& stoppedAt() const { return stoppedAt_; }  // the event it stopped at

  // The step's question: whether it still waits for an answer, the correct picks (for a
  // `leader` peer question, found by running the do lines on a copy of the session), and
  // answering it (any answer opens the gate; a wrong one explains itself).
  bool awaitingAnswer() const { return step().question && !answer_; }
  std::vector<int> correctPicks(const Session& session) const;
  const LessonAnswer& answer(const Session& session, std::vector<int> picked);
  const std::optional<LessonAnswer>& currentAnswer() const { return answer_; }
  bool next(Session& session);        // to the next step (only when unmetChecks() is empty)
  bool back(Session& session);        // rewind to where the previous step began
  void replayStep(Session& session);  // rewind to where this step began and run its auto lines again

 private:
  explicit LessonRun(Lesson l) : lesson_(std::move(l)) {}
  void enterStep(Session& session, std::size_t i);  // record where it begins, run its auto lines
  Lesson lesson_;
  std::size_t step_ = 0;
  std::vector<std::size_t> stepStart_;  // session cursor where each step began
  std::vector<std::string> autoProblems_;
  std::optional<LessonAnswer> answer_;
  // "Do it for me" stopped at the step's event: where in the do lines it goes on.
  bool paused_ = false;
  bool acted_ = false;  // actionDone()
  bool untilSeen_ = false;
  std::size_t nextAct_ = 0;
  std::vector<Action> pending_;  // the rest of the time line it stopped in
  std::string stoppedAt_;
  // `happened` checks: the entries looked at so far and what was found (a cache for frames).
  mutable std::size_t scannedTo_ = 0;
  mutable std::vector<bool> happenedSeen_;
};

// Headless check: every step, its do lines, and its expects (zabsim lesson FILE, ctest).
// Questions are answered with the correct answer; `log` gets one line per question.
std::vector<LessonError> checkLesson(const Lesson& lesson,
                                     const std::function<void(const std::string&)>& log = nullptr);

}  // namespace zabscope
