#pragma once
// How much of a dense space-time window to draw. A software renderer (Mesa llvmpipe: Xvfb,
// a projector laptop without a GPU driver) pays for a line by its length, about 20 ns per
// pixel, so a window of a few hundred long arrows costs tens of milliseconds a frame. The
// panel therefore draws the routine messages (broadcast, pings) as an even sample whose total
// length stays within a budget, says so, and shows every one again when zoomed in. The rare
// ones (election, discovery, sync, client) are always drawn. Pure maths, unit-tested.
#include <cstddef>

namespace zabscope {

// The length of segment (ax, ay)-(bx, by) inside the vertical band x0 <= x <= x1.
float clippedLength(float ax, float ay, float bx, float by, float x0, float x1);

// Draw every k-th of the sampled lines so that their total length stays within budget; k = 1
// draws them all.
std::size_t inkStride(double totalLength, double budget);

}  // namespace zabscope
