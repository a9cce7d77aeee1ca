#pragma once
// The space-time diagram below its axis (grid, lanes, quiet gaps, delivered arrows) is a
// picture that only scrolls: kept in a texture between frames, moved left by whole pixels as
// time goes on, with only the strip that scrolls in and the arrows delivered since drawn
// (issue 11 point 12). The panel fills this each frame: what the texture should hold, the
// plan (ui/scroll_plan.hpp) and the triangles; app/layer_texture draws them into the texture
// after ImGui::Render, and the window shows the texture as one quad, under the parts that
// change every frame (messages in flight, markers, labels, the time axis).
//
// Exactness: the triangles are built in content columns relative to a base that changes
// rarely (a change repaints whole), snapped to 1/256 px and then shifted by the scroll, all
// exact in float. They are drawn with a viewport a power of two wide, from kViewportLeft to
// kViewportRight, that holds every vertex: the projection is exact, and no triangle is cut by
// the clip volume (a cut makes new vertices whose rounding depends on the scroll: lines a
// pixel off here and there). A scroll then draws the same triangles at the same subpixel
// positions a full repaint would (gui/diagram_scroll_matches_full compares the two).
#include <imgui.h>

#include <cstdint>
#include <memory>

#include "scroll_plan.hpp"

namespace zabscope {

struct ScrollLayer {
  static constexpr std::int64_t kBaseStep = 2048;  // the layer's left edge is 1 to 2 steps into its content
  static constexpr int kViewportLeft = -4096, kViewportRight = 12288;  // 16384 px: llvmpipe's largest
  // Set by app/layer_texture: two textures used in turn, so a changed picture is a changed
  // texture id, which the damage tracker sees. None (headless tests): nothing is shown.
  ImTextureID textures[2] = {nullptr, nullptr};
  int texWidth = 0, texHeight = 0;  // the width a power of two
  int current = 0;                  // the texture that holds `held`
  ScrollLayerState held;            // kept by app/layer_texture
  bool alwaysFull = false;          // ZABSCOPE_FULL_REPAINT / ZABSCOPE_DIAGRAM_REPAINT: repaint whole each frame

  // Filled by the panel each frame it is drawn.
  bool active = false;
  ScrollLayerState want;
  ScrollPlan plan;
  ImVec4 clear{0, 0, 0, 1};  // the panel's background
  std::unique_ptr<ImDrawList> list;
  int firstNewCmd = 0;  // list's commands from here draw the entries from held.entries on

  bool usable() const { return textures[0] != nullptr; }
  // Shows the layer, w x h pixels, with its top-left corner at `at` (whole pixels). The
  // texture holds the layer's rows top-down from its first row (a window's order, so that
  // app/layer_blit can copy them into the window as they are), so the quad's texture
  // coordinates run from v = 0 at its top.
  void show(ImDrawList* dl, ImVec2 at, int w, int h) const {
    dl->AddImage(shown(), at, ImVec2(at.x + static_cast<float>(w), at.y + static_cast<float>(h)), ImVec2(0, 0),
                 ImVec2(static_cast<float>(w) / static_cast<float>(texWidth), static_cast<float>(h) / static_cast<float>(texHeight)));
  }
  // The texture the window shows this frame: the other one whenever the picture changes.
  ImTextureID shown() const {
    const bool flips = plan.kind != ScrollPlan::Kind::Keep;
    return textures[flips ? 1 - current : current];
  }
};

}  // namespace zabscope
