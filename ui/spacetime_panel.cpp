#include "spacetime_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cfloat>
#include <cmath>
#include <map>
#include <optional>

#include "disc_sprites.hpp"
#include "flow_line.hpp"
#include "ink_budget.hpp"
#include "label_placement.hpp"
#include "lane_labels.hpp"
#include "theme.hpp"
#include "timeline_fingerprint.hpp"

namespace zabscope {

using namespace zab;

namespace {

constexpr std::size_t kBackfillSteps = 4000;  // timeline steps walked per pass, at most
constexpr double kBackfillBudgetMs = 40;      // wall-clock time of that walk (UI only; the model never sees it)
constexpr int kStableFrames = 3;              // the cursor must rest this long before a pass
constexpr std::size_t kMaxMissing = 4000;     // deliveries queued for one backfill
constexpr std::size_t kMaxItems = 1000;      // entries looked at per frame, at most (denser windows are thinned)
constexpr std::size_t kMaxDashedInFlight = 40; // frames in flight whose whole way is drawn
// Routine arrows drawn per frame: as much line as this many plot widths (see ink_budget.hpp).
constexpr double kInkBudgetWidths = 8;
constexpr std::size_t kMaxRoutineInFlight = 100;  // broadcast/ping frames in flight drawn, at most
// The layer's content columns (ui/scroll_layer.hpp): counted from a base that moves in steps
// of kBaseStep (ScrollLayer::kBaseStep), and cut to [kContentMin, kContentMax], so that every
// vertex stays inside the viewport that app/layer_texture draws them with.
constexpr std::int64_t kBaseStep = ScrollLayer::kBaseStep;
constexpr float kContentMin = 8, kContentMax = static_cast<float>(ScrollLayer::kViewportRight + kBaseStep) - 8;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// A sampling stride, a power of two, kept while the wanted one is at most it and more than a
// third of it: a stride that changes repaints the diagram's layer whole.
std::size_t steadyStride(std::size_t kept, std::size_t wanted) {
  wanted = std::max<std::size_t>(wanted, 1);
  if (wanted <= kept && wanted * 3 > kept) return kept;
  std::size_t p = 1;
  while (p < wanted) p <<= 1;
  return p;
}

// Which routine arrows a thinned window draws: by a hash of the entry, so that the same ones
// stay drawn as the window scrolls.
std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Cuts the segment a-b to the columns [x0, x1]; false when nothing of it is left.
bool clipColumns(ImVec2& a, ImVec2& b, float x0, float x1) {
  if ((a.x < x0 && b.x < x0) || (a.x > x1 && b.x > x1)) return false;
  auto cut = [](ImVec2& p, const ImVec2& q, float x) { p = ImVec2(x, p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x)); };
  if (a.x < x0) cut(a, b, x0);
  else if (a.x > x1) cut(a, b, x1);
  if (b.x < x0) cut(b, a, x0);
  else if (b.x > x1) cut(b, a, x1);
  return true;
}

ImU32 withAlpha(ImU32 c, unsigned a) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT); }

float distToSegment(ImVec2 p, ImVec2 a, ImVec2 b) {
  float dx = b.x - a.x, dy = b.y - a.y;
  float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0f, 1.0f) : 0.0f;
  float qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y;
  return std::sqrt(qx * qx + qy * qy);
}

void arrowHead(ImDrawList* dl, ImVec2 from, ImVec2 to, float size, ImU32 col) {
  float dx = to.x - from.x, dy = to.y - from.y;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1.0f) return;
  float ux = dx / len, uy = dy / len;
  size = std::min(size, len * 0.6f);
  ImVec2 base(to.x - ux * size, to.y - uy * size);
  dl->AddTriangleFilled(to, ImVec2(base.x - uy * size * 0.45f, base.y + ux * size * 0.45f),
                        ImVec2(base.x + uy * size * 0.45f, base.y - ux * size * 0.45f), col);
}

void dashedLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  float dx = b.x - a.x, dy = b.y - a.y;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1.0f) return;
  dash = std::max(dash, len / 48.0f);  // at most 24 dashes a line: long ones stay cheap to draw
  for (float s = 0; s < len; s += dash * 2) {
    float e = std::min(len, s + dash);
    dl->AddLine(ImVec2(a.x + dx * s / len, a.y + dy * s / len), ImVec2(a.x + dx * e / len, a.y + dy * e / len), col,
                thickness);
  }
}

double niceStep(double raw) {
  double p = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-3))));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (p * m >= raw) return p * m;
  return p * 10;
}

std::string timeLabel(double t, double step) {
  if (step >= 1000) return fmt::format("{:g} s", t / 1000.0);
  return fmt::format("{:.0f} ms", t);
}

// Who decided in this step, and what it became (from the step's milestones, not its text).
struct Decision {
  Sid sid = 0;
  std::string state;
};
std::vector<Decision> decisionsIn(const std::vector<sim::StepRecord::Milestone>& milestones) {
  std::vector<Decision> out;
  for (const auto& m : milestones)
    if (m.kind == MilestoneKind::Decided) out.push_back(Decision{m.sid, std::string(to_string(m.state))});
  return out;
}

ImU32 decisionColor(const std::string& state) {
  if (state == "LEADING") return stateColor(ServerState::LEADING, true);
  if (state == "FOLLOWING") return stateColor(ServerState::FOLLOWING, true);
  if (state == "OBSERVING") return stateColor(ServerState::OBSERVING, true);
  return stateColor(ServerState::LOOKING, true);
}

struct Hit {
  bool inFlight = false;
  std::size_t entry = 0;      // timeline entry (not in flight)
  std::uint64_t frame = 0;    // in-flight frame id
  ImVec2 a, b;                // a segment (a == b: a point)
  std::string what;           // a note to show in the tooltip (a decision)
};

}  // namespace

const SpaceTimePanel::Sent* SpaceTimePanel::sendOf(const Record& r) const {
  if (r.messageId == 0) return nullptr;
  auto it = sent_.find(r.messageId);
  if (it == sent_.end()) return nullptr;
  const Sent& s = it->second;
  if (s.from != r.from || s.to != r.to || s.sentAt > r.timeMs) return nullptr;
  return &s;
}

void SpaceTimePanel::harvest(const sim::Simulation& sim) {
  for (const auto& [id, c] : sim.connections())
    for (int dir = 0; dir < 2; ++dir) {
      const Sid from = dir == 0 ? c.initiator : c.acceptor, to = dir == 0 ? c.acceptor : c.initiator;
      for (const auto& f : c.queue[dir]) {
        Sent& s = sent_[f.id];
        if (s.from == from && s.to == to && s.sentAt == f.sentAt) continue;
        s = Sent{from, to, f.sentAt, sim::frameLabel(c, f)};
      }
    }
}

void SpaceTimePanel::index(const Session& s) {
  const auto& entries = s.entries();
  const std::uint64_t sig = timelineSignature(s);
  bool same = sig == timeline_ && times_.size() <= entries.size() &&
              (times_.empty() || entryFingerprint(entries[times_.size() - 1]) == lastFingerprint_);
  if (!same) {
    // Another line of history: frame ids may mean other frames now.
    times_.clear();
    disp_.clear();
    tried_.clear();
    sent_.clear();
    timeline_ = sig;
  }
  for (std::size_t i = times_.size(); i < entries.size(); ++i) {
    std::int64_t t = times_.empty() ? 0 : times_.back();
    const Entry& e = entries[i];
    if (e.hasRecord()) t = std::max(t, e.record().timeMs);
    else if (e.action().kind == Action::Kind::AdvanceClock) t = std::max(t, e.action().timeMs);
    disp_.push_back(times_.empty() ? static_cast<double>(t)
                                   : disp_.back() + std::min(static_cast<double>(t - times_.back()), kQuietMs));
    times_.push_back(t);
  }
  if (!times_.empty()) lastFingerprint_ = entryFingerprint(entries[times_.size() - 1]);
}

double SpaceTimePanel::toDisplay(double t) const {
  if (!compressQuiet || times_.empty()) return t;
  const std::size_t n = times_.size();
  const std::size_t j = static_cast<std::size_t>(
      std::upper_bound(times_.begin(), times_.end(), t,
                       [](double v, std::int64_t x) { return v < static_cast<double>(x); }) -
      times_.begin());
  if (j == 0) return t - static_cast<double>(times_.front()) + disp_.front();
  const double a = static_cast<double>(times_[j - 1]);
  double d = t - a;
  if (j < n) {
    const double gap = static_cast<double>(times_[j]) - a;
    if (gap > kQuietMs) d = d * kQuietMs / gap;
  } else {
    d = std::min(d, kQuietMs);  // after the last entry: the gap is still open
  }
  return disp_[j - 1] + d;
}

double SpaceTimePanel::fromDisplay(double d) const {
  if (!compressQuiet || disp_.empty()) return d;
  const std::size_t n = disp_.size();
  const std::size_t j = static_cast<std::size_t>(std::upper_bound(disp_.begin(), disp_.end(), d) - disp_.begin());
  if (j == 0) return d - disp_.front() + static_cast<double>(times_.front());
  const double a = static_cast<double>(times_[j - 1]);
  const double dd = d - disp_[j - 1];
  if (j < n) {
    const double gap = static_cast<double>(times_[j]) - a;
    if (gap > kQuietMs) return a + dd * gap / kQuietMs;
  }
  return a + dd;
}

void SpaceTimePanel::requestBackfill(AppState& app, std::vector<std::size_t> missing) {
  // Not while playing or scrubbing: each pass costs up to two checkpoint restores.
  if (!exactSendTimes || missing.empty() || backfillPosted_ || app.playing || stableFrames_ < kStableFrames) return;
  backfillPosted_ = true;
  // Visit the state just before each delivery (the frame is still in flight there), read the
  // send times, and put the cursor back. Replay is deterministic: the model ends as it began.
  app.post([this, missing = std::move(missing)](AppState& s) {
    backfillPosted_ = false;
    Session& ses = s.session;
    const std::size_t home = ses.cursor();
    std::size_t at = home, spent = 0;
    bool moved = false;
    auto began = std::chrono::steady_clock::now();
    auto elapsedMs = [&] {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
    };
    for (std::size_t i : missing) {
      if (i >= ses.length()) break;
      const Entry& e = ses.entries()[i];
      if (!e.hasRecord() || sendOf(e.record())) {
        tried_.insert(i);
        continue;
      }
      std::size_t cost = i >= at ? i - at : Session::kCheckpointEvery;
      if (moved && (spent + cost > kBackfillSteps || elapsedMs() > kBackfillBudgetMs)) break;
      ses.jumpTo(i);
      // The first visit may restore a checkpoint (like a step back); the budget is for the walk after it.
      if (!moved) began = std::chrono::steady_clock::now();
      moved = true;
      spent += cost;
      at = i;
      harvest(ses.sim());
      tried_.insert(i);
      ++sentGeneration_;  // arrows drawn dashed may now have their send times
    }
    if (moved) ses.jumpTo(home);
  });
}

void SpaceTimePanel::drawPlaced(AppState& app, ImVec2 dockPos, ImVec2 dockSize, int dockFlags) {
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && !io.KeyCtrl && ImGui::IsKeyPressed('D'))
    app.post([](AppState& s) { s.diagram = nextPlacement(s.diagram); });
  if (app.diagram != DiagramPlacement::Detached) {
    ImGui::SetNextWindowPos(dockPos);
    ImGui::SetNextWindowSize(dockSize);
    if (ImGui::Begin(app.language == Language::Chinese ? "时空图 Space-time diagram###spacetime" : "Space-time diagram###spacetime",
                     nullptr, dockFlags))
      draw(app);
    ImGui::End();
    return;
  }
  // Over the ensemble at first, most of the window wide; then where the user puts it.
  const ImVec2 display = io.DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.03f, display.y * 0.30f), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(display.x * 0.94f, display.y * 0.62f), ImGuiCond_Appearing);
  bool open = true;
  if (ImGui::Begin("Space-time diagram (detached: drag the title to move, the corner to size)###spacetime-detached", &open,
                   ImGuiWindowFlags_NoCollapse))
    draw(app);
  ImGui::End();
  if (!open) app.post([](AppState& s) { s.diagram = DiagramPlacement::Docked; });
}

void SpaceTimePanel::placementButtons(AppState& app) {
  const DiagramPlacement p = app.diagram;
  const bool zh = app.language == Language::Chinese;
  if (ImGui::Button(p == DiagramPlacement::Enlarged ? (zh ? "缩小###size" : "shrink###size") : (zh ? "放大###size" : "enlarge###size")))
    app.post([p](AppState& s) { s.diagram = p == DiagramPlacement::Enlarged ? DiagramPlacement::Docked : DiagramPlacement::Enlarged; });
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("give the diagram most of the window, or its strip back (key D cycles)");
  ImGui::SameLine();
  if (ImGui::Button(p == DiagramPlacement::Detached ? (zh ? "停靠###place" : "dock###place") : (zh ? "分离###place" : "detach###place")))
    app.post([p](AppState& s) { s.diagram = p == DiagramPlacement::Detached ? DiagramPlacement::Docked : DiagramPlacement::Detached; });
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("a window of its own that you can move and size, or back into its strip");
}

void SpaceTimePanel::draw(AppState& app) {
  layer_.active = false;  // until the canvas is laid out
  index(app.session);
  const std::pair<std::size_t, std::size_t> where{app.session.cursor(), app.session.length()};
  stableFrames_ = where == lastWhere_ ? std::min(stableFrames_ + 1, 1000) : 0;
  lastWhere_ = where;
  const auto& sim = app.session.sim();
  harvest(sim);
  const auto& entries = app.session.entries();
  const std::size_t cursor = app.session.cursor();
  const float fs = ImGui::GetFontSize();
  ImGuiIO& io = ImGui::GetIO();

  const double nowT = static_cast<double>(sim.now());
  const double liveT = std::max(nowT, app.viewTimeMs);
  const double endT = std::max(liveT, times_.empty() ? 0.0 : static_cast<double>(times_.back()));
  // The window is kept in display time (virtual time with quiet gaps shortened).
  const double liveD = toDisplay(liveT), endD = toDisplay(endT), zeroD = toDisplay(0);
  const double margin = 0.04;  // following: "now" sits a little left of the right edge
  // Following: "now" at the right edge, or the start at the left edge while the run is short.
  auto windowStart = [&] {
    return follow ? std::max(liveD + spanMs * margin - spanMs, zeroD - spanMs * margin) : startMs;
  };
  auto setSpan = [&](double span, double anchorT, double anchorFrac) {
    span = std::clamp(span, 2.0, 1e8);
    startMs = anchorT - anchorFrac * span;
    spanMs = span;
  };

  const std::string highlight = app.lesson ? app.lesson->step().highlight : std::string();
  if (highlight != lessonHighlightSeen) {
    lessonHighlightSeen = highlight;
    if (app.lesson && app.lesson->step().highlighted("message") == "PING") showHeartbeats = true;
  }

  // ---- toolbar ----
  // On a narrow pane (the diagram's tab at 1280x720 --scale 2) the row was cut after "follow":
  // the five view options fold into one button, and what is left wraps.
  const bool zh = app.language == Language::Chinese;
  const char* followL = zh ? "跟随###follow" : "follow###follow";
  const char* pingsL = zh ? "心跳 PING###pings" : "pings###pings";
  const char* connL = zh ? "连接###connections" : "connections###connections";
  const char* labelsL = zh ? "标签###labels" : "labels###labels";
  const char* quietL = zh ? "压缩空闲时段###quiet" : "shorten quiet gaps###quiet";
  const char* exactL = zh ? "精确发送时间###exact" : "exact send times###exact";
  const char* optionsL = zh ? "选项…###options" : "options...###options";
  // The whole row: 11 items with a gap after each, and the scroll slider (at least 8 font sizes).
  const float fullW = buttonWidth("enlarge") + buttonWidth("detach") + boxItemWidth(followL) + boxItemWidth(pingsL) +
                      boxItemWidth(connL) + boxItemWidth(labelsL) + boxItemWidth(quietL) + boxItemWidth(exactL) +
                      buttonWidth(" - ") * 2 + buttonWidth("all") + ImGui::GetStyle().ItemSpacing.x * 11 + fs * 8;
  const bool folded = fullW > ImGui::GetContentRegionAvail().x;
  auto viewOptions = [&](bool inPopup) {
    auto place = [&](const char* l) {
      if (!inPopup) sameLineIfFits(boxItemWidth(l));
    };
    place(pingsL);
    ImGui::Checkbox(pingsL, &showHeartbeats);
    place(connL);
    ImGui::Checkbox(connL, &showTransport);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("connection requests, accepts and closes (TCP)");
    place(labelsL);
    ImGui::Checkbox(labelsL, &showLabels);
    place(quietL);
    if (ImGui::Checkbox(quietL, &compressQuiet)) follow = true;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("A stretch with no event for more than %.0f ms (a finalize wait, a timeout) is drawn %.0f ms wide\n"
                        "and shaded, with its real length written in it. Off: the time axis is linear.",
                        kQuietMs, kQuietMs);
    place(exactL);
    ImGui::Checkbox(exactL, &exactSendTimes);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("A message sent and delivered within one screen update was never seen in flight.\n"
                        "On: replay that stretch of the timeline to learn when it was sent (the model ends as it was).\n"
                        "Off: such messages are short dashed arrows ending where they were delivered.");
  };
  placementButtons(app);
  sameLineIfFits(boxItemWidth(followL));
  ImGui::Checkbox(followL, &follow);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("keep the current time at the right edge");
  if (folded) {
    sameLineIfFits(buttonWidth(optionsL));
    if (ImGui::Button(optionsL)) ImGui::OpenPopup("spacetime-options");
    if (ImGui::BeginPopup("spacetime-options")) {
      viewOptions(true);
      ImGui::EndPopup();
    }
  } else {
    viewOptions(false);
  }
  sameLineIfFits(buttonWidth(" - ") * 2 + buttonWidth("all") + ImGui::GetStyle().ItemSpacing.x * 2);
  {
    double t0 = windowStart();
    if (ImGui::Button(" - ")) {
      if (follow) spanMs = std::min(1e8, spanMs * 1.5);
      else setSpan(spanMs * 1.5, t0 + spanMs * 0.5, 0.5);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("zoom out (or turn the mouse wheel over the diagram)");
    ImGui::SameLine();
    if (ImGui::Button(" + ")) {
      if (follow) spanMs = std::max(2.0, spanMs / 1.5);
      else setSpan(spanMs / 1.5, t0 + spanMs * 0.5, 0.5);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("zoom in");
    ImGui::SameLine();
    if (ImGui::Button(zh ? "全部###all" : "all###all")) {
      spanMs = std::max(10.0, (endD - zeroD) * (1 + margin * 2));
      startMs = zeroD - (endD - zeroD) * margin;
      follow = false;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("show the whole timeline");
    sameLineIfFits(fs * 8);
    double lo = zeroD - spanMs * margin, hi = std::max(lo, endD + spanMs * margin - spanMs);
    double start = windowStart();
    ImGui::SetNextItemWidth(-FLT_MIN);
    std::string fmtText = fmt::format("{:.0f} .. {:.0f} ms", fromDisplay(start), fromDisplay(start + spanMs));
    if (ImGui::SliderScalar("##scroll", ImGuiDataType_Double, &start, &lo, &hi, fmtText.c_str())) {
      startMs = start;
      follow = false;
    }
  }

  // ---- the canvas ----
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < fs * 10 || size.y < fs * 3) return;
  ImGui::InvisibleButton("spacetime-canvas", size);
  const bool canvasHovered = ImGui::IsItemHovered();
  if (ImGui::IsItemActivated()) dragged_ = false;
  // Lane names: "S3 leader", "S4 obs"; the column is as wide as the widest.
  const std::optional<Sid> leader = sim.leader();
  std::map<Sid, std::string> laneName;
  float labelW = fs * 3.0f;
  for (const auto& [sid, slot] : sim.peers()) {
    const bool observer = slot.type == LearnerType::OBSERVER;
    laneName[sid] = fmt::format("S{}{}", sid, observer ? " obs" : (leader && *leader == sid ? " leader" : ""));
    labelW = std::max(labelW, ImGui::CalcTextSize(laneName[sid].c_str()).x + fs * 1.0f);
  }
  const float plotX0 = origin.x + labelW, plotX1 = origin.x + size.x - fs * 0.6f;
  const float plotW = std::max(1.0f, plotX1 - plotX0);
  const float axisH = fs * 1.3f;

  // Zoom around the mouse; drag to scroll. Either leaves "follow".
  if (canvasHovered && io.MouseWheel != 0.0f) {
    double t0 = windowStart();
    double frac = std::clamp(static_cast<double>((io.MousePos.x - plotX0) / plotW), 0.0, 1.0);
    setSpan(spanMs * std::pow(1.25, -static_cast<double>(io.MouseWheel)), t0 + frac * spanMs, frac);
    follow = false;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, fs * 0.3f)) {
    if (!dragged_) {
      startMs = windowStart();
      follow = false;
      dragged_ = true;
    }
    startMs -= static_cast<double>(io.MouseDelta.x / plotW) * spanMs;
  }
  const bool clicked = ImGui::IsItemDeactivated() && !dragged_ && canvasHovered;
  // Whole-pixel scrolling: the window's left edge sits on a whole column of the content, so a
  // scroll moves the picture by whole pixels and the layer's texture is moved, not redrawn.
  const double pxPerMs = static_cast<double>(plotW) / spanMs;
  const std::int64_t scrollCol = std::llround(windowStart() * pxPerMs);
  const double t0 = static_cast<double>(scrollCol) / pxPerMs, t1 = t0 + spanMs;
  auto xOfD = [&](double d) { return plotX0 + static_cast<float>((d - t0) / spanMs) * plotW; };
  auto xOf = [&](double t) { return xOfD(toDisplay(t)); };

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);

  // Lanes.
  std::map<Sid, float> laneY;
  std::vector<Sid> sids;
  for (const auto& [sid, slot] : sim.peers()) sids.push_back(sid);
  const float lanesTop = origin.y + axisH + fs * 0.3f, lanesBottom = origin.y + size.y - fs * 0.2f;
  const std::vector<float> centres = laneCentres(lanesTop, lanesBottom, sids.size());
  for (std::size_t i = 0; i < sids.size(); ++i) laneY[sids[i]] = centres[i];
  // Lanes closer than two lines of text: a label under a dot would sit on the next lane and
  // read as that server's, so decision labels go beside their dot, on their own lane.
  const float laneGap = centres.size() > 1 ? centres[1] - centres[0] : size.y;
  const bool labelsBeside = laneGap < fs * 2.2f;
  const ImU32 gridCol = app.lightTheme ? IM_COL32(0, 0, 0, 28) : IM_COL32(255, 255, 255, 28);
  const ImU32 laneCol = app.lightTheme ? IM_COL32(110, 110, 110, 255) : IM_COL32(150, 150, 150, 255);

  // The entries in the window (display time is non-decreasing along the timeline).
  const std::size_t lo =
      static_cast<std::size_t>(std::lower_bound(disp_.begin(), disp_.end(), t0) - disp_.begin());
  // Arrows delivered after the window may have been sent inside it: look one window further.
  const std::size_t hi =
      static_cast<std::size_t>(std::upper_bound(disp_.begin(), disp_.end(), t1 + spanMs) - disp_.begin());

  // The "now" label, placed first so that the axis labels keep clear of it.
  const double nowD = toDisplay(nowT);
  const std::string nowText = app.language == Language::Chinese ? fmt::format("现在 {} ms", sim.now()) : fmt::format("now {} ms", sim.now());
  const ImVec2 nowSize = ImGui::CalcTextSize(nowText.c_str());
  float nowLabelX = -1;
  if (nowD >= t0 && nowD <= t1) {
    const float x = xOfD(nowD);
    nowLabelX = std::min(x + fs * 0.2f, origin.x + size.x - nowSize.x - fs * 0.2f);
    if (nowLabelX < x) nowLabelX = x - nowSize.x - fs * 0.2f;
  }

  // ---- the layer: what only scrolls, kept in a texture (ui/scroll_layer.hpp) ----
  // Its pixels: columns from floor(plotX0) to floor(plotX1), rows from under the axis to the
  // bottom. Its triangles are built in content columns counted from `base`, which moves in
  // steps of kBaseStep (a step repaints whole), so that every coordinate stays exact in float.
  const float layerX0 = std::floor(plotX0), layerY0 = std::floor(origin.y + axisH);
  const int layerW = std::max(0, static_cast<int>(std::floor(plotX1) - layerX0));
  const int layerH = std::max(0, static_cast<int>(std::floor(origin.y + size.y) - layerY0));
  const std::int64_t base = floorDiv(scrollCol, kBaseStep) * kBaseStep - kBaseStep;
  const std::int64_t layerShift = scrollCol - base;  // the layer's left edge, in content columns
  const double offX = static_cast<double>(plotX0 - layerX0);
  auto cxOfD = [&](double d) { return static_cast<float>(offX + (d * pxPerMs - static_cast<double>(base))); };
  auto cxOf = [&](double t) { return cxOfD(toDisplay(t)); };
  const float cLeft = static_cast<float>(layerShift), cRight = cLeft + static_cast<float>(layerW);

  // ---- the entries in the window ----
  const float thick = lineWidth(std::max(1.5f, fs * 0.1f));
  const float headSize = fs * 0.55f;
  const float shortLen = fs * 1.4f;  // an arrow whose send time is unknown
  std::vector<Hit> hits;
  std::vector<std::size_t> missing;
  struct PendingLabel {
    ImVec2 centre;
    std::string text;
    ImU32 col;
    unsigned alpha;
    int priority;  // commands first, then decisions' peers, then messages
  };
  std::vector<PendingLabel> labels;

  const ImU32 cursorHalo = IM_COL32(255, 190, 0, 150);
  // Pass 1: the arrows. Pass 2 (after the frames in flight): the markers, on top of them.
  std::size_t drawn = 0;
  // Too many events in view: look at an even sample across the whole window (keeping the
  // frame short), and say so; zooming in shows every event again. The sample is every
  // stride-th entry of the timeline, not of the window, and the stride a power of two that
  // is kept while it fits: the same entries stay drawn as the window scrolls.
  const std::size_t visible = hi > lo ? hi - lo : 0;
  stride_ = steadyStride(stride_, (visible + kMaxItems - 1) / kMaxItems);
  const std::size_t stride = stride_;
  struct Arrow {
    std::size_t entry;
    ImVec2 a, b;    // on the screen
    ImVec2 ca, cb;  // in the layer's content columns and rows
    ImU32 col;
    unsigned alpha;
    bool sendKnown;
    bool routine;  // broadcast or ping: thinned when the window is dense (ink_budget.hpp)
  };
  // Words for the segment around the cursor (one replay after a jump, then cached); other
  // entries are labelled only where their words are already made.
  if (cursor > 0) app.session.explained(cursor - 1);
  std::vector<Arrow> arrows;
  std::string denseNote;  // drawn last, in the bottom-right corner over a plain box
  double routineInk = 0;
  for (std::size_t i = (lo + stride - 1) / stride * stride; i < hi && i < entries.size(); i += stride) {
    const Entry& e = entries[i];
    if (!e.hasRecord()) continue;
    const Record r = e.record();
    if (r.family == Family::Heartbeat && !showHeartbeats) continue;
    const bool lanes = laneY.count(r.from) && laneY.count(r.to);
    const bool isFrame = (r.kind == "frame" || r.kind == "close") && lanes;
    const bool isConnect = (r.kind == "connect" || r.kind == "connect-result") && lanes;
    if (!isFrame && !isConnect) continue;
    // Connection requests have no send time to show (they are not frames): "connections" only.
    if ((r.family == Family::Transport || isConnect) && !showTransport) continue;
    const unsigned alpha = i >= cursor ? 70u : 255u;  // the future of this branch: faded
    const ImVec2 b(xOf(static_cast<double>(r.timeMs)), laneY[r.to]);
    const ImVec2 cb(cxOf(static_cast<double>(r.timeMs)), laneY[r.to] - layerY0);
    const Sent* s = isFrame ? sendOf(r) : nullptr;
    ImVec2 a, ca;
    if (s) {
      a = ImVec2(xOf(static_cast<double>(s->sentAt)), laneY[r.from]);
      ca = ImVec2(cxOf(static_cast<double>(s->sentAt)), laneY[r.from] - layerY0);
    } else {
      // Direction known, send time not: a short dashed arrow ending at the delivery.
      const float y = laneY[r.from] + (laneY[r.to] - laneY[r.from]) * 0.35f;
      a = ImVec2(b.x - shortLen, y);
      ca = ImVec2(cb.x - shortLen, y - layerY0);
      if (isFrame && r.messageId != 0 && !tried_.count(i) && missing.size() < kMaxMissing) missing.push_back(i);
    }
    const bool routine = r.family == Family::Broadcast || r.family == Family::Heartbeat;
    if (routine) routineInk += clippedLength(a.x, a.y, b.x, b.y, plotX0, plotX1);
    arrows.push_back(Arrow{i, a, b, ca, cb, withAlpha(familyColor(r.family), alpha), alpha, s != nullptr, routine});
  }
  thin_ = steadyStride(thin_, inkStride(routineInk, kInkBudgetWidths * static_cast<double>(plotW)));
  const std::size_t thin = thin_;
  // A dense view keeps software renderers fast: thin lines without anti-aliasing fringes and
  // no start dots (on at 300 arrows, off again under 240: a flag that flickers repaints whole).
  if (visible > 300 || thin > 1) dense_ = true;
  else if (visible < 240) dense_ = false;
  const bool dense = dense_;
  if (stride > 1 && thin == 1) denseNote = fmt::format("dense: 1 in {} events drawn; zoom in to see all", stride);
  auto drawnRoutine = [&](std::size_t entry) { return thin == 1 || (splitmix(entry) & (thin - 1)) == 0; };

  // What the layer must hold, and how to get there from what its texture holds.
  ScrollLayer& layer = layer_;
  layer.active = true;
  layer.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  std::uint64_t key = 0xcbf29ce484222325ULL;
  auto mix = [&key](double v) { key = (key ^ std::hash<double>{}(v)) * 0x100000001b3ULL; };
  for (double v : {static_cast<double>(layerW), static_cast<double>(layerH), offX, pxPerMs, static_cast<double>(base),
                   static_cast<double>(fs), static_cast<double>(thick), static_cast<double>(stride),
                   static_cast<double>(thin), dense ? 1.0 : 0.0, app.lightTheme ? 1.0 : 0.0, showHeartbeats ? 1.0 : 0.0,
                   showTransport ? 1.0 : 0.0, compressQuiet ? 1.0 : 0.0, static_cast<double>(timeline_),
                   static_cast<double>(sentGeneration_), cursor < entries.size() ? static_cast<double>(cursor) : -1.0,
                   // Not following: the window moves only by drags and zooms, and those repaint whole.
                   follow ? 0.0 : static_cast<double>(scrollCol), static_cast<double>(layer.texWidth),
                   static_cast<double>(layer.texHeight)})
    mix(v);
  for (const auto& [sid, y] : laneY) {
    mix(static_cast<double>(sid));
    mix(static_cast<double>(y - layerY0));
    const auto* slot = sim.slot(sid);
    mix(slot && slot->type == LearnerType::OBSERVER ? 1.0 : 0.0);
  }
  layer.want = ScrollLayerState{true, key, layerShift + base, entries.size(), layerW, layerH};
  // Left of where the newest held entry was, nothing but appended arrows changes (a quiet gap
  // that closes starts there).
  std::int64_t settled = 0;
  if (layer.held.entries > 0 && layer.held.entries <= disp_.size())
    settled = static_cast<std::int64_t>(std::floor(cxOfD(disp_[layer.held.entries - 1]) - cLeft)) - 3;
  layer.plan = layer.alwaysFull || layerW > layer.texWidth || layerH > layer.texHeight
                   ? ScrollPlan{}
                   : planScroll(layer.held, layer.want, settled);
  const bool scrolling = layer.plan.kind == ScrollPlan::Kind::Scroll;
  const std::size_t heldEntries = scrolling ? layer.held.entries : 0;
  const float freshFrom = scrolling ? cLeft + static_cast<float>(layer.plan.freshFromPx) : cLeft;

  if (!layer.list) layer.list = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
  ImDrawList* ld = layer.list.get();
  ld->_ResetForNewFrame();
  ld->Flags = dl->Flags;
  if (dense) ld->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex | ImDrawListFlags_AntiAliasedFill);
  ld->PushTextureID(io.Fonts->TexID);
  ld->PushClipRect(ImVec2(-kContentMax, -kContentMax), ImVec2(kContentMax, kContentMax));
  layer.firstNewCmd = 0;
  if (layer.plan.kind != ScrollPlan::Kind::Keep) {
    const float top = 0, bottom = origin.y + size.y - layerY0;
    // Shortened quiet gaps: shaded, with their real length.
    if (compressQuiet)
      for (std::size_t i = std::max<std::size_t>(lo, 1); i < hi && i < times_.size(); ++i) {
        const std::int64_t gap = times_[i] - times_[i - 1];
        if (static_cast<double>(gap) <= kQuietMs) continue;
        const float xa = cxOfD(disp_[i - 1]), xb = cxOfD(disp_[i]);
        ld->AddRectFilled(ImVec2(xa, top), ImVec2(xb, bottom),
                          app.lightTheme ? IM_COL32(0, 0, 0, 16) : IM_COL32(255, 255, 255, 16));
        const std::string l = gap >= 10000 ? fmt::format("{:.1f} s", static_cast<double>(gap) / 1000.0)
                                           : fmt::format("{} ms", gap);
        const ImVec2 ts = ImGui::CalcTextSize(l.c_str());
        if (ts.x + fs * 0.2f < xb - xa) ld->AddText(ImVec2((xa + xb - ts.x) * 0.5f, bottom - ts.y), mutedColor(), l.c_str());
        dashedLine(ld, ImVec2(xa, top), ImVec2(xa, bottom), gridCol, 1.0f, fs * 0.2f);
        dashedLine(ld, ImVec2(xb, top), ImVec2(xb, bottom), gridCol, 1.0f, fs * 0.2f);
      }
    // The grid (its labels are on the axis, drawn with the window).
    const double step = niceStep(spanMs * static_cast<double>(fs * 7.0f / plotW));
    for (double d = std::floor(t0 / step) * step; d <= t1 + step; d += step)
      ld->AddLine(ImVec2(cxOfD(d), top), ImVec2(cxOfD(d), bottom), gridCol, 1.0f);
    // The lanes, in pieces fixed to the content (whole pieces, so a scroll only moves them).
    constexpr float kPiece = 512;
    const float dash = std::max(fs * 0.4f, kPiece / 48.0f);
    for (const auto& [sid, y] : laneY) {
      const auto* slot = sim.slot(sid);
      const bool observer = slot && slot->type == LearnerType::OBSERVER;
      for (float x = std::floor(cLeft / kPiece) * kPiece; x < cRight; x += kPiece) {
        const ImVec2 p(x, y - layerY0), q(x + kPiece, y - layerY0);
        if (observer) dashedLine(ld, p, q, laneCol, lineWidth(fs * 0.08f), dash);
        else ld->AddLine(p, q, laneCol, lineWidth(fs * 0.08f));
      }
    }
    // The arrows in timeline order: those appended since the texture was drawn come last, in
    // commands of their own, so that they can be drawn over its moved pixels.
    bool splitDone = false;
    for (const Arrow& ar : arrows) {
      if (ar.routine && !drawnRoutine(ar.entry)) continue;
      if (!splitDone && ar.entry >= heldEntries && scrolling) {
        ld->AddDrawCmd();
        layer.firstNewCmd = ld->CmdBuffer.Size - 1;
        splitDone = true;
      }
      ImVec2 a = ar.ca, b = ar.cb;
      // An older arrow that ends before the fresh strip is already in the moved pixels.
      if (ar.entry < heldEntries && std::max(a.x, b.x) + thick * 2 + headSize + 4 < freshFrom) continue;
      const bool wholeStart = a.x >= kContentMin && a.x <= kContentMax;
      if (!clipColumns(a, b, kContentMin, kContentMax)) continue;
      if (ar.sendKnown) {
        ld->AddLine(a, b, ar.col, thick);
        if (!dense && wholeStart) drawDisc(ld, a, thick * 1.2f, ar.col);
      } else {
        dashedLine(ld, a, b, ar.col, thick, fs * 0.25f);
      }
      arrowHead(ld, a, b, headSize, ar.col);
    }
    if (scrolling && !splitDone) {
      ld->AddDrawCmd();
      layer.firstNewCmd = ld->CmdBuffer.Size - 1;
    }
    // Snapped to 1/256 px, then moved by the scroll: both exact in float (see the header).
    const float shift = static_cast<float>(layerShift);
    for (ImDrawVert& v : ld->VtxBuffer) {
      v.pos.x = std::round(v.pos.x * 256.0f) / 256.0f - shift;
      v.pos.y = std::round(v.pos.y * 256.0f) / 256.0f;
    }
  }
  if (layer.usable() && layerW > 0 && layerH > 0) {
    layer.show(dl, ImVec2(layerX0, layerY0), layerW, layerH);
  }

  // Time axis labels. With quiet gaps shortened the labels are the virtual times at evenly
  // spaced places, so they need not be round.
  {
    const double step = niceStep(spanMs * static_cast<double>(fs * 7.0f / plotW));
    for (double d = std::ceil(t0 / step) * step; d <= t1; d += step) {
      const float x = xOfD(d);
      const double t = fromDisplay(d);
      const std::string l = compressQuiet ? timeLabel(std::round(t), 1.0) : timeLabel(t, step);
      const float w = ImGui::CalcTextSize(l.c_str()).x;
      const float lx = x - w * 0.5f;
      if (lx < plotX0) continue;
      if (nowLabelX >= 0 && lx < nowLabelX + nowSize.x + fs * 0.3f && nowLabelX < lx + w + fs * 0.3f) continue;
      dl->AddText(ImVec2(lx, origin.y), mutedColor(), l.c_str());
    }
  }

  // Over the layer: the step just taken, haloed (never thinned away), and the names of the
  // messages while the picture stands still (scrolling past at playback speed they cannot be
  // read, and each is a dozen glyphs to draw every frame).
  for (const Arrow& ar : arrows) {
    const std::size_t i = ar.entry;
    const bool atCursor = i + 1 == cursor;
    if (ar.routine && !drawnRoutine(i) && !atCursor) continue;
    if (atCursor) {
      dl->AddLine(ar.a, ar.b, cursorHalo, thick * 4);
      if (ar.sendKnown) dl->AddLine(ar.a, ar.b, ar.col, thick);
      else dashedLine(dl, ar.a, ar.b, ar.col, thick, fs * 0.25f);
      arrowHead(dl, ar.a, ar.b, headSize, ar.col);
    }
    if (ar.sendKnown && showLabels && !app.playing) {
      const Record r = entries[i].record();
      if (r.kind == "frame")
        if (const auto* full = app.session.explainedIfMade(i))
          labels.push_back(PendingLabel{ImVec2((ar.a.x + ar.b.x) * 0.5f, (ar.a.y + ar.b.y) * 0.5f), full->label,
                                        familyColor(r.family), ar.alpha, 2});
    }
    hits.push_back(Hit{false, i, 0, ar.a, ar.b, {}});
  }
  const ImDrawListFlags savedFlags = dl->Flags;
  if (dense) dl->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);

  // Frames in flight now: from the send to where they are at the view clock. The dashed rest
  // of the way is drawn only while few are in flight: under a steady workload there are
  // hundreds, and their dashes would be most of the frame's triangles while saying little.
  // Routine ones (broadcast, pings) beyond kMaxRoutineInFlight are sampled evenly, like the
  // delivered arrows; the selected one is always drawn.
  std::size_t inFlight = 0, routineInFlight = 0;
  for (const auto& [cid, c] : sim.connections())
    for (int dir = 0; dir < 2; ++dir)
      for (const auto& f : c.queue[dir]) {
        ++inFlight;
        if (f.family == Family::Broadcast || f.family == Family::Heartbeat) ++routineInFlight;
      }
  const bool showRestOfWay = inFlight <= kMaxDashedInFlight;
  const std::size_t thinInFlight = std::max<std::size_t>(1, (routineInFlight + kMaxRoutineInFlight - 1) / kMaxRoutineInFlight);
  if (thin > 1 || thinInFlight > 1) {
    // "dense: 1 in 16 delivered and 1 in 2 in flight broadcast messages drawn; ..."
    std::string parts = thin > 1 ? fmt::format("1 in {} delivered", thin * stride) : "";
    if (thinInFlight > 1) parts += fmt::format("{}1 in {} in flight", parts.empty() ? "" : " and ", thinInFlight);
    denseNote = (stride > 1 && thin == 1 ? denseNote + "; " : "dense: ") + parts +
                " broadcast messages drawn; zoom in to see more";
  }
  std::size_t routineSeenInFlight = 0;
  for (const auto& [cid, c] : sim.connections())
    for (int dir = 0; dir < 2; ++dir) {
      const Sid from = dir == 0 ? c.initiator : c.acceptor, to = dir == 0 ? c.acceptor : c.initiator;
      if (!laneY.count(from) || !laneY.count(to)) continue;
      for (const auto& f : c.queue[dir]) {
        if ((f.family == Family::Heartbeat && !showHeartbeats) || (f.family == Family::Transport && !showTransport)) continue;
        const bool routine = f.family == Family::Broadcast || f.family == Family::Heartbeat;
        const bool selected = app.selection.message && *app.selection.message == f.id;
        if (routine && routineSeenInFlight++ % thinInFlight != 0 && !selected) continue;
        const ImVec2 a(xOf(static_cast<double>(f.sentAt)), laneY[from]);
        const ImVec2 b(xOf(static_cast<double>(f.readyAt)), laneY[to]);
        const double span = std::max(1.0, static_cast<double>(f.readyAt - f.sentAt));
        const float k = static_cast<float>(std::clamp((liveT - static_cast<double>(f.sentAt)) / span, 0.0, 1.0));
        const ImVec2 tip(a.x + (b.x - a.x) * k, a.y + (b.y - a.y) * k);
        const ImU32 col = familyColor(f.family);
        ImVec2 tail = a;
        if (showRestOfWay) {
          dashedLine(dl, a, b, withAlpha(col, 60), lineWidth(thick * 0.6f), fs * 0.2f);
        } else {
          // Many in flight: a short comet tail behind each, which shows where it is going.
          const float dx = tip.x - a.x, dy = tip.y - a.y, len = std::sqrt(dx * dx + dy * dy), keep = fs * 2.5f;
          if (len > keep) tail = ImVec2(tip.x - dx / len * keep, tip.y - dy / len * keep);
        }
        dl->AddLine(tail, tip, col, thick);
        drawDisc(dl, tip, fs * 0.28f, col);
        hits.push_back(Hit{true, 0, f.id, tail, tip, {}});
      }
    }

  dl->Flags = savedFlags;
  drawn = 0;
  for (std::size_t i = lo; i < hi && i < entries.size() && drawn < kMaxItems; i += stride) {
    const Entry& e = entries[i];
    if (!e.hasRecord() || disp_[i] > t1) continue;
    const Record r = e.record();
    const unsigned alpha = i >= cursor ? 70u : 255u;
    const float x = xOf(static_cast<double>(r.timeMs));
    const bool hidden = (r.family == Family::Heartbeat && !showHeartbeats) || (r.family == Family::Transport && !showTransport);
    if (r.kind == "command" || r.kind == "client") {
      ++drawn;
      const ImU32 col = withAlpha(r.kind == "client" ? familyColor(Family::Client) : textColor(), alpha);
      const auto* full = app.session.explainedIfMade(i);  // words only where already made
      const Action act = e.action();
      const std::string headline = full                                  ? full->headline
                                   : act.kind == Action::Kind::Command ? app.session.line(act)
                                                                       : std::string("client op");
      const std::string name = headline.size() > 28 ? headline.substr(0, 26) + ".." : headline;
      if (laneY.count(r.actor)) {
        const float y = laneY[r.actor], d = fs * 0.4f;
        if (i + 1 == cursor) drawDisc(dl, ImVec2(x, y), fs * 0.75f, cursorHalo);
        dl->AddQuadFilled(ImVec2(x, y - d), ImVec2(x + d, y), ImVec2(x, y + d), ImVec2(x - d, y), col);
        hits.push_back(Hit{false, i, 0, ImVec2(x, y), ImVec2(x, y), {}});
        if (r.kind == "command") labels.push_back(PendingLabel{ImVec2(x, y - fs * 0.95f), name, textColor(), alpha, 0});
      } else {
        // A command of the harness (start, partition, latency...): across every lane.
        dashedLine(dl, ImVec2(x, origin.y + axisH), ImVec2(x, origin.y + size.y), withAlpha(col, alpha / 2),
                   std::max(1.0f, fs * 0.08f), fs * 0.3f);
        hits.push_back(Hit{false, i, 0, ImVec2(x, origin.y + axisH), ImVec2(x, origin.y + size.y), {}});
        labels.push_back(PendingLabel{
            ImVec2(x + ImGui::CalcTextSize(name.c_str()).x * 0.5f + fs * 0.2f, lanesTop + fs * 0.1f), name,
            textColor(), alpha, 0});
      }
    } else if ((r.kind == "retransmit" || r.kind == "drop") && laneY.count(r.from) && !hidden) {
      ++drawn;
      // A transmission that did not arrive: a red cross on the sender's lane.
      const float y = laneY[r.from], d = fs * 0.3f;
      const ImU32 red = withAlpha(IM_COL32(220, 30, 30, 255), alpha);
      dl->AddLine(ImVec2(x - d, y - d), ImVec2(x + d, y + d), red, thick);
      dl->AddLine(ImVec2(x - d, y + d), ImVec2(x + d, y - d), red, thick);
      hits.push_back(Hit{false, i, 0, ImVec2(x, y), ImVec2(x, y), {}});
    }
    // Election decisions (whatever the step was: a timer, a vote arriving): a dot in the colour
    // of the state the peer goes to.
    for (const auto& d : decisionsIn(app.session.milestones(i))) {
      if (!laneY.count(d.sid)) continue;
      ++drawn;
      const ImVec2 c(x, laneY[d.sid]);
      if (i + 1 == cursor) drawDisc(dl, c, fs * 0.75f, cursorHalo);
      drawDisc(dl, c, fs * 0.42f, withAlpha(decisionColor(d.state), alpha));
      dl->AddCircle(c, fs * 0.42f, withAlpha(textColor(), alpha), 0, lineWidth(fs * 0.08f));
      hits.push_back(Hit{false, i, 0, c, c, fmt::format("S{} decides: {}", d.sid, d.state)});
      if (!d.state.empty() && labelsBeside) {
        // To the right of the dot, or to its left where the plot ends first; where neither has
        // room, the letter the Ensemble view's disc shows (F, L, O, ?).
        std::string text = d.state;
        float w = ImGui::CalcTextSize(text.c_str()).x;
        const float gap = fs * 0.55f;
        auto fitsRight = [&] { return c.x + gap + w <= plotX1; };
        auto fitsLeft = [&] { return c.x - gap - w >= plotX0; };
        if (!fitsRight() && !fitsLeft()) {
          text = d.state == "LOOKING" ? "?" : d.state.substr(0, 1);
          w = ImGui::CalcTextSize(text.c_str()).x;
        }
        const float cx = fitsRight() ? c.x + gap + w * 0.5f : c.x - gap - w * 0.5f;
        labels.push_back(PendingLabel{ImVec2(cx, c.y), text, decisionColor(d.state), alpha, 1});
      } else if (!d.state.empty()) {
        // Under the dot, or over it on the bottom lane.
        const float dy = c.y + fs * 1.5f > origin.y + size.y ? -fs * 0.95f : fs * 0.95f;
        labels.push_back(PendingLabel{ImVec2(c.x, c.y + dy), d.state, decisionColor(d.state), alpha, 1});
      }
    }
  }

  // The current time, under the labels: the line used to cut through the newest labels
  // ("vote (S1, 0:|0) ep0"), which sit right at it.
  if (nowLabelX >= 0) {
    const float x = xOfD(nowD);
    const ImU32 nowCol = IM_COL32(230, 120, 0, 255);
    dl->AddLine(ImVec2(x, origin.y + axisH * 0.6f), ImVec2(x, origin.y + size.y), nowCol, std::max(2.0f, fs * 0.14f));
    dl->AddText(ImVec2(nowLabelX, origin.y), inkColor(nowCol, panelColor()), nowText.c_str());
  }

  // Labels: commands first, then decisions, then messages; never on top of each other, and
  // never reaching into the lane names' column (label_placement.hpp).
  std::vector<LabelRequest> requests;
  for (const auto& l : labels) {
    const ImVec2 ts = ImGui::CalcTextSize(l.text.c_str());
    requests.push_back(LabelRequest{Box{l.centre.x - ts.x * 0.5f - 2, l.centre.y - ts.y * 0.5f, l.centre.x + ts.x * 0.5f + 2,
                                        l.centre.y + ts.y * 0.5f},
                                    l.priority});
  }
  const std::vector<bool> placed = placeLabels(requests, {Box{-FLT_MAX, -FLT_MAX, plotX0, FLT_MAX}}, labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!placed[i]) continue;
    const Box& r = requests[i].box;
    dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1),
                      withAlpha(app.lightTheme ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 20, 255), labels[i].alpha * 3 / 4));
    dl->AddText(ImVec2(r.x0 + 2, r.y0), withAlpha(inkColor(labels[i].col, panelColor()), labels[i].alpha), labels[i].text.c_str());
  }

  if (!denseNote.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(denseNote.c_str());
    const ImVec2 p(plotX1 - ts.x - fs * 0.5f, origin.y + size.y - ts.y - fs * 0.2f);
    dl->AddRectFilled(ImVec2(p.x - fs * 0.2f, p.y), ImVec2(p.x + ts.x + fs * 0.2f, p.y + ts.y),
                      app.lightTheme ? IM_COL32(255, 255, 255, 230) : IM_COL32(20, 20, 20, 230));
    dl->AddText(p, app.lightTheme ? IM_COL32(160, 40, 40, 255) : IM_COL32(255, 120, 120, 255), denseNote.c_str());
  }

  // Lane names over a plain background (arrows that start before the window end under it).
  // Where lanes are closer than a line of text only the names that fit are written, the
  // leader's first (lane_labels.hpp); the others keep a swatch and name themselves on hover.
  dl->AddRectFilled(origin, ImVec2(plotX0 - fs * 0.1f, origin.y + size.y), ImGui::GetColorU32(ImGuiCol_WindowBg));
  std::optional<std::size_t> leaderLane;
  for (std::size_t i = 0; i < sids.size(); ++i)
    if (leader && sids[i] == *leader) leaderLane = i;
  const std::vector<bool> named = laneNamesThatFit(centres, fs, leaderLane);
  const float swatchH = sids.empty() ? 0.0f : std::max(2.0f, std::min(fs, (lanesBottom - lanesTop) / static_cast<float>(sids.size()) - 1.0f));
  std::optional<std::size_t> laneUnderMouse;
  for (std::size_t i = 0; i < sids.size(); ++i) {
    const Sid sid = sids[i];
    const float y = centres[i];
    const auto* slot = sim.slot(sid);
    const bool alive = slot && slot->alive;
    const ServerState st = alive ? slot->peer.state() : ServerState::LOOKING;
    const std::string& name = laneName[sid];
    if (canvasHovered && io.MousePos.x < plotX0 && std::abs(io.MousePos.y - y) <= swatchH * 0.5f + 0.5f) laneUnderMouse = i;
    if (!named[i]) {
      const ImVec2 a(origin.x + fs * 0.15f, y - swatchH * 0.5f);
      dl->AddRectFilled(a, ImVec2(a.x + fs * 0.6f, a.y + swatchH), stateColor(st, alive));
      continue;
    }
    ImVec2 ts = ImGui::CalcTextSize(name.c_str());
    const ImVec2 p(origin.x + fs * 0.3f, y - ts.y * 0.5f);
    dl->AddRectFilled(ImVec2(p.x - fs * 0.15f, p.y), ImVec2(p.x + ts.x + fs * 0.15f, p.y + ts.y), stateColor(st, alive));
    dl->AddText(p, onColor(stateColor(st, alive)), name.c_str());
  }
  if (laneUnderMouse && !named[*laneUnderMouse])
    ImGui::SetTooltip("%s (lanes too close to name them all: enlarge the diagram)", laneName[sids[*laneUnderMouse]].c_str());

  // ---- hover and click ----
  const Hit* best = nullptr;
  if (canvasHovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left) && io.MousePos.x >= plotX0) {
    float bestD = fs * 0.5f;
    for (const auto& h : hits) {
      float d = distToSegment(io.MousePos, h.a, h.b);
      // Markers win over the arrows passing through them.
      if (h.a.x == h.b.x && h.a.y == h.b.y) d -= fs * 0.2f;
      if (d < bestD) {
        bestD = d;
        best = &h;
      }
    }
  }
  if (best) {
    dl->AddLine(best->a, best->b, IM_COL32(255, 200, 0, 200), thick * 3.0f);
    if (best->a.x == best->b.x && best->a.y == best->b.y) dl->AddCircle(best->a, fs * 0.6f, IM_COL32(255, 170, 0, 255), 0, thick * 1.5f);
  }
  dl->PopClipRect();

  if (best) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(fs * 30);
    if (best->inFlight) {
      for (const auto& [cid, c] : sim.connections())
        for (int dir = 0; dir < 2; ++dir)
          for (const auto& f : c.queue[dir]) {
            if (f.id != best->frame) continue;
            const Sid from = dir == 0 ? c.initiator : c.acceptor, to = dir == 0 ? c.acceptor : c.initiator;
            ImGui::Text("S%lld -> S%lld  %s  (%s)", static_cast<long long>(from), static_cast<long long>(to),
                        sim::frameLabel(c, f).c_str(), std::string(to_string(f.family)).c_str());
            ImGui::Text("in flight: sent at %lld ms, arrives at %lld ms at the earliest%s", static_cast<long long>(f.sentAt),
                        static_cast<long long>(f.readyAt),
                        f.attempts > 0 ? fmt::format(" (retransmission {})", f.attempts).c_str() : "");
          }
      ImGui::TextDisabled("click to select it (Inspector, Pending)");
    } else {
      const Record sum = entries[best->entry].record();
      const sim::StepRecord none;
      const sim::StepRecord* full = app.session.explained(best->entry);
      const sim::StepRecord& r = full ? *full : none;
      if (sum.kind == "frame" || sum.kind == "close") {
        ImGui::Text("S%lld -> S%lld  %s  (%s)", static_cast<long long>(sum.from), static_cast<long long>(sum.to),
                    r.label.c_str(), std::string(to_string(sum.family)).c_str());
        if (const Sent* s = sendOf(sum))
          ImGui::Text("sent at %lld ms, delivered at %lld ms: %lld ms on the way", static_cast<long long>(s->sentAt),
                      static_cast<long long>(sum.timeMs), static_cast<long long>(sum.timeMs - s->sentAt));
        else
          ImGui::Text("delivered at %lld ms; %s", static_cast<long long>(sum.timeMs),
                      exactSendTimes ? "send time being looked up" : "send time not seen (turn on exact send times)");
      } else {
        ImGui::Text("%s at %lld ms", r.headline.c_str(), static_cast<long long>(sum.timeMs));
      }
      ImGui::Separator();
      if (!best->what.empty()) ImGui::TextUnformatted(best->what.c_str());
      else ImGui::TextUnformatted(r.explanation().c_str());
      for (const auto& p : app.session.problems(best->entry)) ImGui::TextColored(ImVec4(0.85f, 0.1f, 0.1f, 1), "%s", p.c_str());
      ImGui::TextDisabled("step %zu%s; click to go there", best->entry + 1, best->entry + 1 == cursor ? " (the cursor)" : "");
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (clicked && best) {
    if (best->inFlight) {
      std::uint64_t id = best->frame;
      app.post([id](AppState& s) { s.selection.message = id; });
    } else {
      std::size_t k = best->entry + 1;
      app.post([k](AppState& s) {
        s.session.jumpTo(k);
        s.viewTimeMs = static_cast<double>(s.session.sim().now());
        s.playing = false;
      });
    }
  }
  requestBackfill(app, std::move(missing));
}

}  // namespace zabscope
