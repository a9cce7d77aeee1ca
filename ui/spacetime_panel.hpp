#pragma once
// The space-time diagram (ShiViz-like): one lane per peer, time flowing left to right, every
// delivered message an arrow from the sender's lane at its send time to the receiver's lane
// at its delivery time. Commands, election decisions and lost transmissions are markers.
//
// Records carry the delivery of a frame, not its sending, so the panel learns send times by
// watching the frames in flight (InFlight::sentAt). Frames sent and delivered between two
// drawn frames (a "run until leader", a jump) were never seen in flight; for those in the
// visible window the panel asks for a replay: a posted command visits the timeline step just
// before each such delivery (where the frame is still in flight), reads its send time and
// returns the cursor to where it was. The model ends up exactly as before (replay is
// deterministic). Until then, or with "exact send times" off, such a frame is a short dashed
// arrow ending at its delivery: the direction is known, the send time is not.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app_state.hpp"
#include "scroll_layer.hpp"

namespace zabscope {

struct SpaceTimePanel {
  bool follow = true;           // the right edge is "now"
  bool showHeartbeats = false;  // PING
  // A lesson step that points at PING turns the pings on once, when it is reached (the box
  // stays the user's: unticking it then is respected).
  std::string lessonHighlightSeen;
  bool showTransport = false;   // connection requests, accepts and closes
  bool showLabels = true;       // message names on the arrows, when there is room
  bool exactSendTimes = true;   // replay to learn the send time of frames never seen in flight
  // Quiet stretches (no event for longer than kQuietMs) are drawn kQuietMs wide and shaded, so
  // a 200 ms finalize wait does not squeeze the election into a sliver. Off: linear time.
  bool compressQuiet = true;
  static constexpr double kQuietMs = 25;
  double spanMs = 300;          // width of the visible window, in display ms (see compressQuiet)
  double startMs = 0;           // its left edge when not following, in display ms

  void draw(AppState& app);
  // In its strip (dockPos, dockSize, with the layout's window flags) or, when app.diagram is
  // Detached, in a window of its own that the user moves and sizes; closing it docks it again.
  // Handles key D (docked -> enlarged -> detached).
  void drawPlaced(AppState& app, ImVec2 dockPos, ImVec2 dockSize, int dockFlags);
  // The part of the diagram kept in a texture between frames; app/layer_texture draws it.
  ScrollLayer& layer() { return layer_; }

 private:
  struct Sent {
    zab::Sid from = 0;
    zab::Sid to = 0;
    std::int64_t sentAt = 0;
    std::string label;
  };
  void harvest(const zab::sim::Simulation& sim);
  void index(const Session& s);
  const Sent* sendOf(const Record& r) const;
  double toDisplay(double t) const;    // virtual time -> display time
  double fromDisplay(double d) const;  // and back
  void requestBackfill(AppState& app, std::vector<std::size_t> missing);
  void placementButtons(AppState& app);

  // Lookups only (never iterated), so hash order cannot leak anywhere.
  std::unordered_map<std::uint64_t, Sent> sent_;  // frame id -> how it was sent
  std::vector<std::int64_t> times_;               // per entry: its time, non-decreasing
  std::vector<double> disp_;                      // per entry: its display time (quiet gaps shortened)
  std::uint64_t timeline_ = 0;                    // branch signature the caches belong to
  std::uint64_t lastFingerprint_ = 0;             // of entries[times_.size() - 1]
  std::set<std::size_t> tried_;                   // entries whose backfill was attempted
  bool backfillPosted_ = false;
  int stableFrames_ = 0;                          // frames the cursor has not moved
  std::pair<std::size_t, std::size_t> lastWhere_{static_cast<std::size_t>(-1), 0};  // cursor, length
  bool dragged_ = false;
  ScrollLayer layer_;
  std::size_t stride_ = 1;          // entries sampled in a dense window (a power of two)
  std::size_t thin_ = 1;            // routine arrows drawn: 1 in thin_ (a power of two)
  bool dense_ = false;              // thin lines, no start dots
  std::uint64_t sentGeneration_ = 0;  // counts backfills: arrows may change
};

}  // namespace zabscope
