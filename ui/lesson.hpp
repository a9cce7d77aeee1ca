#pragma once
// Lessons: narrative + a scenario + ordered steps (docs/lesson-format.md). Parsing is pure and
// names file:line for every problem; LessonRun plays a lesson on a Session, step by step,
// with Back (rewind to where a step began) and the checks that gate Next.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
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

struct LessonStep {
  int line = 0;
  Text text;
  Text hint;                        // how to perform `act` in the GUI
  std::vector<std::string> read;    // ZooKeeper class.method to read, e.g. FastLeaderElection.totalOrderPredicate
  std::string highlight;            // "peer 3", "panel Inspector", "message vote"
  std::vector<LessonLine> autoRun;  // run when the step begins
  std::vector<LessonLine> act;      // what the student must do ("Do it for me" runs these)
  std::vector<LessonLine> expect;   // checks that must hold before Next (scenario expect lines)
};

struct Lesson {
  std::string file;
  std::string id;  // file name without extension
  Text title;
  Text goals;
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
  // "Do it for me": run the step's `do` lines. Returns problems (empty on success).
  std::vector<std::string> performAction(Session& session);
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
};

// Headless check: every step, its do lines, and its expects (zabsim lesson FILE, ctest).
std::vector<LessonError> checkLesson(const Lesson& lesson);

}  // namespace zabscope
