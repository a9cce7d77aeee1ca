#pragma once
// Clears rectangles of the window to the panel colour by copying them from a texture of that
// colour, instead of by glClear with a scissor: Mesa draws a scissored clear as a quad, which
// llvmpipe shades pixel by pixel (1.5 ms of CPU for a 900 x 509 px rectangle on this
// project's machine), while a copy from a texture in the window's pixel order is a memory copy
// (window_order_texture.hpp). The partial renderer clears every repainted rectangle, about
// half the window each frame while the ensemble plays. Where the copy is not possible (no
// framebuffer of that size), clear() falls back to glClear.
#include <glad/gl.h>
#include <imgui.h>

namespace zabscope {

class ClearTexture {
 public:
  ClearTexture() = default;
  ClearTexture(const ClearTexture&) = delete;
  ClearTexture& operator=(const ClearTexture&) = delete;
  ~ClearTexture();

  // Clears the window's pixels [x0, x1) x [y0, y1), counted from its top-left corner, to
  // `colour` (opaque); the window is fbWidth x fbHeight pixels and its framebuffer is bound.
  void clear(int x0, int y0, int x1, int y1, int fbWidth, int fbHeight, ImVec4 colour);

 private:
  bool fit(int fbWidth, int fbHeight, ImVec4 colour);
  void release();

  GLuint tex_ = 0, fbo_ = 0;
  int width_ = 0, height_ = 0;
  ImVec4 colour_{-1, -1, -1, -1};
  bool usable_ = false;
};

}  // namespace zabscope
