#pragma once
// The filled head of a message arrow in the read-only timelines (imported logs, comparison).
#include <imgui.h>

#include <cmath>

namespace zabscope {

inline void arrowHead(ImDrawList* dl, ImVec2 from, ImVec2 to, float size, ImU32 col) {
  const float dx = to.x - from.x, dy = to.y - from.y, len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  const float ux = dx / len, uy = dy / len;
  const ImVec2 base(to.x - ux * size, to.y - uy * size);
  dl->AddTriangleFilled(to, ImVec2(base.x - uy * size * 0.45f, base.y + ux * size * 0.45f),
                        ImVec2(base.x + uy * size * 0.45f, base.y - ux * size * 0.45f), col);
}

}  // namespace zabscope
