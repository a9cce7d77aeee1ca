#include "partial_renderer.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace zabscope {

ImVec4 PartialRenderer::box(const ImDrawVert* vtx, const ImDrawIdx* tri) {
  // A triangle whose box, widened by a pixel, misses the clip rectangle has no pixel centre
  // in the scissor box the backend makes of it: leaving it out changes no pixel.
  constexpr float kMargin = 1.0f;
  const ImVec2 a = vtx[tri[0]].pos, b = vtx[tri[1]].pos, d = vtx[tri[2]].pos;
  return ImVec4(std::min({a.x, b.x, d.x}) - kMargin, std::min({a.y, b.y, d.y}) - kMargin,
                std::max({a.x, b.x, d.x}) + kMargin, std::max({a.y, b.y, d.y}) + kMargin);
}

bool PartialRenderer::reaches(const ImDrawVert* vtx, const ImDrawIdx* tri, const ImVec4& c) {
  const ImVec4 b = box(vtx, tri);
  return !(b.z < c.x || b.x > c.z || b.w < c.y || b.y > c.w);
}

void PartialRenderer::cullOutside(ImDrawList& list, ImDrawCmd& cmd) {
  ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
  const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
  unsigned int kept = 0;
  for (unsigned int t = 0; t + 2 < cmd.ElemCount; t += 3) {
    if (!reaches(vtx, idx + t, cmd.ClipRect)) continue;
    if (kept != t) {
      idx[kept] = idx[t];
      idx[kept + 1] = idx[t + 1];
      idx[kept + 2] = idx[t + 2];
    }
    kept += 3;
  }
  cmd.ElemCount = kept;
}

void PartialRenderer::clearRect(ImDrawData* frame, const DamageRect& r, int fbHeight) {
  // GL counts rows from the bottom.
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
}

void PartialRenderer::paint(ImDrawData* frame, const DamageRect& r, int fbHeight) {
  clearRect(frame, r, fbHeight);

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

namespace {

bool disjoint(const std::vector<DamageRect>& rects) {
  for (std::size_t a = 0; a < rects.size(); ++a)
    for (std::size_t b = a + 1; b < rects.size(); ++b)
      if (rects[a].overlaps(rects[b])) return false;
  return true;
}

ImVec4 cut(const ImVec4& clip, const DamageRect& r) {
  return ImVec4(std::max(clip.x, r.x0), std::max(clip.y, r.y0), std::min(clip.z, r.x1), std::min(clip.w, r.y1));
}

}  // namespace

void PartialRenderer::paintAll(ImDrawData* frame, const std::vector<DamageRect>& rects, int fbHeight) {
  // Each list's commands once per rectangle they reach, clip rectangle cut to it and only
  // the triangles that reach into it (cullOutside), in the list's order. A pixel lies in one
  // rectangle at most, so it sees the commands of its own rectangle in the order of a full
  // repaint: the same picture as painting the rectangles one by one, in one render, with one
  // upload of each list's buffers.
  std::vector<Rebuilt>& rebuilt = rebuilt_;  // their buffers kept from frame to frame (no fresh pages)
  if (rebuilt.size() < static_cast<std::size_t>(frame->CmdListsCount)) rebuilt.resize(static_cast<std::size_t>(frame->CmdListsCount));
  std::size_t used = 0;
  // A layer's copy (layer_blit.hpp) that nothing is drawn under in its rectangle is made
  // before the draw, with the clears: a copy in the middle of a render makes llvmpipe finish
  // the triangles given so far first.
  std::vector<std::pair<const ImDrawList*, ImDrawCmd>> early;
  std::vector<char> drawn(rects.size(), 0);
  std::vector<ImVec4>& boxes = boxes_;  // each triangle's box, widened by the margin of reaches()
  for (int i = 0; i < frame->CmdListsCount; ++i) {
    ImDrawList* list = frame->CmdLists[i];
    Rebuilt& out = rebuilt[used];
    out.list = list;
    out.idx.resize(0);
    out.cmds.resize(0);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      boxes.clear();
      for (std::size_t k = 0; k < rects.size(); ++k) {
        ImDrawCmd part = cmd;
        part.ClipRect = cut(cmd.ClipRect, rects[k]);
        if (part.ClipRect.z <= part.ClipRect.x || part.ClipRect.w <= part.ClipRect.y) continue;
        if (part.UserCallback) {
          if (part.UserCallback != ImDrawCallback_ResetRenderState && !drawn[k]) early.emplace_back(list, part);
          else out.cmds.push_back(part);
          continue;
        }
        if (boxes.empty() && cmd.ElemCount >= 3) {
          for (unsigned int t = 0; t + 2 < cmd.ElemCount; t += 3)
            boxes.push_back(box(list->VtxBuffer.Data + cmd.VtxOffset, list->IdxBuffer.Data + cmd.IdxOffset + t));
        }
        // The command's triangles that reach into the cut rectangle, appended to the new indices.
        const unsigned int from = static_cast<unsigned int>(out.idx.Size);
        const ImVec4 c = part.ClipRect;
        const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
        for (std::size_t t = 0; t < boxes.size(); ++t) {
          const ImVec4& b = boxes[t];
          if (cull_ && (b.z < c.x || b.x > c.z || b.w < c.y || b.y > c.w)) continue;
          out.idx.push_back(idx[3 * t]);
          out.idx.push_back(idx[3 * t + 1]);
          out.idx.push_back(idx[3 * t + 2]);
        }
        part.IdxOffset = from;
        part.ElemCount = static_cast<unsigned int>(out.idx.Size) - from;
        if (part.ElemCount == 0) continue;
        drawn[k] = 1;
        out.cmds.push_back(part);
      }
    }
    if (!out.cmds.empty()) ++used;
  }

  for (const DamageRect& r : rects) clearRect(frame, r, fbHeight);
  if (!early.empty()) {
    const GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST);
    for (const auto& [list, cmd] : early) cmd.UserCallback(list, &cmd);
    if (!scissor) glDisable(GL_SCISSOR_TEST);
  }
  if (std::getenv("ZABSCOPE_TRIANGLES"))
    for (std::size_t n = 0; n < used; ++n)
      std::fprintf(stderr, "%zu rects: %s %d triangles, %d commands\n", rects.size(),
                   rebuilt[n].list->_OwnerName ? rebuilt[n].list->_OwnerName : "?", rebuilt[n].idx.Size / 3, rebuilt[n].cmds.Size);
  if (used == 0) return;
  std::vector<ImDrawList*> lists;
  ImDrawData part = *frame;
  part.TotalVtxCount = part.TotalIdxCount = 0;
  for (std::size_t n = 0; n < used; ++n) {
    Rebuilt& b = rebuilt[n];
    b.list->IdxBuffer.swap(b.idx);
    b.list->CmdBuffer.swap(b.cmds);
    lists.push_back(b.list);
    part.TotalVtxCount += b.list->VtxBuffer.Size;
    part.TotalIdxCount += b.list->IdxBuffer.Size;
  }
  part.CmdLists = lists.data();
  part.CmdListsCount = static_cast<int>(lists.size());
  ImGui_ImplOpenGL3_RenderDrawData(&part);
  for (std::size_t n = 0; n < used; ++n) {  // the frame as the panels drew it (LayerBlits::restore needs its commands)
    rebuilt[n].list->IdxBuffer.swap(rebuilt[n].idx);
    rebuilt[n].list->CmdBuffer.swap(rebuilt[n].cmds);
  }
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
  if (batch_ && repaint.size() > 1 && disjoint(repaint)) {
    paintAll(frame, repaint, fbHeight);
  } else {
    for (const DamageRect& r : repaint) paint(frame, r, fbHeight);
  }
  for (const DamageRect& r : repaint) area += static_cast<double>(r.area());
  if (blits_) blits_->restore();
  repainted_ = area / std::max(1.0, static_cast<double>(display.area()));
  return repaint;
}

}  // namespace zabscope
