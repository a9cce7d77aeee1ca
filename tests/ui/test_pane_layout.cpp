// The window's panes: where "enlarge" puts the space-time diagram on a tall screen and on a
// short one (a projector at --scale 2, where the diagram is a tab of the details pane).
#include <catch2/catch.hpp>

#include "pane_layout.hpp"

using namespace zabscope;

TEST_CASE("pane layout: enlarge gives the diagram more room, also where it is a tab") {
  const float fs = 26.0f;  // 13 px at --scale 2
  PaneFractions normal, enlarged;
  enlarged.spacetimeLarge = true;
  // 1280x720 at scale 2: compact, the diagram is a tab of the details pane, which widens.
  const PaneRects a = layoutPanes(1280, 700, fs, normal, false), b = layoutPanes(1280, 700, fs, enlarged, false);
  REQUIRE(a.compact);
  REQUIRE(b.compact);
  CHECK(b.details.w > a.details.w * 1.3f);
  CHECK(b.ensemble.w > 0);
  // 1600x900 at scale 1: the strip grows in height.
  const PaneRects c = layoutPanes(1600, 880, 13.0f, normal, false), d = layoutPanes(1600, 880, 13.0f, enlarged, false);
  REQUIRE_FALSE(c.compact);
  CHECK(d.spacetime.h > c.spacetime.h * 2.0f);
}

TEST_CASE("pane layout: the presenter view gives a running lesson the right part of the ring's area") {
  // With a lesson running, present on showed only the ring and the caption: the question and
  // its choices were gone from the projector.
  const float fs = 32.0f;  // 1280x720 at --scale 2
  const PaneRects p = layoutPanes(1280, 690, fs, PaneFractions{}, true);
  const PaneRects l = withLessonBeside(p, fs);
  CHECK(l.ensemble.x == p.ensemble.x);
  CHECK(l.ensemble.y == p.ensemble.y);
  CHECK(l.ensemble.h == p.ensemble.h);
  CHECK(l.details.x == Approx(l.ensemble.x + l.ensemble.w));       // side by side, no overlap
  CHECK(l.details.x + l.details.w == Approx(p.ensemble.x + p.ensemble.w));
  CHECK(l.details.w >= fs * 14.0f);                                  // a question's line
  CHECK(l.ensemble.w >= l.details.w);                                // the ring keeps at least half
  CHECK(l.caption.y == p.caption.y);                                 // the caption stays below both
  CHECK(l.details.y + l.details.h <= l.caption.y + 0.5f);
}
