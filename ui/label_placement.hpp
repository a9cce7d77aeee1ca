#pragma once
// Which labels fit. A busy ensemble has hundreds of messages in flight; labelling each one
// buries the peers under a heap of overlapping text (and costs a software renderer tens of
// milliseconds a frame). Labels are therefore placed greedily, most important first, and one
// that would overlap a label already placed or an obstacle (a peer, its card) is left out:
// its message is still drawn, as a dot that names itself on hover. Pure maths, unit-tested.
#include <cstddef>
#include <optional>
#include <vector>

#include "box.hpp"

namespace zabscope {

struct LabelRequest {
  Box box;
  int priority = 0;  // smaller goes first; equal priorities keep their input order
};

// Per request, whether its label is drawn: at most `maxLabels` of them, none overlapping
// another drawn label or any obstacle, and each wholly inside `bounds` when it is given (a
// label cut by the canvas edge is worse than a dot).
std::vector<bool> placeLabels(const std::vector<LabelRequest>& requests, const std::vector<Box>& obstacles,
                              std::size_t maxLabels, std::optional<Box> bounds = std::nullopt);

}  // namespace zabscope
