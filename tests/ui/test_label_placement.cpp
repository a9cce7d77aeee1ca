// Label placement in the ensemble view: most important first, never overlapping each other or
// a peer, and at most a fixed number, so a busy ensemble stays readable.
#include <catch2/catch.hpp>

#include "label_placement.hpp"
#include "lane_labels.hpp"

using namespace zabscope;

namespace {
Box at(float x, float y) { return Box{x, y, x + 10, y + 4}; }
}  // namespace

TEST_CASE("ui labels: overlapping labels - the first in priority order wins") {
  // Two labels on the same spot: the broadcast one (priority 2) is listed first but the
  // election one (priority 1) is placed.
  std::vector<LabelRequest> r{{at(0, 0), 2}, {at(5, 2), 1}, {at(50, 0), 2}};
  auto drawn = placeLabels(r, {}, 10);
  CHECK(drawn == std::vector<bool>{false, true, true});
}

TEST_CASE("ui labels: equal priorities keep their input order") {
  std::vector<LabelRequest> r{{at(0, 0), 1}, {at(5, 0), 1}};
  CHECK(placeLabels(r, {}, 10) == std::vector<bool>{true, false});
}

TEST_CASE("ui labels: labels never cover an obstacle") {
  std::vector<LabelRequest> r{{at(0, 0), 0}, {at(100, 100), 0}};
  std::vector<Box> peers{Box{95, 95, 120, 120}};
  CHECK(placeLabels(r, peers, 10) == std::vector<bool>{true, false});
}

TEST_CASE("ui labels: touching edges do not count as overlap") {
  std::vector<LabelRequest> r{{Box{0, 0, 10, 4}, 0}, {Box{10, 0, 20, 4}, 0}, {Box{0, 4, 10, 8}, 0}};
  CHECK(placeLabels(r, {}, 10) == std::vector<bool>{true, true, true});
}

TEST_CASE("ui labels: at most maxLabels are drawn") {
  std::vector<LabelRequest> r;
  for (int i = 0; i < 300; ++i) r.push_back({at(static_cast<float>(i) * 20, 0), i % 3});
  auto drawn = placeLabels(r, {}, 40);
  std::size_t n = 0;
  for (bool d : drawn) n += d ? 1 : 0;
  CHECK(n == 40);
  // The 40 places go to the most important: the 100 priority-0 requests come first.
  for (std::size_t i = 0; i < r.size(); ++i)
    if (drawn[i]) CHECK(r[i].priority == 0);
}

TEST_CASE("ui labels: a label cut by the bounds is not placed") {
  std::vector<LabelRequest> r{{at(0, 0), 0}, {at(95, 0), 0}, {at(-1, 20), 0}};
  CHECK(placeLabels(r, {}, 10, Box{0, 0, 100, 100}) == std::vector<bool>{true, false, false});
}

TEST_CASE("ui labels: space-time lane names never overlap, the leader's is always written") {
  // Every diagram height from a sliver to a 4K screen, every font size from 1280x720 --scale 1
  // to 3840x2160 --scale 2.4, and the classroom's ensembles (3, 5, 7 and 15 + 3 lanes).
  for (std::size_t n : {3u, 5u, 7u, 18u}) {
    for (float fs : {16.0f, 24.0f, 32.0f, 38.4f}) {
      for (float h = fs; h < 2000.0f; h += 7.0f) {
        const std::vector<float> ys = laneCentres(100.0f, 100.0f + h, n);
        REQUIRE(ys.size() == n);
        for (std::size_t leader : {std::size_t{0}, n / 2, n - 1}) {
          const std::vector<bool> named = laneNamesThatFit(ys, fs, leader);
          INFO("lanes " << n << ", font " << fs << " px, diagram " << h << " px, leader lane " << leader);
          CHECK(named[leader]);
          float lastBottom = -1e9f;
          std::size_t count = 0;
          for (std::size_t i = 0; i < n; ++i) {
            if (!named[i]) continue;
            ++count;
            CHECK(ys[i] - fs * 0.5f >= lastBottom);  // below the name above it (boxes may touch)
            lastBottom = ys[i] + fs * 0.5f;
          }
          // Where the lanes are a line of text apart, every lane is named.
          if (h / static_cast<float>(n) >= fs) CHECK(count == n);
          // Otherwise about every other or third: as many as the height holds, within one.
          else CHECK(count + 2 >= static_cast<std::size_t>(h / fs) / 2);
        }
      }
    }
  }
}
