// The space-time diagram's texture: repaint whole, move its pixels and draw the fresh strip,
// or keep it (ui/scroll_plan.hpp).
#include <catch2/catch.hpp>

#include "scroll_plan.hpp"

using namespace zabscope;

namespace {
ScrollLayerState state(std::int64_t scrollPx, std::size_t entries, std::uint64_t key = 7) {
  return ScrollLayerState{true, key, scrollPx, entries, 1500, 120};
}
}  // namespace

TEST_CASE("ui scroll plan: the first frame, a lost texture or a new key repaints whole") {
  CHECK(planScroll(ScrollLayerState{}, state(100, 50), 1400).kind == ScrollPlan::Kind::Full);
  CHECK(planScroll(state(100, 50), state(103, 52, 8), 1400).kind == ScrollPlan::Kind::Full);
  ScrollLayerState resized = state(103, 52);
  resized.height = 140;
  CHECK(planScroll(state(100, 50), resized, 1400).kind == ScrollPlan::Kind::Full);
}

TEST_CASE("ui scroll plan: nothing new keeps the texture as it is") {
  CHECK(planScroll(state(100, 50), state(100, 50), 1400).kind == ScrollPlan::Kind::Keep);
}

TEST_CASE("ui scroll plan: playing moves the pixels and draws the strip that scrolled in") {
  const ScrollPlan p = planScroll(state(100, 50), state(104, 53), 1400);
  CHECK(p.kind == ScrollPlan::Kind::Scroll);
  CHECK(p.shiftPx == 4);
  CHECK(p.freshFromPx == 1400);  // the settled part ends before the strip
  // A settled part reaching into the strip: the strip wins.
  CHECK(planScroll(state(100, 50), state(104, 53), 1499).freshFromPx == 1496);
  // New entries without a scroll (a paused view that steps): drawn over the old pixels.
  const ScrollPlan still = planScroll(state(100, 50), state(100, 51), 1400);
  CHECK(still.kind == ScrollPlan::Kind::Scroll);
  CHECK(still.shiftPx == 0);
}

TEST_CASE("ui scroll plan: a scroll back, a jump of a whole width or a shorter timeline repaints whole") {
  CHECK(planScroll(state(100, 50), state(99, 50), 1400).kind == ScrollPlan::Kind::Full);
  CHECK(planScroll(state(100, 50), state(1600, 50), 1400).kind == ScrollPlan::Kind::Full);
  CHECK(planScroll(state(100, 50), state(104, 49), 1400).kind == ScrollPlan::Kind::Full);
  CHECK(planScroll(state(100, 50), state(104, 53), 0).kind == ScrollPlan::Kind::Full);  // nothing settled
}
