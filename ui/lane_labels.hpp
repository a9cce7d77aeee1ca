#pragma once
// Which lane names the space-time diagram can write. With 15 + 3 peers in a short diagram the
// lanes are closer than a line of text, and writing every name piles them on top of each other.
// Names are therefore placed greedily: the leader's first (the lane a student looks for), then
// top to bottom, each only where it clears the names already written. A lane without a name
// keeps a swatch of its state colour and names itself on hover. Pure maths, unit-tested.
#include <cstddef>
#include <optional>
#include <vector>

namespace zabscope {

// The centres of n lanes spread evenly between top and bottom.
std::vector<float> laneCentres(float top, float bottom, std::size_t n);

// Per lane, whether its name (a box textHeight tall, centred on the lane) is written.
std::vector<bool> laneNamesThatFit(const std::vector<float>& centres, float textHeight,
                                   std::optional<std::size_t> first);

}  // namespace zabscope
