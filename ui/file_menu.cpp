#include "file_menu.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <filesystem>
#include <fstream>

#include "confirm_discard.hpp"
#include "file_open.hpp"
#include "help_menu.hpp"
#include "resource_paths.hpp"
#include "session_export.hpp"
#include "session_scenario.hpp"
#include "popup_style.hpp"
#include "theme.hpp"

namespace zabscope {

namespace fs = std::filesystem;

namespace {
std::string baseName(const std::string& path) { return fs::path(path).filename().string(); }
}  // namespace

std::string FileMenu::startDir(const char* data) const {
  if (!lastDir_.empty()) return lastDir_;
  return findDataDir(data);
}

void FileMenu::requestOpen(AppState& app, const std::string& path) {
  // Between frames: the session may be replaced at once when nothing would be lost.
  app.post([this, path](AppState& st) {
    replaceSession(st, "open " + baseName(path), [this, path](AppState& s) {
      std::string error;
      if (openFile(s, path, error)) {
        recent_.add(path);
        lastDir_ = fs::path(path).parent_path().string();
      } else {
        s.status = "Not opened (the session is unchanged):\n" + error;
      }
    });
  });
}

void FileMenu::saveScenario(AppState& app, const std::string& path) {
  const std::string source = app.lesson ? "lesson " + app.lesson->lesson().id
                             : app.scenarioFile.empty() ? std::string("a new ensemble")
                                                        : baseName(app.scenarioFile);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << sessionToScenario(app.session, app.session.cursor(), source);
  if (!out) {
    app.status = path + ": cannot write the file";
    return;
  }
  recent_.add(path);
  lastDir_ = fs::path(path).parent_path().string();
  app.status = fmt::format("saved {} actions as {}", app.session.cursor(), path);
}

void FileMenu::drawFileMenu(AppState& app) {
  // Chinese labels keep their English ids after "###" (a GUI script opens the menu by its id).
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };
  if (app.scriptMenu == "File") {
    ImGui::OpenPopup("###File");  // the id BeginMenu("...###File") uses in this bar
    app.post([](AppState& s) { s.scriptMenu.clear(); });
  }
  if (!ImGui::BeginMenu(tr("File###File", "文件###File"))) return;
  drawOpenLogs(app);
  // While real logs are open nothing may change a run: close them first.
  const bool readOnly = app.imported.has_value() || app.comparison.has_value();
  if (readOnly) {
    ImGui::TextDisabled("%s", app.imported ? tr("imported logs: read-only (Close logs to use the session)",
                                                "导入的日志：只读（关闭日志后才能操作会话）")
                                           : tr("comparison: read-only (Close comparison to use the session)",
                                                "对比：只读（关闭对比后才能操作会话）"));
    ImGui::BeginDisabled();
  }
  if (ImGui::MenuItem(tr("New session (5 servers)", "新会话（5 台服务器）###New session")))
    app.post([](AppState& s) {
      replaceSession(s, "start a new 5-server ensemble", [](AppState& st) {
        st.lesson.reset();
        st.session = Session::withEnsemble(5, 0, 1);
        st.scenarioFile.clear();
        st.selection = {};
        st.playing = false;
        st.viewTimeMs = static_cast<double>(st.session.sim().now());
      });
    });
  if (ImGui::MenuItem(tr("Open scenario, lesson or zoo.cfg...", "打开场景、课程或 zoo.cfg...###Open scenario"), "Ctrl+O"))
    chooser_.open(FileChooser::Mode::Open, "Open a scenario, a lesson or a zoo.cfg", startDir("examples"),
                  {".zab", ".lesson", ".cfg"}, "", [this, &app](const std::string& p) { requestOpen(app, p); });
  if (ImGui::BeginMenu(tr("Open recent", "最近打开###Open recent"))) {
    if (recent_.paths().empty()) ImGui::TextDisabled("%s", tr("(no files opened or saved yet)", "（还没有打开或保存过文件）"));
    for (const auto& p : recent_.paths())
      if (ImGui::MenuItem(p.c_str())) requestOpen(app, p);
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem(tr("Open a lesson...", "打开课程...###Open a lesson"))) {
    chooser_.open(FileChooser::Mode::Open, "Open a lesson", findDataDir("lessons"), {".lesson"}, "",
                  [this, &app](const std::string& p) { requestOpen(app, p); });
  }
  ImGui::Separator();
  if (ImGui::MenuItem(tr("Save session as scenario...", "把会话保存为场景...###Save session"), "Ctrl+S"))
    chooser_.open(FileChooser::Mode::Save, "Save the session as a scenario (.zab)", startDir("."), {".zab"},
                  "session.zab", [this, &app](const std::string& p) { saveScenario(app, p); });
  if (ImGui::BeginMenu(tr("Export", "导出###Export"))) {
    auto exportAs = [this, &app](TraceFormat f, const char* title, const char* ext, const char* name) {
      chooser_.open(FileChooser::Mode::Save, title, startDir("."), {ext}, name, [&app, f](const std::string& p) {
        std::string error;
        app.status = exportTrace(app.session, app.session.cursor(), f, p, error) ? "exported " + p : error;
      });
    };
    if (ImGui::MenuItem(tr("Trace as JSON lines (.jsonl)...", "轨迹，JSON lines 格式（.jsonl）...###jsonl"))) exportAs(TraceFormat::JsonLines, "Export the trace as JSON lines", ".jsonl", "trace.jsonl");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("one JSON object per event, as zabsim run --trace writes it",
                                 "每个事件一个 JSON 对象，与 zabsim run --trace 的输出相同"));
    if (ImGui::MenuItem(tr("ShiViz log (vector clocks)...", "ShiViz 日志（向量时钟）...###shiviz"))) exportAs(TraceFormat::Shiviz, "Export a ShiViz log", ".log", "shiviz.log");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("open it in ShiViz (bestchai.bitbucket.io/shiviz) to see the run as a space-time diagram",
                                 "在 ShiViz（bestchai.bitbucket.io/shiviz）中打开，以时空图查看这次运行"));
    if (ImGui::MenuItem(tr("Screenshot (PNG)...", "截图（PNG）...###Screenshot"), tr("F12 saves at once", "F12 立即保存")))
      chooser_.open(FileChooser::Mode::Save, "Save a screenshot (PNG)", startDir("."), {".png"},
                    fmt::format("zabscope-{}.png", app.session.cursor()), [this](const std::string& p) {
                      shotPath_ = p;
                      shotFrames_ = 2;  // the chooser is still on screen in this frame
                    });
    ImGui::EndMenu();
  }
  if (readOnly) ImGui::EndDisabled();
  ImGui::EndMenu();
}

void FileMenu::drawOpenLogs(AppState& app) {
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };
  if (ImGui::MenuItem(tr("Open logs...", "打开日志...###Open logs"))) {
    // One server's log is picked; every *.log beside it comes along (one file per server).
    chooser_.open(FileChooser::Mode::Open, "Open real ZooKeeper logs (every .log in the folder, one per server)",
                  startDir("tests/real-logs"), {".log"}, "", [&app](const std::string& p) {
                    app.post([p](AppState& s) {
                      std::vector<std::string> errors;
                      auto logs = ImportedLogs::open(ImportedLogs::logsBeside(p), errors);
                      if (!logs) {
                        s.status = "Logs not opened:\n" + (errors.empty() ? std::string() : errors.front());
                        return;
                      }
                      s.playing = false;
                      s.imported = std::move(*logs);
                      s.status = "opened " + std::to_string(s.imported->paths().size()) + " logs (read-only)";
                    });
                  });
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Real ZooKeeper 3.8 server logs (log4j / logback at INFO): pick one; every .log file in "
                               "its folder is read, one per server. Shown read-only, beside your session.",
                               "真实 ZooKeeper 3.8 服务器的日志（log4j / logback，INFO 级别）：选其中一个，同一目录下的"
                               "每个 .log 文件都会读入，每台服务器一个。以只读方式显示在你的会话旁边。"));
  if (app.imported && ImGui::MenuItem(tr("Close logs", "关闭日志###Close logs")))
    app.post([](AppState& s) { s.imported.reset(); });
  // The engine's run of the open scenario above, the real ensemble's logs of it below (ui/comparison.hpp).
  if (ImGui::MenuItem(tr("Compare with real logs...", "与真实日志对比...###Compare"), nullptr, false, !app.imported)) {
    chooser_.open(FileChooser::Mode::Open, "Real logs of this scenario (zabsim real FILE --keep DIR): pick one server's log",
                  startDir("tests/real-logs"), {".log"}, "", [&app](const std::string& p) {
                    app.post([p](AppState& s) {
                      std::vector<std::string> errors;
                      auto c = Comparison::open(s.session.scenario(), Comparison::logArgsForPicked(p), errors);
                      if (!c) {
                        s.status = "Comparison not opened:\n" + (errors.empty() ? std::string() : errors.front());
                        return;
                      }
                      s.playing = false;
                      s.comparison = std::move(*c);
                      s.status = "comparing the engine with " + std::to_string(s.comparison->logs().paths().size()) + " real logs";
                    });
                  });
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("The open scenario played on the engine, above, and on real ZooKeeper 3.8 below (the logs "
                               "that `zabsim real FILE --keep DIR` kept: pick one; every server's log in that run comes "
                               "along), on one time axis.",
                               "打开的场景在引擎上的运行（上）与在真实 ZooKeeper 3.8 上的运行（下，`zabsim real FILE "
                               "--keep DIR` 保存的日志：选其中一个，该次运行中每台服务器的日志都会一起读入），共用一条时间轴。"));
  if (app.comparison && ImGui::MenuItem(tr("Close comparison", "关闭对比###Close comparison")))
    app.post([](AppState& s) { s.comparison.reset(); });
  ImGui::Separator();
}

void FileMenu::drawNotices(AppState& app, float top) {
  const Session& s = app.session;
  if (s.branches().size() < branchesSeen_ || s.branches().empty()) forkNotice_.clear();  // another session
  if (s.branches().size() > branchesSeen_)
    forkNotice_ = fmt::format("You acted in the past, so the timeline forked. The future you left is kept as the "
                              "branch \"{}\" (the branches list, top right).",
                              s.branches().back().name);
  branchesSeen_ = s.branches().size();
  if (forkNotice_.empty()) return;
  const ImGuiIO& io = ImGui::GetIO();
  const float fs = ImGui::GetFontSize();
  // At the foot of the ensemble view (as the last frame placed it): clear of the controls and
  // of most peers.
  ImVec2 at(io.DisplaySize.x * 0.5f, top + fs * 0.5f), pivot(0.5f, 0);
  float width = std::min(io.DisplaySize.x * 0.8f, fs * 40);
  if (const ImGuiWindow* ensemble = ImGui::FindWindowByName("###Ensemble")) {
    at = ImVec2(ensemble->Pos.x + ensemble->Size.x * 0.5f, ensemble->Pos.y + ensemble->Size.y - fs * 0.5f);
    pivot = ImVec2(0.5f, 1);
    width = std::min(ensemble->Size.x - fs * 2, fs * 40);
  }
  ImGui::SetNextWindowPos(at, ImGuiCond_Always, pivot);
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, app.lightTheme ? IM_COL32(255, 244, 200, 255) : IM_COL32(70, 55, 10, 255));
  if (ImGui::Begin("fork-notice", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                               ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing)) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(forkNotice_.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("OK")) forkNotice_.clear();
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

float FileMenu::draw(AppState& app) {
  if (!recentLoaded_) {
    recent_.load();
    recentLoaded_ = true;
  }
  if (!app.openRequest.empty()) {
    requestOpen(app, app.openRequest);
    app.openRequest.clear();
  }
  if (shotFrames_ > 0 && --shotFrames_ == 0) {
    app.screenshotPath = shotPath_;
    app.screenshotRequested = true;
  }
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && !io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_O, false) && !chooser_.isOpen() && !app.imported)
    chooser_.open(FileChooser::Mode::Open, "Open a scenario, a lesson or a zoo.cfg", startDir("examples"),
                  {".zab", ".lesson", ".cfg"}, "", [this, &app](const std::string& p) { requestOpen(app, p); });
  if (io.KeyCtrl && !io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_S, false) && !chooser_.isOpen() && !app.imported)
    chooser_.open(FileChooser::Mode::Save, "Save the session as a scenario (.zab)", startDir("."), {".zab"},
                  "session.zab", [this, &app](const std::string& p) { saveScenario(app, p); });

  float height = 0;
  if (ImGui::BeginMainMenuBar()) {
    ImGui::PushStyleColor(ImGuiCol_PopupBg, opaque(ImGuiCol_WindowBg));  // menus hide what is behind
    drawFileMenu(app);
    drawHelpMenu(app);
    ImGui::PopStyleColor();
    // Before acting in the past, say what acting does.
    if (app.session.inPast() && !app.imported) {
      ImGui::Separator();
      // In the app's language: the presenter view shows this line to a class too.
      ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1),
                         app.language == Language::Chinese
                             ? "回到过去（第 %zu / %zu 步）：在这里操作会分叉，后面的步骤保留为分支"
                             : "In the past (step %zu of %zu): acting here forks; the rest is kept as a branch",
                         app.session.cursor(), app.session.length());
    }
    height = ImGui::GetWindowSize().y;
    ImGui::EndMainMenuBar();
  }
  chooser_.draw();
  if (drawConfirmDiscard(app) == DiscardChoice::SaveFirst && app.discardRequest) {
    afterSave_ = std::move(app.discardRequest->then);
    app.discardRequest.reset();
    chooser_.open(FileChooser::Mode::Save, "Save the session first (.zab)", startDir("."), {".zab"}, "session.zab",
                  [this, &app](const std::string& p) {
                    saveScenario(app, p);
                    if (afterSave_) app.post(std::move(afterSave_));
                    afterSave_ = nullptr;
                  });
  }
  drawNotices(app, height);
  return height;
}

}  // namespace zabscope
