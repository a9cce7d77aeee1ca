#pragma once
// A texture whose pixels are stored as the window's are, so that copying it into the window
// (glBlitFramebuffer, app/layer_blit and app/partial_renderer) is a memory copy. Under Mesa's
// llvmpipe a blit between different pixel formats, or one that turns the rows upside down in
// memory, is drawn as a textured quad instead: measured at 1600x900 on this project's machine,
// a 900 x 509 px blit into the window took 3.7 ms of CPU from an RGBA texture and 0.12 ms
// from one made here.
//
// The window's buffer is BGRA, its rows stored top-down. An unsized internal format with
// BGRA bytes lets Mesa pick the exactly matching format (a sized GL_RGBA8 gets RGBA), and the
// caller stores the rows top-down too: row 0 of the texture is the top row of its picture,
// and a blit into the window gives the destination rectangle upside down (in OpenGL's
// bottom-up rows), which is the same order in memory.
#include <glad/gl.h>

namespace zabscope {

// Allocates storage for the texture bound to GL_TEXTURE_2D: w x h pixels, not filtered.
inline void allocateWindowOrderTexture(int w, int h) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_BGRA, GL_UNSIGNED_BYTE, nullptr);
}

}  // namespace zabscope
