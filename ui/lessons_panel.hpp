#pragma once
// The Lessons tab: the list of lessons with their goals, then the player: the current step's
// narrative (English or Simplified Chinese), what to read in ZooKeeper's source, what to do,
// the checks that gate Next, and Back / Replay / Next.
#include <string>
#include <vector>

#include "app_state.hpp"

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

  void reload(const std::string& dir);
  void draw(AppState& app);
};

// Starts a lesson: the app's session becomes the lesson's.
bool startLesson(AppState& app, const Lesson& lesson, std::string& error);

}  // namespace zabscope
