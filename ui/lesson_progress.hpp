#pragma once
// How far the student got in each lesson, remembered between runs: the furthest step reached
// and whether the lesson was completed. Kept, like the recent files (recent_files.hpp), in a
// small text file under $XDG_CONFIG_HOME/zabscope (or ~/.config/zabscope), one lesson a line:
// "ID<TAB>STEPS-REACHED<TAB>done|open".
#include <cstddef>
#include <map>
#include <string>

namespace zabscope {

struct LessonProgressEntry {
  std::size_t reached = 0;  // steps reached, 1-based (0: never started)
  bool done = false;
};

class LessonProgress {
 public:
  explicit LessonProgress(std::string storePath) : store_(std::move(storePath)) {}
  static std::string defaultStore();  // "" when neither $XDG_CONFIG_HOME nor $HOME is set

  void load();  // a missing or unreadable store is no progress; bad lines are skipped
  // Raises what is remembered (never lowers it: Back does not forget a step), and saves when
  // something changed. False if the store cannot be written.
  bool record(const std::string& id, std::size_t reached, bool done);
  LessonProgressEntry get(const std::string& id) const;
  const std::string& store() const { return store_; }

 private:
  bool save() const;
  std::string store_;
  std::map<std::string, LessonProgressEntry> entries_;
};

}  // namespace zabscope
