#pragma once
// The txn-log grid drawn with Dear ImGui: one row per server, one cell per zxid (epoch:counter),
// committed cells filled, uncommitted ones hollow, a thick divider and the epoch number where
// an epoch begins, the leader's row tinted, and what the last sync did to each learner's row
// (DIFF: the copied cells highlighted; TRUNC: the cut cells struck out; SNAP: the row replaced,
// "SNAP at 2:7"). The cells come from log_grid_model.hpp; drawing costs O(visible cells).
#include <imgui.h>

#include <optional>

#include "app_state.hpp"
#include "log_grid_model.hpp"

namespace zabscope {

// Which columns are shown: the newest zxid on screen (nullopt: follow the newest).
struct LogGridScroll {
  std::optional<zab::Zxid> newest;
};

// Draws the grid into any rectangle of the current window with text of `fontSize` pixels.
// With a scroll state, the mouse wheel over the grid scrolls it and a "newest" chip returns to
// the end; without one it always shows the newest zxids.
void drawLogGrid(const AppState& app, ImVec2 origin, ImVec2 size, float fontSize, LogGridScroll* scroll = nullptr);

// The "Log" tab of the details pane.
struct LogGridPanel {
  LogGridScroll scroll;
  void draw(AppState& app);
};

}  // namespace zabscope
