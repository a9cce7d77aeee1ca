#pragma once
// Everything the panels share: the session (model), what is selected, playback, and the
// queue of commands. Panels never change the model while drawing; they post() a command
// that the frame loop applies after the frame (the Tracy / Dear ImGui discipline).
#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "comparison.hpp"
#include "diagram_placement.hpp"
#include "imported_logs.hpp"
#include "lesson.hpp"
#include "pane_layout.hpp"
#include "session.hpp"
#include "stepping.hpp"

namespace zabscope {

struct Selection {
  std::optional<zab::Sid> peer;
  std::optional<std::uint64_t> message;  // an in-flight frame's id
};

struct AppState {
  explicit AppState(Session s) : session(std::move(s)) { viewTimeMs = static_cast<double>(session.sim().now()); }

  Session session;
  Selection selection;
  bool playing = false;
  double speed = 1.0;       // virtual ms per real ms, 0.01x .. 100x
  double viewTimeMs = 0;    // the animation clock (>= sim time, < next event while playing)
  float uiScale = 1.0f;
  bool lightTheme = true;
  bool showHelp = false;
  bool showGlossary = false;  // Help > Glossary (ui/glossary_window.hpp)
  bool manualDelivery = false;  // play mode delivers nothing by itself; the user picks
  std::string status;           // last message for the status bar (errors included)
  // Why a control did nothing, for the presenter's caption (which has no status bar): shown
  // while the cursor stays at `noticeAt`.
  std::string notice;
  std::size_t noticeAt = 0;
  std::string scenarioFile;
  Language language = Language::English;
  std::optional<LessonRun> lesson;  // the lesson being followed (it drives `session`)
  std::string lessonsDir = "lessons";
  std::string selectTab;  // a tab to bring to the front on the next frame ("Lessons", "Inspector", ...)
  bool screenshotRequested = false;
  bool presenter = false;     // the presenter view: ensemble, big text and a caption bar only
  PaneFractions panes;        // where the user dragged the splitters
  std::string layoutPath;     // where `panes` is saved (empty: not saved)
  DiagramPlacement diagram = DiagramPlacement::Docked;  // the space-time diagram: docked, enlarged, detached
  bool graphsLarge = false;  // the Graphs tab's plots side by side in a big window
  std::string screenshotPath;  // where the requested screenshot goes (empty: zabscope-STEP.png)

  // Files (ui/file_menu.hpp): a file dropped on the window or chosen waits here to be opened.
  std::string openRequest;
  // A change that would discard the session waits here until the user confirms it
  // (ui/confirm_discard.hpp).
  struct Discard {
    std::string what;  // "open lessons/05-the-leader-dies.lesson"
    std::function<void(AppState&)> then;
    std::optional<std::string> lost;  // what would be lost, when not "N actions of yours" (a replay)
  };
  std::optional<Discard> discardRequest;
  std::string scriptMenu;  // a GUI script opens a menu for a screenshot: "File", "peer"
  // Real ZooKeeper logs opened read-only (File > Open logs): while set, the window shows them
  // instead of the session, which is kept untouched underneath (ui/imported_logs_view.hpp).
  std::optional<ImportedLogs> imported;
  // The engine's run of the scenario above a real ensemble's logs of it (File > Compare with real
  // logs, `zabscope --compare-logs`): shown instead of the session, read-only (ui/comparison_view.hpp).
  std::optional<Comparison> comparison;

  void post(std::function<void(AppState&)> f) { pending_.push_back(std::move(f)); }
  void applyPending() {
    auto work = std::move(pending_);
    pending_.clear();
    for (auto& f : work) f(*this);
  }
  // A command in the scenario language ("kill 3"); errors go to the status bar.
  void runCommand(const std::string& line) {
    post([line](AppState& s) {
      std::string error;
      if (!s.session.command(line, error)) s.status = "'" + line + "': " + error;
      else s.status = line;
      s.viewTimeMs = static_cast<double>(s.session.sim().now());
    });
  }
  // The Kill leader buttons and K. With no leader (an election still running) nothing is added
  // to the timeline, and the status line says why.
  void killLeader() {
    post([](AppState& s) {
      if (!s.session.sim().leader()) {
        s.status = s.language == Language::Chinese
                       ? "现在没有 Leader 可杀：选举还没结束（按 L 一直走到选出 Leader）"
                       : "no leader to kill right now: the election has not ended (L steps until one is elected)";
        s.notice = s.status;
        s.noticeAt = s.session.cursor();
        return;
      }
      std::string error;
      s.status = s.session.command("kill leader", error) ? "kill leader" : "'kill leader': " + error;
      s.viewTimeMs = static_cast<double>(s.session.sim().now());
    });
  }
  // Next vote (V), Next phase (P), until a leader (L). When the goal does not come within the
  // cap (a stable ensemble changes nothing by itself), the cursor goes back where it was: one
  // press used to run 20,000 heartbeats and land on one of them, thousands of seconds later.
  // The steps looked at stay ahead of the cursor, and the status line (or the presenter's
  // caption) says why nothing moved.
  void stepToGoal(StepGoal goal) {
    post([goal](AppState& s) {
      const std::size_t from = s.session.cursor();
      const std::int64_t t0 = s.session.sim().now();
      const StepOutcome o = stepToward(s.session, goal);
      if (!o.reached && o.taken > 0) {
        const std::int64_t seconds = (s.session.sim().now() - t0) / 1000;
        s.session.jumpTo(from);
        const bool zh = s.language == Language::Chinese;
        const char* what = goal == StepGoal::VoteChange ? (zh ? "改票" : "vote change")
                           : goal == StepGoal::PhaseChange ? (zh ? "阶段变化" : "phase change")
                                                           : (zh ? "新的 Leader" : "new leader");
        s.status = zh ? fmt::format("接下来 {} 步（模拟时间 {} 秒）内没有{}：集群已稳定，不会自己变化。杀掉 Leader 或注入故障再试。",
                                    o.taken, seconds, what)
                      : fmt::format("No {} in the next {} steps ({} s of simulated time): the ensemble is stable and "
                                    "changes nothing by itself. Kill the leader or inject a fault to see one.",
                                    what, o.taken, seconds);
        s.notice = s.status;
        s.noticeAt = from;
      }
      s.viewTimeMs = static_cast<double>(s.session.sim().now());
    });
  }

 private:
  std::vector<std::function<void(AppState&)>> pending_;
};

}  // namespace zabscope
