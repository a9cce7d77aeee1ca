#pragma once
// One run of the comparison view (comparison_view.hpp): a lane per server with its state as a
// coloured band over time (LEADING, FOLLOWING, LOOKING, down; the word inside where it fits), the
// notifications, FOLLOWERINFO and DIFF/SNAP/TRUNC as arrows from send to receipt, and at the left
// each server's state at the cursor (a disc with its letter). Past the cursor everything is faint.
#include <imgui.h>

#include <cstdint>
#include <vector>

#include "compare_axis.hpp"
#include "lane_timeline.hpp"

namespace zabscope {

struct LanesArea {
  float gutterLeft = 0;      // server names and state discs from here
  float left = 0, right = 0;  // the time strip
  float top = 0, bottom = 0;
};

// `anchorMs`: the run's own time at shared 0; `cursorMs`: shared.
void drawRunLanes(ImDrawList* dl, const LaneTimeline& run, const std::vector<zab::Sid>& servers, std::int64_t anchorMs,
                  const AxisWindow& window, std::int64_t cursorMs, const LanesArea& area);

// The colours of the arrows, so that the legend and the test agree with the drawing.
ImU32 laneMessageColor(LaneMessage::Kind k);

}  // namespace zabscope
