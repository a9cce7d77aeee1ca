#include "lessons_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "file_open.hpp"
#include "flow_line.hpp"
#include "lesson_files.hpp"
#include "text_wrap.hpp"
#include "theme.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

namespace {
// A bullet whose text wraps at the pane's edge, its lines indented under the first.
void bulletWrapped(const std::string& text) {
  ImGui::Bullet();
  ImGui::PushTextWrapPos(0);
  wrappedText(text);
  ImGui::PopTextWrapPos();
}

// A button whose label wraps to the pane's width: a lesson's title ("Leader, follower,
// observer: who does what") was cut at the pane's edge at 1280x720 --scale 1.5 and 2.
bool wrappedButton(const std::string& label) {
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  const float width =
      std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().FramePadding.x);
  std::string text;
  for (const auto& line : wrapLines(label, width, [&](char32_t c) {
         return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * scale;
       }))
    text += (text.empty() ? "" : "\n") + line;
  return ImGui::Button((text + "##title").c_str());
}
}  // namespace

void LessonsPanel::reload(const std::string& dir) {
  entries.clear();
  loaded = true;
  const std::vector<std::string> paths = lessonFilesInOrder(dir);
  progress.load();
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

void LessonsPanel::draw(AppState& app, bool presenter) {
  if (!loaded) reload(app.lessonsDir);
  const bool zh = app.language == Language::Chinese;
  // The language, the glossary and the way back to the list. On a short pane (1280x720 at
  // --scale 2) while a lesson runs they took two of its few lines: they fold into one button.
  auto header = [&] {
    if (ImGui::RadioButton("English", !zh)) app.language = Language::English;
    ImGui::SameLine();
    if (ImGui::RadioButton("中文", zh)) app.language = Language::Chinese;
    sameLineIfFits(buttonWidth(zh ? "术语表" : "Glossary"));
    if (ImGui::Button(zh ? "术语表" : "Glossary")) app.showGlossary = !app.showGlossary;  // also Help > Glossary
    if (app.lesson) {
      sameLineIfFits(buttonWidth(zh ? "课程列表" : "All lessons"));
      if (ImGui::Button(zh ? "课程列表" : "All lessons")) app.post([](AppState& s) { s.lesson.reset(); });
    }
  };
  if (!presenter) {
    if (app.lesson && ImGui::GetContentRegionAvail().y < ImGui::GetFontSize() * 16) {
      if (ImGui::Button(zh ? "课程菜单…###lesson-menu" : "Lesson menu...###lesson-menu")) ImGui::OpenPopup("lesson-menu");
      if (ImGui::BeginPopup("lesson-menu")) {
        header();
        ImGui::EndPopup();
      }
    } else {
      header();
    }
    ImGui::Separator();
  }

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
        if (wrappedButton(l.title.in(app.language))) {
          Lesson copy = l;
          app.post([copy](AppState& st) {
            replaceSession(st, "start the lesson '" + copy.title.en + "'", [copy](AppState& s) {  // ui/file_open.hpp
              std::string error;
              if (!startLesson(s, copy, error)) s.status = error;
            });
          });
        }
        // Steps, progress and a done mark, remembered between runs (lesson_progress.hpp).
        const LessonProgressEntry pr = progress.get(l.id);
        const std::size_t total = l.steps.size();
        if (pr.done)
          ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.2f, 1), zh ? "[完成] 共 %zu 步" : "[done] %zu steps", total);
        else if (pr.reached > 0)
          ImGui::TextColored(ImVec4(0.1f, 0.35f, 0.8f, 1), zh ? "进行到第 %zu 步，共 %zu 步" : "reached step %zu of %zu",
                             std::min(pr.reached, total), total);
        else
          ImGui::TextDisabled(zh ? "共 %zu 步，未开始" : "%zu steps, not started", total);
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
  if (picksFor != run.stepIndex()) {
    picks.clear();
    picksFor = run.stepIndex();
    askFork = false;
  }
  // The step scrolls; Back, Replay step and Next stay in a row under it. On a projector's short
  // pane (1280x720 --scale 2) they were below the fold on every step, and the teacher scrolled
  // down and up again for each one.
  const float footerH = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y * 2;
  ImGui::BeginChild("lesson-step", ImVec2(0, -footerH), false);
  if (picksFor != lastScrolledStep_) {  // a new step starts at its top
    ImGui::SetScrollY(0);
    lastScrolledStep_ = picksFor;
  }
  ImGui::TextWrapped("%s", run.lesson().title.in(app.language).c_str());
  ImGui::TextDisabled(zh ? "第 %zu 步，共 %zu 步" : "step %zu of %zu", run.stepIndex() + 1, run.lesson().steps.size());
  ImGui::Separator();
  // Predict, then see: the question comes first, and the step's text (which often gives the
  // answer away) only once the student has answered.
  if (step.question) drawQuestion(app, run, *step.question);
  ImGui::PushTextWrapPos(0);
  if (run.awaitingAnswer())
    ImGui::TextDisabled("%s", zh ? "（回答之后显示本步的讲解。）" : "(The step's explanation appears once you have answered.)");
  else if (const auto heading = articlesHeading(step.text.in(app.language))) {
    ImGui::TextColored(ImVec4(0.55f, 0.25f, 0.65f, 1), "%s", heading->first.c_str());
    wrappedText(heading->second);
  } else {
    wrappedText(step.text.in(app.language));
  }
  ImGui::PopTextWrapPos();
  if (!step.read.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled(zh ? "在 ZooKeeper 源码中阅读：" : "Read in ZooKeeper's source:");
    for (const auto& r : step.read) bulletWrapped(r);  // "FastLeaderElection.getVoteTracker" was cut at the edge
  }
  if (!step.act.empty()) {
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.1f, 0.35f, 0.8f, 1), "%s", zh ? "你的操作：" : "Your turn:");
    if (!step.hint.en.empty()) {
      ImGui::PushTextWrapPos(0);
      wrappedText(step.hint.in(app.language));
      ImGui::PopTextWrapPos();
    }
    for (const auto& a : step.act) bulletWrapped(a.text);
    // Never fork silently: with the cursor in the past, say so and ask first.
    const bool paused = run.actionPaused();
    const bool done = run.actionDone() && !app.session.inPast();
    ImGui::BeginDisabled(run.awaitingAnswer() || done);
    if (ImGui::Button(paused ? (zh ? "继续替我完成" : "Go on for me") : (zh ? "替我完成" : "Do it for me"))) {
      if (app.session.inPast()) askFork = true;
      else app.post(doStepActions(false));
    }
    ImGui::EndDisabled();
    if (run.awaitingAnswer()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", zh ? "（先回答上面的问题）" : "(answer the question first)");
    } else if (done) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", zh ? "（已完成；“重放本步”可再来一次）" : "(done; Replay step runs it again)");
    }
    if (paused) {
      // It stopped at the step's event: look at it, then go on.
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(0.1f, 0.35f, 0.8f, 1), "%s %s", zh ? "停在这一事件：" : "Stopped at the event:",
                         run.stoppedAt().c_str());
      ImGui::PopTextWrapPos();
    }
    if (askFork) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(0.75f, 0.4f, 0.0f, 1), "%s",
                         zh ? "游标在过去：现在操作会分叉时间线（之后的动作保存为一个分支）。"
                            : "The cursor is in the past: acting now forks the timeline (the later actions are kept as a branch).");
      ImGui::PopTextWrapPos();
      if (ImGui::Button(zh ? "分叉并完成" : "Fork and do it")) app.post(doStepActions(true));
      ImGui::SameLine();
      if (ImGui::Button(zh ? "取消" : "Cancel")) askFork = false;
    }
  }
  for (const auto& p : actionProblems) ImGui::TextColored(ImVec4(0.8f, 0, 0, 1), "%s", p.c_str());

  // The checks that gate Next, ticked live. Not before the question is answered: they name the
  // outcome ("leader=2 epoch=2") that the question asks the student to predict.
  auto unmet = run.unmetChecks(app.session);
  ImGui::Spacing();
  std::vector<LessonLine> checks = step.expect;
  for (const auto& h : step.happened) checks.push_back(LessonLine{h.line, "happened: " + h.text});
  if (run.awaitingAnswer()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(zh ? "检查：%zu 项，回答之后显示（它们会透露答案）。" : "Checks: %zu, shown once you have answered (they would give the answer away).",
                        checks.size());
    ImGui::PopTextWrapPos();
    checks.clear();
  } else {
    ImGui::TextDisabled(zh ? "检查（全部满足后才能进入下一步）：" : "Checks (Next unlocks when all hold):");
  }
  ImGui::PushTextWrapPos(0);  // a long 'happened:' pattern ran past the panel's edge
  for (const auto& e : checks) {
    bool bad = std::any_of(unmet.begin(), unmet.end(), [&](const std::string& u) {
      return u.find(fmt::format(":{}:", e.line)) != std::string::npos;
    });
    ImGui::TextColored(bad ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.55f, 0.2f, 1), "%s %s",
                       bad ? "[ ]" : "[x]", e.text.c_str());
  }
  ImGui::PopTextWrapPos();
  const bool complete = run.atLastStep() && unmet.empty() && !run.awaitingAnswer();
  progress.record(run.lesson().id, run.stepIndex() + 1, complete);
  if (complete) {
    ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.2f, 1), "%s", zh ? "课程完成！" : "Lesson complete!");
    if (!run.lesson().recap.en.empty()) {
      ImGui::Spacing();
      ImGui::TextDisabled("%s", zh ? "回顾：" : "Recap:");
      ImGui::PushTextWrapPos(0);
      wrappedText(run.lesson().recap.in(app.language));
      ImGui::PopTextWrapPos();
    }
    // What to remember sits at the bottom of a long step: bring it into view once.
    if (!recapShown) ImGui::SetScrollHereY(1.0f);
  }
  recapShown = complete;
  ImGui::EndChild();

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
  if (run.awaitingAnswer()) {
    // Until the question is answered Next cannot be pressed: its place answers, so that on a
    // projector's short column the answer does not wait below the fold with the choices.
    ImGui::BeginDisabled(picks.empty());
    if (ImGui::Button(zh ? "回答###answer-footer" : "Answer###answer-footer"))
      app.post([this](AppState& s) {
        if (s.lesson) s.lesson->answer(s.session, picks);
      });
    ImGui::EndDisabled();
    return;
  }
  // Next cannot be pressed yet because the step's own actions are not done (or stopped at an
  // event to look at): its place does them, as the body's button does, which a short column
  // (or a long step) leaves below the fold.
  if (!unmet.empty() && !step.act.empty() && !run.actionDone() && !app.session.inPast()) {
    const bool paused = run.actionPaused();
    if (ImGui::Button(paused ? (zh ? "继续替我完成###do-footer" : "Go on for me###do-footer")
                             : (zh ? "替我完成###do-footer" : "Do it for me###do-footer")))
      app.post(doStepActions(false));
    return;
  }
  ImGui::BeginDisabled(!unmet.empty() || run.atLastStep());
  if (ImGui::Button(zh ? "下一步 >" : "Next >"))
    app.post([this](AppState& s) {
      actionProblems.clear();
      s.lesson->next(s.session);
      s.viewTimeMs = static_cast<double>(s.session.sim().now());
    });
  ImGui::EndDisabled();
}

std::function<void(AppState&)> LessonsPanel::doStepActions(bool fork) {
  return [this, fork](AppState& s) {
    askFork = false;
    actionProblems = s.lesson->performAction(s.session, fork);
    s.viewTimeMs = static_cast<double>(s.session.sim().now());
  };
}

void LessonsPanel::drawQuestion(AppState& app, const LessonRun& run, const LessonQuestion& q) {
  const bool zh = app.language == Language::Chinese;
  ImGui::TextColored(ImVec4(0.55f, 0.25f, 0.7f, 1), "%s", zh ? "先预测：" : "Predict first:");
  ImGui::PushTextWrapPos(0);
  wrappedText(q.text.in(app.language));
  ImGui::PopTextWrapPos();
  // A new answer (clicked, or given by a script) shows its own ticks and, below, its feedback.
  const auto& answer = run.currentAnswer();
  const std::string answerKey = answer ? std::to_string(run.stepIndex()) + ":" + answer->feedback.en : "";
  const bool newAnswer = answer && answerKey != feedbackShown;
  if (newAnswer) picks = answer->picked;
  if (!answer) feedbackShown.clear();  // after Replay or Back the same answer is new again
  auto picked = [&](int v) { return std::find(picks.begin(), picks.end(), v) != picks.end(); };
  if (q.kind == LessonQuestion::Kind::Choice) {
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
      bool on = picked(static_cast<int>(i));
      bool toggled = ImGui::Checkbox(fmt::format("##choice{}", i).c_str(), &on);
      // The label wraps beside its box (a checkbox label is one line, and long choices were cut
      // off at the panel's edge); clicking it ticks the box as before.
      ImGui::SameLine();
      ImGui::BeginGroup();
      wrappedText(q.choices[i].text.in(app.language));
      ImGui::EndGroup();
      if (ImGui::IsItemClicked()) {
        on = !on;
        toggled = true;
      }
      if (toggled) {
        if (on) picks.push_back(static_cast<int>(i));
        else picks.erase(std::remove(picks.begin(), picks.end(), static_cast<int>(i)), picks.end());
      }
    }
  } else {
    // "Click the peer that will lead": here, or on the server in the Ensemble view.
    if (app.selection.peer != lastSelected) {
      lastSelected = app.selection.peer;
      if (lastSelected && run.awaitingAnswer()) picks = {static_cast<int>(*lastSelected)};
    }
    for (const auto& [sid, server] : app.session.sim().peers()) {
      (void)server;
      const int v = static_cast<int>(sid);
      if (ImGui::RadioButton(fmt::format("S{}", sid).c_str(), picked(v))) picks = {v};
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  ImGui::BeginDisabled(picks.empty());
  if (ImGui::Button(zh ? "回答" : "Answer"))
    app.post([this](AppState& s) {
      if (s.lesson) s.lesson->answer(s.session, picks);
    });
  ImGui::EndDisabled();
  if (const auto& a = run.currentAnswer()) {
    const float top = ImGui::GetCursorPosY();
    ImGui::PushTextWrapPos(0);
    ImGui::PushStyleColor(ImGuiCol_Text, a->right ? ImVec4(0.1f, 0.5f, 0.2f, 1) : ImVec4(0.75f, 0.1f, 0.1f, 1));
    wrappedText(a->feedback.in(app.language));
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    // The feedback appears under the Answer button, often below the panel's edge: bring a new
    // answer's feedback into view once, from its first line ("Not quite." / "不对。") when it is
    // taller than the column (a projector's short column cut that line off).
    if (newAnswer) {
      feedbackShown = answerKey;
      const float height = ImGui::GetCursorPosY() - top;
      if (height > ImGui::GetWindowHeight()) ImGui::SetScrollY(top);
      else ImGui::SetScrollHereY(1.0f);
    }
  }
  ImGui::Separator();
}

}  // namespace zabscope
