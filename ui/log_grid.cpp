#include "log_grid.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "theme.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using zab::Zxid;

namespace {

ImU32 faded(ImU32 c, unsigned alpha) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }

// Text with an explicit font size (the grid may be drawn larger than the UI font).
struct Ink {
  ImDrawList* dl;
  ImFont* font;
  float size;
  ImVec2 measure(const std::string& s) const { return font->CalcTextSizeA(size, 1e9f, 0.0f, s.c_str()); }
  void text(ImVec2 p, ImU32 c, const std::string& s) const { dl->AddText(font, size, p, c, s.c_str()); }
};

void dashedRect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 c, float w, float dash) {
  auto line = [&](ImVec2 p, ImVec2 q) {
    const float len = std::hypot(q.x - p.x, q.y - p.y);
    const int n = std::max(1, static_cast<int>(len / (2 * dash)));
    for (int i = 0; i < n; ++i) {
      const float t0 = static_cast<float>(2 * i) * dash / len, t1 = std::min(1.0f, static_cast<float>(2 * i + 1) * dash / len);
      dl->AddLine(ImVec2(p.x + (q.x - p.x) * t0, p.y + (q.y - p.y) * t0), ImVec2(p.x + (q.x - p.x) * t1, p.y + (q.y - p.y) * t1), c, w);
    }
  };
  line(a, ImVec2(b.x, a.y));
  line(ImVec2(b.x, a.y), b);
  line(b, ImVec2(a.x, b.y));
  line(ImVec2(a.x, b.y), a);
}

ImU32 cellFill(CellOrigin o) {
  switch (o) {
    case CellOrigin::Diff: return logDiffFill();
    case CellOrigin::Snap: return logSnapFill();
    case CellOrigin::Own: break;
  }
  return logCommittedFill();
}

// One legend entry: a small cell drawn as in the grid, then its words. Returns the next x.
float legendItem(const Ink& ink, ImVec2 p, CellState st, CellOrigin o, const char* letter, const char* words) {
  const float h = ink.size * 1.15f, w = h * 1.3f;
  const ImVec2 a(p.x, p.y), b(p.x + w, p.y + h);
  const float lw = lineWidth(ink.size * 0.1f);
  switch (st) {
    case CellState::Committed: ink.dl->AddRectFilled(a, b, cellFill(o)); break;
    case CellState::Logged: ink.dl->AddRect(a, b, textColor(), 0, 0, lw); break;
    case CellState::Unflushed: dashedRect(ink.dl, a, b, mutedColor(), lw, ink.size * 0.2f); break;
    case CellState::Cut:
      ink.dl->AddRect(a, b, logCutColor(), 0, 0, lw);
      ink.dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), logCutColor(), lw);
      break;
  }
  const ImU32 lc = st == CellState::Committed ? onColor(cellFill(o)) : st == CellState::Cut ? inkColor(logCutColor(), panelColor()) : textColor();
  const ImVec2 ls = ink.measure(letter);
  ink.text(ImVec2(a.x + (w - ls.x) * 0.5f, a.y + (h - ls.y) * 0.5f), lc, letter);
  ink.text(ImVec2(b.x + ink.size * 0.3f, a.y + (h - ink.size) * 0.5f), textColor(), words);
  return b.x + ink.size * 0.3f + ink.measure(words).x + ink.size * 0.9f;
}

}  // namespace

void drawLogGrid(const AppState& app, ImVec2 origin, ImVec2 size, float fontSize, LogGridScroll* scroll) {
  const auto& sim = app.session.sim();
  const std::size_t peers = sim.peers().size();
  // Chinese words around ZooKeeper's own (epoch, DIFF, TRUNC, SNAP stay as the source names them).
  const bool zh = app.language == Language::Chinese;
  // Everything is in units of the font size. A rectangle too short for the rows at this size
  // first loses the legend, then shrinks the text (not below 7 px): nothing overlaps.
  float fs = fontSize;
  bool showLegend = true;
  {
    const float rowsNeed = 1.5f + 1.2f + 1.25f * static_cast<float>(peers);  // banner, epochs, rows
    if (size.y < fs * (rowsNeed + 2.4f)) showLegend = false;
    if (size.y < fs * rowsNeed) fs = std::max(7.0f, size.y / rowsNeed);
  }
  if (size.x < fs * 6 || size.y < fs * 3) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + size.x, origin.y + size.y);
  dl->PushClipRect(origin, end, true);
  const Ink ink{dl, ImGui::GetFont(), fs};
  const Ink small{dl, ImGui::GetFont(), fs * 0.8f};
  const float pad = fs * 0.3f;

  // ---- vertical layout: banner, epoch labels, rows, legend ----
  const float bannerH = fs * 1.5f;
  const float epochH = fs * 1.2f;
  const float legendH = showLegend ? small.size * 3.0f : 0.0f;  // room for a legend on two lines
  // The sync tags ("SNAP at 2:7") go after their rows' cells, or, when the rectangle is too
  // narrow for that, on a line of their own under the rows.
  std::vector<std::pair<zab::Sid, std::string>> tags;
  for (const auto& row : buildLogGrid(sim, 0).rows)
    if (std::string t = row.tag(); !t.empty()) tags.emplace_back(row.sid, std::move(t));
  const float notesH = tags.empty() ? 0.0f : small.size * 1.5f;
  const float rowsTop = origin.y + bannerH + epochH;
  const float rowsAvail = std::max(fs, end.y - legendH - notesH - rowsTop);
  const float rowH = std::clamp(rowsAvail / static_cast<float>(std::max<std::size_t>(peers, 1)), fs * 1.2f, fs * 2.0f);
  const float cellFs = std::min(fs, rowH * 0.62f);
  const Ink cellInk{dl, ImGui::GetFont(), cellFs};
  const float cellH = std::min(rowH - fs * 0.15f, cellFs * 1.6f);

  // ---- horizontal layout: gutter (id and state letter), then the cells ----
  const float gutterW = ink.measure("S99").x + fs * 1.6f + pad * 2;
  const float cellsX = origin.x + gutterW;
  float cellsW = std::max(fs, end.x - pad - cellsX);
  const float gap = std::max(1.0f, std::round(fs * 0.12f));
  const float divider = fs * 0.45f;  // the extra space an epoch boundary takes
  // The widest label on screen is about that of the newest zxid: size the cells on it.
  std::optional<Zxid> newestAll;
  {
    const std::vector<LogRowSource> src = logRowSources(sim);
    for (const auto& r : src)
      if (auto z = r.newest(); z && (!newestAll || *z > *newestAll)) newestAll = z;
  }
  const std::string widest = newestAll ? zab::formatEpochCounter(std::max<Zxid>(*newestAll, zab::makeZxid(1, 99))) : "1:99";
  const float cellW = std::max(cellInk.measure(widest).x + cellFs * 0.5f, cellFs * 2.2f);
  auto columnsIn = [&](float w) { return static_cast<std::size_t>(std::max(1.0f, std::floor((w + gap) / (cellW + gap)))); };
  LogGridModel m = buildLogGrid(sim, columnsIn(cellsW), scroll ? scroll->newest : std::nullopt);
  // Column x positions, laid out from the right when they do not all fit (the newest stay).
  std::vector<float> xs;
  auto layoutColumns = [&] {
    xs.assign(m.columns.size(), 0.0f);
    float x = 0;
    for (std::size_t i = 0; i < m.columns.size(); ++i) {
      if (i > 0 && m.epochStartsAt(i)) x += divider;
      xs[i] = x;
      x += cellW + gap;
    }
    const float total = x - gap;
    const float shift = total > cellsW ? cellsX + cellsW - total : cellsX;
    for (float& v : xs) v += shift;
  };
  layoutColumns();
  // A row's sync tag goes after its last cell. When one does not fit there, the cells give up
  // room for the tags (keeping at least 3 columns), or else the tags go on a line of their own.
  float tagW = 0;
  for (const auto& [sid, t] : tags) tagW = std::max(tagW, small.measure(t).x + pad * 2);
  auto tagsFit = [&] {
    for (const auto& row : m.rows) {
      if (row.tag().empty()) continue;
      float last = cellsX;
      for (std::size_t k = 0; k < row.cells.size(); ++k)
        if (row.cells[k].present) last = xs[k] + cellW;
      if (last + small.measure(row.tag()).x + pad * 2 > end.x) return false;
    }
    return true;
  };
  bool inlineTags = tagsFit();
  if (!inlineTags && columnsIn(cellsW - tagW) >= 3) {
    cellsW -= tagW;
    m = buildLogGrid(sim, columnsIn(cellsW), scroll ? scroll->newest : std::nullopt);
    layoutColumns();
    inlineTags = tagsFit();
  }
  auto visible = [&](std::size_t i) { return xs[i] >= cellsX - 0.5f; };

  // ---- banner ----
  {
    std::string text;
    if (zh)
      text = m.banner ? fmt::format("epoch {} 已建立：S{} 是 Leader", m.banner->epoch, m.banner->leader)
             : m.leaderNotEstablished
                 ? fmt::format("S{} 是 Leader，但它的 epoch 还没建立（还没有过半成员对 NEWLEADER 回 ACK）",
                               *m.leaderNotEstablished)
                 : std::string("没有 Leader：还没有建立任何 epoch");
    else
      text = m.banner ? m.banner->text()
             : m.leaderNotEstablished
                 ? fmt::format("S{} leads; its epoch is not established yet (no quorum has acked NEWLEADER)",
                               *m.leaderNotEstablished)
                 : std::string("no leader: no epoch is established");
    if (ink.measure(text).x > size.x - pad * 2) {  // a narrow rectangle: the short form
      if (zh)
        text = m.banner ? fmt::format("epoch {}：S{} 是 Leader", m.banner->epoch, m.banner->leader)
               : m.leaderNotEstablished ? fmt::format("S{} 是 Leader（epoch 未建立）", *m.leaderNotEstablished)
                                        : std::string("没有 Leader");
      else
        text = m.banner ? fmt::format("epoch {}: S{} leads", m.banner->epoch, m.banner->leader)
               : m.leaderNotEstablished ? fmt::format("S{} leads (epoch not established yet)", *m.leaderNotEstablished)
                                        : std::string("no leader");
    }
    const ImVec2 ts = ink.measure(text);
    const ImVec2 a(origin.x + pad, origin.y + (bannerH - ts.y) * 0.5f - fs * 0.1f);
    if (m.banner && m.banner->fresh) {
      dl->AddRectFilled(ImVec2(a.x - pad, a.y - fs * 0.1f), ImVec2(a.x + ts.x + pad, a.y + ts.y + fs * 0.1f), bannerColor());
      ink.text(a, onColor(bannerColor()), text);
    } else {
      ink.text(a, m.banner ? textColor() : mutedColor(), text);
    }
    if (scroll && m.newerHidden) {  // a chip back to the newest zxids
      const std::string back = zh ? "最新 >>" : "newest >>";
      const ImVec2 bs = ink.measure(back);
      const ImVec2 b0(end.x - bs.x - pad * 3, origin.y + fs * 0.1f), b1(end.x - pad, b0.y + bs.y + fs * 0.2f);
      dl->AddRect(b0, b1, textColor(), 0, 0, lineWidth(fs * 0.08f));
      ink.text(ImVec2(b0.x + pad, b0.y + fs * 0.1f), textColor(), back);
      const ImVec2 mp = ImGui::GetIO().MousePos;
      if (ImGui::IsMouseClicked(0) && mp.x >= b0.x && mp.x <= b1.x && mp.y >= b0.y && mp.y <= b1.y) scroll->newest.reset();
    }
  }

  // ---- epoch labels and dividers ----
  const float gridTop = origin.y + bannerH;
  const float gridBottom = rowsTop + rowH * static_cast<float>(peers);
  for (std::size_t i = 0; i < m.columns.size(); ++i) {
    if (!m.epochStartsAt(i)) continue;
    // The epoch's visible span, to choose "epoch 3" or "3".
    std::size_t j = i + 1;
    while (j < m.columns.size() && !m.epochStartsAt(j)) ++j;
    float left = std::max(xs[i], cellsX);
    if (j - 1 < xs.size() && xs[j - 1] + cellW < cellsX) continue;  // entirely off screen
    // The last epoch's label may run on into the empty space after it.
    const float span = (j == m.columns.size() ? end.x - pad : xs[j - 1] + cellW) - left;
    const std::string full = fmt::format("epoch {}", zab::epochOf(m.columns[i]));
    const std::string label = small.measure(full).x <= span ? full : fmt::format("{}", zab::epochOf(m.columns[i]));
    small.text(ImVec2(left, gridTop + (epochH - small.size) * 0.5f), textColor(), label);
    if (i > 0 && visible(i)) {
      const float x = xs[i] - divider * 0.5f - gap * 0.5f;
      dl->AddLine(ImVec2(x, gridTop), ImVec2(x, gridBottom), textColor(), lineWidth(fs * 0.18f));
    }
  }
  if (m.olderHidden) small.text(ImVec2(cellsX - small.measure("<<").x - pad * 0.5f, gridTop + (epochH - small.size) * 0.5f), mutedColor(), "<<");

  // ---- rows ----
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (std::size_t r = 0; r < m.rows.size(); ++r) {
    const LogRow& row = m.rows[r];
    const float y0 = rowsTop + rowH * static_cast<float>(r);
    if (y0 > end.y) break;
    const float cy = y0 + (rowH - cellH) * 0.5f;
    if (row.leader) dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(end.x, y0 + rowH), logLeaderRowColor());
    // Gutter: "S3" and the state letter on the state colour.
    const std::string id = fmt::format("S{}", row.sid);
    const ImVec2 is = ink.measure(id);
    ink.text(ImVec2(origin.x + pad, y0 + (rowH - is.y) * 0.5f), row.alive ? textColor() : mutedColor(), id);
    {
      const ImU32 sc = stateColor(row.state, row.alive);
      const float bh = std::min(rowH * 0.8f, fs * 1.25f);
      const ImVec2 b0(origin.x + pad + ink.measure("S99").x + fs * 0.25f, y0 + (rowH - bh) * 0.5f);
      const ImVec2 b1(b0.x + bh, b0.y + bh);
      dl->AddRectFilled(b0, b1, sc);
      const char* letter = stateLetter(row.state, row.alive);
      const Ink li{dl, ink.font, bh * 0.8f};
      const ImVec2 ls = li.measure(letter);
      li.text(ImVec2(b0.x + (bh - ls.x) * 0.5f, b0.y + (bh - ls.y) * 0.5f), onColor(sc), letter);
    }
    // Cells.
    const float lw = lineWidth(cellFs * 0.1f);
    float lastX = cellsX;
    float snapFrom = -1, snapTo = -1;
    std::size_t newestDiff = row.cells.size();
    for (std::size_t k = 0; k < row.cells.size(); ++k)
      if (row.cells[k].present && row.cells[k].origin == CellOrigin::Diff) newestDiff = k;
    for (std::size_t k = 0; k < row.cells.size(); ++k) {
      const LogCell& c = row.cells[k];
      if (!c.present || !visible(k)) continue;
      const ImVec2 a(xs[k], cy), b(xs[k] + cellW, cy + cellH);
      lastX = b.x;
      const std::string label = zab::formatEpochCounter(m.columns[k]);
      const ImVec2 ls = cellInk.measure(label);
      const ImVec2 tp(a.x + (cellW - ls.x) * 0.5f, a.y + (cellH - ls.y) * 0.5f);
      const unsigned alpha = row.alive ? 255 : 120;  // a stopped server's memory, faded
      switch (c.state) {
        case CellState::Committed: {
          const ImU32 fill = cellFill(c.origin);
          dl->AddRectFilled(a, b, faded(fill, alpha));
          if (c.notOnDisk) {  // in the tree, not yet on the disk: a dashed frame around the fill
            const float out = lw * 1.5f;
            dashedRect(dl, ImVec2(a.x - out, a.y - out), ImVec2(b.x + out, b.y + out), textColor(), lw * 1.5f, cellFs * 0.3f);
          }
          cellInk.text(tp, row.alive ? onColor(fill) : faded(onColor(fill), 200), label);
          break;
        }
        case CellState::Logged:
          dl->AddRect(a, b, faded(c.origin == CellOrigin::Own ? textColor() : cellFill(c.origin), alpha), 0, 0, lw * 1.5f);
          cellInk.text(tp, faded(textColor(), alpha), label);
          break;
        case CellState::Unflushed:
          dashedRect(dl, a, b, mutedColor(), lw, cellFs * 0.25f);
          cellInk.text(tp, mutedColor(), label);
          break;
        case CellState::Cut: {
          const ImU32 cut = logCutColor();
          dashedRect(dl, a, b, faded(cut, 200), lw, cellFs * 0.25f);
          cellInk.text(tp, inkColor(cut, panelColor()), label);
          dl->AddLine(ImVec2(tp.x - cellFs * 0.15f, tp.y + ls.y * 0.55f), ImVec2(tp.x + ls.x + cellFs * 0.15f, tp.y + ls.y * 0.55f),
                      cut, lineWidth(cellFs * 0.12f));
          dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), faded(cut, 160), lw);
          break;
        }
      }
      // A DIFF arriving: the copied cells ringed while the learner still syncs, the newest thicker.
      if (c.origin == CellOrigin::Diff && row.syncing)
        dl->AddRect(ImVec2(a.x - lw, a.y - lw), ImVec2(b.x + lw, b.y + lw), bannerColor(), 0, 0, k == newestDiff ? lw * 3 : lw * 1.5f);
      if (c.origin == CellOrigin::Snap) {
        if (snapFrom < 0) snapFrom = a.x;
        snapTo = b.x;
      }
      if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y && ImGui::IsWindowHovered()) {
        const char* what = c.state == CellState::Committed   ? (zh ? "已提交（已应用到数据树）" : "committed (applied to its tree)")
                           : c.state == CellState::Logged    ? (zh ? "已写入日志，未提交" : "logged, not committed")
                           : c.state == CellState::Unflushed ? (zh ? "已收到，还没落盘" : "received, not on its disk yet")
                                                             : (zh ? "被 TRUNC 截掉" : "cut off by the TRUNC");
        const char* how = c.origin == CellOrigin::Diff   ? (zh ? "；由 Leader 的 DIFF 补发" : "; copied by the leader's DIFF")
                          : c.origin == CellOrigin::Snap ? (zh ? "；随 SNAP 而来" : "; came with the SNAP")
                                                         : "";
        const char* disk = !c.notOnDisk ? ""
                           : !row.alive  ? (zh ? "；不在磁盘上：随进程的内存一起丢失" : "; not on its disk: lost with the process's memory")
                           : zh          ? "；还没落盘（等待 fsync）"
                                         : "; not on its disk yet (waiting for the fsync)";
        ImGui::SetTooltip("S%lld %s (%s): %s%s%s", static_cast<long long>(row.sid), label.c_str(),
                          zab::formatZxid(m.columns[k]).c_str(), what, how, disk);
      }
    }
    // SNAP: the replaced part of the row underlined in the SNAP colour.
    if (snapFrom >= 0) dl->AddLine(ImVec2(snapFrom, cy + cellH + lw * 1.5f), ImVec2(snapTo, cy + cellH + lw * 1.5f), logSnapFill(), lw * 2);
    // The sync's tag after the row's last cell, or over the row's right end.
    const std::string tag = inlineTags ? row.tag() : std::string();
    if (!tag.empty()) {
      const ImVec2 ts = small.measure(tag);
      float tx = lastX + pad;
      if (tx + ts.x + pad > end.x) tx = end.x - ts.x - pad * 2;
      const ImVec2 t0(tx, y0 + (rowH - ts.y) * 0.5f);
      const ImU32 bg = row.leader ? logLeaderRowColor() : panelColor();
      dl->AddRectFilled(ImVec2(t0.x - pad * 0.5f, t0.y), ImVec2(t0.x + ts.x + pad * 0.5f, t0.y + ts.y), bg);
      const ImU32 tc = row.sync == zab::SyncMode::TRUNC  ? inkColor(logCutColor(), bg)
                       : row.sync == zab::SyncMode::SNAP ? inkColor(logSnapFill(), bg)
                                                         : inkColor(logDiffFill(), bg);
      small.text(t0, tc, tag);
    }
    if (row.cellCount == 0 && row.cutCount == 0)
      small.text(ImVec2(cellsX, y0 + (rowH - small.size) * 0.5f), mutedColor(), row.alive ? (zh ? "（日志为空）" : "(empty log)")
                                                                                   : (zh ? "（未运行，无数据）" : "(down, no data)"));
  }

  // ---- the sync tags on their own line when the rows had no room for them ----
  if (!inlineTags) {
    float x = origin.x + pad;
    const float y = gridBottom + fs * 0.2f;
    for (const auto& [sid, t] : tags) {
      const std::string note = fmt::format("S{}: {}", sid, t);
      small.text(ImVec2(x, y), textColor(), note);
      x += small.measure(note).x + fs;
    }
  }

  // ---- legend, wrapped onto as many lines as the width needs ----
  if (showLegend) {
    struct Item {
      CellState st;
      CellOrigin o;
      const char* letter;
      const char* words;
    };
    const Item items[] = {{CellState::Committed, CellOrigin::Own, "C", zh ? "已提交" : "committed"},
                          {CellState::Logged, CellOrigin::Own, "", zh ? "已写入日志" : "logged"},
                          {CellState::Unflushed, CellOrigin::Own, "", zh ? "还没落盘" : "not on disk yet"},
                          {CellState::Committed, CellOrigin::Diff, "D", zh ? "由 DIFF 补发" : "copied by DIFF"},
                          {CellState::Cut, CellOrigin::Own, "", zh ? "被 TRUNC 截掉" : "cut by TRUNC"},
                          {CellState::Committed, CellOrigin::Snap, "S", zh ? "来自 SNAP" : "from a SNAP"}};
    const float lineH = small.size * 1.5f;
    float x = origin.x + pad, y = std::min(end.y - legendH, gridBottom + notesH + fs * 0.4f) + (lineH - small.size * 1.15f) * 0.5f;
    for (const Item& it : items) {
      const float w = small.size * 1.15f * 1.3f + small.size * 1.2f + small.measure(it.words).x;
      if (x > origin.x + pad && x + w > end.x) {
        x = origin.x + pad;
        y += lineH;
      }
      x = legendItem(small, ImVec2(x, y), it.st, it.o, it.letter, it.words);
    }
  }
  dl->PopClipRect();

  // ---- scrolling: the wheel moves through the zxids, older up/left ----
  if (scroll && ImGui::IsWindowHovered() && mouse.x >= origin.x && mouse.x < end.x && mouse.y >= origin.y && mouse.y < end.y) {
    const ImGuiIO& io = ImGui::GetIO();
    const float wheel = io.MouseWheel + io.MouseWheelH;
    if (wheel != 0.0f) {
      const long delta = wheel > 0 ? -3 : 3;
      scroll->newest = shiftLogAnchor(logRowSources(sim), scroll->newest, delta);
    }
  }
}

void LogGridPanel::draw(AppState& app) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // A little larger than the panels' text: the cells are what the class reads.
  drawLogGrid(app, origin, avail, ImGui::GetFontSize() * 1.25f, &scroll);
  ImGui::Dummy(avail);
}

}  // namespace zabscope
