#pragma once
// Stepping and time: play/pause with a log-scale speed, step, step back, step to the next
// vote or phase change, run until a leader, the timeline scrubber, branches, and every
// keyboard shortcut (listed by the help overlay).
#include "app_state.hpp"

namespace zabscope {

struct ControlsPanel {
  void draw(AppState& app);
  void handleShortcuts(AppState& app);  // call once per frame, outside any text field
  void drawHelpOverlay(AppState& app);
  void drawPresenterStrip(AppState& app);  // the presenter view's one row of big buttons

 private:
  bool drawStatus(AppState& app);  // false: no room left on this row (nothing drawn)
};

// Advances the view clock by realMs x speed while playing, taking the events it passes.
// At most maxSteps events per call keep a frame short.
void advancePlayback(AppState& app, double realMs, std::size_t maxSteps = 4000);

}  // namespace zabscope
