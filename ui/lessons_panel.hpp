#pragma once
// The Lessons tab: the list of lessons with their goals, then the player: the current step's
// narrative (English or Simplified Chinese), the step's question (predict, then see), what to
// read in ZooKeeper's source, what to do, the checks that gate Next, Back / Replay / Next, and
// the recap. The list shows each lesson's steps, the progress made and a done mark.
#include <string>
#include <vector>

#include "app_state.hpp"
#include "lesson_progress.hpp"

namespace zabscope {

struct LessonsPanel {
  struct Entry {
    std::string path;
    std::optional<Lesson> lesson;
    std::vector<std::string> errors;  // file:line: problem (a broken lesson stays listed)
  };
  std::vector<Entry> entries;
  bool loaded = false;
  std::vector<std::string> actionProblems;
  LessonProgress progress{LessonProgress::defaultStore()};  // steps reached and done marks
  std::vector<int> picks;        // the choices ticked (or the peer clicked) for the step's question
  std::size_t picksFor = static_cast<std::size_t>(-1);  // the step those picks belong to
  std::vector<int> picksAnswered;  // the picks of the answer last shown (a script may answer again)
  std::optional<zab::Sid> lastSelected;  // a click on a server in the Ensemble view picks it
  bool askFork = false;          // "Do it for me" with the cursor in the past: confirm the fork
  std::string feedbackShown;     // the answer feedback last scrolled into view
  bool recapShown = false;       // "Lesson complete!" and the recap were scrolled into view
  std::size_t lastScrolledStep_ = static_cast<std::size_t>(-1);  // the step the body was scrolled to the top for

  void reload(const std::string& dir);
  // `presenter`: beside the presenter view's ring, without the language, glossary and lesson-list
  // buttons (the presenter's strip has its own language switch), so the question gets the room.
  void draw(AppState& app, bool presenter = false);
  void drawQuestion(AppState& app, const LessonRun& run, const LessonQuestion& q);
  // "Do it for me" (the body's button and the footer's): runs the step's actions, forking the
  // timeline first when `fork` (the cursor was in the past and the user confirmed).
  std::function<void(AppState&)> doStepActions(bool fork);
};

// Starts a lesson: the app's session becomes the lesson's.
bool startLesson(AppState& app, const Lesson& lesson, std::string& error);

}  // namespace zabscope
