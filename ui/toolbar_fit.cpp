#include "toolbar_fit.hpp"

namespace zabscope {

std::size_t toolbarItemsThatFit(const std::vector<float>& widths, float spacing, float rowWidth, float moreWidth) {
  float all = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) all += (i ? spacing : 0.0f) + widths[i];
  if (all <= rowWidth) return widths.size();
  // Some must go: keep the leading items while they and the "More" button fit.
  float x = 0;
  std::size_t n = 0;
  while (n < widths.size() && x + (n ? spacing : 0.0f) + widths[n] + spacing + moreWidth <= rowWidth) {
    x += (n ? spacing : 0.0f) + widths[n];
    ++n;
  }
  return n;
}

}  // namespace zabscope
