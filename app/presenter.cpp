#include "presenter.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/glx.h>
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GLFW/glfw3native.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace zabscope {

namespace {
// Rectangles near each other (the cells of damage with holes, ui/damage_cells.hpp) joined
// into their bounding boxes: the back buffer holds the whole picture, so copying a pixel
// that was not repainted is harmless, and each copy is a request to the X server.
std::vector<DamageRect> clustered(std::vector<DamageRect> rects, float gap) {
  for (bool joined = true; joined;) {
    joined = false;
    for (std::size_t a = 0; a < rects.size(); ++a)
      for (std::size_t b = a + 1; b < rects.size(); ++b) {
        const DamageRect& p = rects[a];
        const DamageRect& q = rects[b];
        if (p.x0 > q.x1 + gap || q.x0 > p.x1 + gap || p.y0 > q.y1 + gap || q.y0 > p.y1 + gap) continue;
        rects[a] = DamageRect{std::min(p.x0, q.x0), std::min(p.y0, q.y0), std::max(p.x1, q.x1), std::max(p.y1, q.y1)};
        rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(b));
        joined = true;
        --b;
      }
  }
  return rects;
}

bool hasGlxExtension(Display* dpy, const char* name) {
  const char* all = dpy ? glXQueryExtensionsString(dpy, DefaultScreen(dpy)) : nullptr;
  if (!all) return false;
  const std::size_t n = std::strlen(name);
  for (const char* p = std::strstr(all, name); p; p = std::strstr(p + n, name))
    if ((p == all || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  return false;
}
}  // namespace

Presenter::Presenter(GLFWwindow* window, bool allowPartial) : window_(window) {
  Display* dpy = glfwGetX11Display();
  // No GLX drawable means an EGL context: nothing here applies, swap and repaint everything.
  if (!allowPartial || !dpy || !glfwGetGLXWindow(window)) return;
  if (hasGlxExtension(dpy, "GLX_MESA_copy_sub_buffer"))
    copySubBuffer_ = glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA"));
  bufferAge_ = hasGlxExtension(dpy, "GLX_EXT_buffer_age");
}

int Presenter::backBufferAge() const {
  if (copySubBuffer_) return 1;  // never swapped: it holds the last frame
  if (!bufferAge_) return 0;
  unsigned int age = 0;
  glXQueryDrawable(glfwGetX11Display(), glfwGetGLXWindow(window_), GLX_BACK_BUFFER_AGE_EXT, &age);
  return static_cast<int>(age);
}

void Presenter::present(const std::vector<DamageRect>& repainted, float displayW, float displayH, int fbW, int fbH) {
  if (!copySubBuffer_) {
    glfwSwapBuffers(window_);
    return;
  }
  const auto copy = reinterpret_cast<PFNGLXCOPYSUBBUFFERMESAPROC>(copySubBuffer_);
  Display* dpy = glfwGetX11Display();
  const GLXDrawable drawable = glfwGetGLXWindow(window_);
  if (exposed_ || fbW != fbW_ || fbH != fbH_) {
    fbW_ = fbW;
    fbH_ = fbH;
    copy(dpy, drawable, 0, 0, fbW, fbH);
    exposed_ = false;
    return;
  }
  const float sx = static_cast<float>(fbW) / displayW, sy = static_cast<float>(fbH) / displayH;
  for (const DamageRect& r : clustered(repainted, 32.0f)) {
    // GLX counts rows from the bottom, like OpenGL.
    const int x0 = static_cast<int>(std::floor(r.x0 * sx)), x1 = static_cast<int>(std::ceil(r.x1 * sx));
    const int y0 = static_cast<int>(std::floor(r.y0 * sy)), y1 = static_cast<int>(std::ceil(r.y1 * sy));
    copy(dpy, drawable, x0, fbH - y1, x1 - x0, y1 - y0);
  }
}

}  // namespace zabscope
