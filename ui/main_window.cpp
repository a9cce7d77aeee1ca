#include "main_window.hpp"

#include <imgui.h>

namespace zabscope {

namespace {
ImGuiTabItemFlags tabFlags(const AppState& app, const char* name) {
  return app.selectTab == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
}
}  // namespace

void MainWindow::draw(AppState& app) {
  controls.handleShortcuts(app);
  const ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y;
  const float fs = ImGui::GetFontSize();
  // The tiled panels cover the whole screen, so the frame is cleared in the window colour and the
  // panels draw no background of their own: under a software renderer (llvmpipe on a projector
  // laptop, Xvfb) filling 1.4 million pixels a second time costs about 5 ms a frame.
  const ImGuiWindowFlags fixed =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBackground;

  const float menuH = files.draw(app);  // the menu bar (ui/file_menu.cpp); the panels start below it
  const float topH = fs * 7.2f;
  const float bottomH = H * 0.24f;
  const float rightW = W * 0.36f;
  const float midH = H - menuH - topH - bottomH;

  ImGui::SetNextWindowPos(ImVec2(0, menuH));
  ImGui::SetNextWindowSize(ImVec2(W, topH));
  if (ImGui::Begin("ZabScope: ZooKeeper 3.8 leader election and ZAB", nullptr, fixed)) controls.draw(app);
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(0, menuH + topH));
  ImGui::SetNextWindowSize(ImVec2(W - rightW, midH));
  if (ImGui::Begin("Ensemble", nullptr, fixed)) ensemble.draw(app);
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(W - rightW, menuH + topH));
  ImGui::SetNextWindowSize(ImVec2(rightW, midH));
  if (ImGui::Begin("Details", nullptr, fixed)) {
    if (ImGui::BeginTabBar("tabs")) {
      if (ImGui::BeginTabItem(app.language == Language::Chinese ? "课程 Lessons###Lessons" : "Lessons###Lessons", nullptr, tabFlags(app, "Lessons"))) {
        lessons.draw(app);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Inspector", nullptr, tabFlags(app, "Inspector"))) {
        inspector.draw(app);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Event log", nullptr, tabFlags(app, "Event log"))) {
        log.draw(app);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Pending", nullptr, tabFlags(app, "Pending"))) {
        pending.draw(app);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Faults", nullptr, tabFlags(app, "Faults"))) {
        faults.draw(app);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Workload", nullptr, tabFlags(app, "Workload"))) {
        workload.draw(app);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Graphs", nullptr, tabFlags(app, "Graphs"))) {
        graphs.draw(app);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    if (!app.selectTab.empty()) app.post([](AppState& st) { st.selectTab.clear(); });
  }
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(0, menuH + topH + midH));
  ImGui::SetNextWindowSize(ImVec2(W, bottomH));
  if (ImGui::Begin("Space-time diagram", nullptr, fixed)) spacetime.draw(app);
  ImGui::End();

  controls.drawHelpOverlay(app);
  if (!fontNote.empty()) {
    ImGui::SetNextWindowPos(ImVec2(W - fs, H - fs), ImGuiCond_Always, ImVec2(1, 1));
    ImGui::Begin("font", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted(fontNote.c_str());
    ImGui::End();
  }
}

}  // namespace zabscope
