#pragma once
// How many of a toolbar's items fit on its one row. The rest go behind a "More" button at the
// row's end, instead of running past the window's edge: at 1280x720 --scale 2 the toolbar's
// "manual delivery" and "Presenter view" were drawn outside the window, out of reach.
// Headless (widths in, a count out), so a test can check it at every classroom size.
#include <cstddef>
#include <vector>

namespace zabscope {

// The items' widths in order, the gap between two items, the row's width, and the width of the
// "More" button. Returns how many leading items to draw on the row: all of them when they fit,
// else as many as fit with the "More" button after them.
std::size_t toolbarItemsThatFit(const std::vector<float>& widths, float spacing, float rowWidth, float moreWidth);

}  // namespace zabscope
