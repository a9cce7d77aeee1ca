#pragma once
// The comparison view's one time axis (ui/comparison.hpp). Both runs are drawn in "shared ms":
// a run's own time minus its anchor, so that the two anchors (the failover's start, or each
// run's beginning) sit at 0 one above the other. A window of the axis is visible; these are the
// maths of it: where a time lands on screen, where a click lands on the axis, the tick spacing,
// the default window around the failover, and keeping the cursor in view. Headless; tested in
// tests/ui/test_comparison.cpp.
#include <cstdint>
#include <optional>

namespace zabscope {

struct AxisWindow {
  double startMs = 0;  // shared ms at the left edge
  double spanMs = 1000;

  double endMs() const { return startMs + spanMs; }
  // Screen x of shared time t, for a strip from `left` to `right` (pixels); and back.
  float xOf(double t, float left, float right) const;
  double timeAt(float x, float left, float right) const;
  // Zoom by `factor` (< 1: in) keeping the time `aroundMs` at the same place on screen.
  void zoom(double factor, double aroundMs);
  // Shift the window the least so that `t` lies inside, with `marginFraction` of the span spare.
  void keepVisible(double t, double marginFraction = 0.1);
};

inline constexpr double kMinSpanMs = 20;

// A run's own time as shared time, and back.
inline std::int64_t toShared(std::int64_t ownMs, std::int64_t anchorMs) { return ownMs - anchorMs; }
inline std::int64_t toOwn(std::int64_t sharedMs, std::int64_t anchorMs) { return sharedMs + anchorMs; }

// Tick spacing: the smallest of 1, 2, 5 x 10^k ms whose ticks are at least `minGapPx` apart
// when `spanMs` spans `widthPx` pixels.
double tickStepMs(double spanMs, float widthPx, float minGapPx);

// The window first shown: the failover on both runs, from a little before the anchor (0) to a
// little after the later of the two new leaders (`engineElectionMs`, `realElectionMs`: their
// times after the anchor, when known). Without a failover: both whole runs (`firstMs`..`lastMs`).
AxisWindow failoverWindow(std::optional<double> engineElectionMs, std::optional<double> realElectionMs,
                          double firstMs, double lastMs);

}  // namespace zabscope
