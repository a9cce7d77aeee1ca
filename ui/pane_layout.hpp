#pragma once
// Where the main window's panes go: controls on top, the ensemble canvas, the details tabs on
// its right, the space-time diagram below; or, in the presenter view, only a slim control strip,
// the ensemble and a caption bar. Headless (no ImGui) so a test can check every screen size.
#include <string>

namespace zabscope {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  float right() const { return x + w; }
  float bottom() const { return y + h; }
};

// What the user chose by dragging the splitters; saved between runs (layout_settings.hpp).
struct PaneFractions {
  float details = 0.36f;    // share of the width for the details tabs
  float spacetime = 0.24f;  // share of the height for the space-time diagram
  bool spacetimeLarge = false;     // the diagram enlarged to most of the window
  bool spacetimeDetached = false;  // the diagram in a window of its own: no strip (not saved)
};

struct PaneRects {
  Rect controls, ensemble, details, spacetime, caption;
  Rect splitVertical;    // between the ensemble and the details (drag left/right)
  Rect splitHorizontal;  // above the space-time diagram (drag up/down)
  bool presenter = false;
  // A screen under kCompactLines font sizes tall (1280x720 at --scale 1.5 or 2) has no room for
  // a diagram under the ensemble: the diagram moves into a tab of the details pane.
  bool compact = false;
};

constexpr float kCompactLines = 36.0f;

// The splitter grips are this many font sizes thick.
constexpr float kSplitterThickness = 0.45f;

PaneRects layoutPanes(float width, float height, float fontSize, const PaneFractions& f, bool presenter);
// The UI scale the fonts are made at (16 px times it). The presenter view reads from the back
// row: its text is at least 1.6 times the size of the UI's at 720 lines (a projector), more on a
// taller window, and never smaller than the --scale asked for.
inline float fontScaleFor(float uiScale, float windowHeight, bool presenter) {
  const float presenterScale = 1.6f * windowHeight / 720.0f;
  return presenter && presenterScale > uiScale ? presenterScale : uiScale;
}
// The presenter view while a lesson runs: the lesson (its step, question, choices and feedback)
// takes the right part of the ensemble's area as `details`, so the class reads the question on
// the projector instead of only the ring and the caption.
PaneRects withLessonBeside(PaneRects r, float fontSize);
// The same rectangles `dy` lower (under the menu bar).
PaneRects shiftedDown(PaneRects r, float dy);

// The fractions a drag leads to, clamped so that no pane shrinks below what it needs.
PaneFractions dragVertical(const PaneFractions& f, float width, float fontSize, float mouseX);
PaneFractions dragHorizontal(const PaneFractions& f, float height, float fontSize, float mouseY);

}  // namespace zabscope
