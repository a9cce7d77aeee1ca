#pragma once
// Damage with holes. A changed run of an ensemble's triangles spans the whole ring when the
// messages in flight move on every chord, but the pixels that differ lie only under the
// triangles that moved or changed: covering each one's box with cells of a fixed grid and
// repainting the cells, not their bounding box, leaves out the unchanged peers and cards
// between them (issue 11 point 12). No OpenGL here: unit-tested headless.
#include <vector>

#include "box.hpp"

namespace zabscope {

// Rectangles, pairwise disjoint, whose union holds every box of `boxes`: the cells of a grid
// `cell` units wide (aligned on multiples of it) that a box meets, cut to the boxes' bounding
// box, joined along rows and then down identical column spans.
std::vector<Box> coverWithCells(const std::vector<Box>& boxes, float cell);

}  // namespace zabscope
