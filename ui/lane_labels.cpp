#include "lane_labels.hpp"

#include "label_placement.hpp"

namespace zabscope {

std::vector<float> laneCentres(float top, float bottom, std::size_t n) {
  std::vector<float> out(n);
  const float gap = n == 0 ? 0.0f : (bottom - top) / static_cast<float>(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = top + gap * (static_cast<float>(i) + 0.5f);
  return out;
}

std::vector<bool> laneNamesThatFit(const std::vector<float>& centres, float textHeight,
                                   std::optional<std::size_t> first) {
  // All names share one column, so only their heights matter: boxes of width 1.
  std::vector<LabelRequest> requests;
  requests.reserve(centres.size());
  for (std::size_t i = 0; i < centres.size(); ++i)
    requests.push_back(LabelRequest{Box{0, centres[i] - textHeight * 0.5f, 1, centres[i] + textHeight * 0.5f},
                                    first && *first == i ? 0 : 1});
  return placeLabels(requests, {}, centres.size());
}

}  // namespace zabscope
