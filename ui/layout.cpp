#include "layout.hpp"

#include <algorithm>
#include <cmath>

namespace zabscope {

EnsembleLayout layoutEnsemble(const std::vector<zab::Sid>& participants, const std::vector<zab::Sid>& observers,
                              float width, float height, float fontSize) {
  EnsembleLayout l;
  const float observerBand = observers.empty() ? 0.0f : fontSize * 7.0f;
  const float ringHeight = std::max(1.0f, height - observerBand);
  l.ringCentre = {width * 0.5f, ringHeight * 0.5f};
  const float n = static_cast<float>(std::max<std::size_t>(1, participants.size()));
  // Nodes shrink when the ring is crowded, but never below two text lines.
  l.ringRadius = std::max(fontSize * 3.0f, std::min(width, ringHeight) * 0.5f - fontSize * 5.5f);
  const float spacing = 2.0f * 3.14159265f * l.ringRadius / n;
  l.nodeRadius = std::clamp(spacing * 0.28f, fontSize * 1.2f, fontSize * 2.6f);
  for (std::size_t i = 0; i < participants.size(); ++i) {
    float a = -3.14159265f / 2.0f + 2.0f * 3.14159265f * static_cast<float>(i) / n;
    l.centre[participants[i]] = {l.ringCentre.x + l.ringRadius * std::cos(a),
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
