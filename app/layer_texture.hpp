#pragma once
// Draws the space-time diagram's layer (ui/scroll_layer.hpp) into its texture: the whole of
// it, or its pixels moved left by the scroll (one framebuffer blit from one texture into the
// other) and then the fresh strip at the right and the arrows appended since, over the moved
// pixels. Called after ImGui::Render, before the frame is rendered, so the window's quad
// shows the texture as it is now.
#include <glad/gl.h>

#include "layer_blit.hpp"
#include "scroll_layer.hpp"

namespace zabscope {

class LayerTexture {
 public:
  LayerTexture() = default;
  LayerTexture(const LayerTexture&) = delete;
  LayerTexture& operator=(const LayerTexture&) = delete;
  ~LayerTexture();

  // Textures for a window of fbWidth x fbHeight pixels (a layer is never larger); made again
  // only when the window outgrows them. Call before the panels are drawn.
  void fit(ScrollLayer& layer, int fbWidth, int fbHeight);
  // Lets the window show the textures by copying their pixels (layer_blit.hpp).
  void offerBlits(LayerBlits& blits) const;
  // Carries out the plan the panel made this frame, if it drew the layer.
  void update(ScrollLayer& layer);

 private:
  static bool supported();  // a viewport as wide as ScrollLayer's
  void release();
  void draw(ScrollLayer& layer, int fromCmd, float clipX0, float clipX1);

  GLuint tex_[2] = {0, 0};
  GLuint fbo_[2] = {0, 0};
  int width_ = 0, height_ = 0;
  bool wide_ = true;  // the viewport from ScrollLayer::kViewportLeft to kViewportRight is possible
};

}  // namespace zabscope
