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
