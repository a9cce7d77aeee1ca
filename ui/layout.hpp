#pragma once
// Where peers sit in the ensemble view: participants on a ring (S1 at the top, clockwise;
// an ellipse on a wide canvas),
// observers on a separate row below it. Pure maths, unit-tested without a window.
#include <map>
#include <vector>

#include "zab/types.hpp"

namespace zabscope {

struct Point {
  float x = 0;
  float y = 0;
};

struct EnsembleLayout {
  std::map<zab::Sid, Point> centre;  // peer centres, relative to the canvas origin
  float nodeRadius = 0;
  Point ringCentre;
  float ringRadius = 0;   // vertical
  float ringRadiusX = 0;  // horizontal: the ring is an ellipse on a wide canvas
};

// `fontSize` sets the node size so that everything scales with the UI scale.
EnsembleLayout layoutEnsemble(const std::vector<zab::Sid>& participants, const std::vector<zab::Sid>& observers,
                              float width, float height, float fontSize);

// Position of a message on the segment a -> b at fraction t in [0, 1], stopping at the nodes' rims.
Point alongLink(Point a, Point b, float t, float nodeRadius);

}  // namespace zabscope
