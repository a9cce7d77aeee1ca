// Files in and out, headless: recent files, the chooser's listing, where data is found, opening
// scenarios, lessons and zoo.cfg files (with the confirmation before work is discarded), the
// peer menu's rules, and the trace exports.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "file_chooser.hpp"
#include "file_open.hpp"
#include "peer_menu.hpp"
#include "recent_files.hpp"
#include "resource_paths.hpp"
#include "session_export.hpp"

using namespace zabscope;
namespace fs = std::filesystem;

namespace {
const std::string kSource = ZABSCOPE_SOURCE_DIR;

fs::path freshDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("zabscope-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

AppState freshApp() { return AppState(Session::withEnsemble(3, 0, 1)); }
}  // namespace

TEST_CASE("ui files: recent files are newest first - without duplicates - capped - and persist") {
  const fs::path d = freshDir("recent");
  const std::string store = (d / "cfg" / "recent-files").string();
  RecentFiles r(store);
  r.load();
  CHECK(r.paths().empty());
  for (int i = 0; i < 12; ++i) REQUIRE(r.add((d / ("f" + std::to_string(i) + ".zab")).string()));
  REQUIRE(r.paths().size() == RecentFiles::kMax);
  CHECK(r.paths().front() == (d / "f11.zab").string());
  r.add((d / "f5.zab").string());
  CHECK(r.paths().front() == (d / "f5.zab").string());
  CHECK(std::count(r.paths().begin(), r.paths().end(), (d / "f5.zab").string()) == 1);
  RecentFiles again(store);
  again.load();
  CHECK(again.paths() == r.paths());
}

TEST_CASE("ui files: the default store follows XDG_CONFIG_HOME") {
  const char* old = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old ? old : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
  CHECK(RecentFiles::defaultStore() == "/tmp/xdg-test/zabscope/recent-files");
  if (old) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  else unsetenv("XDG_CONFIG_HOME");
}

TEST_CASE("ui files: the chooser lists folders - then the files of the wanted kinds - sorted") {
  const fs::path d = freshDir("listing");
  fs::create_directories(d / "b-dir");
  fs::create_directories(d / "a-dir");
  fs::create_directories(d / ".hidden");
  write(d / "z.zab", "");
  write(d / "a.lesson", "");
  write(d / "notes.txt", "");
  DirListing l = listDirectory(d.string(), {".zab", ".lesson"});
  CHECK(l.error.empty());
  CHECK(l.folders == std::vector<std::string>{"a-dir", "b-dir"});
  CHECK(l.files == std::vector<std::string>{"a.lesson", "z.zab"});
  CHECK(listDirectory((d / "missing").string(), {}).error.find("cannot read") == 0);
}

TEST_CASE("ui files: data is looked for next to the program and under the install prefix") {
  auto c = dataDirCandidates("lessons", "/opt/zs/bin/zabscope");
  CHECK(c == std::vector<std::string>{"lessons", "/opt/zs/bin/lessons", "/opt/zs/share/zabscope/lessons", "/opt/lessons"});
  const fs::path d = freshDir("prefix");
  fs::create_directories(d / "share" / "zabscope" / "lessons");
  fs::create_directories(d / "bin");
  const std::string here = fs::current_path().string();
  fs::current_path(d / "bin");  // no ./lessons here
  CHECK(findDataDir("lessons", (d / "bin" / "zabscope").string()) == (d / "share" / "zabscope" / "lessons").string());
  fs::current_path(here);
}

TEST_CASE("ui files: opening a scenario - a lesson and a zoo.cfg - and a broken file that changes nothing") {
  AppState app = freshApp();
  std::string error;
  REQUIRE(openFile(app, kSource + "/examples/kill-the-leader.zab", error));
  CHECK(app.scenarioFile.find("kill-the-leader.zab") != std::string::npos);
  CHECK_FALSE(app.lesson);

  REQUIRE(openFile(app, kSource + "/lessons/05-the-leader-dies.lesson", error));
  REQUIRE(app.lesson);
  CHECK(app.lesson->lesson().id == "05-the-leader-dies");

  REQUIRE(openFile(app, kSource + "/examples/zoo-5-with-observer.cfg", error));
  CHECK(app.session.sim().peers().size() == 6);
  for (const auto& [sid, slot] : app.session.sim().peers()) CHECK(slot.alive);

  const fs::path d = freshDir("broken");
  write(d / "bad.zab", "ensemble participants=3\nstart 1 9\n");
  const std::size_t before = app.session.length();
  CHECK_FALSE(openFile(app, (d / "bad.zab").string(), error));
  CHECK(error.find("bad.zab:2:") != std::string::npos);
  CHECK(app.session.length() == before);
  CHECK_FALSE(openFile(app, (d / "missing.zab").string(), error));
}

TEST_CASE("ui files: replacing a session with work in it waits for a confirmation") {
  AppState app = freshApp();
  bool ran = false;
  replaceSession(app, "open x", [&](AppState&) { ran = true; });
  CHECK(ran);  // nothing of the user's yet
  CHECK_FALSE(app.discardRequest);
  app.session.stepForward();
  ran = false;
  replaceSession(app, "open x", [&](AppState&) { ran = true; });
  CHECK_FALSE(ran);
  REQUIRE(app.discardRequest);
  CHECK(app.discardRequest->what == "open x");
}

TEST_CASE("ui peer menu: Start only for a peer that never started - others disabled with a reason") {
  Session s = *[] {
    std::vector<std::string> errors;
    return Session::fromScenario("ensemble participants=3 observers=1\nseed 3\nstart 1 2 3\nrun 2000\nkill 2\ncrash 3\n",
                                 "t.zab", {}, std::nullopt, errors);
  }();
  auto find = [&](zab::Sid sid, const std::string& verb) {
    for (const auto& a : peerActions(s.sim(), sid))
      if (a.command.rfind(verb + " ", 0) == 0) return a;
    FAIL("no action " << verb);
    return PeerAction{};
  };
  // S4 never started.
  CHECK(find(4, "start").enabled);
  CHECK_FALSE(find(4, "kill").enabled);
  CHECK(find(4, "kill").reason == "S4 never started: Start it");
  CHECK_FALSE(find(4, "crash").enabled);
  CHECK_FALSE(find(4, "restart").enabled);
  CHECK_FALSE(find(4, "wipe").enabled);
  // S1 runs.
  CHECK_FALSE(find(1, "start").enabled);
  CHECK(find(1, "start").reason == "S1 is already running");
  CHECK(find(1, "kill").enabled);
  CHECK(find(1, "crash").enabled);
  CHECK(find(1, "pause").enabled);
  CHECK_FALSE(find(1, "restart").enabled);
  CHECK(find(1, "restart").reason.find("running") != std::string::npos);
  // S2 killed, S3 crashed.
  CHECK_FALSE(find(2, "kill").enabled);
  CHECK(find(2, "kill").reason == "S2 is already down");
  CHECK(find(2, "restart").enabled);
  CHECK(find(3, "restart").enabled);
  CHECK(find(3, "relook").reason.find("powered off") != std::string::npos);
  // Every enabled action is a command the session accepts.
  for (const auto& a : peerActions(s.sim(), 4)) {
    if (!a.enabled) continue;
    std::string error;
    Session copy = s;
    CHECK(copy.command(a.command, error));
  }
}

TEST_CASE("ui files: the trace exports as JSON lines and as a ShiViz log") {
  std::vector<std::string> errors;
  auto s = Session::fromScenario("ensemble participants=3\nseed 4\nlatency 2..6\nstart 1 2 3\nrun until=stable\n", "t.zab",
                                 {}, std::nullopt, errors);
  REQUIRE(s);
  std::string error;
  const std::string jsonl = traceText(*s, s->cursor(), TraceFormat::JsonLines, error);
  CHECK(error.empty());
  CHECK(std::count(jsonl.begin(), jsonl.end(), '\n') >= static_cast<long>(s->cursor()) - 5);
  CHECK(jsonl.rfind("{\"", 0) == 0);
  const std::string shiviz = traceText(*s, s->cursor(), TraceFormat::Shiviz, error);
  CHECK(shiviz.rfind("(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})\n\n", 0) == 0);
  CHECK(shiviz.find("\nS3 {") != std::string::npos);
}
