#include "lessons_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "file_open.hpp"
#include "text_wrap.hpp"
#include "theme.hpp"

namespace zabscope {

namespace {
// Lesson text wrapped to the panel, Chinese included (ui/text_wrap.hpp).
void wrappedText(const std::string& text) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const float scale = size / font->FontSize;
  const float width = std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x);
  for (const auto& line : wrapLines(text, width, [&](char32_t c) {
         return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * scale;
       }))
    ImGui::TextUnformatted(line.c_str());
}
}  // namespace

void LessonsPanel::reload(const std::string& dir) {
  entries.clear();
  loaded = true;
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec))
    if (f.path().extension() == ".lesson") paths.push_back(f.path().string());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    Entry e;
    e.path = p;
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    LessonParse parsed = parseLesson(ss.str(), p);
    e.lesson = parsed.lesson;
    for (const auto& err : parsed.errors) e.errors.push_back(err.str());
    entries.push_back(std::move(e));
  }
}

bool startLesson(AppState& app, const Lesson& lesson, std::string& error) {
  std::vector<std::string> errors;
  auto started = LessonRun::start(lesson, errors);
  if (!started) {
    error = errors.empty() ? "the lesson's scenario did not load" : errors.front();
    return false;
  }
  app.lesson = std::move(started->first);
  app.session = std::move(started->second);
  app.viewTimeMs = static_cast<double>(app.session.sim().now());
  app.playing = false;
  app.selection = {};
  app.selectTab = "Lessons";
  return true;
}

void LessonsPanel::draw(AppState& app) {
  if (!loaded) reload(app.lessonsDir);
  const bool zh = app.language == Language::Chinese;
  if (ImGui::RadioButton("English", !zh)) app.language = Language::English;
  ImGui::SameLine();
  if (ImGui::RadioButton("中文", zh)) app.language = Language::Chinese;
  ImGui::SameLine();
  if (app.lesson && ImGui::Button(zh ? "课程列表" : "All lessons")) app.post([](AppState& s) { s.lesson.reset(); });
  ImGui::Separator();

  if (!app.lesson) {
    if (entries.empty()) ImGui::TextWrapped("No lesson files in '%s'.", app.lessonsDir.c_str());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Entry& e = entries[i];
      ImGui::PushID(static_cast<int>(i));
      if (!e.lesson) {
        ImGui::TextColored(ImVec4(0.8f, 0, 0, 1), "%s could not be loaded:", e.path.c_str());
        for (const auto& err : e.errors) ImGui::TextWrapped("  %s", err.c_str());
      } else {
        const Lesson& l = *e.lesson;
        if (ImGui::Button(l.title.in(app.language).c_str())) {
          Lesson copy = l;
          app.post([copy](AppState& st) {
            replaceSession(st, "start the lesson '" + copy.title.en + "'", [copy](AppState& s) {  // ui/file_open.hpp
              std::string error;
              if (!startLesson(s, copy, error)) s.status = error;
            });
          });
        }
        wrappedText(l.goals.in(app.language));
      }
      ImGui::Spacing();
      ImGui::PopID();
    }
    if (ImGui::Button(zh ? "重新读取课程文件" : "Reload lesson files")) reload(app.lessonsDir);
    return;
  }

  LessonRun& run = *app.lesson;
  const LessonStep& step = run.step();
  ImGui::TextWrapped("%s", run.lesson().title.in(app.language).c_str());
  ImGui::TextDisabled(zh ? "第 %zu 步,共 %zu 步" : "step %zu of %zu", run.stepIndex() + 1, run.lesson().steps.size());
  ImGui::Separator();
  ImGui::PushTextWrapPos(0);
  wrappedText(step.text.in(app.language));
  ImGui::PopTextWrapPos();
  if (!step.read.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled(zh ? "在 ZooKeeper 源码中阅读:" : "Read in ZooKeeper's source:");
    for (const auto& r : step.read) ImGui::BulletText("%s", r.c_str());
  }
  if (!step.act.empty()) {
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.1f, 0.35f, 0.8f, 1), "%s", zh ? "你的操作:" : "Your turn:");
    if (!step.hint.en.empty()) {
      ImGui::PushTextWrapPos(0);
      wrappedText(step.hint.in(app.language));
      ImGui::PopTextWrapPos();
    }
    for (const auto& a : step.act) ImGui::BulletText("%s", a.text.c_str());
    if (ImGui::Button(zh ? "替我完成" : "Do it for me"))
      app.post([this](AppState& s) {
        actionProblems = s.lesson->performAction(s.session);
        s.viewTimeMs = static_cast<double>(s.session.sim().now());
      });
  }
  for (const auto& p : actionProblems) ImGui::TextColored(ImVec4(0.8f, 0, 0, 1), "%s", p.c_str());

  // The checks that gate Next, ticked live.
  auto unmet = run.unmetChecks(app.session);
  ImGui::Spacing();
  ImGui::TextDisabled(zh ? "检查(全部满足后才能进入下一步):" : "Checks (Next unlocks when all hold):");
  for (const auto& e : step.expect) {
    bool bad = std::any_of(unmet.begin(), unmet.end(), [&](const std::string& u) {
      return u.find(fmt::format(":{}:", e.line)) != std::string::npos;
    });
    ImGui::TextColored(bad ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.55f, 0.2f, 1), "%s %s",
                       bad ? "[ ]" : "[x]", e.text.c_str());
  }
  ImGui::Separator();
  if (ImGui::Button(zh ? "< 上一步" : "< Back"))
    app.post([this](AppState& s) {
      actionProblems.clear();
      s.lesson->back(s.session);
      s.viewTimeMs = static_cast<double>(s.session.sim().now());
    });
  ImGui::SameLine();
  if (ImGui::Button(zh ? "重放本步" : "Replay step"))
    app.post([this](AppState& s) {
      actionProblems.clear();
      s.lesson->replayStep(s.session);
      s.viewTimeMs = static_cast<double>(s.session.sim().now());
    });
  ImGui::SameLine();
  ImGui::BeginDisabled(!unmet.empty() || run.atLastStep());
  if (ImGui::Button(zh ? "下一步 >" : "Next >"))
    app.post([this](AppState& s) {
      actionProblems.clear();
      s.lesson->next(s.session);
      s.viewTimeMs = static_cast<double>(s.session.sim().now());
    });
  ImGui::EndDisabled();
  if (run.atLastStep() && unmet.empty()) ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.2f, 1), "%s", zh ? "课程完成!" : "Lesson complete!");
}

}  // namespace zabscope
