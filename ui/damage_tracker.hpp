#pragma once
// Which parts of the screen changed since the last frame. Dear ImGui rebuilds every window's
// draw list each frame, and most of it comes out the same (a paused ensemble, the lesson text,
// the buttons). Each list is compared with its previous version as a sequence of triangles:
// the triangles they share at the start and at the end draw the same pixels in the same order,
// so only the bounding boxes of the triangles in between (before and now) can differ. Those
// are the rectangles to repaint; the rest of the previous frame can be kept
// (app/partial_renderer). Where both frames have the same runs of one clip rectangle (a
// toolbar, then a canvas), each run is compared apart, so that a changed range
// slider at the end of a toolbar and a moving canvas do not damage the buttons between them. On a software renderer this is the difference between repainting
// 1.4 million pixels and a few thousand. No OpenGL here: unit-tested headless.
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "box.hpp"

namespace zabscope {

using DamageRect = Box;  // in display coordinates

class DamageTracker {
 public:
  // The rectangles to repaint for this frame's draw data: nothing when the frame is the same
  // as the previous one, the whole display after invalidate(), on the first frame, on a
  // resize or when the windows' stacking order changed.
  std::vector<DamageRect> update(const ImDrawData& frame);
  // The next update() repaints everything (fonts rebuilt, theme changed).
  void invalidate() { valid_ = false; }
  // Off: a large changed run damages its whole box, as before cells (to compare).
  void useCells(bool on) { cells_ = on; }

  // At most this many separate rectangles; more are merged into their bounding box.
  static constexpr std::size_t kMaxRects = 160;
  // A changed run larger than this (display units squared) damages only the cells, kCell
  // wide, under the triangles that changed in it (damage_cells.hpp); a smaller one its box.
  static constexpr float kCell = 32.0f;
  static constexpr float kCellsFromArea = 16.0f * kCell * kCell;

  // One triangle as the renderer sees it: its vertices, clip rectangle and texture.
  struct Triangle {
    ImDrawVert v[3];
    ImVec4 clip;
    ImTextureID texture;
  };

 private:
  struct ListState {
    std::string key;  // owner window name, plus an ordinal if two lists share it
    std::vector<Triangle> triangles;
  };
  std::vector<ListState> previous_;
  std::vector<ListState> spare_;  // the frame before previous_, whose buffers the next update fills
  ImVec2 displaySize_{0, 0};
  bool valid_ = false;
  bool cells_ = true;
};

// Merges rectangles whose bounding box costs little more than they do, and more than
// DamageTracker::kMaxRects into one.
void mergeDamage(std::vector<DamageRect>& rects);

}  // namespace zabscope
