#include "layer_texture.hpp"

#include <imgui_impl_opengl3.h>

#include <cstdint>

#include "window_order_texture.hpp"

namespace zabscope {

LayerTexture::~LayerTexture() { release(); }

void LayerTexture::release() {
  if (fbo_[0]) glDeleteFramebuffers(2, fbo_);
  if (tex_[0]) glDeleteTextures(2, tex_);
  fbo_[0] = fbo_[1] = tex_[0] = tex_[1] = 0;
}

void LayerTexture::fit(ScrollLayer& layer, int fbWidth, int fbHeight) {
  // A power of two wide: the projection maps a column to itself exactly (scroll_layer.hpp).
  int w = 256;
  while (w < fbWidth) w *= 2;
  const int h = fbHeight;
  if (tex_[0] && w <= width_ && h <= height_) return;
  // Without a viewport that wide, the layer is still drawn through its texture, but whole
  // every frame (a cut triangle is not exact under a scroll).
  wide_ = supported();
  if (!wide_) layer.alwaysFull = true;
  release();
  width_ = w;
  height_ = std::max(h, 1);
  glGenTextures(2, tex_);
  glGenFramebuffers(2, fbo_);
  GLint lastTex = 0, lastFbo = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &lastTex);
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &lastFbo);
  for (int i = 0; i < 2; ++i) {
    glBindTexture(GL_TEXTURE_2D, tex_[i]);
    // Shown pixel for pixel, and copied into the window (layer_blit.hpp).
    allocateWindowOrderTexture(width_, height_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_[i]);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_[i], 0);
  }
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(lastTex));
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(lastFbo));
  for (int i = 0; i < 2; ++i) layer.textures[i] = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(tex_[i]));
  layer.texWidth = width_;
  layer.texHeight = height_;
  layer.current = 0;
  layer.held = ScrollLayerState{};
}

void LayerTexture::offerBlits(LayerBlits& blits) const {
  for (int i = 0; i < 2; ++i)
    if (tex_[i]) blits.add(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(tex_[i])), fbo_[i], width_, height_);
}

namespace {
// Run by the backend before the layer's triangles: the projection that puts the layer's top
// row in the texture's first row (the window's order, see layer_blit.hpp), and with a wide
// viewport, one from kViewportLeft to kViewportRight, so that no vertex is outside the clip
// volume (scroll_layer.hpp). Both are exact: the widths are powers of two.
void layerProjection(const ImDrawList*, const ImDrawCmd* cmd) {
  const bool wide = cmd->UserCallbackData != nullptr;
  const GLsizei height = static_cast<GLsizei>(cmd->ClipRect.w);
  const float l = wide ? static_cast<float>(ScrollLayer::kViewportLeft) : 0.0f;
  const float r = wide ? static_cast<float>(ScrollLayer::kViewportRight) : cmd->ClipRect.z;
  glViewport(static_cast<GLint>(l), 0, static_cast<GLsizei>(r - l), height);
  GLint program = 0;
  glGetIntegerv(GL_CURRENT_PROGRAM, &program);
  // y = 0 at the bottom of the clip volume: the texture's first row.
  const float b = 0, t = static_cast<float>(height);
  const float ortho[4][4] = {{2.0f / (r - l), 0, 0, 0},
                             {0, 2.0f / (t - b), 0, 0},
                             {0, 0, -1.0f, 0},
                             {(r + l) / (l - r), (t + b) / (b - t), 0, 1.0f}};
  glUniformMatrix4fv(glGetUniformLocation(static_cast<GLuint>(program), "ProjMtx"), 1, GL_FALSE, &ortho[0][0]);
}
}  // namespace

bool LayerTexture::supported() {
  GLint dims[2] = {0, 0};
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, dims);
  return dims[0] >= ScrollLayer::kViewportRight - ScrollLayer::kViewportLeft;
}

void LayerTexture::draw(ScrollLayer& layer, int fromCmd, float clipX0, float clipX1) {
  ImDrawList* list = layer.list.get();
  if (fromCmd >= list->CmdBuffer.Size || clipX1 <= clipX0) return;
  // The list's commands from fromCmd, each clipped to the columns [clipX0, clipX1) and to the
  // texture's whole height (a scissor the flipped projection leaves where it is), after the
  // command that sets the projection.
  ImVector<ImDrawCmd> all = list->CmdBuffer;
  // ImGui asserts on an empty range in debug builds.
  if (fromCmd > 0) list->CmdBuffer.erase(list->CmdBuffer.begin(), list->CmdBuffer.begin() + fromCmd);
  for (ImDrawCmd& cmd : list->CmdBuffer) cmd.ClipRect = ImVec4(clipX0, 0, clipX1, static_cast<float>(height_));
  ImDrawCmd projection;
  projection.UserCallback = layerProjection;
  projection.UserCallbackData = wide_ ? this : nullptr;
  projection.ClipRect = ImVec4(0, 0, static_cast<float>(width_), static_cast<float>(height_));
  list->CmdBuffer.push_front(projection);
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = &list;
  data.CmdListsCount = 1;
  data.TotalVtxCount = list->VtxBuffer.Size;
  data.TotalIdxCount = list->IdxBuffer.Size;
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
  data.FramebufferScale = ImVec2(1, 1);
  ImGui_ImplOpenGL3_RenderDrawData(&data);
  list->CmdBuffer.swap(all);
}

void LayerTexture::update(ScrollLayer& layer) {
  if (!layer.active || !tex_[0]) return;
  layer.active = false;
  const ScrollPlan plan = layer.plan;
  if (plan.kind == ScrollPlan::Kind::Keep) return;
  const int from = layer.current, to = 1 - layer.current;
  const int w = layer.want.width, h = layer.want.height;
  GLint lastFbo = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &lastFbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_[to]);
  glClearColor(layer.clear.x, layer.clear.y, layer.clear.z, 1.0f);
  glEnable(GL_SCISSOR_TEST);
  // The layer is the texture's first h rows, top-down (layerProjection).
  const int y0 = 0;
  if (plan.kind == ScrollPlan::Kind::Full) {
    glScissor(0, y0, w, h);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    draw(layer, 0, 0, static_cast<float>(w));
  } else {
    // Move the kept columns left by the scroll, then draw the fresh strip whole and the
    // appended arrows over the kept part.
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_[from]);
    glBlitFramebuffer(plan.shiftPx, y0, plan.shiftPx + plan.freshFromPx, y0 + h, 0, y0, plan.freshFromPx, y0 + h,
                      GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_[to]);
    glEnable(GL_SCISSOR_TEST);
    glScissor(plan.freshFromPx, y0, w - plan.freshFromPx, h);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    draw(layer, 0, static_cast<float>(plan.freshFromPx), static_cast<float>(w));
    draw(layer, layer.firstNewCmd, 0, static_cast<float>(plan.freshFromPx));
  }
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(lastFbo));
  layer.current = to;
  layer.held = layer.want;
}

}  // namespace zabscope
