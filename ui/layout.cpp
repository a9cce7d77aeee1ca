#include "layout.hpp"

#include <algorithm>
#include <cmath>

namespace zabscope {

EnsembleLayout layoutEnsemble(const std::vector<zab::Sid>& participants, const std::vector<zab::Sid>& observers,
                              float width, float height, float fontSize) {
  EnsembleLayout l;
  const float pi = 3.14159265f;
  // Each node has a four-line card under it (about 4.6 lines with its gap) and half a card's
  // width on either side; nodes shrink on a small canvas, never below two text lines.
  const float maxNode = std::clamp(std::min(width, height) / 12.0f, fontSize * 1.2f, fontSize * 2.6f);
  const float cardBelow = fontSize * 4.6f, halfCard = fontSize * 7.0f;
  // Observers are drawn apart: in a column on the right of a wide canvas, else in a row below.
  const bool column = !observers.empty() && width >= 1.6f * height;
  const float observerRow = observers.empty() || column ? 0.0f : 2.0f * maxNode + cardBelow + fontSize * 0.5f;
  const float observerColumn = column ? 2.0f * halfCard : 0.0f;
  const float ringWidth = std::max(1.0f, width - observerColumn), ringHeight = std::max(1.0f, height - observerRow);

  // Room above the top node for its rim, below the bottom node for its card, beside the side
  // nodes for half a card. A wide area makes the ring an ellipse (up to 2.5 times as wide as
  // tall) so that neighbouring cards do not overlap.
  const float top = maxNode + fontSize * 0.3f, bottom = maxNode + cardBelow;
  l.ringRadius = std::max(fontSize * 3.0f, (ringHeight - top - bottom) * 0.5f);
  l.ringRadiusX = std::clamp(ringWidth * 0.5f - halfCard, l.ringRadius, 2.5f * l.ringRadius);
  l.ringCentre = {ringWidth * 0.5f, top + l.ringRadius};
  const float n = static_cast<float>(std::max<std::size_t>(1, participants.size()));
  const float spacing = pi * (l.ringRadius + l.ringRadiusX) / n;  // about the ellipse's perimeter / n
  l.nodeRadius = std::clamp(spacing * 0.28f, fontSize * 1.2f, maxNode);
  for (std::size_t i = 0; i < participants.size(); ++i) {
    float a = -pi / 2.0f + 2.0f * pi * static_cast<float>(i) / n;
    l.centre[participants[i]] = {l.ringCentre.x + l.ringRadiusX * std::cos(a),
                                 l.ringCentre.y + l.ringRadius * std::sin(a)};
  }
  const float k = static_cast<float>(observers.size());
  for (std::size_t i = 0; i < observers.size(); ++i) {
    const float f = static_cast<float>(i);
    if (column) {
      const float slot = height / k;  // each observer's node and card in its own slot
      l.centre[observers[i]] = {width - halfCard, slot * f + std::min(slot * 0.5f, top)};
    } else {
      l.centre[observers[i]] = {width * (f + 1.0f) / (k + 1.0f), height - observerRow + top};
    }
  }
  return l;
}

Point alongLink(Point a, Point b, float t, float nodeRadius) {
  float dx = b.x - a.x, dy = b.y - a.y;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1e-3f) return a;
  float start = std::min(nodeRadius, len * 0.5f) / len;
  float end = 1.0f - start;
  float f = start + (end - start) * std::clamp(t, 0.0f, 1.0f);
  return {a.x + dx * f, a.y + dy * f};
}

}  // namespace zabscope
