#pragma once
// Renders a Dear ImGui frame by repainting only what changed (ui/damage_tracker.hpp).
//
// A window's back buffer may still hold an earlier frame after a swap; GLX_EXT_buffer_age
// (buffer_age.hpp) says which. With an age of N, the pixels that differ from the frame being
// drawn are those damaged in this frame and in the N - 1 frames between, so only those
// rectangles are cleared to the panel colour and every draw list is drawn again with its clip
// rectangles cut to them. Pixels outside were drawn from identical draw lists, so the picture
// is exactly that of a full repaint. With an age of 0 (unknown) everything is repainted.
#include <glad/gl.h>
#include <imgui.h>

#include <cstdlib>
#include <deque>
#include <vector>

#include "clear_texture.hpp"
#include "damage_tracker.hpp"
#include "layer_blit.hpp"

namespace zabscope {

class PartialRenderer {
 public:
  // Draws `frame` into the bound framebuffer (fbWidth x fbHeight pixels), whose content is
  // the frame drawn `bufferAge` frames ago (0: unknown). Returns the rectangles repainted.
  std::vector<DamageRect> render(ImDrawData* frame, int fbWidth, int fbHeight, ImVec4 clearColour, int bufferAge);
  // Damage with holes (ui/damage_cells.hpp) only with ZABSCOPE_CELLS=1: it cuts the process's CPU
  // per frame, but on the idle 2-core machine the wall median of 15 + 3 peers was up to 0.9 ms worse
  // in 8 of 9 alternated pairs (README, "frame6"), and the frame-time target is wall time.
  // ZABSCOPE_NO_CELLS=1 wins over it (the test compares the two).
  PartialRenderer() { tracker_.useCells(std::getenv("ZABSCOPE_CELLS") && !std::getenv("ZABSCOPE_NO_CELLS")); }
  // Repaint everything next frame (fonts rebuilt).
  void invalidate() { tracker_.invalidate(); }
  // Layers' quads are shown by copying their textures' pixels (layer_blit.hpp); null: shaded.
  void blitLayers(LayerBlits* blits) { blits_ = blits; }
  // The share of the window repainted by the last render(), 0..1.
  double lastRepaintedFraction() const { return repainted_; }

  static constexpr std::size_t kHistory = 4;  // frames of damage remembered for older buffers

 private:
  void clearRect(ImDrawData* frame, const DamageRect& r, int fbHeight);
  void paint(ImDrawData* frame, const DamageRect& r, int fbHeight);
  // Disjoint rectangles (cells of damage with holes, damage_cells.hpp) in one render.
  void paintAll(ImDrawData* frame, const std::vector<DamageRect>& rects, int fbHeight);
  // Whether the triangle tri[0..2] can colour a pixel inside the clip rectangle `c`: whether
  // its box() meets it.
  static bool reaches(const ImDrawVert* vtx, const ImDrawIdx* tri, const ImVec4& c);
  static ImVec4 box(const ImDrawVert* vtx, const ImDrawIdx* tri);
  // Leaves out of `cmd` (its clip rectangle already cut) the triangles that cannot reach
  // into its clip rectangle: under llvmpipe every triangle given costs about 1.7 us, however
  // few of its pixels the scissor keeps.
  static void cullOutside(ImDrawList& list, ImDrawCmd& cmd);

  // paintAll's lists as rendered: each one's commands per rectangle and their indices.
  struct Rebuilt {
    ImDrawList* list = nullptr;
    ImVector<ImDrawIdx> idx;
    ImVector<ImDrawCmd> cmds;
  };
  std::vector<Rebuilt> rebuilt_;
  std::vector<ImVec4> boxes_;

  DamageTracker tracker_;
  ClearTexture clearTexture_;  // clears by copying (clear_texture.hpp)
  LayerBlits* blits_ = nullptr;
  bool cull_ = !std::getenv("ZABSCOPE_NO_CULL");
  bool batch_ = !std::getenv("ZABSCOPE_NO_BATCH");  // ZABSCOPE_NO_BATCH=1: one render per rectangle (to compare)  // ZABSCOPE_NO_CULL=1: every triangle given (to compare)
  std::deque<std::vector<DamageRect>> history_;  // damage of the last frames, newest first
  ImVec4 clear_{-1, -1, -1, -1};
  int width_ = 0, height_ = 0;
  double repainted_ = 1.0;
};

}  // namespace zabscope
