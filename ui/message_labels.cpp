#include "message_labels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "label_placement.hpp"

namespace zabscope {

using zab::Family;
using zab::Sid;

std::vector<Box> messageLabelObstacles(const EnsembleScene& scene) {
  std::vector<Box> out = scene.obstacles();
  if (!scene.comparison.empty()) out.push_back(scene.comparison);
  // The note is drawn only when some dot has no label, which is known only after placing;
  // its line is kept clear always, so a label never appears and vanishes with the note.
  out.push_back(scene.note);
  return out;
}

std::vector<InFlightDot> placeInFlightMessages(const zab::sim::Simulation& sim, const EnsembleScene& scene,
                                               float width, float height, const TextWidth& textWidth,
                                               const InFlightView& view) {
  const EnsembleLayout& layout = scene.layout;
  const float fs = view.fontSize, r = layout.nodeRadius;
  std::vector<InFlightDot> dots;
  std::vector<Box> obstacles;  // made when a selected or highlighted label needs a free place
  for (const auto& [id, c] : sim.connections()) {
    for (int dir = 0; dir < 2; ++dir) {
      const Sid from = dir == 0 ? c.initiator : c.acceptor, to = dir == 0 ? c.acceptor : c.initiator;
      const auto a = layout.centre.find(from), b = layout.centre.find(to);
      if (a == layout.centre.end() || b == layout.centre.end()) continue;
      std::size_t onLink = 0;
      for (const auto& f : c.queue[dir]) onLink += (f.family != Family::Heartbeat || view.showHeartbeats) ? 1 : 0;
      int lane = 0;
      for (const auto& f : c.queue[dir]) {
        if (f.family == Family::Heartbeat && !view.showHeartbeats) continue;
        const double span = std::max<double>(1.0, static_cast<double>(f.readyAt - f.sentAt));
        const float t = static_cast<float>((view.viewTimeMs - static_cast<double>(f.sentAt)) / span);
        const Point p = alongLink(a->second, b->second, t, r);
        // Offset the two directions to either side of the link, and stack queued frames.
        const float dx = b->second.x - a->second.x, dy = b->second.y - a->second.y;
        const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
        const float off = fs * (0.6f + 1.1f * static_cast<float>(lane % 3));
        InFlightDot d;
        d.id = f.id;
        d.pos = Point{p.x - dy / len * off, p.y + dx / len * off};
        d.family = f.family;
        d.type = f.type;
        d.text = zab::sim::frameLabel(c, f);
        if (f.attempts > 0) d.text += fmt::format(" (retry {})", f.attempts);
        if (lane == 0 && onLink > 1) d.text += fmt::format("  +{}", onLink - 1);
        const float tw = textWidth(d.text);
        d.label = Box{d.pos.x - tw * 0.5f - 3, d.pos.y - fs * 0.5f - 1, d.pos.x + tw * 0.5f + 3, d.pos.y + fs * 0.5f + 1};
        const bool isSelected = view.selected && *view.selected == f.id;
        const bool highlighted = !view.highlightedType.empty() && f.type == view.highlightedType;
        d.priority = isSelected || highlighted ? 0 : f.family == Family::Broadcast ? 2 : f.family == Family::Heartbeat ? 3 : 1;
        if (d.priority == 0) {
          // The message the user or the lesson points at is often just leaving a disc, where its
          // label would cover the disc or its card: slide the label along the link towards the
          // receiver, then beside it, to the first place that is free.
          if (obstacles.empty()) obstacles = messageLabelObstacles(scene);
          const auto clear = [&](const Box& box) {
            return std::none_of(obstacles.begin(), obstacles.end(), [&](const Box& o) { return o.overlaps(box); });
          };
          if (!clear(d.label)) {
            const float ux = dx / len, uy = dy / len;
            for (int k = 1; k <= 12; ++k) {
              const float step = fs * 0.75f * static_cast<float>(k);
              const float side = (k % 2 == 0) ? fs : 0.0f;
              const Box moved = d.label.translated(ux * step - uy * side, uy * step + ux * side);
              if (clear(moved)) {
                d.label = moved;
                break;
              }
            }
          }
        }
        dots.push_back(std::move(d));
        ++lane;
      }
    }
  }
  std::vector<LabelRequest> requests;
  requests.reserve(dots.size());
  for (const InFlightDot& d : dots) requests.push_back(LabelRequest{d.label, d.priority});
  const std::vector<bool> labelled =
      placeLabels(requests, messageLabelObstacles(scene), view.maxLabels, Box{0, 0, width, height});
  for (std::size_t i = 0; i < dots.size(); ++i) dots[i].labelled = labelled[i];
  return dots;
}

}  // namespace zabscope
