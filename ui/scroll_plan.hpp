#pragma once
// How a picture that scrolls sideways (the space-time diagram) is brought up to date in the
// texture that keeps it between frames (app/layer_texture): repainted whole, or its pixels
// moved left by whole columns and only the fresh strip at the right drawn, plus what was
// appended since (new arrows, drawn over the moved pixels in the order a full repaint draws
// them). Which one is decided here, headless, from what the texture holds and what the frame
// wants; the drawing itself is app/layer_texture's.
#include <cstddef>
#include <cstdint>

namespace zabscope {

// What a layer texture holds, or what a frame wants it to hold.
struct ScrollLayerState {
  bool valid = false;          // false: nothing yet (or lost): repaint whole
  std::uint64_t key = 0;       // everything besides the scroll that decides its pixels (zoom, lanes, theme...)
  std::int64_t scrollPx = 0;   // the content column at the layer's left edge
  std::size_t entries = 0;     // timeline entries drawn into it (a prefix of the timeline)
  int width = 0, height = 0;   // in pixels
};

struct ScrollPlan {
  enum class Kind { Keep, Scroll, Full };
  Kind kind = Kind::Full;
  int shiftPx = 0;      // Scroll: existing pixels move this many columns left
  int freshFromPx = 0;  // Scroll: from this column to the right edge everything is drawn anew;
                        // left of it only the entries from held.entries on, over the moved pixels
};

// `settledBeforePx`: in the wanted frame's columns, the first one that something other than an
// appended entry may have changed (where the newest held entry was, less a margin: a quiet gap
// that closes starts there). Keep when nothing changed; Scroll when the key and size are the
// same, the view moved right (or stayed) by less than the width and the timeline only grew;
// otherwise Full.
ScrollPlan planScroll(const ScrollLayerState& held, const ScrollLayerState& want, std::int64_t settledBeforePx);

}  // namespace zabscope
