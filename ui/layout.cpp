#include "layout.hpp"

#include <algorithm>
#include <cmath>

namespace zabscope {

EnsembleLayout layoutEnsemble(const std::vector<zab::Sid>& participants, const std::vector<zab::Sid>& observers,
                              float width, float height, float fontSize) {
  EnsembleLayout l;
  const float observerBand = observers.empty() ? 0.0f : fontSize * 7.0f;
  const float ringHeight = std::max(1.0f, height - observerBand);
  const float n = static_cast<float>(std::max<std::size_t>(1, participants.size()));
  // Room above the top node for its rim, below the bottom node for its four-line card, and
  // beside the side nodes for half a card. On a wide canvas the ring becomes an ellipse (up to
  // twice as wide as tall), so that neighbouring cards do not overlap.
  const float maxNode = fontSize * 2.6f;
  const float top = maxNode + fontSize * 0.3f, bottom = maxNode + fontSize * 4.6f, side = fontSize * 7.0f;
  l.ringRadius = std::max(fontSize * 3.0f, (ringHeight - top - bottom) * 0.5f);
  l.ringRadiusX = std::clamp(width * 0.5f - side, l.ringRadius, 2.0f * l.ringRadius);
  l.ringCentre = {width * 0.5f, top + l.ringRadius};
  // Nodes shrink when the ring is crowded, but never below two text lines.
  const float spacing = 2.0f * 3.14159265f * l.ringRadius / n;
  l.nodeRadius = std::clamp(spacing * 0.28f, fontSize * 1.2f, maxNode);
  for (std::size_t i = 0; i < participants.size(); ++i) {
    float a = -3.14159265f / 2.0f + 2.0f * 3.14159265f * static_cast<float>(i) / n;
    l.centre[participants[i]] = {l.ringCentre.x + l.ringRadiusX * std::cos(a),
                                 l.ringCentre.y + l.ringRadius * std::sin(a)};
  }
  for (std::size_t i = 0; i < observers.size(); ++i) {
    float x = width * (static_cast<float>(i) + 1.0f) / (static_cast<float>(observers.size()) + 1.0f);
    l.centre[observers[i]] = {x, height - observerBand * 0.5f};
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
