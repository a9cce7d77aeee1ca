#pragma once
// The messages in flight on the ensemble canvas and which of them get a label. Each frame in a
// connection's queue sits between its sender and receiver, moved along the link by the view
// clock; the two directions of a link sit on either side of it and queued frames stack. Labels
// go where they fit (label_placement.hpp): the selected message first, then the rarer
// election/discovery/sync/client ones, then broadcast, then pings; the others are dots that
// name themselves on hover. A label keeps clear of the peers and their cards, the vote
// comparison and the "N messages in flight" note at the bottom, and stays inside the canvas,
// so no label text is ever drawn over other text. Headless (text is measured through a
// function), so a test can check that for a real run at every classroom size.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "box.hpp"
#include "ensemble_scene.hpp"

namespace zabscope {

struct InFlightDot {
  std::uint64_t id = 0;
  Point pos;  // canvas-relative
  zab::Family family = zab::Family::Peer;
  std::string_view type;  // the frame's type, a static string: "notification", "PING", "PROPOSAL", "close"...
  std::string text;  // "PROPOSAL 1:5", "+3" when frames queue behind it, "(retry 2)" when resent
  Box label;         // canvas-relative: where its label goes if it gets one
  int priority = 0;  // 0 selected, 1 rare families, 2 broadcast, 3 pings
  bool labelled = false;
};

struct InFlightView {
  double viewTimeMs = 0;
  float fontSize = 16;
  bool showHeartbeats = false;
  std::optional<std::uint64_t> selected;
  // A lesson step's "highlight: message TYPE": those frames are labelled first, with the selected
  // one (a step that points at TRUNC and leaves it an unnamed dot points at nothing).
  std::string highlightedType;
  std::size_t maxLabels = 16;  // beyond this the view is unreadable anyway
};

std::vector<InFlightDot> placeInFlightMessages(const zab::sim::Simulation& sim, const EnsembleScene& scene,
                                               float width, float height, const TextWidth& textWidth,
                                               const InFlightView& view);

// What a message label must not cover: discs, cards, the vote comparison and the note.
std::vector<Box> messageLabelObstacles(const EnsembleScene& scene);

}  // namespace zabscope
