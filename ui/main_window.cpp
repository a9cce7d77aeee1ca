#include "main_window.hpp"

#include <imgui.h>

#include "layout_settings.hpp"
#include "theme.hpp"

namespace zabscope {

namespace {
ImGuiTabItemFlags tabFlags(const AppState& app, const char* name) {
  return app.selectTab == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
}
}  // namespace

// Two grips the user drags: between the ensemble and the details, and above the space-time
// diagram. A double click gives the default split back. The layout is saved on release.
void MainWindow::drawSplitters(AppState& app, const PaneRects& panes, float W, float H, float fs) {
  const ImGuiWindowFlags grip = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollWithMouse;
  auto splitter = [&](const char* id, const Rect& r, bool vertical) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
    if (ImGui::Begin(id, nullptr, grip)) {
      ImGui::InvisibleButton("grip", ImVec2(r.w, r.h));
      const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
      if (hot) ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
      const ImVec2 mouse = ImGui::GetIO().MousePos;
      if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
        const PaneFractions next = vertical ? dragVertical(app.panes, W, fs, mouse.x) : dragHorizontal(app.panes, H, fs, mouse.y - panes.controls.y);
        app.post([next](AppState& s) { s.panes = next; });
      }
      if (ImGui::IsItemDeactivated() || (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))) {
        const bool reset = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
        app.post([reset](AppState& s) {
          if (reset) s.panes = PaneFractions{};
          saveLayoutSettings(s.layoutPath, s.panes);
        });
      }
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImU32 col = ImGui::GetColorU32(hot ? ImGuiCol_SeparatorActive : ImGuiCol_Separator);
      if (vertical) dl->AddRectFilled(ImVec2(r.x + r.w * 0.35f, r.y), ImVec2(r.x + r.w * 0.65f, r.bottom()), col);
      else dl->AddRectFilled(ImVec2(r.x, r.y + r.h * 0.35f), ImVec2(r.right(), r.y + r.h * 0.65f), col);
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
  };
  splitter("##split-details", panes.splitVertical, true);
  if (!panes.compact && panes.spacetime.h > 0) splitter("##split-spacetime", panes.splitHorizontal, false);
}

void MainWindow::draw(AppState& app) {
  if (!app.imported && !app.comparison) controls.handleShortcuts(app);
  const ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y;
  const float fs = ImGui::GetFontSize();
  // The tiled panels cover the whole screen, so the frame is cleared in the window colour and the
  // panels draw no background of their own: under a software renderer (llvmpipe on a projector
  // laptop, Xvfb) filling 1.4 million pixels a second time costs about 5 ms a frame.
  const ImGuiWindowFlags fixed =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBackground;

  // The space-time diagram enlarged or detached with key D (diagram_placement.hpp).
  PaneFractions fractions = app.panes;
  fractions.spacetimeLarge = app.diagram == DiagramPlacement::Enlarged;
  fractions.spacetimeDetached = app.diagram == DiagramPlacement::Detached;
  const float menuH = files.draw(app);  // the menu bar (ui/file_menu.cpp); the panes start below it
  if (app.imported) {  // real logs, read-only: none of the session's panels (and commands)
    imported.draw(app, menuH);
    return;
  }
  if (app.comparison) {  // engine above, real logs below: read-only too
    comparison.draw(app, menuH);
    return;
  }
  const PaneRects panes = shiftedDown(layoutPanes(W, H - menuH, fs, fractions, app.presenter), menuH);
  auto placeWindow = [](const Rect& r) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
  };

  if (app.presenter) {
    // The presenter view: a strip of big buttons, the ensemble, the caption, and the lesson
    // beside the ensemble while one runs. Nothing else.
    placeWindow(panes.controls);
    if (ImGui::Begin("Presenter controls", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) controls.drawPresenterStrip(app);
    ImGui::End();
    const PaneRects shown = app.lesson ? withLessonBeside(panes, fs) : panes;
    placeWindow(shown.ensemble);
    if (ImGui::Begin("Ensemble###Ensemble", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) ensemble.draw(app);
    ImGui::End();
    if (app.lesson) {
      placeWindow(shown.details);
      if (ImGui::Begin("Presenter lesson", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) lessons.draw(app, true);
      ImGui::End();
    }
    placeWindow(panes.caption);
    // No scroll bar: the caption writes itself smaller to fit (caption_bar.cpp).
    if (ImGui::Begin("Caption", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) captionBar.draw(app);
    ImGui::End();
    controls.drawHelpOverlay(app);
    glossary.draw(app);
    return;
  }

  // Chinese titles keep their English window ids ("###"): the layout and scripts refer to them.
  const bool zh = app.language == Language::Chinese;
  placeWindow(panes.controls);
  if (ImGui::Begin(zh ? "ZabScope：ZooKeeper 3.8 的 Leader 选举与 ZAB###controls"
                      : "ZabScope: ZooKeeper 3.8 leader election and ZAB###controls",
                   nullptr, fixed))
    controls.draw(app);
  ImGui::End();

  placeWindow(panes.ensemble);
  if (ImGui::Begin(zh ? "集群 Ensemble###Ensemble" : "Ensemble###Ensemble", nullptr, fixed)) ensemble.draw(app);
  ImGui::End();

  placeWindow(panes.details);
  if (ImGui::Begin(zh ? "详情 Details###Details" : "Details###Details", nullptr, fixed)) {
    // A lesson step that points at a tab ("highlight: panel Inspector"): a pulsing frame round it.
    const std::string pointedTab = app.lesson ? app.lesson->step().highlighted("panel") : std::string();
    auto tab = [&](const char* label, const char* name, const auto& drawContent) {
      const bool open = ImGui::BeginTabItem(label, nullptr, tabFlags(app, name));
      if (pointedTab == name) {
        const float size = ImGui::GetFontSize();
        const float g = size * (0.05f + 0.1f * lessonPulse());
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ImGui::GetForegroundDrawList()->AddRect(ImVec2(a.x - g, a.y - g), ImVec2(b.x + g, b.y + g), lessonHighlightColor(),
                                                size * 0.2f, 0, std::max(2.0f, size * 0.15f));
      }
      if (open) {
        drawContent();
        ImGui::EndTabItem();
      }
    };
    if (ImGui::BeginTabBar("tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {  // full names, scroll arrows when narrow
      tab(zh ? "课程 Lessons###Lessons" : "Lessons###Lessons", "Lessons", [&] { lessons.draw(app); });
      tab(zh ? "检查器 Inspector###Inspector" : "Inspector###Inspector", "Inspector", [&] { inspector.draw(app); });
      tab(zh ? "事件日志 Event log###Event log" : "Event log###Event log", "Event log", [&] { log.draw(app); });
      tab(zh ? "日志 Log###Log" : "Log###Log", "Log", [&] { logGrid.draw(app); });
      tab(zh ? "待投递 Pending###Pending" : "Pending###Pending", "Pending", [&] { pending.draw(app); });
      tab(zh ? "故障 Faults###Faults" : "Faults###Faults", "Faults", [&] { faults.draw(app); });
      tab(zh ? "负载 Workload###Workload" : "Workload###Workload", "Workload", [&] { workload.draw(app); });
      tab(zh ? "图表 Graphs###Graphs" : "Graphs###Graphs", "Graphs", [&] { graphs.draw(app); });
      if (panes.compact && app.diagram != DiagramPlacement::Detached)
        // A short screen: the diagram lives here instead of under the ensemble.
        tab(zh ? "时空图 Space-time###Space-time" : "Space-time###Space-time", "Space-time", [&] { spacetime.draw(app); });
      ImGui::EndTabBar();
    }
    if (!app.selectTab.empty()) app.post([](AppState& st) { st.selectTab.clear(); });
  }
  ImGui::End();

  // A short screen keeps the docked diagram in a tab (above); detached, it is its own window.
  if (!panes.compact || app.diagram == DiagramPlacement::Detached)
    spacetime.drawPlaced(app, ImVec2(panes.spacetime.x, panes.spacetime.y), ImVec2(panes.spacetime.w, panes.spacetime.h),
                         fixed);

  drawSplitters(app, panes, W, H - menuH, fs);

  controls.drawHelpOverlay(app);
  glossary.draw(app);
  if (!fontNote.empty()) {
    ImGui::SetNextWindowPos(ImVec2(W - fs, H - fs), ImGuiCond_Always, ImVec2(1, 1));
    ImGui::Begin("font", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted(fontNote.c_str());
    ImGui::End();
  }
}

}  // namespace zabscope
