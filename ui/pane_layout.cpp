#include "pane_layout.hpp"

#include <algorithm>

namespace zabscope {

namespace {
// Heights in font sizes: the controls pane holds three rows of buttons and the status line;
// the presenter's strip one row of big buttons; its caption two lines of large text.
constexpr float kControlsLines = 7.2f, kPresenterStripLines = 2.4f, kCaptionLines = 4.4f;
// The least each pane needs to stay readable: a details tab with its table, a space-time
// diagram with a few lanes, an ensemble that can hold a ring.
constexpr float kMinDetailsLines = 20.0f, kMinSpacetimeLines = 7.0f, kMinEnsembleLines = 12.0f;

float clampDetails(float width, float fs, float fraction, bool compact = false) {
  // A short screen's tabs hold less anyway; the ensemble needs the width more.
  const float lo = std::min(0.5f, (compact ? 14.0f : kMinDetailsLines) * fs / std::max(1.0f, width));
  const float hi = std::max(lo, 1.0f - kMinEnsembleLines * 1.5f * fs / std::max(1.0f, width));
  return std::clamp(fraction, lo, hi);
}
float clampSpacetime(float height, float fs, float fraction) {
  const float usable = std::max(1.0f, height - kControlsLines * fs);
  const float lo = std::min(0.45f, kMinSpacetimeLines * fs / usable);
  const float hi = std::max(lo, 1.0f - kMinEnsembleLines * fs / usable);
  return std::clamp(fraction, lo, hi);
}
}  // namespace

PaneRects layoutPanes(float W, float H, float fs, const PaneFractions& f, bool presenter) {
  PaneRects r;
  r.presenter = presenter;
  if (presenter) {
    const float strip = kPresenterStripLines * fs, caption = kCaptionLines * fs;
    r.controls = {0, 0, W, strip};
    r.caption = {0, H - caption, W, caption};
    r.ensemble = {0, strip, W, std::max(1.0f, H - strip - caption)};
    return r;
  }
  const float topH = kControlsLines * fs;
  const float usable = std::max(1.0f, H - topH);
  // A short screen (the diagram goes to a tab) and a detached diagram (its own window) leave the
  // same three panes: controls on top, the ensemble and the details side by side below.
  const bool compact = H < kCompactLines * fs;
  if (compact || f.spacetimeDetached) {
    r.compact = compact;
    // On a short screen the diagram is a tab of the details: enlarging it widens that pane.
    const float share = compact && f.spacetimeLarge ? std::max(0.72f, f.details) : f.details;
    const float rightW = W * clampDetails(W, fs, share, compact);
    const float grip = kSplitterThickness * fs;
    r.controls = {0, 0, W, topH};
    r.ensemble = {0, topH, W - rightW, usable};
    r.details = {W - rightW, topH, rightW, usable};
    r.splitVertical = {W - rightW - grip * 0.5f, topH, grip, usable};
    return r;
  }
  // Enlarged: most of the height, the ensemble keeping its minimum (the peers stay in sight).
  const float st = clampSpacetime(H, fs, f.spacetimeLarge ? 0.75f : f.spacetime);
  const float bottomH = usable * st;
  const float midH = usable - bottomH;
  const float rightW = W * clampDetails(W, fs, f.details);
  const float grip = kSplitterThickness * fs;
  r.controls = {0, 0, W, topH};
  r.ensemble = {0, topH, W - rightW, midH};
  r.details = {W - rightW, topH, rightW, midH};
  r.spacetime = {0, topH + midH, W, bottomH};
  r.splitVertical = {W - rightW - grip * 0.5f, topH, grip, midH};
  r.splitHorizontal = {0, topH + midH - grip * 0.5f, W, grip};
  return r;
}

PaneRects shiftedDown(PaneRects r, float dy) {
  for (Rect* x : {&r.controls, &r.ensemble, &r.details, &r.spacetime, &r.caption, &r.splitVertical, &r.splitHorizontal})
    x->y += dy;
  return r;
}

PaneFractions dragVertical(const PaneFractions& f, float width, float fs, float mouseX) {
  PaneFractions out = f;
  out.details = clampDetails(width, fs, 1.0f - mouseX / std::max(1.0f, width));
  return out;
}

PaneFractions dragHorizontal(const PaneFractions& f, float height, float fs, float mouseY) {
  PaneFractions out = f;
  const float topH = kControlsLines * fs;
  const float usable = std::max(1.0f, height - topH);
  out.spacetime = clampSpacetime(height, fs, 1.0f - (mouseY - topH) / usable);
  out.spacetimeLarge = false;
  return out;
}

PaneRects withLessonBeside(PaneRects r, float fs) {
  const Rect all = r.ensemble;
  // About two fifths of the width, at least 14 font sizes (a question's line), at most half.
  const float lessonW = std::min(all.w * 0.5f, std::max(all.w * 0.4f, fs * 14.0f));
  r.ensemble = {all.x, all.y, all.w - lessonW, all.h};
  r.details = {all.x + all.w - lessonW, all.y, lessonW, all.h};
  return r;
}

}  // namespace zabscope
