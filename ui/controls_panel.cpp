#include "controls_panel.hpp"

#include <fmt/format.h>
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <vector>

#include "ensemble_phase.hpp"
#include "notation.hpp"
#include "stepping.hpp"
#include "toolbar_fit.hpp"

namespace zabscope {

namespace {
struct Shortcut {
  const char* keys;
  const char* what;
};
constexpr Shortcut kShortcuts[] = {
    {"Space", "play / pause"},
    {"Right or N", "step one event"},
    {"Left or B", "step back one event"},
    {"V", "step to the next vote change"},
    {"P", "step to the next phase change of the ensemble (the leader's ZAB phase, or the last server catching up)"},
    {"L", "run until a leader is elected"},
    {"K", "kill the leader"},
    {"[ and ]", "slower / faster (x0.5 / x2)"},
    {"Home / End", "jump to the start / the end of the timeline"},
    {"M", "manual delivery mode (play delivers nothing; pick messages)"},
    {"T", "light / dark theme"},
    {"F5 / Esc", "presenter view on / off (big ensemble and a caption)"},
    {"D", "space-time diagram: enlarged, detached, back in its strip"},
    {"Ctrl+= / Ctrl+-", "bigger / smaller UI"},
    {"F12", "save a screenshot (PNG)"},
    {"?", "this help"},
};

void syncView(AppState& s) { s.viewTimeMs = static_cast<double>(s.session.sim().now()); }

// Greyed out while there is no leader (it did nothing then, and said nothing), with the reason
// on hover.
void killLeaderButton(AppState& app, const char* label) {
  const bool leader = app.session.sim().leader().has_value();
  ImGui::BeginDisabled(!leader);
  if (ImGui::Button(label)) app.killLeader();
  ImGui::EndDisabled();
  if (!leader && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", app.language == Language::Chinese ? "还没有 Leader：选举还没结束（按 L 一直走到选出 Leader）"
                                                             : "no leader yet: the election has not ended (L steps "
                                                               "until one is elected)");
}
}  // namespace

void advancePlayback(AppState& app, double realMs, std::size_t maxSteps) {
  if (!app.playing || app.manualDelivery) {
    syncView(app);
    return;
  }
  double target = app.viewTimeMs + realMs * app.speed;
  std::size_t steps = 0;
  while (steps < maxSteps) {
    auto next = app.session.sim().nextEventTime();
    if (!next || static_cast<double>(*next) > target) break;
    if (!app.session.stepForward()) break;
    ++steps;
  }
  auto next = app.session.sim().nextEventTime();
  if (steps >= maxSteps && next) target = static_cast<double>(*next);
  app.viewTimeMs = std::max(static_cast<double>(app.session.sim().now()), target);
  if (!next) app.playing = false;  // nothing left to happen
}

void ControlsPanel::handleShortcuts(AppState& app) {
  ImGuiIO& io = ImGui::GetIO();
  // Not while typing, nor behind a dialog or menu (a file name typed into the chooser, say).
  if (io.WantTextInput || ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
  auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k)); };
  if (pressed(ImGuiKey_Space)) app.post([](AppState& s) { s.playing = !s.playing; });
  if (pressed(ImGuiKey_RightArrow) || ImGui::IsKeyPressed('N'))
    app.post([](AppState& s) { s.session.stepForward(); syncView(s); });
  if (pressed(ImGuiKey_LeftArrow) || ImGui::IsKeyPressed('B'))
    app.post([](AppState& s) { s.session.stepBack(); syncView(s); });
  if (ImGui::IsKeyPressed('V')) app.stepToGoal(StepGoal::VoteChange);
  if (ImGui::IsKeyPressed('P')) app.stepToGoal(StepGoal::PhaseChange);
  if (ImGui::IsKeyPressed('L')) app.stepToGoal(StepGoal::Leader);
  if (ImGui::IsKeyPressed('K')) app.killLeader();
  if (ImGui::IsKeyPressed('M')) app.post([](AppState& s) { s.manualDelivery = !s.manualDelivery; });
  if (ImGui::IsKeyPressed('T')) app.post([](AppState& s) { s.lightTheme = !s.lightTheme; });
  if (ImGui::IsKeyPressed('[')) app.post([](AppState& s) { s.speed = std::max(0.01, s.speed * 0.5); });
  if (ImGui::IsKeyPressed(']')) app.post([](AppState& s) { s.speed = std::min(100.0, s.speed * 2.0); });
  if (pressed(ImGuiKey_Home)) app.post([](AppState& s) { s.session.jumpTo(0); syncView(s); });
  if (pressed(ImGuiKey_End)) app.post([](AppState& s) { s.session.jumpTo(s.session.length()); syncView(s); });
  if (io.KeyCtrl && (ImGui::IsKeyPressed('=') || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD)))
    app.post([](AppState& s) { s.uiScale = std::min(4.0f, s.uiScale * 1.15f); });
  if (io.KeyCtrl && (ImGui::IsKeyPressed('-') || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT)))
    app.post([](AppState& s) { s.uiScale = std::max(0.5f, s.uiScale / 1.15f); });
  if (io.InputQueueCharacters.Size > 0)
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
      if (io.InputQueueCharacters[i] == '?') app.post([](AppState& s) { s.showHelp = !s.showHelp; });
  if (ImGui::IsKeyPressed(GLFW_KEY_F12)) app.post([](AppState& s) { s.screenshotRequested = true; });
  if (ImGui::IsKeyPressed(GLFW_KEY_F5)) app.post([](AppState& s) { s.presenter = !s.presenter; });
  if (app.presenter && pressed(ImGuiKey_Escape)) app.post([](AppState& s) { s.presenter = false; });
}

// The last command's outcome, at the end of the button row: on one line, cut to fit, and
// the whole of it on hover (a scenario that failed to load lists every error).
bool ControlsPanel::drawStatus(AppState& app) {
  if (app.status.empty()) return true;
  // Too little room left on this row shows nothing but "w...": the caller tries the next row.
  const float gap = ImGui::GetFontSize() * 1.5f;
  const float rowRight = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (rowRight - ImGui::GetItemRectMax().x - gap < ImGui::GetFontSize() * 6) return false;
  ImGui::SameLine(0, gap);
  const std::string& all = app.status;
  // One line: the lines joined, so a load error's file:line shows without hovering.
  std::string line = all.substr(0, all.find_last_not_of(" \n") + 1);
  std::replace(line.begin(), line.end(), '\n', ' ');
  const float room = ImGui::GetContentRegionAvail().x;
  bool cut = false;
  while (!line.empty() && ImGui::CalcTextSize((line + "...").c_str()).x > room) {
    line.pop_back();
    cut = true;
  }
  if (cut) line += "...";
  const bool bad = all.find("not loaded") != std::string::npos || all.find("failed") != std::string::npos ||
                   all.find("error") != std::string::npos;
  if (bad) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", line.c_str());
  else ImGui::TextDisabled("%s", line.c_str());
  if (cut && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(all.c_str());
    ImGui::EndTooltip();
  }
  return true;
}

void ControlsPanel::draw(AppState& app) {
  const auto& sim = app.session.sim();
  // The toolbar's items; those that do not fit on the row go behind "More" (toolbar_fit).
  struct Item {
    const char* label;
    bool checkbox;
    std::function<void()> draw;
  };
  // In Chinese the buttons read as the presenter's do (and as the Chinese lessons name them);
  // "###" keeps each widget's id the same in both languages.
  const bool zh = app.language == Language::Chinese;
  const char* play = app.playing ? (zh ? "暂停###play" : "Pause###play") : (zh ? "播放###play" : "Play###play");
  const char* step = zh ? "单步###step" : "Step###step";
  const char* back = zh ? "后退###back" : "Back###back";
  const char* vote = zh ? "下一次改票 (V)###vote" : "Next vote change###vote";
  const char* phase = zh ? "下一阶段 (P)###phase" : "Next phase change###phase";
  const char* untilLeader = zh ? "直到选出 Leader (L)###until" : "Until leader###until";
  const char* kill = zh ? "杀掉 Leader (K)###kill" : "Kill leader###kill";
  const char* manual = zh ? "手动投递###manual" : "manual delivery###manual";
  const char* present = zh ? "演示视图###present" : "Presenter view###present";
  const Item items[] = {
      {play, false, [&] { if (ImGui::Button(play)) app.post([](AppState& s) { s.playing = !s.playing; }); }},
      {step, false, [&] { if (ImGui::Button(step)) app.post([](AppState& s) { s.session.stepForward(); syncView(s); }); }},
      {back, false, [&] { if (ImGui::Button(back)) app.post([](AppState& s) { s.session.stepBack(); syncView(s); }); }},
      {vote, false,
       [&] {
         if (ImGui::Button(vote)) app.stepToGoal(StepGoal::VoteChange);
       }},
      {phase, false,
       [&] {
         if (ImGui::Button(phase)) app.stepToGoal(StepGoal::PhaseChange);
       }},
      {untilLeader, false,
       [&] {
         if (ImGui::Button(untilLeader)) app.stepToGoal(StepGoal::Leader);
       }},
      {kill, false, [&] { killLeaderButton(app, kill); }},
      {manual, true, [&] { ImGui::Checkbox(manual, &app.manualDelivery); }},
      {present, false,
       [&] {
         if (ImGui::Button(present)) app.post([](AppState& s) { s.presenter = true; });
         if (ImGui::IsItemHovered())
           ImGui::SetTooltip("%s", zh ? "F5：集群占满屏幕，下方字幕解释每一步"
                                      : "F5: the ensemble fills the screen, with a caption that explains each step");
       }},
  };
  const ImGuiStyle& style = ImGui::GetStyle();
  std::vector<float> widths;
  for (const Item& it : items)
    widths.push_back(it.checkbox ? ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(it.label, nullptr, true).x
                                 : ImGui::CalcTextSize(it.label, nullptr, true).x + 2 * style.FramePadding.x);
  const char* more = zh ? "更多###more" : "More###more";
  const std::size_t shown = toolbarItemsThatFit(widths, style.ItemSpacing.x, ImGui::GetContentRegionAvail().x,
                                                ImGui::CalcTextSize(more, nullptr, true).x + 2 * style.FramePadding.x);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) ImGui::SameLine();
    items[i].draw();
  }
  if (shown < std::size(items)) {
    if (shown) ImGui::SameLine();
    if (ImGui::Button(more) || app.scriptMenu == "More") ImGui::OpenPopup("toolbar-more");  // `menu More` in a GUI script
    if (app.scriptMenu == "More") app.post([](AppState& s) { s.scriptMenu.clear(); });
    // Under the button, as a menu drops (not wherever the pointer is).
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y), ImGuiCond_Appearing);
    if (ImGui::BeginPopup("toolbar-more")) {
      for (std::size_t i = shown; i < std::size(items); ++i) items[i].draw();
      ImGui::EndPopup();
    }
  }
  const bool statusShown = drawStatus(app);

  // Speed on a log scale: 10^-2 .. 10^2. The words stand beside the slider, not on it: ImGui
  // centres a slider's text, and at x1 the grab sits on the middle of it.
  float logSpeed = static_cast<float>(std::log10(app.speed));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(zh ? "速度" : "speed");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::SliderFloat("##speed", &logSpeed, -2.0f, 2.0f, ""))
    app.speed = std::pow(10.0, static_cast<double>(logSpeed));
  ImGui::SameLine();
  ImGui::TextUnformatted(fmt::format("x{:.2g}", app.speed).c_str());
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  // The LEADING server and its ZAB phase (ensemble_phase.hpp): "S3 (SYNCHRONIZATION)" while it
  // syncs its followers, before a quorum is with it.
  const EnsemblePhase now = ensemblePhase(sim);
  const bool noQuorum = now.leaderWithoutQuorum();
  const std::string leaderName =
      !now.leader ? std::string(zh ? "无" : "none")
      : noQuorum  ? (zh ? fmt::format("S{}（{}，没有过半跟随）", *now.leader, zab::to_string(now.phase))
                        : fmt::format("S{} ({}, no quorum follows it)", *now.leader, zab::to_string(now.phase)))
                  : fmt::format("S{} ({})", *now.leader, zab::to_string(now.phase));
  ImGui::TextUnformatted(zh ? fmt::format("t = {} ms   第 {} / {} 步   Leader：{}", sim.now(), app.session.cursor(),
                                          app.session.length(), leaderName).c_str()
                            : fmt::format("t = {} ms   step {} / {}   leader: {}", sim.now(), app.session.cursor(),
                                          app.session.length(), leaderName).c_str());
  if (!statusShown) drawStatus(app);  // the button row was full (1280x720 --scale 2)

  // Timeline scrubber over every action of the current branch.
  int cursor = static_cast<int>(app.session.cursor());
  int length = static_cast<int>(app.session.length());
  // Its name stands before it, and the step number is in the line above: text on the slider
  // would sit under the grab whenever the cursor is near the middle.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(zh ? "时间线" : "timeline");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 16);
  if (ImGui::SliderInt("##timeline", &cursor, 0, std::max(1, length), "")) {
    std::size_t k = static_cast<std::size_t>(std::max(0, cursor));
    app.post([k](AppState& s) {
      s.session.jumpTo(k);
      syncView(s);
      s.playing = false;
    });
  }
  ImGui::SameLine();
  const auto& branches = app.session.branches();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  if (ImGui::BeginCombo("##branches", branches.empty() ? (zh ? "没有其他分支" : "no other branches") : (zh ? "分支…" : "branches..."))) {
    for (std::size_t i = 0; i < branches.size(); ++i)
      if (ImGui::Selectable(branches[i].name.c_str()))
        app.post([i](AppState& s) {
          s.session.switchBranch(i);
          syncView(s);
        });
    ImGui::EndCombo();
  }
}

// The presenter view's one row: the stepping buttons, large, and the way out.
void ControlsPanel::drawPresenterStrip(AppState& app) {
  const bool zh = app.language == Language::Chinese;
  if (ImGui::Button(zh ? "< 后退" : "< Back")) app.post([](AppState& s) { s.session.stepBack(); syncView(s); });
  ImGui::SameLine();
  if (ImGui::Button(zh ? "下一步 >" : "Step >")) app.post([](AppState& s) { s.session.stepForward(); syncView(s); });
  ImGui::SameLine();
  if (ImGui::Button(zh ? "下一次改票 (V)" : "Next vote (V)"))
    app.stepToGoal(StepGoal::VoteChange);
  ImGui::SameLine();
  if (ImGui::Button(zh ? "下一阶段 (P)" : "Next phase (P)"))
    app.stepToGoal(StepGoal::PhaseChange);
  ImGui::SameLine();
  if (ImGui::Button(app.playing ? (zh ? "暂停" : "Pause") : (zh ? "播放" : "Play")))
    app.post([](AppState& s) { s.playing = !s.playing; });
  ImGui::SameLine();
  killLeaderButton(app, zh ? "杀掉 Leader (K)" : "Kill leader (K)");
  ImGui::SameLine();
  if (ImGui::Button(zh ? "中文 / EN" : "EN / 中文"))
    app.post([](AppState& s) { s.language = s.language == Language::Chinese ? Language::English : Language::Chinese; });
  ImGui::SameLine();
  if (ImGui::Button(zh ? "退出" : "Exit")) app.post([](AppState& s) { s.presenter = false; });
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(zh ? "退出演示视图 (Esc 或 F5)" : "leave the presenter view (Esc or F5)");
}

void ControlsPanel::drawHelpOverlay(AppState& app) {
  if (!app.showHelp) return;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.97f);
  if (ImGui::Begin("Keyboard shortcuts (? to close)", &app.showHelp,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
      for (const auto& s : kShortcuts) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.keys);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.what);
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Notation (the same on the canvas, in the log, the inspector and the lessons)");
    if (ImGui::BeginTable("notation", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
      for (const auto& n : notationLegend()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(n.term);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(n.meaning);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace zabscope
