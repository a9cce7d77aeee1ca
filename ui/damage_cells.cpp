#include "damage_cells.hpp"

#include <algorithm>
#include <cmath>

namespace zabscope {

std::vector<Box> coverWithCells(const std::vector<Box>& boxes, float cell) {
  Box all;
  bool any = false;
  for (const Box& b : boxes) {
    if (b.empty()) continue;
    all = any ? Box{std::min(all.x0, b.x0), std::min(all.y0, b.y0), std::max(all.x1, b.x1), std::max(all.y1, b.y1)} : b;
    any = true;
  }
  if (!any) return {};
  const int cx0 = static_cast<int>(std::floor(all.x0 / cell)), cy0 = static_cast<int>(std::floor(all.y0 / cell));
  const int cols = static_cast<int>(std::ceil(all.x1 / cell)) - cx0, rows = static_cast<int>(std::ceil(all.y1 / cell)) - cy0;
  std::vector<char> marked(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows), 0);
  for (const Box& b : boxes) {
    if (b.empty()) continue;
    // The cells holding any of the box's points: x1/y1 are exclusive.
    const int x0 = static_cast<int>(std::floor(b.x0 / cell)) - cx0, x1 = static_cast<int>(std::ceil(b.x1 / cell)) - cx0;
    const int y0 = static_cast<int>(std::floor(b.y0 / cell)) - cy0, y1 = static_cast<int>(std::ceil(b.y1 / cell)) - cy0;
    for (int y = std::max(0, y0); y < std::min(rows, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(cols, x1); ++x) marked[static_cast<std::size_t>(y * cols + x)] = 1;
  }
  // Runs of marked cells along each row; a run with the same columns as one that ended on the
  // row above extends it downwards.
  struct Open {
    int x0, x1, y0;
    bool extended;
  };
  std::vector<Box> out;
  std::vector<Open> open;
  auto close = [&](const Open& o, int yEnd) {
    const float fx0 = static_cast<float>(cx0 + o.x0) * cell, fx1 = static_cast<float>(cx0 + o.x1) * cell;
    const float fy0 = static_cast<float>(cy0 + o.y0) * cell, fy1 = static_cast<float>(cy0 + yEnd) * cell;
    out.push_back(Box{std::max(fx0, all.x0), std::max(fy0, all.y0), std::min(fx1, all.x1), std::min(fy1, all.y1)});
  };
  for (int y = 0; y <= rows; ++y) {
    for (Open& o : open) o.extended = false;
    std::vector<Open> added;
    for (int x = 0; y < rows && x < cols;) {
      if (!marked[static_cast<std::size_t>(y * cols + x)]) {
        ++x;
        continue;
      }
      int end = x;
      while (end < cols && marked[static_cast<std::size_t>(y * cols + end)]) ++end;
      auto same = std::find_if(open.begin(), open.end(), [&](const Open& o) { return o.x0 == x && o.x1 == end; });
      if (same != open.end()) same->extended = true;
      else added.push_back(Open{x, end, y, true});
      x = end;
    }
    std::vector<Open> still;
    for (const Open& o : open) {
      if (o.extended) still.push_back(o);
      else close(o, y);
    }
    still.insert(still.end(), added.begin(), added.end());
    open = std::move(still);
  }
  return out;
}

}  // namespace zabscope
