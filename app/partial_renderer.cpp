#include "partial_renderer.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace zabscope {

void PartialRenderer::cullOutside(ImDrawList& list, ImDrawCmd& cmd) {
  // A triangle whose box, widened by a pixel, misses the clip rectangle has no pixel centre
  // in the scissor box the backend makes of it: leaving it out changes no pixel.
  const ImVec4 c = cmd.ClipRect;
  constexpr float kMargin = 1.0f;
  ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
  const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
  unsigned int kept = 0;
  for (unsigned int t = 0; t + 2 < cmd.ElemCount; t += 3) {
    const ImVec2 a = vtx[idx[t]].pos, b = vtx[idx[t + 1]].pos, d = vtx[idx[t + 2]].pos;
    const float x0 = std::min({a.x, b.x, d.x}), x1 = std::max({a.x, b.x, d.x});
    const float y0 = std::min({a.y, b.y, d.y}), y1 = std::max({a.y, b.y, d.y});
    if (x1 + kMargin < c.x || x0 - kMargin > c.z || y1 + kMargin < c.y || y0 - kMargin > c.w) continue;
    if (kept != t) {
      idx[kept] = idx[t];
      idx[kept + 1] = idx[t + 1];
      idx[kept + 2] = idx[t + 2];
    }
    kept += 3;
  }
  cmd.ElemCount = kept;
}

void PartialRenderer::paint(ImDrawData* frame, const DamageRect& r, int fbHeight) {
  // Clear the rectangle (GL counts rows from the bottom).
  const float sx = frame->FramebufferScale.x, sy = frame->FramebufferScale.y;
  const int x0 = static_cast<int>(std::floor((r.x0 - frame->DisplayPos.x) * sx));
  const int y0 = static_cast<int>(std::floor((r.y0 - frame->DisplayPos.y) * sy));
  const int x1 = static_cast<int>(std::ceil((r.x1 - frame->DisplayPos.x) * sx));
  const int y1 = static_cast<int>(std::ceil((r.y1 - frame->DisplayPos.y) * sy));
  // Not where a layer is copied over the rectangle anyway (layer_blit.hpp): around it.
  const ImVec4 covered = blits_ ? blits_->coveredIn(ImVec4(r.x0, r.y0, r.x1, r.y1)) : ImVec4(0, 0, 0, 0);
  if (covered.z > covered.x && covered.w > covered.y) {
    const int cx0 = static_cast<int>(covered.x - frame->DisplayPos.x), cx1 = static_cast<int>(covered.z - frame->DisplayPos.x);
    const int cy0 = static_cast<int>(covered.y - frame->DisplayPos.y), cy1 = static_cast<int>(covered.w - frame->DisplayPos.y);
    clearTexture_.clear(x0, y0, x1, cy0, width_, fbHeight, clear_);
    clearTexture_.clear(x0, cy1, x1, y1, width_, fbHeight, clear_);
    clearTexture_.clear(x0, cy0, cx0, cy1, width_, fbHeight, clear_);
    clearTexture_.clear(cx1, cy0, x1, cy1, width_, fbHeight, clear_);
  } else {
    clearTexture_.clear(x0, y0, x1, y1, width_, fbHeight, clear_);
  }

  // Every list that reaches into the rectangle, its clip rectangles cut to it. The backend
  // skips commands whose clip rectangle comes out empty; of the others only the triangles
  // that reach into the cut rectangle are given to it (cullOutside).
  std::vector<ImDrawList*> lists;
  std::vector<ImVec4> saved;
  std::vector<unsigned int> savedCounts;
  std::vector<std::pair<ImDrawList*, ImVector<ImDrawIdx>>> savedIndices;
  for (int i = 0; i < frame->CmdListsCount; ++i) {
    ImDrawList* list = frame->CmdLists[i];
    bool reaches = false;
    bool culled = false;
    for (ImDrawCmd& cmd : list->CmdBuffer) {
      saved.push_back(cmd.ClipRect);
      savedCounts.push_back(cmd.ElemCount);
      cmd.ClipRect = ImVec4(std::max(cmd.ClipRect.x, r.x0), std::max(cmd.ClipRect.y, r.y0),
                            std::min(cmd.ClipRect.z, r.x1), std::min(cmd.ClipRect.w, r.y1));
      const bool meets = cmd.ClipRect.z > cmd.ClipRect.x && cmd.ClipRect.w > cmd.ClipRect.y;
      reaches = reaches || meets;
      if (meets && cull_ && !cmd.UserCallback) {
        if (!culled) savedIndices.emplace_back(list, list->IdxBuffer);
        culled = true;
        cullOutside(*list, cmd);
      }
    }
    if (reaches) lists.push_back(list);
  }
  if (std::getenv("ZABSCOPE_TRIANGLES")) {  // which windows' triangles this rectangle costs
    for (ImDrawList* l : lists) {
      unsigned int n = 0;
      for (const ImDrawCmd& cmd : l->CmdBuffer)
        if (!cmd.UserCallback && cmd.ClipRect.z > cmd.ClipRect.x && cmd.ClipRect.w > cmd.ClipRect.y) n += cmd.ElemCount / 3;
      std::fprintf(stderr, "rect %.0f %.0f %.0f %.0f: %s %u triangles\n", r.x0, r.y0, r.x1, r.y1,
                   l->_OwnerName ? l->_OwnerName : "?", n);
    }
  }
  if (!lists.empty()) {
    ImDrawData part = *frame;
    part.CmdLists = lists.data();
    part.CmdListsCount = static_cast<int>(lists.size());
    part.TotalVtxCount = part.TotalIdxCount = 0;
    for (ImDrawList* l : lists) {
      part.TotalVtxCount += l->VtxBuffer.Size;
      part.TotalIdxCount += l->IdxBuffer.Size;
    }
    ImGui_ImplOpenGL3_RenderDrawData(&part);
  }
  std::size_t k = 0;
  for (int i = 0; i < frame->CmdListsCount; ++i)
    for (ImDrawCmd& cmd : frame->CmdLists[i]->CmdBuffer) {
      cmd.ClipRect = saved[k];
      cmd.ElemCount = savedCounts[k++];
    }
  for (auto& [list, indices] : savedIndices) list->IdxBuffer.swap(indices);
}

std::vector<DamageRect> PartialRenderer::render(ImDrawData* frame, int fbWidth, int fbHeight, ImVec4 clearColour,
                                                int bufferAge) {
  if (fbWidth <= 0 || fbHeight <= 0) return {};
  if (fbWidth != width_ || fbHeight != height_ || clearColour.x != clear_.x || clearColour.y != clear_.y ||
      clearColour.z != clear_.z) {
    width_ = fbWidth;
    height_ = fbHeight;
    clear_ = clearColour;
    tracker_.invalidate();
    history_.clear();
  }
  std::vector<DamageRect> damage = tracker_.update(*frame);
  history_.push_front(damage);
  if (history_.size() > kHistory) history_.pop_back();

  // What the back buffer lacks: this frame's damage and that of the frames it has not seen.
  std::vector<DamageRect> repaint;
  const DamageRect display{frame->DisplayPos.x, frame->DisplayPos.y, frame->DisplayPos.x + frame->DisplaySize.x,
                           frame->DisplayPos.y + frame->DisplaySize.y};
  if (bufferAge <= 0 || static_cast<std::size_t>(bufferAge) > history_.size()) {
    repaint.push_back(display);
  } else {
    for (std::size_t i = 0; i < static_cast<std::size_t>(bufferAge); ++i)
      repaint.insert(repaint.end(), history_[i].begin(), history_[i].end());
    mergeDamage(repaint);
  }

  // After the damage was found from the quads as the panels drew them.
  if (blits_) blits_->convert(*frame, fbHeight);
  glViewport(0, 0, fbWidth, fbHeight);
  double area = 0;
  for (const DamageRect& r : repaint) {
    paint(frame, r, fbHeight);
    area += static_cast<double>(r.area());
  }
  if (blits_) blits_->restore();
  repainted_ = area / std::max(1.0, static_cast<double>(display.area()));
  return repaint;
}

}  // namespace zabscope
