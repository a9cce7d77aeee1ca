#pragma once
// The window's layout: controls on top, the ensemble view on the left, tabs on the right
// (inspector, event log, pending messages, faults, workload, graphs), the space-time
// diagram at the bottom. Sizes follow the display and the font, never fixed pixels.
#include <string>

#include "app_state.hpp"
#include "caption_bar.hpp"
#include "comparison_view.hpp"
#include "controls_panel.hpp"
#include "ensemble_view.hpp"
#include "event_log_panel.hpp"
#include "faults_panel.hpp"
#include "file_menu.hpp"
#include "glossary_window.hpp"
#include "graphs_panel.hpp"
#include "imported_logs_view.hpp"
#include "inspector_panel.hpp"
#include "lessons_panel.hpp"
#include "log_grid.hpp"
#include "pending_panel.hpp"
#include "spacetime_panel.hpp"
#include "workload_panel.hpp"

namespace zabscope {

struct MainWindow {
  FileMenu files;
  ControlsPanel controls;
  EnsembleView ensemble;
  LessonsPanel lessons;
  InspectorPanel inspector;
  EventLogPanel log;
  PendingPanel pending;
  FaultsPanel faults;
  WorkloadPanel workload;
  GraphsPanel graphs;
  LogGridPanel logGrid;
  SpaceTimePanel spacetime;
  CaptionBar captionBar;
  GlossaryWindow glossary;
  ImportedLogsView imported;  // instead of the panels above while real logs are open
  ComparisonView comparison;  // instead of them while engine and real runs are compared
  std::string fontNote;  // e.g. which package gives Chinese glyphs

  void draw(AppState& app);

 private:
  void drawSplitters(AppState& app, const PaneRects& panes, float W, float H, float fs);
};

}  // namespace zabscope
