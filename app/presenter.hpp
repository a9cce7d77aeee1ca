#pragma once
// How a frame reaches the screen, and what the back buffer still holds when the next one is
// drawn (partial_renderer.hpp repaints only the difference).
//
// With GLX_MESA_copy_sub_buffer (every Mesa driver, including the llvmpipe software renderer
// on a projector laptop or under Xvfb) the buffers are never swapped: the back buffer keeps
// the whole picture, and only the repainted rectangles are copied to the front. Otherwise the
// buffers are swapped and the back buffer's age comes from GLX_EXT_buffer_age, 0 (unknown,
// so everything is repainted) where that is missing too. Kept apart from the glad loader:
// GLX's header brings its own OpenGL declarations.
#include <vector>

#include "damage_tracker.hpp"

struct GLFWwindow;

namespace zabscope {

class Presenter {
 public:
  // `allowPartial` false: always swap and repaint everything (ZABSCOPE_FULL_REPAINT=1, to
  // compare the two).
  Presenter(GLFWwindow* window, bool allowPartial);

  // How many frames ago the back buffer's content was drawn: 1 = the last frame; 0 = unknown.
  int backBufferAge() const;
  // Shows the frame just drawn; `repainted` are the rectangles that changed (display units).
  void present(const std::vector<DamageRect>& repainted, float displayW, float displayH, int fbW, int fbH);
  // The window was uncovered or moved: the next present() copies everything.
  void exposeAll() { exposed_ = true; }
  bool copiesSubBuffers() const { return copySubBuffer_ != nullptr; }

 private:
  GLFWwindow* window_;
  void (*copySubBuffer_)() = nullptr;  // glXCopySubBufferMESA, cast to its type where called
  bool bufferAge_ = false;
  bool exposed_ = true;
  int fbW_ = 0, fbH_ = 0;
};

}  // namespace zabscope
