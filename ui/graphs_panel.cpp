#include "graphs_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow_line.hpp"
#include "theme.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using zab::Sid;

namespace {

// Peers get a colour each (state colours are for states; these are for identities): ten
// distinct hues, then ten darker ones, so that up to 20 peers (15 + observers) never share one.
constexpr ImU32 kPeerPalette[] = {
    IM_COL32(31, 119, 180, 255),  IM_COL32(255, 127, 14, 255), IM_COL32(44, 160, 44, 255),
    IM_COL32(214, 39, 40, 255),   IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255),
    IM_COL32(227, 119, 194, 255), IM_COL32(127, 127, 127, 255), IM_COL32(188, 189, 34, 255),
    IM_COL32(23, 190, 207, 255),  IM_COL32(12, 52, 102, 255),   IM_COL32(150, 70, 0, 255),
    IM_COL32(0, 90, 40, 255),     IM_COL32(120, 10, 30, 255),   IM_COL32(75, 40, 125, 255),
    IM_COL32(70, 45, 20, 255),    IM_COL32(150, 30, 110, 255),  IM_COL32(40, 40, 40, 255),
    IM_COL32(110, 110, 0, 255),   IM_COL32(0, 105, 115, 255)};
constexpr std::size_t kPaletteSize = sizeof(kPeerPalette) / sizeof(kPeerPalette[0]);

ImU32 withAlpha(ImU32 c, int alpha) {
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(std::clamp(alpha, 0, 255)) << IM_COL32_A_SHIFT);
}

struct Tick {
  double value = 0;
  std::string label;
};

// 1, 2, 5 x 10^k steps, at most about maxTicks of them between lo and hi.
std::vector<double> niceTicks(double lo, double hi, int maxTicks, bool integer) {
  std::vector<double> out;
  double range = hi - lo;
  if (!(range > 0) || maxTicks < 1) return out;
  double raw = range / maxTicks;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double norm = raw / mag;
  double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  if (integer) step = std::max(1.0, std::round(step));
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push_back(std::abs(t) < 1e-9 ? 0 : t);
  return out;
}

std::string timeLabel(double ms, double range) {
  if (range >= 4000) return fmt::format("{:g} s", std::round(ms / 100.0) / 10.0);
  return fmt::format("{:.0f} ms", ms);
}

// The frame of one plot: data ranges and the pixel rectangle they map to.
struct Axes {
  ImVec2 a, b;  // plot area: top-left, bottom-right
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool hovered = false;
  ImVec2 mouse;
  ImDrawList* dl = nullptr;
  float fs = 16;
  float px(double x) const { return a.x + static_cast<float>((x - x0) / (x1 - x0)) * (b.x - a.x); }
  float py(double y) const { return b.y - static_cast<float>((y - y0) / (y1 - y0)) * (b.y - a.y); }
  double dataX(float sx) const { return x0 + static_cast<double>((sx - a.x) / (b.x - a.x)) * (x1 - x0); }
  bool mouseInside() const { return hovered && mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y && mouse.y <= b.y; }
};

// What every plot shares: the time window and the peers' colours.
struct View {
  bool zh = false;  // Chinese titles and explanations
  const char* tr(const char* en, const char* cn) const { return zh ? cn : en; }
  double x0 = 0, x1 = 1000;
  std::int64_t now = 0;
  float width = 100, height = 100, fs = 16;
  std::map<Sid, std::size_t> peerIndex;
  // Each peer's series over the window as of the cursor, about one span per pixel column.
  std::map<Sid, std::vector<PeerSpan>> peerSpans;
  // Side by side, plots line up: each plot's frame starts headerMin below its group's top.
  float groupTop = 0;
  float headerMin = 0;
  float* headerSeen = nullptr;  // the tallest header this frame (for the next frame's layout)
  ImU32 peerColor(Sid sid) const {
    auto it = peerIndex.find(sid);
    return kPeerPalette[(it == peerIndex.end() ? 0 : it->second) % kPaletteSize];
  }
  // Peers with equal values would hide each other: each gets a small vertical offset.
  float peerOffset(Sid sid) const {
    auto it = peerIndex.find(sid);
    if (it == peerIndex.end() || peerIndex.size() < 2) return 0;
    float mid = static_cast<float>(peerIndex.size() - 1) * 0.5f;
    return (static_cast<float>(it->second) - mid) * fs * 0.16f;
  }
};

std::vector<Tick> timeTicks(const View& v) {
  std::vector<Tick> out;
  int n = std::max(2, static_cast<int>(v.width / (v.fs * 5.5f)));
  for (double t : niceTicks(v.x0, v.x1, n, true)) out.push_back({t, timeLabel(t, v.x1 - v.x0)});
  return out;
}

std::vector<Tick> valueTicks(double lo, double hi, float height, float fs, bool integer) {
  std::vector<Tick> out;
  int n = std::max(2, static_cast<int>(height / (fs * 1.8f)));
  for (double t : niceTicks(lo, hi, n, integer)) out.push_back({t, fmt::format("{:g}", t)});
  return out;
}

void mutedWrapped(const char* text, float width) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(mutedColor()));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

// A row of coloured squares with names, wrapped to `width`.
void legend(const std::vector<std::pair<ImU32, std::string>>& items, float width) {
  const float fs = ImGui::GetFontSize();
  float used = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    float w = fs * 1.3f + ImGui::CalcTextSize(items[i].second.c_str()).x + fs * 0.8f;
    if (i > 0 && used + w <= width) ImGui::SameLine(0, 0);
    else used = 0;
    used += w;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + fs * 0.15f), ImVec2(p.x + fs * 0.9f, p.y + fs * 1.05f),
                                              items[i].first, fs * 0.15f);
    ImGui::Dummy(ImVec2(fs * 1.2f, fs));
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(items[i].second.c_str());
    ImGui::SameLine(0, 0);
    ImGui::Dummy(ImVec2(fs * 0.8f, fs));
  }
}

// Title, the frame, grid lines and labelled ticks; the plot area is an item (for hovering).
Axes beginPlot(const char* id, const View& v, double x0, double x1, double y0, double y1, const std::vector<Tick>& xticks,
               const std::vector<Tick>& yticks) {
  Axes ax;
  ax.fs = v.fs;
  ax.dl = ImGui::GetWindowDrawList();
  ax.x0 = x0;
  ax.x1 = x1 > x0 ? x1 : x0 + 1;
  ax.y0 = y0;
  ax.y1 = y1 > y0 ? y1 : y0 + 1;
  float labelW = v.fs * 1.5f;
  for (const auto& t : yticks) labelW = std::max(labelW, ImGui::CalcTextSize(t.label.c_str()).x);
  float header = ImGui::GetCursorPosY() - v.groupTop;
  if (v.headerSeen) *v.headerSeen = std::max(*v.headerSeen, header);
  if (header < v.headerMin) ImGui::SetCursorPosY(v.groupTop + v.headerMin);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(v.width, v.height));
  ax.hovered = ImGui::IsItemHovered();
  ax.mouse = ImGui::GetIO().MousePos;
  ax.a = ImVec2(origin.x + labelW + v.fs * 0.5f, origin.y + v.fs * 0.5f);
  ax.b = ImVec2(origin.x + v.width - v.fs * 0.6f, origin.y + v.height - v.fs * 1.5f);
  ImDrawList* dl = ax.dl;
  dl->AddRectFilled(ax.a, ax.b, ImGui::GetColorU32(ImGuiCol_FrameBg));
  const ImU32 grid = withAlpha(mutedColor(), 60);
  for (const auto& t : yticks) {
    if (t.value < ax.y0 - 1e-9 || t.value > ax.y1 + 1e-9) continue;
    float y = ax.py(t.value);
    dl->AddLine(ImVec2(ax.a.x, y), ImVec2(ax.b.x, y), grid, 1.0f);
    ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
    dl->AddText(ImVec2(ax.a.x - ts.x - v.fs * 0.3f, y - ts.y * 0.5f), textColor(), t.label.c_str());
  }
  float lastRight = -1e9f;
  for (const auto& t : xticks) {
    if (t.value < ax.x0 - 1e-9 || t.value > ax.x1 + 1e-9) continue;
    float x = ax.px(t.value);
    dl->AddLine(ImVec2(x, ax.a.y), ImVec2(x, ax.b.y), grid, 1.0f);
    ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
    float left = std::clamp(x - ts.x * 0.5f, origin.x, origin.x + v.width - ts.x);
    if (left < lastRight + v.fs * 0.5f) continue;
    dl->AddLine(ImVec2(x, ax.b.y), ImVec2(x, ax.b.y + v.fs * 0.25f), textColor(), 1.0f);
    dl->AddText(ImVec2(left, ax.b.y + v.fs * 0.25f), textColor(), t.label.c_str());
    lastRight = left + ts.x;
  }
  dl->AddRect(ax.a, ax.b, withAlpha(textColor(), 160), 0, 0, 1.0f);
  return ax;
}

void plotHeader(const char* title, const char* hint, float width) {
  ImGui::TextUnformatted(title);
  if (hint && *hint) mutedWrapped(hint, width);
}

// The time under the mouse, with a vertical guide line.
std::optional<double> hoverTime(const Axes& ax) {
  if (!ax.mouseInside()) return std::nullopt;
  ax.dl->AddLine(ImVec2(ax.mouse.x, ax.a.y), ImVec2(ax.mouse.x, ax.b.y), withAlpha(textColor(), 140), 1.0f);
  return ax.dataX(ax.mouse.x);
}

void nowMarker(const Axes& ax, const View& v) {
  double now = static_cast<double>(v.now);
  if (now <= ax.x0 || now >= ax.x1) return;
  float x = ax.px(now);
  ax.dl->AddLine(ImVec2(x, ax.a.y), ImVec2(x, ax.b.y), withAlpha(textColor(), 120), 1.5f);
  ax.dl->AddText(ImVec2(x + v.fs * 0.2f, ax.a.y), mutedColor(), v.zh ? "现在" : "now");
}

void dashedHLine(const Axes& ax, float y, ImU32 col, float thickness) {
  float dash = ax.fs * 0.5f;
  for (float x = ax.a.x; x < ax.b.x; x += dash * 2) ax.dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + dash, ax.b.x), y), col, thickness);
}

// Each peer's value as a step function over time: thick while alive, faint while down.
// Spans that fall into the same pixel column are merged into one vertical stroke from their
// lowest to their highest value; the spans come at most a few per pixel (PeerSeries).
template <typename Range, typename Value>
void drawPeerSteps(const Axes& ax, const View& v, Range range, Value value) {
  const float thick = v.fs * 0.16f;
  ax.dl->PushClipRect(ax.a, ax.b, true);
  for (const auto& [sid, spans] : v.peerSpans) {
    if (spans.empty()) continue;
    const ImU32 col = v.peerColor(sid);
    const ImU32 faint = withAlpha(col, 90);
    const float off = v.peerOffset(sid);
    auto horizontal = [&](float xa, float xb, float y, bool alive) {
      ax.dl->AddLine(ImVec2(xa, y), ImVec2(std::max(xb, xa + 1), y), alive ? col : faint, alive ? thick : thick * 0.5f);
    };
    bool have = false, prevAlive = false, colDown = false;
    float prevX = 0, prevY = 0, colTop = 0, colBottom = 0;
    long column = 0;
    auto flushColumn = [&]() {
      if (colBottom - colTop >= 0.5f)
        ax.dl->AddLine(ImVec2(static_cast<float>(column), colTop), ImVec2(static_cast<float>(column), colBottom),
                       colDown ? faint : col, thick * 0.6f);
    };
    for (const PeerSpan& span : spans) {
      float x = ax.px(std::max(static_cast<double>(span.timeMs), ax.x0));
      auto [lo, hi] = range(span);
      float yLow = ax.py(lo) - off, yHigh = ax.py(hi) - off;
      float y = ax.py(value(*span.last)) - off;
      long c = std::lround(x);
      if (!have) {
        have = true;
        column = c;
        colTop = std::min(yLow, yHigh);
        colBottom = std::max(yLow, yHigh);
        colDown = span.anyDown;
      } else if (c != column) {
        flushColumn();
        horizontal(prevX, x, prevY, prevAlive);
        column = c;
        colTop = colBottom = prevY;
        colDown = span.anyDown;
      }
      colTop = std::min({colTop, yLow, yHigh});
      colBottom = std::max({colBottom, yLow, yHigh});
      colDown = colDown && span.anyDown;
      prevX = x;
      prevY = y;
      prevAlive = span.last->alive;
    }
    if (!have) continue;
    flushColumn();
    horizontal(prevX, ax.px(std::min(static_cast<double>(v.now), ax.x1)), prevY, prevAlive);
  }
  ax.dl->PopClipRect();
}

// ---- zxid as epoch:counter on one axis: each epoch gets a band as tall as its counters ----
struct ZxidAxis {
  std::map<zab::Epoch, std::int64_t> maxCounter;
  std::map<zab::Epoch, double> base;
  double top = 1;
  void add(zab::Zxid z) {
    z = std::max<zab::Zxid>(0, z);
    auto& c = maxCounter[zab::epochOf(z)];
    c = std::max(c, zab::counterOf(z));
  }
  // A gap of a twentieth of the plot between two bands: a server at 1:128 sat on the 2:0 line (one
  // unit below it) and read as if it had joined epoch 2.
  void finish() {
    double units = 0;
    for (const auto& [e, c] : maxCounter) units += static_cast<double>(c) + 1;
    const double gap = std::max(1.0, units / 20.0);
    double y = 0;
    for (const auto& [e, c] : maxCounter) {
      base[e] = y;
      y += static_cast<double>(c) + gap;
    }
    top = std::max(1.0, y);
  }
  double y(zab::Zxid z) const {
    z = std::max<zab::Zxid>(0, z);
    // An epoch passed inside one pixel has no band: it sits where the next band starts.
    auto it = base.lower_bound(zab::epochOf(z));
    if (it == base.end()) return top;
    if (it->first != zab::epochOf(z)) return it->second;
    return it->second + static_cast<double>(zab::counterOf(z));
  }
};

std::vector<Tick> zxidTicks(const ZxidAxis& z, const View& v, double y0, double y1) {
  // Epoch starts first (the newest matters most), then round counters inside each band, never closer
  // than a line of text.
  const double pxPerUnit = static_cast<double>(std::max(1.0f, v.height - v.fs * 2)) / std::max(1e-9, y1 - y0);
  std::vector<Tick> candidates;
  for (auto it = z.base.rbegin(); it != z.base.rend(); ++it)  // the newest epoch first
    candidates.push_back({it->second, fmt::format("{}:0", it->first)});
  for (const auto& [e, b] : z.base) {
    std::int64_t top = z.maxCounter.at(e);
    int n = static_cast<int>(static_cast<double>(top) * pxPerUnit / static_cast<double>(v.fs * 1.8f));
    for (double t : niceTicks(0, static_cast<double>(top), n, true))
      if (t > 0) candidates.push_back({b + t, fmt::format("{}:{}", e, static_cast<std::int64_t>(t))});
  }
  std::vector<Tick> out;
  const double minGap = static_cast<double>(v.fs * 1.2f) / pxPerUnit;
  for (const auto& c : candidates) {
    if (c.value < y0 || c.value > y1) continue;
    bool close = false;
    for (const auto& o : out) close = close || std::abs(o.value - c.value) < minGap;
    if (!close) out.push_back(c);
  }
  return out;
}

void peerTooltip(const View& v, const Metrics& m, double t, bool zxid) {
  ImGui::BeginTooltip();
  ImGui::Text(v.tr("at %s", "时间 %s"), timeLabel(t, 0).c_str());
  for (const auto& [sid, series] : m.peers()) {
    const PeerSample* p = m.peerAt(sid, static_cast<std::int64_t>(std::min(t, static_cast<double>(m.nowMs()))));
    if (!p) continue;
    std::string state = p->alive ? std::string(zab::to_string(p->state)) : v.tr("down", "已停止");
    if (zxid)
      ImGui::Text("S%lld  zxid %s  (%s)", static_cast<long long>(sid), zab::formatEpochCounter(p->zxid).c_str(), state.c_str());
    else
      ImGui::Text("S%lld  currentEpoch %lld, acceptedEpoch %lld  (%s)", static_cast<long long>(sid),
                  static_cast<long long>(p->currentEpoch), static_cast<long long>(p->acceptedEpoch), state.c_str());
  }
  ImGui::EndTooltip();
}

// ---------------------------------------------------------------------------------------------

void plotZxid(const View& v, const Metrics& m) {
  // The zxid is what the server has applied (lastProcessedZxid), and that is not only committed
  // writes: a server whose role ends applies its whole txn log first (ZooKeeperServer.shutdown,
  // fastForwardDataBase), so an old leader cut off with proposals no quorum acked jumps then.
  plotHeader(v.tr("Last applied zxid per peer (lastProcessedZxid, epoch:counter)",
                  "每台服务器已应用的最新 zxid（lastProcessedZxid，epoch:counter）"),
             v.tr("Each epoch gets its own band: a new leader starts its epoch at e:0, and each committed write a server "
                  "applies adds 1. When a server stops leading or following it first applies every txn in its log, "
                  "committed or not (fastForwardDataBase): its line can jump then.",
                  "每个 epoch 占一条带：新 Leader 从 e:0 开始它的 epoch，服务器每应用一次已提交的写加 1。"
                  "服务器结束 Leader 或 Follower 角色时，会先把事务日志里的事务全部应用（fastForwardDataBase），"
                  "不管是否已提交：此时它的线可能跳一下。"),
             v.width);
  ZxidAxis z;
  z.add(0);
  // Bands for what is visible: the sample in force at x0 and every change up to x1.
  for (const auto& [sid, spans] : v.peerSpans)
    for (const auto& span : spans) {
      z.add(span.zxidLow);
      z.add(span.zxidHigh);
    }
  z.finish();
  double y0 = -z.top * 0.04, y1 = z.top * 1.06;
  Axes ax = beginPlot("zxid", v, v.x0, v.x1, y0, y1, timeTicks(v), zxidTicks(z, v, y0, y1));
  for (const auto& [e, b] : z.base)
    if (e > 0) dashedHLine(ax, ax.py(b), withAlpha(mutedColor(), 120), 1.0f);
  drawPeerSteps(
      ax, v, [&](const PeerSpan& p) { return std::pair(z.y(p.zxidLow), z.y(p.zxidHigh)); },
      [&](const PeerSample& p) { return z.y(p.zxid); });
  nowMarker(ax, v);
  if (auto t = hoverTime(ax)) peerTooltip(v, m, *t, true);
}

void plotEpoch(const View& v, const Metrics& m) {
  plotHeader(v.tr("Epoch per peer (currentEpoch)", "每台服务器的 epoch（currentEpoch）"),
             v.tr("Goes up by one each time a new leader gets a quorum to acknowledge its epoch (NEWLEADER).",
                  "每当新 Leader 让过半成员确认它的 epoch（NEWLEADER）时加 1。"),
             v.width);
  zab::Epoch top = 1;
  for (const auto& [sid, spans] : v.peerSpans)
    for (const auto& p : spans) top = std::max({top, p.epochHigh, p.last->acceptedEpoch});
  double y0 = -0.3, y1 = static_cast<double>(top) + 0.5;
  Axes ax = beginPlot("epoch", v, v.x0, v.x1, y0, y1, timeTicks(v), valueTicks(0, static_cast<double>(top), v.height, v.fs, true));
  drawPeerSteps(
      ax, v,
      [](const PeerSpan& p) { return std::pair(static_cast<double>(p.epochLow), static_cast<double>(p.epochHigh)); },
      [](const PeerSample& p) { return static_cast<double>(p.currentEpoch); });
  nowMarker(ax, v);
  if (auto t = hoverTime(ax)) peerTooltip(v, m, *t, false);
}

void plotMessages(const View& v, const Metrics& m) {
  // As of the cursor (its own second counted up to it, nothing after it); only the window's
  // seconds are read.
  std::size_t k0 = static_cast<std::size_t>(std::max(0.0, v.x0) / static_cast<double>(kBucketMs));
  std::size_t k1 = static_cast<std::size_t>(std::max(0.0, v.x1) / static_cast<double>(kBucketMs));
  std::array<std::int64_t, kAllFamilies.size()> seen{};
  std::int64_t top = 1;
  bool anyRetrans = false;
  for (std::size_t k = k0; k <= k1; ++k) {
    std::int64_t sum = 0;
    const auto counts = m.messagesIn(k);
    for (std::size_t f = 0; f < kAllFamilies.size(); ++f) {
      sum += counts[f];
      seen[f] += counts[f];
    }
    std::int64_t r = m.retransmitsIn(k);
    anyRetrans = anyRetrans || r > 0;
    top = std::max({top, sum, r});
  }
  plotHeader(v.tr("Messages delivered per second, by family", "每秒送达的消息数（按类别）"),
             v.tr("Stacked bars, one per second of virtual time; the black line counts TCP retransmissions "
                  "(loss or a partition).",
                  "堆叠柱，每秒虚拟时间一根；黑线是 TCP 重传次数（丢包或网络分区）。"),
             v.width);
  std::vector<std::pair<ImU32, std::string>> items;
  for (zab::Family f : kAllFamilies)
    if (seen[familyIndex(f)] > 0) items.emplace_back(familyColor(f), std::string(zab::to_string(f)));
  if (anyRetrans) items.emplace_back(textColor(), v.tr("retransmits", "重传"));
  legend(items, v.width);
  double y1 = static_cast<double>(top) * 1.1;
  Axes ax = beginPlot("messages", v, v.x0, v.x1, 0, y1, timeTicks(v), valueTicks(0, y1, v.height, v.fs, true));
  ax.dl->PushClipRect(ax.a, ax.b, true);
  const std::size_t current = static_cast<std::size_t>(v.now / kBucketMs);
  for (std::size_t k = k0; k <= k1 && k <= current; ++k) {
    const auto counts = m.messagesIn(k);
    double bx0 = static_cast<double>(k) * static_cast<double>(kBucketMs), bx1 = bx0 + static_cast<double>(kBucketMs);
    float xa = ax.px(bx0), xb = ax.px(bx1);
    if (xb - xa > 4) {
      xa += 1;
      xb -= 1;
    }
    double acc = 0;
    for (zab::Family f : kAllFamilies) {
      std::int64_t n = counts[familyIndex(f)];
      if (n == 0) continue;
      ImU32 col = familyColor(f);
      if (k == current) col = withAlpha(col, 130);  // the second in progress
      ax.dl->AddRectFilled(ImVec2(xa, ax.py(acc + static_cast<double>(n))), ImVec2(xb, ax.py(acc)), col);
      acc += static_cast<double>(n);
    }
  }
  if (anyRetrans) {
    std::vector<ImVec2> pts;
    for (std::size_t k = k0; k <= k1; ++k) {
      double r = static_cast<double>(m.retransmitsIn(k));
      pts.emplace_back(ax.px((static_cast<double>(k) + 0.5) * static_cast<double>(kBucketMs)), ax.py(r));
    }
    ax.dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), textColor(), 0, v.fs * 0.12f);
  }
  ax.dl->PopClipRect();
  nowMarker(ax, v);
  if (auto t = hoverTime(ax); t && *t >= 0) {
    std::size_t k = static_cast<std::size_t>(*t / static_cast<double>(kBucketMs));
    ImGui::BeginTooltip();
    ImGui::Text("%s .. %s%s", timeLabel(static_cast<double>(k) * 1000.0, 5000).c_str(),
                timeLabel(static_cast<double>(k + 1) * 1000.0, 5000).c_str(), k == current ? v.tr(" (so far)", "（至今）") : "");
    std::int64_t sum = 0;
    const auto counts = m.messagesIn(k);
    for (zab::Family f : kAllFamilies)
        if (std::int64_t n = counts[familyIndex(f)]; n > 0) {
          ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(inkColor(familyColor(f), panelColor())), "%s: %lld", std::string(zab::to_string(f)).c_str(),
                             static_cast<long long>(n));
          sum += n;
        }
    ImGui::Text(v.tr("total: %lld frames", "合计：%lld 条消息"), static_cast<long long>(sum));
    if (std::int64_t r = m.retransmitsIn(k); r > 0) ImGui::Text(v.tr("retransmissions: %lld", "重传：%lld"), static_cast<long long>(r));
    ImGui::EndTooltip();
  }
}

void plotElections(const View& v, const Metrics& m, std::int64_t finalizeWait) {
  struct Bar {
    ElectionSpan span;
    bool open = false;
  };
  std::vector<Bar> bars;
  for (const auto& e : m.elections())
    if (static_cast<double>(e.endMs) >= v.x0) bars.push_back({e, false});
  for (const auto& [sid, start] : m.openElections()) {
    ElectionSpan s;
    s.sid = sid;
    s.startMs = start;
    s.endMs = v.now;
    bars.push_back({s, true});
  }
  std::size_t total = bars.size();
  std::size_t fit = std::max<std::size_t>(1, static_cast<std::size_t>((v.width - v.fs * 4) / (v.fs * 2.2f)));
  if (bars.size() > fit) bars.erase(bars.begin(), bars.end() - static_cast<std::ptrdiff_t>(fit));
  std::string hint = v.tr("One bar per peer and election, from lookForLeader to its decision; the dashed line is "
                          "finalizeWait, the least a decision takes.",
                          "每台服务器每次选举一根柱，从 lookForLeader 到作出决定；虚线是 finalizeWait，即作出决定至少要等的时间。");
  if (total > bars.size())
    hint += v.zh ? fmt::format("只显示 {} 个中的最后 {} 个。", total, bars.size())
                 : fmt::format(" Showing the last {} of {}.", bars.size(), total);
  plotHeader(v.tr("Election durations (ms)", "选举耗时（ms）"), hint.c_str(), v.width);
  std::int64_t top = finalizeWait * 3 / 2;
  for (const auto& b : bars) top = std::max(top, b.span.durationMs());
  double y1 = static_cast<double>(top) * 1.15;
  Axes ax = beginPlot("elections", v, 0, static_cast<double>(std::max<std::size_t>(bars.size(), 3)), 0, y1, {},
                      valueTicks(0, y1, v.height, v.fs, true));
  if (bars.empty()) {
    const char* text = v.tr("no election yet", "还没有选举");
    ImVec2 ts = ImGui::CalcTextSize(text);
    ax.dl->AddText(ImVec2((ax.a.x + ax.b.x - ts.x) * 0.5f, (ax.a.y + ax.b.y - ts.y) * 0.5f), mutedColor(), text);
  }
  dashedHLine(ax, ax.py(static_cast<double>(finalizeWait)), withAlpha(textColor(), 170), 1.5f);
  std::optional<std::size_t> hovered;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    float xa = ax.px(static_cast<double>(i) + 0.15), xb = ax.px(static_cast<double>(i) + 0.85);
    float yt = ax.py(static_cast<double>(b.span.durationMs()));
    ImU32 col = v.peerColor(b.span.sid);
    if (b.open) {
      ax.dl->AddRectFilled(ImVec2(xa, yt), ImVec2(xb, ax.b.y), withAlpha(col, 70));
      ax.dl->AddRect(ImVec2(xa, yt), ImVec2(xb, ax.b.y), col, 0, 0, v.fs * 0.12f);
    } else {
      ax.dl->AddRectFilled(ImVec2(xa, yt), ImVec2(xb, ax.b.y), col);
    }
    std::string value = fmt::format("{}", b.span.durationMs());
    ImVec2 vs = ImGui::CalcTextSize(value.c_str());
    if (vs.x <= (xb - xa) + v.fs * 0.8f)
      ax.dl->AddText(ImVec2((xa + xb - vs.x) * 0.5f, std::max(ax.a.y, yt - vs.y)), textColor(), value.c_str());
    std::string name = fmt::format("S{}{}", b.span.sid, b.open ? "?" : "");
    ImVec2 ns = ImGui::CalcTextSize(name.c_str());
    ax.dl->AddText(ImVec2((xa + xb - ns.x) * 0.5f, ax.b.y + v.fs * 0.2f), col, name.c_str());
    if (ax.mouseInside() && ax.mouse.x >= xa && ax.mouse.x <= xb) hovered = i;
  }
  if (hovered) {
    const auto& b = bars[*hovered];
    ImGui::BeginTooltip();
    if (b.open) {
      ImGui::Text(v.tr("S%lld is still LOOKING", "S%lld 仍在 LOOKING"), static_cast<long long>(b.span.sid));
      ImGui::Text(v.tr("since %s: %lld ms so far", "从 %s 开始：至今 %lld ms"), timeLabel(static_cast<double>(b.span.startMs), 0).c_str(),
                  static_cast<long long>(b.span.durationMs()));
    } else {
      ImGui::Text("S%lld: round %lld -> %s", static_cast<long long>(b.span.sid), static_cast<long long>(b.span.round),
                  b.span.outcome.c_str());
      ImGui::Text("%s .. %s = %lld ms", timeLabel(static_cast<double>(b.span.startMs), 0).c_str(),
                  timeLabel(static_cast<double>(b.span.endMs), 0).c_str(), static_cast<long long>(b.span.durationMs()));
    }
    ImGui::EndTooltip();
  }
}

void plotCommitLatency(const View& v, const Metrics& m) {
  plotHeader(v.tr("Commit latency (ms)", "提交延迟（ms）"),
             v.tr("One dot per write answered OK (coloured by the server the client used); the line is the mean per "
                  "second. A write needs a quorum's ACK after fsync.",
                  "每个成功的写一个点（颜色表示客户端所连的服务器）；线是每秒的平均值。一次写需要过半成员在 fsync 之后回 ACK。"),
             v.width);
  // Commits are sorted by answer time: the window is one range of them.
  const auto& all = m.commits();
  auto lo = std::lower_bound(all.begin(), all.end(), v.x0,
                             [](const CommitSample& c, double t) { return static_cast<double>(c.answeredMs) < t; });
  auto hi = std::upper_bound(lo, all.end(), v.x1,
                             [](double t, const CommitSample& c) { return t < static_cast<double>(c.answeredMs); });
  // Each second's count and latency range come kept up to date by Metrics: a window over a long
  // run reads one entry per second, never every write.
  std::int64_t top = 10;
  std::map<std::size_t, LatencySecond> perSecond;
  const auto& seconds = m.latencyPerSecond();
  const std::size_t k0 = static_cast<std::size_t>(std::max(0.0, v.x0) / static_cast<double>(kBucketMs));
  const std::size_t k1 = static_cast<std::size_t>(std::max(0.0, v.x1) / static_cast<double>(kBucketMs));
  for (std::size_t k = k0; k <= k1 && k < seconds.size(); ++k)
    if (seconds[k].count > 0) {
      perSecond.emplace(k, seconds[k]);
      top = std::max(top, seconds[k].maxMs);
    }
  double y1 = static_cast<double>(top) * 1.15;
  Axes ax = beginPlot("latency", v, v.x0, v.x1, 0, y1, timeTicks(v), valueTicks(0, y1, v.height, v.fs, true));
  ax.dl->PushClipRect(ax.a, ax.b, true);
  const CommitSample* nearest = nullptr;
  const bool dots = (hi - lo) <= static_cast<std::ptrdiff_t>((ax.b.x - ax.a.x) * 3);
  if (dots) {
    float best = v.fs * 0.6f;
    for (auto it = lo; it != hi; ++it) {
      ImVec2 p(ax.px(static_cast<double>(it->answeredMs)), ax.py(static_cast<double>(it->latencyMs)));
      ax.dl->AddCircleFilled(p, v.fs * 0.17f, withAlpha(v.peerColor(it->server), 200), 8);
      if (ax.mouseInside()) {
        float d = std::hypot(p.x - ax.mouse.x, p.y - ax.mouse.y);
        if (d < best) {
          best = d;
          nearest = &*it;
        }
      }
    }
  } else {
    // Too many to tell apart: each second's range, from its fastest to its slowest write.
    for (const auto& [k, sec] : perSecond) {
      float xa = ax.px(static_cast<double>(k) * static_cast<double>(kBucketMs));
      float xb = ax.px(static_cast<double>(k + 1) * static_cast<double>(kBucketMs));
      ax.dl->AddRectFilled(ImVec2(xa, ax.py(static_cast<double>(sec.maxMs))),
                           ImVec2(std::max(xb, xa + 1), ax.py(static_cast<double>(sec.minMs))),
                           withAlpha(familyColor(zab::Family::Client), 110));
    }
  }
  std::vector<ImVec2> line;
  for (const auto& [k, sec] : perSecond)
    line.emplace_back(ax.px((static_cast<double>(k) + 0.5) * static_cast<double>(kBucketMs)),
                      ax.py(static_cast<double>(sec.sumMs) / static_cast<double>(sec.count)));
  if (line.size() >= 2) ax.dl->AddPolyline(line.data(), static_cast<int>(line.size()), textColor(), 0, v.fs * 0.12f);
  if (line.size() < 200)
    for (const auto& p : line) ax.dl->AddCircleFilled(p, v.fs * 0.12f, textColor());
  ax.dl->PopClipRect();
  if (all.empty()) {
    const char* text = v.tr("no writes yet: start a workload (workload writes=20)", "还没有写：启动一个负载（workload writes=20）");
    ImVec2 ts = ImGui::CalcTextSize(text);
    ax.dl->AddText(ImVec2(std::max(ax.a.x, (ax.a.x + ax.b.x - ts.x) * 0.5f), (ax.a.y + ax.b.y - ts.y) * 0.5f), mutedColor(), text);
  }
  nowMarker(ax, v);
  if (auto t = hoverTime(ax)) {
    ImGui::BeginTooltip();
    if (nearest) {
      ImGui::Text(v.tr("write answered by S%lld at %s", "S%lld 回答的写，时间 %s"), static_cast<long long>(nearest->server),
                  timeLabel(static_cast<double>(nearest->answeredMs), 0).c_str());
      ImGui::Text(v.tr("latency %lld ms (submitted at %s)", "延迟 %lld ms（发出于 %s）"), static_cast<long long>(nearest->latencyMs),
                  timeLabel(static_cast<double>(nearest->answeredMs - nearest->latencyMs), 0).c_str());
    } else if (*t >= 0) {
      std::size_t k = static_cast<std::size_t>(*t / static_cast<double>(kBucketMs));
      auto it = perSecond.find(k);
      if (it == perSecond.end()) ImGui::Text(v.tr("no write answered in second %zu", "第 %zu 秒没有写得到回答"), k);
      else
        ImGui::Text(v.tr("second %zu: %lld writes, latency mean %.1f ms, min %lld, max %lld",
                         "第 %zu 秒：%lld 次写，平均延迟 %.1f ms，最小 %lld，最大 %lld"),
                    k,
                    static_cast<long long>(it->second.count),
                    static_cast<double>(it->second.sumMs) / static_cast<double>(it->second.count),
                    static_cast<long long>(it->second.minMs), static_cast<long long>(it->second.maxMs));
    }
    ImGui::EndTooltip();
  }
}

void plotWrites(const View& v, const Metrics& m) {
  std::string hint = v.tr("Writes answered OK per second of virtual time.", "每秒虚拟时间内成功回答的写。");
  if (m.failedOps() > 0)
    hint += v.zh ? fmt::format("{} 个请求得到了错误回答（例如选举期间服务器不对外服务）。", m.failedOps())
                 : fmt::format(" {} requests were answered with an error (e.g. the server was not serving during an "
                               "election).",
                               m.failedOps());
  plotHeader(v.tr("Committed writes per second", "每秒提交的写"), hint.c_str(), v.width);
  const auto& w = m.committedWritesPerSecond();
  std::size_t k0 = static_cast<std::size_t>(std::max(0.0, v.x0) / static_cast<double>(kBucketMs));
  std::size_t k1 = static_cast<std::size_t>(std::max(0.0, v.x1) / static_cast<double>(kBucketMs));
  std::int64_t top = 1;
  for (std::size_t k = k0; k <= k1 && k < w.size(); ++k) top = std::max(top, w[k]);
  double y1 = static_cast<double>(top) * 1.15;
  Axes ax = beginPlot("writes", v, v.x0, v.x1, 0, y1, timeTicks(v), valueTicks(0, y1, v.height, v.fs, true));
  ax.dl->PushClipRect(ax.a, ax.b, true);
  const std::size_t current = static_cast<std::size_t>(v.now / kBucketMs);
  for (std::size_t k = k0; k <= k1 && k < w.size(); ++k) {
    if (w[k] == 0) continue;
    float xa = ax.px(static_cast<double>(k) * static_cast<double>(kBucketMs));
    float xb = ax.px(static_cast<double>(k + 1) * static_cast<double>(kBucketMs));
    if (xb - xa > 4) {
      xa += 1;
      xb -= 1;
    }
    ImU32 col = familyColor(zab::Family::Client);
    ax.dl->AddRectFilled(ImVec2(xa, ax.py(static_cast<double>(w[k]))), ImVec2(xb, ax.b.y), k == current ? withAlpha(col, 130) : col);
  }
  ax.dl->PopClipRect();
  nowMarker(ax, v);
  if (auto t = hoverTime(ax); t && *t >= 0) {
    std::size_t k = static_cast<std::size_t>(*t / static_cast<double>(kBucketMs));
    ImGui::BeginTooltip();
    ImGui::Text(v.tr("%s .. %s%s: %lld writes committed", "%s .. %s%s：提交了 %lld 次写"),
                timeLabel(static_cast<double>(k) * 1000.0, 5000).c_str(),
                timeLabel(static_cast<double>(k + 1) * 1000.0, 5000).c_str(), k == current ? v.tr(" (so far)", "（至今）") : "",
                static_cast<long long>(k < w.size() ? w[k] : 0));
    ImGui::EndTooltip();
  }
}

}  // namespace

void GraphsPanel::draw(AppState& app) {
  metrics.update(app.session);
  const float fs = ImGui::GetFontSize();
  // Chinese labels keep their English ids after "###".
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };
  const char* wholeRun = tr("whole run", "整个运行###whole run");
  const char* last10 = tr("last 10 s", "最近 10 秒###last 10 s");
  const char* last60 = tr("last 60 s", "最近 60 秒###last 60 s");
  const char* large = tr("large view", "大图###large view");

  ImGui::TextUnformatted(tr("Range:", "范围："));
  sameLineIfFits(boxItemWidth(wholeRun));
  ImGui::RadioButton(wholeRun, &window, 0);
  sameLineIfFits(boxItemWidth(last10));
  ImGui::RadioButton(last10, &window, 1);
  sameLineIfFits(boxItemWidth(last60));
  ImGui::RadioButton(last60, &window, 2);
  sameLineIfFits(boxItemWidth(large));
  ImGui::Checkbox(large, &app.graphsLarge);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("every graph side by side in a big window (for a projector)", "所有图表并排放进一个大窗口（用于投影）"));

  ImGui::BeginChild("graphs-scroll", ImVec2(0, 0), false);
  drawPlots(app, 1, fs * 10.0f);
  ImGui::EndChild();

  if (app.graphsLarge) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(display.x * 0.94f, display.y * 0.92f), ImGuiCond_Appearing);
    if (ImGui::Begin(tr("Graphs (large view)", "图表（大图）###Graphs (large view)"), &app.graphsLarge,
                     ImGuiWindowFlags_NoCollapse)) {
      ImGui::TextUnformatted(tr("Range:", "范围："));
      ImGui::SameLine();
      ImGui::RadioButton(tr("whole run##large", "整个运行###whole run##large"), &window, 0);
      ImGui::SameLine();
      ImGui::RadioButton(tr("last 10 s##large", "最近 10 秒###last 10 s##large"), &window, 1);
      ImGui::SameLine();
      ImGui::RadioButton(tr("last 60 s##large", "最近 60 秒###last 60 s##large"), &window, 2);
      float avail = ImGui::GetContentRegionAvail().x;
      int columns = avail > fs * 75 ? 3 : avail > fs * 40 ? 2 : 1;
      int rows = (6 + columns - 1) / columns;
      // Leave room for the legend, titles and their explanations above each plot.
      float header = headerSeen_ > 0 ? headerSeen_ : fs * 4.6f;
      float h = (ImGui::GetContentRegionAvail().y - fs * 3.5f) / static_cast<float>(rows) - header -
                ImGui::GetStyle().ItemSpacing.y * 2;
      drawPlots(app, columns, std::max(fs * 8.0f, h));
    }
    ImGui::End();
  }
}

void GraphsPanel::drawPlots(AppState& app, int columns, float plotHeight) {
  const auto& sim = app.session.sim();
  const float fs = ImGui::GetFontSize();
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 2;
  const float avail = ImGui::GetContentRegionAvail().x;

  View v;
  v.zh = app.language == Language::Chinese;
  v.fs = fs;
  v.now = metrics.nowMs();
  v.width = std::max(fs * 12, (avail - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns));
  v.height = plotHeight;
  double span = window == 1 ? 10000.0 : window == 2 ? 60000.0 : 0.0;
  v.x1 = std::max(static_cast<double>(v.now), span > 0 ? span : 1000.0);
  v.x0 = span > 0 ? std::max(0.0, v.x1 - span) : 0.0;
  std::size_t index = 0;
  for (const auto& [sid, series] : metrics.peers()) {
    v.peerIndex[sid] = index++;
    // About one span per pixel column of the widest plot, whatever the run's length.
    const double resolution = (v.x1 - v.x0) / std::max(1.0f, v.width);
    series.spans(static_cast<std::int64_t>(v.x0), static_cast<std::int64_t>(std::ceil(v.x1)), resolution,
                 metrics.cursor(), v.peerSpans[sid]);
  }
  float seen = 0;
  if (columns > 1) {
    v.headerMin = headerSeen_;
    v.headerSeen = &seen;
  }

  // The peers' colours, shared by the zxid, epoch, election and latency plots.
  std::vector<std::pair<ImU32, std::string>> peers;
  for (const auto& [sid, i] : v.peerIndex) peers.emplace_back(v.peerColor(sid), fmt::format("S{}", sid));
  ImGui::TextUnformatted(v.tr("Peers:", "服务器："));
  ImGui::SameLine();
  legend(peers, avail - fs * 4);
  mutedWrapped(v.tr("Thin faded line: the server is down. Every plot is made from the recorded timeline up to the "
                    "cursor, one step per event. Hover a plot for its values.",
                    "细而淡的线：该服务器已停止。每张图都由记录下来的时间线画到光标处，每个事件一步。把鼠标移到图上查看数值。"),
               avail);
  ImGui::Spacing();

  const std::int64_t finalizeWait = sim.timing().fle.finalizeWait;
  for (int i = 0; i < 6; ++i) {
    if (columns > 1 && i % columns != 0) ImGui::SameLine(0, spacing);
    ImGui::PushID(i);
    v.groupTop = ImGui::GetCursorPosY();
    ImGui::BeginGroup();
    switch (i) {
      case 0: plotZxid(v, metrics); break;
      case 1: plotEpoch(v, metrics); break;
      case 2: plotMessages(v, metrics); break;
      case 3: plotElections(v, metrics, finalizeWait); break;
      case 4: plotCommitLatency(v, metrics); break;
      case 5: plotWrites(v, metrics); break;
      default: break;
    }
    ImGui::EndGroup();
    ImGui::PopID();
    if (columns == 1 || i % columns == columns - 1) ImGui::Spacing();
  }
  if (columns > 1) headerSeen_ = seen;
}

}  // namespace zabscope
