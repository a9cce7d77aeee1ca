#include "label_placement.hpp"

#include <algorithm>
#include <numeric>

namespace zabscope {

std::vector<bool> placeLabels(const std::vector<LabelRequest>& requests, const std::vector<Box>& obstacles,
                              std::size_t maxLabels, std::optional<Box> bounds) {
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return requests[a].priority < requests[b].priority; });
  std::vector<bool> drawn(requests.size(), false);
  std::vector<Box> placed;
  for (std::size_t i : order) {
    if (placed.size() >= maxLabels) break;
    const Box& b = requests[i].box;
    auto hits = [&](const Box& o) { return b.overlaps(o); };
    if (bounds && !(b.x0 >= bounds->x0 && b.y0 >= bounds->y0 && b.x1 <= bounds->x1 && b.y1 <= bounds->y1)) continue;
    if (std::any_of(obstacles.begin(), obstacles.end(), hits) || std::any_of(placed.begin(), placed.end(), hits))
      continue;
    placed.push_back(b);
    drawn[i] = true;
  }
  return drawn;
}

}  // namespace zabscope
