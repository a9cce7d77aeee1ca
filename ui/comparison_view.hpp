#pragma once
// The window while a comparison is open (AppState::comparison): the engine's run of the scenario
// above, the real ZooKeeper 3.8 ensemble's run (its logs) below, on one shared time axis with one
// cursor; the stepping and zoom controls, the caption that says where 0 ms is and why, the
// failover on each (election time, new leader, epoch), and the two outcomes side by side with the
// differences `zabsim compare` would report. Read-only, like imported logs.
#include <imgui.h>

#include "app_state.hpp"

namespace zabscope {

class ComparisonView {
 public:
  void draw(AppState& app, float top);  // below the menu bar (`top` = its height)

 private:
  void drawControls(AppState& app, const Comparison& c, bool compact);
  void drawTimelines(AppState& app, const Comparison& c, ImVec2 size, bool compact);
  void drawOutcomes(const Comparison& c);
  bool mouseMoved_ = false;
  bool showOutcomes_ = false;  // compact: the outcomes in place of the timelines
};

}  // namespace zabscope
