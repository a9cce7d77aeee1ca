#include "gui_script.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cursor_caption.hpp"
#include "file_open.hpp"
#include "session_export.hpp"
#include "session_scenario.hpp"
#include "stepping.hpp"

namespace zabscope {

std::optional<GuiScript> GuiScript::parse(const std::string& text, const std::string& file, std::string& error) {
  static const std::set<std::string> verbs = {"step",   "back",       "jump",          "until",      "command",
                                              "play",   "select",     "frames",        "screenshot", "expect-leader",
                                              "theme",  "lesson",     "lesson-do",     "lesson-next", "lesson-back",
                                              "language",  "tab",        "present",       "expect-caption",
                                              "diagram",   "graphs",     "open",          "confirm",    "menu",
                                              "save",      "export-trace", "export-shiviz", "expect-branch",
                                              "expect-lessons", "drop", "lesson-answer", "open-logs", "close-logs",
                                              "compare-at", "compare-align", "select-message"};
  GuiScript s;
  s.file_ = file;
  std::istringstream in(text);
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    ++n;
    auto hash = raw.find('#');
    if (hash != std::string::npos) raw = raw.substr(0, hash);
    std::istringstream words(raw);
    Line l;
    l.number = n;
    if (!(words >> l.verb)) continue;
    std::getline(words, l.arg);
    auto first = l.arg.find_first_not_of(" \t");
    l.arg = first == std::string::npos ? "" : l.arg.substr(first);
    while (!l.arg.empty() && (l.arg.back() == ' ' || l.arg.back() == '\r')) l.arg.pop_back();
    if (!verbs.count(l.verb)) {
      error = fmt::format("{}:{}: unknown script action '{}'; expected step, back, jump, until, command, play, select, "
                          "frames, screenshot, expect-leader, theme, tab, language, lesson..., open, confirm, menu, save, "
                          "export-trace, export-shiviz or expect-branch",
                          file, n, l.verb);
      return std::nullopt;
    }
    bool numeric = l.verb == "step" || l.verb == "back" || l.verb == "jump" || l.verb == "play" || l.verb == "expect-lessons" ||
                   l.verb == "select" || l.verb == "frames";
    if (numeric) {
      try {
        std::size_t used = 0;
        long long v = std::stoll(l.arg.empty() ? "1" : l.arg, &used);
        if ((!l.arg.empty() && used != l.arg.size()) || v < 0) throw 1;
      } catch (...) {
        error = fmt::format("{}:{}: '{}' needs a non-negative whole number, got '{}'", file, n, l.verb, l.arg);
        return std::nullopt;
      }
    }
    if (l.verb == "compare-at") {
      try {
        std::size_t used = 0;
        (void)std::stoll(l.arg, &used);
        if (used != l.arg.size()) throw 1;
      } catch (...) {
        error = fmt::format("{}:{}: 'compare-at' needs a time in ms on the shared axis (e.g. -50 or 250), got '{}'", file, n, l.arg);
        return std::nullopt;
      }
    }
    if (l.verb == "compare-align" && l.arg != "failover" && l.arg != "start") {
      error = fmt::format("{}:{}: 'compare-align' takes failover or start, got '{}'", file, n, l.arg);
      return std::nullopt;
    }
    if (l.verb == "until" && l.arg != "leader" && l.arg != "vote" && l.arg != "phase") {
      error = fmt::format("{}:{}: 'until' takes leader, vote or phase, got '{}'", file, n, l.arg);
      return std::nullopt;
    }
    if (l.verb == "diagram" && !parsePlacement(l.arg)) {
      error = fmt::format("{}:{}: 'diagram' takes docked, enlarged or detached, got '{}'", file, n, l.arg);
      return std::nullopt;
    }
    if (l.verb == "graphs" && l.arg != "large" && l.arg != "small") {
      error = fmt::format("{}:{}: 'graphs' takes large or small, got '{}'", file, n, l.arg);
      return std::nullopt;
    }
    if (l.verb == "language" && l.arg != "en" && l.arg != "zh") {
      error = fmt::format("{}:{}: 'language' takes en or zh, got '{}'", file, n, l.arg);
      return std::nullopt;
    }
    if (l.verb == "present" && l.arg != "on" && l.arg != "off") {
      error = fmt::format("{}:{}: 'present' takes on or off, got '{}'", file, n, l.arg);
      return std::nullopt;
    }
    if (l.verb == "confirm" && l.arg != "yes" && l.arg != "no") {
      error = fmt::format("{}:{}: 'confirm' takes yes or no, got '{}'", file, n, l.arg);
      return std::nullopt;
    }
    if ((l.verb == "command" || l.verb == "screenshot" || l.verb == "expect-leader" || l.verb == "lesson" ||
         l.verb == "open" || l.verb == "menu" || l.verb == "save" || l.verb == "export-trace" ||
         l.verb == "export-shiviz" || l.verb == "expect-branch" || l.verb == "drop" || l.verb == "expect-caption" ||
         l.verb == "lesson-answer" || l.verb == "open-logs" || l.verb == "select-message") &&
        l.arg.empty()) {
      error = fmt::format("{}:{}: '{}' needs an argument", file, n, l.verb);
      return std::nullopt;
    }
    s.lines_.push_back(l);
  }
  return s;
}

bool GuiScript::advance(AppState& app, std::string& screenshotPath) {
  screenshotPath.clear();
  if (!error_.empty()) return true;
  if (waitFrames_ > 0) {
    --waitFrames_;
    return false;
  }
  if (next_ >= lines_.size()) return true;
  const Line& l = lines_[next_++];
  auto num = [&](long long dflt) { return l.arg.empty() ? dflt : std::stoll(l.arg); };
  auto sync = [&] { app.viewTimeMs = static_cast<double>(app.session.sim().now()); };
  // A comparison (read-only): stepping moves its shared cursor; expect-leader N checks both runs,
  // expect-leader E/R each (engine/real).
  if (app.comparison && (l.verb == "step" || l.verb == "back" || l.verb == "compare-at" || l.verb == "compare-align" ||
                         l.verb == "expect-leader")) {
    Comparison& c = *app.comparison;
    if (l.verb == "step") for (long long i = 0; i < num(1); ++i) c.stepForward();
    else if (l.verb == "back") for (long long i = 0; i < num(1); ++i) c.stepBack();
    else if (l.verb == "compare-at") c.jumpToMs(std::stoll(l.arg));
    else if (l.verb == "compare-align") c.setAlign(l.arg == "start" ? Comparison::Align::Start : Comparison::Align::Failover);
    else {
      const auto slash = l.arg.find('/');
      const std::string want[2] = {l.arg.substr(0, slash), slash == std::string::npos ? l.arg : l.arg.substr(slash + 1)};
      const Comparison::Side sides[2] = {Comparison::Side::Engine, Comparison::Side::Real};
      for (int k = 0; k < 2; ++k) {
        auto leader = c.leaderAt(sides[k]);
        const std::string actual = leader ? std::to_string(*leader) : "none";
        if (actual != want[k]) {
          error_ = fmt::format("{}:{}: expect-leader {} failed: the {} run's leader is {} at t = {} ms", file_, l.number,
                               l.arg, k == 0 ? "engine" : "real", actual, c.cursorMs());
          return true;
        }
      }
    }
    c.window.keepVisible(static_cast<double>(c.cursorMs()));
    return false;
  }
  if (l.verb == "compare-at" || l.verb == "compare-align") {
    error_ = fmt::format("{}:{}: '{}': no comparison is open (zabscope --scenario FILE --compare-logs DIR)", file_, l.number, l.verb);
    return true;
  }
  // Imported logs (read-only): stepping moves their cursor; nothing else acts on them.
  if (app.imported && (l.verb == "step" || l.verb == "back" || l.verb == "jump" || l.verb == "until" ||
                       l.verb == "expect-leader")) {
    ImportedLogs& logs = *app.imported;
    if (l.verb == "step") for (long long i = 0; i < num(1); ++i) logs.stepForward();
    else if (l.verb == "back") for (long long i = 0; i < num(1); ++i) logs.stepBack();
    else if (l.verb == "jump") logs.jumpTo(static_cast<std::size_t>(num(0)));
    else if (l.verb == "until" && l.arg == "leader") {
      while (!logs.leader() && logs.stepForward()) {
      }
    } else if (l.verb == "until") logs.stepUntil(l.arg == "vote" ? real::EventKind::NotificationReceived : real::EventKind::ZabPhase);
    else {
      auto leader = logs.leader();
      std::string actual = leader ? std::to_string(*leader) : "none";
      if (actual != l.arg) {
        error_ = fmt::format("{}:{}: expect-leader {} failed: the logs' leader is {} at event {}", file_, l.number, l.arg,
                             actual, logs.cursor());
        return true;
      }
    }
    return false;
  }
  if (l.verb == "open-logs") {
    std::vector<std::string> files, errors;
    std::istringstream words(l.arg);
    for (std::string w; words >> w;) files.push_back(w);
    auto logs = ImportedLogs::open(files, errors);
    if (!logs) {
      error_ = fmt::format("{}:{}: open-logs failed: {}", file_, l.number, errors.empty() ? "" : errors.front());
      return true;
    }
    app.imported = std::move(*logs);
    return false;
  }
  if (l.verb == "close-logs") {
    app.imported.reset();
    return false;
  }
  if (l.verb == "step") {
    for (long long i = 0; i < num(1); ++i) app.session.stepForward();
    sync();
  } else if (l.verb == "back") {
    std::size_t n = static_cast<std::size_t>(num(1));
    app.session.jumpTo(app.session.cursor() > n ? app.session.cursor() - n : 0);
    sync();
  } else if (l.verb == "jump") {
    app.session.jumpTo(static_cast<std::size_t>(num(0)));
    sync();
  } else if (l.verb == "until") {
    stepUntil(app.session, l.arg == "leader" ? StepGoal::Leader : l.arg == "vote" ? StepGoal::VoteChange : StepGoal::PhaseChange);
    sync();
  } else if (l.verb == "command") {
    std::string err;
    if (!app.session.command(l.arg, err)) {
      error_ = fmt::format("{}:{}: command '{}' failed: {}", file_, l.number, l.arg, err);
      return true;
    }
    app.status = l.arg;
    sync();
  } else if (l.verb == "play") {
    // Deterministic playback: advance virtual time by MS, taking every event on the way.
    std::int64_t until = app.session.sim().now() + num(0);
    while (true) {
      auto next = app.session.sim().nextEventTime();
      if (!next || *next > until) break;
      app.session.stepForward();
    }
    app.session.advanceClockTo(until);
    sync();
  } else if (l.verb == "select") {
    app.selection.peer = static_cast<zab::Sid>(num(1));
  } else if (l.verb == "select-message") {
    // The first frame in flight whose type (PROPOSAL, notification...) is the argument, as a
    // click on its dot selects it for the Inspector.
    std::optional<std::uint64_t> id;
    for (const auto& [cid, c] : app.session.sim().connections())
      for (int dir = 0; dir < 2; ++dir)
        for (const auto& f : c.queue[dir])
          if (!f.close && f.type == l.arg && (!id || f.id < *id)) id = f.id;
    if (!id) {
      error_ = fmt::format("{}:{}: select-message {}: no such message is in flight", file_, l.number, l.arg);
      return true;
    }
    app.selection.message = id;
  } else if (l.verb == "frames") {
    waitFrames_ = static_cast<int>(num(1));
  } else if (l.verb == "screenshot") {
    screenshotPath = l.arg;
    waitFrames_ = 0;
  } else if (l.verb == "expect-leader") {
    auto leader = app.session.sim().leader();
    std::string actual = leader ? std::to_string(*leader) : "none";
    if (actual != l.arg) {
      error_ = fmt::format("{}:{}: expect-leader {} failed: leader is {}", file_, l.number, l.arg, actual);
      return true;
    }
  } else if (l.verb == "expect-caption") {
    // The presenter's caption for the step at the cursor, in the app's language.
    const std::string caption = cursorCaption(app.session, app.language);
    if (caption.find(l.arg) == std::string::npos) {
      error_ = fmt::format("{}:{}: expect-caption '{}' failed: the caption is '{}'", file_, l.number, l.arg, caption);
      return true;
    }
  } else if (l.verb == "present") {
    app.presenter = l.arg == "on";
  } else if (l.verb == "open") {
    // As File > Open: asks first when the session holds work (then `confirm yes|no`).
    const std::string path = l.arg;
    replaceSession(app, "open " + path, [this, path, number = l.number](AppState& s) {
      std::string err;
      if (!openFile(s, path, err)) error_ = fmt::format("{}:{}: open {} failed: {}", file_, number, path, err);
    });
  } else if (l.verb == "drop") {
    // What the window's drop callback does (app/zabscope_main.cpp): the File menu opens it.
    app.post([path = l.arg](AppState& s) { s.openRequest = path; });
  } else if (l.verb == "confirm") {
    if (!app.discardRequest) {
      error_ = fmt::format("{}:{}: confirm {}: nothing asks for confirmation", file_, l.number, l.arg);
      return true;
    }
    auto request = std::move(*app.discardRequest);
    app.discardRequest.reset();
    if (l.arg == "yes") request.then(app);
    if (!error_.empty()) return true;
    sync();
  } else if (l.verb == "menu") {
    app.scriptMenu = l.arg;
  } else if (l.verb == "save" || l.verb == "export-trace" || l.verb == "export-shiviz") {
    std::string err;
    if (l.verb == "save") {
      std::ofstream out(l.arg, std::ios::binary | std::ios::trunc);
      out << sessionToScenario(app.session, app.session.cursor(), file_);
      if (!out) err = "cannot write the file";
    } else {
      exportTrace(app.session, app.session.cursor(), l.verb == "export-trace" ? TraceFormat::JsonLines : TraceFormat::Shiviz,
                  l.arg, err);
    }
    if (!err.empty()) {
      error_ = fmt::format("{}:{}: {} {}: {}", file_, l.number, l.verb, l.arg, err);
      return true;
    }
  } else if (l.verb == "expect-lessons") {
    // The app found its lessons (an installed copy started from another directory).
    long long found = 0;
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(app.lessonsDir, ec))
      if (f.path().extension() == ".lesson") ++found;
    if (found < num(1)) {
      error_ = fmt::format("{}:{}: expect-lessons {} failed: {} lesson files in '{}'", file_, l.number, num(1), found,
                           app.lessonsDir);
      return true;
    }
  } else if (l.verb == "expect-branch") {
    // The newest branch's name starts with the argument ("before 'kill 3' at step").
    const auto& b = app.session.branches();
    if (b.empty() || b.back().name.rfind(l.arg, 0) != 0) {
      error_ = fmt::format("{}:{}: expect-branch '{}' failed: {}", file_, l.number, l.arg,
                           b.empty() ? std::string("no branch") : "the newest is '" + b.back().name + "'");
      return true;
    }
  } else if (l.verb == "theme") {
    app.lightTheme = l.arg != "dark";
  } else if (l.verb == "tab") {
    app.selectTab = l.arg;
  } else if (l.verb == "graphs") {
    app.graphsLarge = l.arg == "large";
    app.selectTab = "Graphs";  // the large view belongs to the tab
  } else if (l.verb == "diagram") {
    app.diagram = *parsePlacement(l.arg);
  } else if (l.verb == "language") {
    app.language = l.arg == "zh" ? Language::Chinese : Language::English;
  } else if (l.verb == "lesson") {
    std::ifstream in(l.arg, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    LessonParse parsed = parseLesson(ss.str(), l.arg);
    std::vector<std::string> errors;
    auto started = parsed.lesson ? LessonRun::start(*parsed.lesson, errors) : std::nullopt;
    if (!started) {
      error_ = fmt::format("{}:{}: lesson '{}' did not load: {}", file_, l.number, l.arg,
                           !parsed.errors.empty() ? parsed.errors.front().str()
                                                  : (errors.empty() ? std::string("?") : errors.front()));
      return true;
    }
    app.lesson = std::move(started->first);
    app.session = std::move(started->second);
    app.selectTab = "Lessons";
    sync();
  } else if (l.verb == "lesson-answer") {
    // lesson-answer 2 | 1,3 (choice numbers) | 3 (a peer question: the server's id)
    if (!app.lesson || !app.lesson->step().question) {
      error_ = fmt::format("{}:{}: lesson-answer: the current step asks no question", file_, l.number);
      return true;
    }
    const bool peer = app.lesson->step().question->kind == LessonQuestion::Kind::Peer;
    std::vector<int> picks;
    std::string list = l.arg;
    std::replace(list.begin(), list.end(), ',', ' ');
    std::istringstream nums(list);
    std::string tok;
    while (nums >> tok) {
      if (!tok.empty() && (tok[0] == 'S' || tok[0] == 's')) tok = tok.substr(1);
      if (tok.empty() || tok.size() > 6 || tok.find_first_not_of("0123456789") != std::string::npos) {
        error_ = fmt::format("{}:{}: lesson-answer expects choice numbers (2, 1,3) or a server id, got '{}'", file_,
                             l.number, l.arg);
        return true;
      }
      picks.push_back(std::stoi(tok) - (peer ? 0 : 1));
    }
    app.lesson->answer(app.session, picks);
  } else if (l.verb == "lesson-do" || l.verb == "lesson-next" || l.verb == "lesson-back") {
    if (!app.lesson) {
      error_ = fmt::format("{}:{}: no lesson is running", file_, l.number);
      return true;
    }
    if (l.verb == "lesson-do") {
      auto problems = app.lesson->performAction(app.session);
      if (!problems.empty()) {
        error_ = fmt::format("{}:{}: {}", file_, l.number, problems.front());
        return true;
      }
    } else if (l.verb == "lesson-next") {
      if (!app.lesson->next(app.session)) {
        auto unmet = app.lesson->unmetChecks(app.session);
        error_ = fmt::format("{}:{}: Next is disabled: {}", file_, l.number, unmet.empty() ? "last step" : unmet.front());
        return true;
      }
    } else {
      app.lesson->back(app.session);
    }
    sync();
  }
  // Render one frame after each action, so screenshots show its result.
  if (waitFrames_ == 0) waitFrames_ = 1;
  return false;
}

}  // namespace zabscope
