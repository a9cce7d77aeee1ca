#include "clear_texture.hpp"

#include <algorithm>

#include "window_order_texture.hpp"

namespace zabscope {

ClearTexture::~ClearTexture() { release(); }

void ClearTexture::release() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
  fbo_ = tex_ = 0;
  usable_ = false;
}

bool ClearTexture::fit(int fbWidth, int fbHeight, ImVec4 colour) {
  const bool sameColour = colour.x == colour_.x && colour.y == colour_.y && colour.z == colour_.z;
  if (tex_ && fbWidth <= width_ && fbHeight <= height_ && sameColour) return usable_;
  GLint lastTex = 0, lastDraw = 0, lastRead = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &lastTex);
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &lastDraw);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &lastRead);
  if (!tex_ || fbWidth > width_ || fbHeight > height_) {
    release();
    width_ = fbWidth;
    height_ = fbHeight;
    glGenTextures(1, &tex_);
    glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, tex_);
    allocateWindowOrderTexture(width_, height_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
    usable_ = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  }
  // The whole texture, unscissored: a clear the driver does as a fill.
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  const GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(colour.x, colour.y, colour.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (scissor) glEnable(GL_SCISSOR_TEST);
  colour_ = colour;
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(lastTex));
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(lastDraw));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(lastRead));
  return usable_;
}

void ClearTexture::clear(int x0, int y0, int x1, int y1, int fbWidth, int fbHeight, ImVec4 colour) {
  x0 = std::max(x0, 0);
  y0 = std::max(y0, 0);
  x1 = std::min(x1, fbWidth);
  y1 = std::min(y1, fbHeight);
  if (x1 <= x0 || y1 <= y0) return;
  if (!fit(fbWidth, fbHeight, colour)) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, fbHeight - y1, x1 - x0, y1 - y0);
    glClearColor(colour.x, colour.y, colour.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    return;
  }
  GLint lastRead = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &lastRead);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
  glDisable(GL_SCISSOR_TEST);
  // Upside down into the window: the same order in memory (window_order_texture.hpp).
  glBlitFramebuffer(x0, y0, x1, y1, x0, fbHeight - y0, x1, fbHeight - y1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(lastRead));
}

}  // namespace zabscope
