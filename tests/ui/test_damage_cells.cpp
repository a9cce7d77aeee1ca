// Damage with holes (ui/damage_cells.hpp): the cells under the changed triangles, not their
// bounding box, so that unchanged peers between moving dots keep their pixels.
#include <catch2/catch.hpp>

#include "damage_cells.hpp"

using namespace zabscope;

namespace {

bool within(const Box& inner, const std::vector<Box>& rects) {
  // Every whole-pixel point of `inner` lies in some rectangle.
  for (float y = inner.y0; y < inner.y1; ++y)
    for (float x = inner.x0; x < inner.x1; ++x) {
      bool in = false;
      for (const Box& r : rects) in = in || (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1);
      if (!in) return false;
    }
  return true;
}

}  // namespace

TEST_CASE("ui damage cells: cover every box with disjoint rectangles - not the space between far boxes") {
  const std::vector<Box> boxes{{10, 10, 20, 20}, {300, 10, 311, 25}, {10, 200, 40, 230}, {33, 33, 70, 34}};
  const std::vector<Box> rects = coverWithCells(boxes, 32);
  REQUIRE_FALSE(rects.empty());
  for (const Box& b : boxes) CHECK(within(b, rects));
  float area = 0;
  for (std::size_t a = 0; a < rects.size(); ++a) {
    area += rects[a].area();
    for (std::size_t b = a + 1; b < rects.size(); ++b) CHECK_FALSE(rects[a].overlaps(rects[b]));
    // Cut to the boxes' bounding box.
    CHECK(rects[a].x0 >= 10);
    CHECK(rects[a].y0 >= 10);
    CHECK(rects[a].x1 <= 311);
    CHECK(rects[a].y1 <= 230);
  }
  CHECK(area < 0.1f * (311 - 10) * (230 - 10));
}

TEST_CASE("ui damage cells: a filled block of cells is one rectangle - nothing for no boxes") {
  std::vector<Box> boxes;
  for (float i = 0; i < 5; ++i)
    for (float j = 0; j < 4; ++j) boxes.push_back(Box{i * 32 + 4, j * 32 + 4, i * 32 + 8, j * 32 + 8});
  const std::vector<Box> rects = coverWithCells(boxes, 32);
  REQUIRE(rects.size() == 1);
  CHECK(rects[0].x0 == 4);
  CHECK(rects[0].y0 == 4);
  CHECK(rects[0].x1 == 4 * 32 + 8);
  CHECK(rects[0].y1 == 3 * 32 + 8);
  CHECK(coverWithCells({}, 32).empty());
  CHECK(coverWithCells({Box{5, 5, 5, 9}}, 32).empty());  // empty boxes cover nothing
}
