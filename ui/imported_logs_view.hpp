#pragma once
// The window while real logs are open (AppState::imported): a read-only strip of stepping and
// scrubbing controls, the ensemble as the logs tell it at the cursor, the explained event log,
// graphs of state, epoch and zxid per server, the import's warnings, and the space-time
// diagram (imported_spacetime.hpp). The session's panels, and so every command that would
// change a run, are not shown: "imported logs: read-only".
#include <imgui.h>

#include "app_state.hpp"

namespace zabscope {

class ImportedLogsView {
 public:
  // Draws below the menu bar (`top` = its height).
  void draw(AppState& app, float top);

 private:
  void drawControls(AppState& app, const ImportedLogs& logs);
  void drawEnsemble(const ImportedLogs& logs, ImVec2 size);
  void drawEventLog(AppState& app, const ImportedLogs& logs);
  void drawGraphs(const ImportedLogs& logs);
  void drawWarnings(const ImportedLogs& logs);
  std::size_t lastCursor_ = static_cast<std::size_t>(-1);
  bool mouseMoved_ = false;  // tooltips only once the user moved the mouse
  // Chinese words for the view's own labels (set each frame from AppState::language); what
  // the logs say, and the importer's warnings, stay as ZooKeeper and the importer wrote them.
  bool zh_ = false;
  const char* tr(const char* en, const char* cn) const { return zh_ ? cn : en; }
};

}  // namespace zabscope
