#include "ink_budget.hpp"

#include <algorithm>
#include <cmath>

namespace zabscope {

float clippedLength(float ax, float ay, float bx, float by, float x0, float x1) {
  if (ax > bx) {
    std::swap(ax, bx);
    std::swap(ay, by);
  }
  const float dx = bx - ax, dy = by - ay;
  if (bx < x0 || ax > x1) return 0.0f;
  if (dx <= 0.0f) return std::abs(dy);  // vertical, inside the band
  const float t0 = std::max(0.0f, (x0 - ax) / dx), t1 = std::min(1.0f, (x1 - ax) / dx);
  return t1 > t0 ? (t1 - t0) * std::sqrt(dx * dx + dy * dy) : 0.0f;
}

std::size_t inkStride(double totalLength, double budget) {
  if (budget <= 0.0 || totalLength <= budget) return 1;
  return static_cast<std::size_t>(std::ceil(totalLength / budget));
}

}  // namespace zabscope
