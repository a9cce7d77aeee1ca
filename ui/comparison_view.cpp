#include "comparison_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>

#include "comparison_lanes.hpp"
#include "read_only_keys.hpp"
#include "theme.hpp"

namespace zabscope {

namespace {

using Side = Comparison::Side;

void act(AppState& app, std::function<void(Comparison&)> f) {
  app.post([f = std::move(f)](AppState& s) {
    if (s.comparison) f(*s.comparison);
  });
}

// After a step the cursor stays in view.
void stepAndFollow(Comparison& c, bool forward) {
  if (forward) c.stepForward();
  else c.stepBack();
  c.window.keepVisible(static_cast<double>(c.cursorMs()));
}

std::string signedMs(double t) {
  if (std::fabs(t) >= 1000) return fmt::format("{:+.2f} s", t / 1000.0);
  return fmt::format("{:+.0f} ms", t);
}

ImU32 withAlpha(ImU32 c, float a) {
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a * 255.0f) << IM_COL32_A_SHIFT);
}

}  // namespace

void ComparisonView::draw(AppState& app, float top) {
  if (!app.comparison) return;
  const Comparison& c = *app.comparison;
  const ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y - top, fs = ImGui::GetFontSize();
  const ImGuiWindowFlags fixed = kFixedPaneFlags;
  mouseMoved_ = mouseMoved_ || io.MouseDelta.x != 0 || io.MouseDelta.y != 0;
  switch (pressedCursorKey()) {
    case CursorKey::Forward: act(app, [](Comparison& k) { stepAndFollow(k, true); }); break;
    case CursorKey::Back: act(app, [](Comparison& k) { stepAndFollow(k, false); }); break;
    case CursorKey::First: act(app, [](Comparison& k) { k.jumpToMs(k.firstMs()); }); break;
    case CursorKey::Last: act(app, [](Comparison& k) { k.jumpToMs(k.lastMs()); }); break;
    case CursorKey::None: break;
  }
  // A short or narrow screen (a projector at --scale 2): no title bar, a brief caption, and the
  // outcomes in place of the timelines at the press of a button (the timelines need the height).
  const bool compact = W < fs * 62 || H < fs * 26;
  if (app.selectTab == "Outcomes" || app.selectTab == "Timelines") {
    showOutcomes_ = app.selectTab == "Outcomes";
    app.post([](AppState& s) { s.selectTab.clear(); });
  }
  const float wrapW = W - ImGui::GetStyle().WindowPadding.x * 2;
  const std::string caption = c.alignmentCaption(compact);
  const float captionH = ImGui::CalcTextSize(caption.c_str(), nullptr, false, wrapW).y;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float controlsH = (compact ? 0 : ImGui::GetFrameHeight()) + ImGui::GetFrameHeightWithSpacing() * 2 + captionH +
                          ImGui::GetTextLineHeightWithSpacing() + style.WindowPadding.y * 2;
  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(W, controlsH));
  if (ImGui::Begin("Engine above, real ZooKeeper 3.8 below: the same scenario", nullptr,
                   fixed | (compact ? ImGuiWindowFlags_NoTitleBar : 0))) {
    drawControls(app, c, compact);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(caption.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();

  const float rest = H - controlsH;
  const float outcomesW = compact ? 0 : std::floor(std::max(fs * 22, W * 0.3f));
  ImGui::SetNextWindowPos(ImVec2(0, top + controlsH));
  ImGui::SetNextWindowSize(ImVec2(W - outcomesW, rest));
  if (ImGui::Begin("Timelines##compare", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    if (compact && showOutcomes_) drawOutcomes(c);
    else drawTimelines(app, c, ImGui::GetContentRegionAvail(), compact);
  }
  ImGui::End();
  if (!compact) {
    ImGui::SetNextWindowPos(ImVec2(W - outcomesW, top + controlsH));
    ImGui::SetNextWindowSize(ImVec2(outcomesW, rest));
    if (ImGui::Begin("Outcomes: engine vs real", nullptr, fixed)) drawOutcomes(c);
    ImGui::End();
  }
}

void ComparisonView::drawControls(AppState& app, const Comparison& c, bool compact) {
  const float fs = ImGui::GetFontSize();
  // Row 1: stepping and the scrubber; row 2: zoom, alignment, close.
  if (ImGui::Button("|<")) act(app, [](Comparison& k) { k.jumpToMs(k.firstMs()); k.window.keepVisible(static_cast<double>(k.cursorMs())); });
  ImGui::SameLine();
  if (ImGui::Button("< Back")) act(app, [](Comparison& k) { stepAndFollow(k, false); });
  ImGui::SameLine();
  if (ImGui::Button("Step >")) act(app, [](Comparison& k) { stepAndFollow(k, true); });
  ImGui::SameLine();
  if (ImGui::Button(">|")) act(app, [](Comparison& k) { k.jumpToMs(k.lastMs()); k.window.keepVisible(static_cast<double>(k.cursorMs())); });
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(fs * 8, ImGui::GetContentRegionAvail().x));
  int t = static_cast<int>(c.cursorMs());
  const std::string label = fmt::format("t = {}", signedMs(static_cast<double>(c.cursorMs())));
  if (ImGui::SliderInt("##compare-scrub", &t, static_cast<int>(c.firstMs()), static_cast<int>(c.lastMs()), label.c_str()))
    act(app, [t](Comparison& k) {
      k.jumpToMs(t);
      k.window.keepVisible(static_cast<double>(k.cursorMs()));
    });
  if (ImGui::Button(compact ? "+" : "Zoom in")) act(app, [](Comparison& k) { k.window.zoom(0.5, static_cast<double>(k.cursorMs())); });
  ImGui::SameLine();
  if (ImGui::Button(compact ? "-" : "Zoom out")) act(app, [](Comparison& k) { k.window.zoom(2.0, static_cast<double>(k.cursorMs())); });
  ImGui::SameLine();
  if (ImGui::Button(compact ? "All" : "Whole runs")) act(app, [](Comparison& k) {
      const double span = static_cast<double>(k.lastMs() - k.firstMs());
      k.window = AxisWindow{static_cast<double>(k.firstMs()) - span * 0.02, std::max(kMinSpanMs, span * 1.04)};
    });
  ImGui::SameLine();
  bool failover = c.align() == Comparison::Align::Failover;
  if (ImGui::Checkbox(compact ? "0 = failover" : "Align at the failover", &failover))
    act(app, [failover](Comparison& k) { k.setAlign(failover ? Comparison::Align::Failover : Comparison::Align::Start); });
  if (ImGui::IsItemHovered() && mouseMoved_)
    ImGui::SetTooltip("On: 0 ms is where each run's failover begins (the first server to lose its leader goes LOOKING).\n"
                      "Off: 0 ms is each run's beginning (the real one includes JVM start-up).");
  if (compact) {
    ImGui::SameLine();
    if (ImGui::Button(showOutcomes_ ? "Timelines" : "Outcomes")) showOutcomes_ = !showOutcomes_;
  }
  ImGui::SameLine();
  if (ImGui::Button(compact ? "Close" : "Close comparison")) app.post([](AppState& s) {
      s.comparison.reset();
      s.status = "closed the comparison; the session is as it was";
    });
  // The failover in one line: the numbers a student compares.
  ImGui::TextUnformatted(c.failoverSummary(compact).c_str());
}

void ComparisonView::drawTimelines(AppState& app, const Comparison& c, ImVec2 size, bool compact) {
  const float fs = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  if (size.x < fs * 10 || size.y < fs * 8) return;
  const auto servers = c.servers();
  const ImU32 text = textColor(), muted = mutedColor();
  const float left = o.x + fs * 4.2f, right = o.x + size.x - fs * 0.8f;
  // A projector has no room for the legend: the bands carry their state's name, the syncs theirs.
  const float titleH = fs * (compact ? 1.25f : 1.4f), axisH = fs * 1.6f, legendH = compact ? 0 : fs * 1.4f;
  const float bracketH = fs * 1.1f;  // the election's span, at the top of each half
  const float halfH = (size.y - axisH - legendH - titleH * 2) * 0.5f;
  const float engineTop = o.y + titleH, engineBottom = engineTop + halfH;
  const float axisTop = engineBottom, realTop = axisTop + axisH + titleH, realBottom = realTop + halfH;

  // Titles: which run, and its leader at the cursor.
  auto title = [&](Side s, float y, const std::string& what) {
    const auto l = c.leaderAt(s);
    const std::string line = fmt::format("{}   leader {}", what, l ? fmt::format("S{}", *l) : std::string("none"));
    dl->AddRectFilled(ImVec2(o.x, y), ImVec2(o.x + size.x, y + titleH - fs * 0.1f), withAlpha(muted, 0.15f));
    dl->AddText(ImVec2(o.x + fs * 0.3f, y + fs * 0.2f), text, line.c_str());
  };
  std::string files;
  for (const auto& p : c.logs().paths())
    // A run kept by `zabsim real` has s1/zookeeper.log, s2/zookeeper.log, ...: name the folder too.
    files += (files.empty() ? "" : ", ") + (std::filesystem::path(p).filename() == "zookeeper.log"
                                                ? (std::filesystem::path(p).parent_path().filename() / "zookeeper.log").string()
                                                : std::filesystem::path(p).filename().string());
  const std::string scenario = std::filesystem::path(c.scenarioFile()).filename().string();
  title(Side::Engine, o.y, compact ? "ENGINE (virtual time)" : fmt::format("ENGINE (ZabScope, virtual time): {}", scenario));
  title(Side::Real, realTop - titleH,
        compact ? "REAL ZooKeeper 3.8 (logs)" : fmt::format("REAL ZooKeeper 3.8 (its logs, wall-clock time): {}", files));

  drawRunLanes(dl, c.lanes(Side::Engine), servers, c.anchor(Side::Engine), c.window, c.cursorMs(),
               LanesArea{o.x + fs * 0.3f, left, right, engineTop + bracketH, engineBottom});
  drawRunLanes(dl, c.lanes(Side::Real), servers, c.anchor(Side::Real), c.window, c.cursorMs(),
               LanesArea{o.x + fs * 0.3f, left, right, realTop + bracketH, realBottom});
  // Each run's election as a bracket from the failover's start to its new leader: the two
  // lengths are what differs most between virtual and wall-clock time.
  auto bracket = [&](Side s, float y) {
    const auto ms = c.electionMs(s);
    const auto leader = c.newLeader(s);
    const auto start = c.failoverStart(s);
    if (!ms || !leader || !start) return;
    const float x0 = std::clamp(c.window.xOf(static_cast<double>(toShared(*start, c.anchor(s))), left, right), left, right);
    const float x1 = std::clamp(c.window.xOf(static_cast<double>(toShared(leader->atMs, c.anchor(s))), left, right), left, right);
    const ImU32 ink = stateInk(zab::ServerState::LEADING, true);
    const float w = lineWidth(fs * 0.12f);
    dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), ink, w);
    dl->AddLine(ImVec2(x0, y - fs * 0.3f), ImVec2(x0, y + fs * 0.3f), ink, w);
    dl->AddLine(ImVec2(x1, y - fs * 0.3f), ImVec2(x1, y + fs * 0.3f), ink, w);
    const std::string what = fmt::format("election {} ms: S{} leads", *ms, leader->sid);
    const ImVec2 ts = ImGui::CalcTextSize(what.c_str());
    // Right of the bracket, else left of it, else over its middle (its background hides the line there).
    float tx = x1 + fs * 0.4f;
    if (tx + ts.x > right) tx = x0 - fs * 0.4f - ts.x >= left ? x0 - fs * 0.4f - ts.x : std::max(left, (x0 + x1 - ts.x) * 0.5f);
    dl->AddRectFilled(ImVec2(tx - fs * 0.1f, y - ts.y * 0.5f), ImVec2(tx + ts.x + fs * 0.1f, y + ts.y * 0.5f), withAlpha(panelColor(), 0.85f));
    dl->AddText(ImVec2(tx, y - ts.y * 0.5f), ink, what.c_str());
  };
  bracket(Side::Engine, engineTop + bracketH * 0.55f);
  bracket(Side::Real, realTop + bracketH * 0.55f);

  // The shared axis between the halves: ticks, their times, and the grid through both.
  const double step = tickStepMs(c.window.spanMs, right - left, fs * 5);
  for (double t = std::ceil(c.window.startMs / step) * step; t <= c.window.endMs(); t += step) {
    const float x = c.window.xOf(t, left, right);
    dl->AddLine(ImVec2(x, engineTop), ImVec2(x, realBottom), withAlpha(muted, t == 0 ? 0.0f : 0.18f), 1);
    const std::string lbl = t == 0 ? (c.failoverAligned() ? "0 failover" : "0") : signedMs(t);
    const ImVec2 ts = ImGui::CalcTextSize(lbl.c_str());
    dl->AddText(ImVec2(x - ts.x * 0.5f, axisTop + (axisH - ts.y) * 0.5f), muted, lbl.c_str());
  }
  dl->AddText(ImVec2(o.x + fs * 0.3f, axisTop + (axisH - fs) * 0.5f), muted, "ms");
  // 0 ms: where the two runs are aligned.
  if (c.window.startMs <= 0 && c.window.endMs() >= 0) {
    const float x0 = c.window.xOf(0, left, right);
    const ImU32 col = withAlpha(stateColor(zab::ServerState::LOOKING, true), 0.9f);
    for (float y = engineTop; y < realBottom; y += fs * 0.6f)
      dl->AddLine(ImVec2(x0, y), ImVec2(x0, std::min(y + fs * 0.35f, realBottom)), col, lineWidth(fs * 0.08f));
  }
  // The cursor, through both halves.
  if (const double cur = static_cast<double>(c.cursorMs()); cur >= c.window.startMs && cur <= c.window.endMs()) {
    const float x = c.window.xOf(static_cast<double>(c.cursorMs()), left, right);
    dl->AddLine(ImVec2(x, engineTop), ImVec2(x, realBottom), text, lineWidth(fs * 0.12f));
  }
  // Legend.
  if (!compact) {
    float lx = o.x + fs * 0.3f;
    const float ly = realBottom + fs * 0.2f;
    auto key = [&](ImU32 col, const char* what, bool arrow) {
      if (arrow) dl->AddLine(ImVec2(lx, ly + fs * 0.5f), ImVec2(lx + fs * 1.2f, ly + fs * 0.5f), col, lineWidth(fs * 0.15f));
      else dl->AddRectFilled(ImVec2(lx, ly + fs * 0.15f), ImVec2(lx + fs * 1.2f, ly + fs * 0.85f), col);
      lx += fs * 1.5f;
      dl->AddText(ImVec2(lx, ly), text, what);
      lx += ImGui::CalcTextSize(what).x + fs * 0.9f;
    };
    key(stateColor(zab::ServerState::LEADING, true), "leading", false);
    key(stateColor(zab::ServerState::FOLLOWING, true), "following", false);
    key(stateColor(zab::ServerState::LOOKING, true), "looking", false);
    key(stateColor(zab::ServerState::LOOKING, false), "down", false);
    key(laneMessageColor(LaneMessage::Kind::Notification), "notification", true);
    key(laneMessageColor(LaneMessage::Kind::FollowerInfo), "FOLLOWERINFO", true);
    key(laneMessageColor(LaneMessage::Kind::Sync), "DIFF/SNAP/TRUNC", true);
  }

  // Click or drag: the cursor; the wheel: zoom around the mouse.
  ImGui::InvisibleButton("compare-timelines", size);
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActive() || ImGui::IsItemClicked()) {
    const auto to = static_cast<std::int64_t>(std::llround(c.window.timeAt(io.MousePos.x, left, right)));
    if (to != c.cursorMs()) act(app, [to](Comparison& k) { k.jumpToMs(to); });
  }
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) {
    const double at = c.window.timeAt(io.MousePos.x, left, right);
    const double factor = io.MouseWheel > 0 ? 0.8 : 1.25;
    act(app, [at, factor](Comparison& k) { k.window.zoom(factor, at); });
  }
}

void ComparisonView::drawOutcomes(const Comparison& c) {
  const ImVec4 bad(0.8f, 0.1f, 0.1f, 1), expected(0.75f, 0.45f, 0.0f, 1);
  const ImVec4 faint = ImGui::ColorConvertU32ToFloat4(mutedColor());
  ImGui::TextWrapped("Where each run ended (zabsim compare's table; the real side as its logs tell it):");
  if (ImGui::BeginTable("outcomes", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("engine");
    ImGui::TableSetupColumn("real 3.8");
    ImGui::TableHeadersRow();
    for (const auto& r : c.rows()) {
      if (r.field.find("znodes") != std::string::npos || r.field == "committed_writes") continue;  // not in logs
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.field.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.engine.c_str());
      ImGui::TableNextColumn();
      switch (c.verdict(r)) {
        case Comparison::Verdict::Unknown: ImGui::TextColored(faint, "%s", r.real == "-" ? "not in the logs" : r.real.c_str()); break;
        case Comparison::Verdict::Same: ImGui::TextUnformatted(r.real.c_str()); break;
        case Comparison::Verdict::Expected: ImGui::TextColored(expected, "%s  (timing)", r.real.c_str()); break;
        case Comparison::Verdict::Differs: ImGui::TextColored(bad, "%s  <>", r.real.c_str()); break;
      }
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0);
  if (c.differences().empty()) ImGui::TextUnformatted("No differences: the real ensemble ended where the engine did.");
  for (const auto& d : c.differences()) {
    if (d.expected) ImGui::TextColored(expected, "expected: %s: engine %s, real %s (%s)", d.field.c_str(), d.engine.c_str(), d.real.c_str(), d.why.c_str());
    else ImGui::TextColored(bad, "DIFFERENCE: %s: engine %s, real %s", d.field.c_str(), d.engine.c_str(), d.real.c_str());
  }
  for (const auto& f : c.engineFailures()) ImGui::TextColored(bad, "engine: %s", f.c_str());
  ImGui::TextDisabled("Not compared: times, message counts, znodes and committed writes (the logs do not show them).");
  ImGui::PopTextWrapPos();

  // Each run at the cursor.
  ImGui::Separator();
  ImGui::Text("At the cursor (t = %s):", signedMs(static_cast<double>(c.cursorMs())).c_str());
  if (ImGui::BeginTable("at-cursor", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("engine");
    ImGui::TableSetupColumn("real 3.8");
    ImGui::TableHeadersRow();
    auto cell = [](const std::optional<LaneState>& s) {
      if (!s) return std::string("-");
      if (!s->alive) return std::string("down");
      std::string st = s->state ? std::string(stateLetter(*s->state, true)) : std::string("?");
      return fmt::format("{} e{} 0x{:x}", st, s->currentEpoch ? std::to_string(*s->currentEpoch) : "?",
                         static_cast<std::uint64_t>(s->lastZxid.value_or(0)));
    };
    for (auto sid : c.servers()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("S%lld", static_cast<long long>(sid));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(cell(c.stateAt(Side::Engine, sid)).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(cell(c.stateAt(Side::Real, sid)).c_str());
    }
    ImGui::EndTable();
  }
}

}  // namespace zabscope
