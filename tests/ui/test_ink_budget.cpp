// The space-time diagram's ink budget: how long a line is inside the plot, and how thinly a
// dense window is sampled.
#include <catch2/catch.hpp>

#include "ink_budget.hpp"

using namespace zabscope;

TEST_CASE("ui ink: a line inside the band counts whole") {
  CHECK(clippedLength(10, 0, 40, 40, 0, 100) == Approx(50));
  CHECK(clippedLength(40, 40, 10, 0, 0, 100) == Approx(50));  // either direction
}

TEST_CASE("ui ink: only the part inside the band counts") {
  // From x = -100 to x = 100, horizontal: half of it is in [0, 100].
  CHECK(clippedLength(-100, 5, 100, 5, 0, 100) == Approx(100));
  // Diagonal 3-4-5, cut to its middle third in x.
  CHECK(clippedLength(0, 0, 300, 400, 100, 200) == Approx(500.0 / 3));
  // Entirely outside.
  CHECK(clippedLength(-50, 0, -10, 10, 0, 100) == Approx(0));
  CHECK(clippedLength(150, 0, 200, 10, 0, 100) == Approx(0));
}

TEST_CASE("ui ink: a vertical line counts its height") {
  CHECK(clippedLength(50, 10, 50, 90, 0, 100) == Approx(80));
  CHECK(clippedLength(150, 10, 150, 90, 0, 100) == Approx(0));
}

TEST_CASE("ui ink: within budget everything is drawn - beyond it an even sample") {
  CHECK(inkStride(0, 1000) == 1);
  CHECK(inkStride(1000, 1000) == 1);
  CHECK(inkStride(1001, 1000) == 2);
  CHECK(inkStride(10000, 1000) == 10);
  CHECK(inkStride(10001, 1000) == 11);
  CHECK(inkStride(500, 0) == 1);  // no budget: no thinning
}
