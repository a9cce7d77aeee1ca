#pragma once
// An axis-aligned rectangle in screen pixels, x1/y1 exclusive: label boxes, damaged regions.
namespace zabscope {

struct Box {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  float area() const { return empty() ? 0.0f : (x1 - x0) * (y1 - y0); }
  // Touching edges do not overlap.
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  Box translated(float dx, float dy) const { return Box{x0 + dx, y0 + dy, x1 + dx, y1 + dy}; }
};

}  // namespace zabscope
