#include "presenter.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/glx.h>
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GLFW/glfw3native.h>

#include <cmath>
#include <cstring>

namespace zabscope {

namespace {
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
  for (const DamageRect& r : repainted) {
    // GLX counts rows from the bottom, like OpenGL.
    const int x0 = static_cast<int>(std::floor(r.x0 * sx)), x1 = static_cast<int>(std::ceil(r.x1 * sx));
    const int y0 = static_cast<int>(std::floor(r.y0 * sy)), y1 = static_cast<int>(std::ceil(r.y1 * sy));
    copy(dpy, drawable, x0, fbH - y1, x1 - x0, y1 - y0);
  }
}

}  // namespace zabscope
