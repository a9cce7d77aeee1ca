#pragma once
// The menu bar at the top of the window, with the File menu: new session, open a scenario, a
// lesson or a zoo.cfg (also dropped on the window), recent files, save the session as a
// scenario, export the trace (JSON lines, ShiViz) or a screenshot (PNG). It also owns what
// keeps the session safe: the confirmation before it is discarded, the note that acting in the
// past forks, and the notice naming the branch a fork made.
#include <functional>
#include <string>

#include "app_state.hpp"
#include "file_chooser.hpp"
#include "recent_files.hpp"

namespace zabscope {

class FileMenu {
 public:
  // Draws the bar (and the dialogs); returns the bar's height, which the panels start below.
  float draw(AppState& app);

  // The same as File > Open for `path`: asks before the session is discarded.
  void requestOpen(AppState& app, const std::string& path);

 private:
  void drawFileMenu(AppState& app);
  void drawOpenLogs(AppState& app);  // File > Open logs... / Close logs (real ZooKeeper logs, read-only)
  void drawNotices(AppState& app, float top);
  void saveScenario(AppState& app, const std::string& path);
  std::string startDir(const char* data) const;

  FileChooser chooser_;
  RecentFiles recent_{RecentFiles::defaultStore()};
  bool recentLoaded_ = false;
  std::string lastDir_;
  std::size_t branchesSeen_ = 0;
  std::string forkNotice_;
  std::string shotPath_;  // a screenshot waits for the chooser to close (frames below)
  int shotFrames_ = 0;
  std::function<void(AppState&)> afterSave_;  // "Save first..." in the discard confirmation
};

}  // namespace zabscope
