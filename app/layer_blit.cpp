#include "layer_blit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace zabscope {

namespace {

bool whole(float v) { return std::floor(v) == v; }

// Whole within the rounding of a texture coordinate (a layer's height need not be a power of two).
bool nearlyWhole(float v) { return std::fabs(v - std::round(v)) < 1e-3f; }

// Run by the backend in the quad's place: copies the part of the quad inside the command's
// clip rectangle, cut the way the backend cuts a scissor box (truncated to whole pixels).
void blitLayer(const ImDrawList*, const ImDrawCmd* cmd) {
  const auto& job = *static_cast<const LayerBlits::Job*>(cmd->UserCallbackData);
  const ImVec4& c = cmd->ClipRect;
  const float clipX0 = c.x - job.displayPos.x, clipY0 = c.y - job.displayPos.y;
  const float clipX1 = c.z - job.displayPos.x, clipY1 = c.w - job.displayPos.y;
  if (clipX1 <= clipX0 || clipY1 <= clipY0) return;
  // The scissor box the backend would set, in pixels from the window's top-left corner.
  const int scissorX0 = static_cast<int>(clipX0), scissorX1 = scissorX0 + static_cast<int>(clipX1 - clipX0);
  const int scissorY1 = job.fbHeight - static_cast<int>(static_cast<float>(job.fbHeight) - clipY1);
  const int scissorY0 = scissorY1 - static_cast<int>(clipY1 - clipY0);
  const int quadX0 = static_cast<int>(job.dest.x - job.displayPos.x), quadX1 = static_cast<int>(job.dest.z - job.displayPos.x);
  const int quadY0 = static_cast<int>(job.dest.y - job.displayPos.y), quadY1 = static_cast<int>(job.dest.w - job.displayPos.y);
  const int x0 = std::max(scissorX0, quadX0), x1 = std::min(scissorX1, quadX1);
  const int y0 = std::max(scissorY0, quadY0), y1 = std::min(scissorY1, quadY1);
  if (x1 <= x0 || y1 <= y0) return;
  const int srcX0 = job.srcX0 + (x0 - quadX0), srcRow0 = job.srcRow0 + (y0 - quadY0);
  GLint readFbo = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &readFbo);
  glDisable(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, job.fbo);
  // The texture's rows run top-down, the window's GL rows bottom-up: the destination is
  // given upside down, which in memory (a window's rows are stored top-down) is a plain copy.
  glBlitFramebuffer(srcX0, srcRow0, srcX0 + (x1 - x0), srcRow0 + (y1 - y0), x0, job.fbHeight - y0, x1, job.fbHeight - y1,
                    GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(readFbo));
  glEnable(GL_SCISSOR_TEST);  // the backend's state, which its next command relies on
}

}  // namespace

void LayerBlits::add(ImTextureID texture, GLuint fbo, int texWidth, int texHeight) {
  for (Source& s : sources_)
    if (s.texture == texture) {
      s = Source{texture, fbo, texWidth, texHeight};
      return;
    }
  sources_.push_back(Source{texture, fbo, texWidth, texHeight});
}

void LayerBlits::convert(ImDrawData& frame, int fbHeight) {
  restore();
  jobs_.clear();
  if (sources_.empty() || frame.FramebufferScale.x != 1.0f || frame.FramebufferScale.y != 1.0f) return;
  for (int n = 0; n < frame.CmdListsCount; ++n) {
    ImDrawList* list = frame.CmdLists[n];
    for (ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback || cmd.ElemCount != 6) continue;
      const auto src = std::find_if(sources_.begin(), sources_.end(), [&](const Source& s) { return s.texture == cmd.TextureId; });
      if (src == sources_.end()) continue;
      // The quad's corners and texture coordinates: an axis-aligned rectangle, white, whose
      // texture coordinates follow x and y one texel a pixel.
      ImDrawVert v[6];
      for (int k = 0; k < 6; ++k)
        v[k] = list->VtxBuffer[static_cast<int>(cmd.VtxOffset + list->IdxBuffer[static_cast<int>(cmd.IdxOffset) + k])];
      float x0 = v[0].pos.x, x1 = x0, y0 = v[0].pos.y, y1 = y0;
      for (const ImDrawVert& p : v) {
        x0 = std::min(x0, p.pos.x);
        x1 = std::max(x1, p.pos.x);
        y0 = std::min(y0, p.pos.y);
        y1 = std::max(y1, p.pos.y);
      }
      bool exact = whole(x0) && whole(x1) && whole(y0) && whole(y1) && x1 > x0 && y1 > y0 &&
                   whole(frame.DisplayPos.x) && whole(frame.DisplayPos.y);
      float uLeft = -1, uRight = -1, vTop = -1, vBottom = -1;
      for (const ImDrawVert& p : v) {
        exact = exact && p.col == IM_COL32_WHITE && (p.pos.x == x0 || p.pos.x == x1) && (p.pos.y == y0 || p.pos.y == y1);
        float& u = p.pos.x == x0 ? uLeft : uRight;
        float& t = p.pos.y == y0 ? vTop : vBottom;
        exact = exact && (u < 0 || u == p.uv.x) && (t < 0 || t == p.uv.y);
        u = p.uv.x;
        t = p.uv.y;
      }
      const float w = static_cast<float>(src->width), h = static_cast<float>(src->height);
      // Texel edges on pixel edges, one texel a pixel, the texture's rows top-down as
      // layer_texture draws them.
      exact = exact && nearlyWhole(uLeft * w) && std::fabs((uRight - uLeft) * w - (x1 - x0)) < 1e-3f &&
              nearlyWhole(vTop * h) && std::fabs((vBottom - vTop) * h - (y1 - y0)) < 1e-3f;
      if (!exact) continue;
      Job job;
      job.fbo = src->fbo;
      job.fbHeight = fbHeight;
      job.srcX0 = static_cast<int>(std::round(uLeft * w));
      job.srcRow0 = static_cast<int>(std::round(vTop * h));
      job.displayPos = frame.DisplayPos;
      job.clip = cmd.ClipRect;
      job.dest = ImVec4(x0, y0, x1, y1);
      jobs_.push_back(job);
      changed_.push_back(Changed{&cmd, cmd});
      cmd.UserCallback = blitLayer;
      cmd.UserCallbackData = &jobs_.back();
    }
  }
}

ImVec4 LayerBlits::coveredIn(const ImVec4& r) const {
  ImVec4 best(0, 0, 0, 0);
  for (const Job& job : jobs_) {
    // Inside the quad, its clip rectangle and r, shrunk to whole pixels the way blitLayer
    // rounds its scissor box (a pixel too few is only cleared needlessly).
    const float x0 = std::max({std::ceil(std::max(job.clip.x, r.x)), job.dest.x});
    const float y0 = std::max({std::ceil(std::max(job.clip.y, r.y)), job.dest.y});
    const float x1 = std::min({std::floor(std::min(job.clip.z, r.z)) - 1.0f, job.dest.z});
    const float y1 = std::min({std::floor(std::min(job.clip.w, r.w)) - 1.0f, job.dest.w});
    if (x1 > x0 && y1 > y0 && (x1 - x0) * (y1 - y0) > (best.z - best.x) * (best.w - best.y)) best = ImVec4(x0, y0, x1, y1);
  }
  return best;
}

void LayerBlits::restore() {
  for (const Changed& c : changed_) *c.cmd = c.saved;
  changed_.clear();
}

}  // namespace zabscope
