#pragma once
// Graphs over virtual time, drawn with ImDrawList: each peer's last zxid (epoch:counter) and
// epoch, messages delivered per second by family, election durations, commit latency and
// committed writes per second. The series come from a headless Metrics, updated each frame.
#include "app_state.hpp"
#include "metrics.hpp"

namespace zabscope {

struct GraphsPanel {
  Metrics metrics;
  int window = 0;       // 0: the whole run, 1: the last 10 s, 2: the last 60 s
  void draw(AppState& app);

 private:
  void drawPlots(AppState& app, int columns, float plotHeight);
  float headerSeen_ = 0;  // the tallest plot header in the large view, last frame
};

}  // namespace zabscope
