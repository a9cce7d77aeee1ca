#include "file_open.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/bounded_file.hpp"
#include "sim/scenario.hpp"

namespace zabscope {

// A device or a FIFO is refused before it is read (readBoundedFile would read 4 MiB of it).
std::optional<std::string> readSmallFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  return readBoundedFile(path);
}

namespace {

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

FileKind fileKind(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".lesson") return FileKind::Lesson;
  if (ext == ".cfg") return FileKind::ZooCfg;
  return FileKind::Scenario;
}

bool sessionHasWork(const AppState& app) {
  return app.session.length() > app.session.setupLength() || !app.session.branches().empty();
}

void replaceSession(AppState& app, std::string what, std::function<void(AppState&)> then) {
  if (!sessionHasWork(app)) {
    then(app);
    return;
  }
  app.discardRequest = AppState::Discard{std::move(what), std::move(then), std::nullopt};
}

std::string scenarioForZooCfg(const std::string& cfgPath, std::string& error) {
  std::error_code ec;
  const std::string abs = std::filesystem::absolute(cfgPath, ec).lexically_normal().string();
  const std::string ensemble = fmt::format("ensemble cfg={}\n", ec ? cfgPath : abs);
  auto parsed = zab::sim::parseScenario(ensemble, cfgPath, readSmallFile);
  if (!parsed.scenario) {
    std::vector<std::string> errors;
    for (const auto& e : parsed.errors) errors.push_back(e.message);
    error = joinLines(errors);
    return {};
  }
  std::string start = "start";
  for (const auto& [sid, server] : parsed.scenario->spec.qv.allMembers()) start += fmt::format(" {}", sid);
  return fmt::format("# the servers of {}, all started\n{}{}\n", cfgPath, ensemble, start);
}

bool openFile(AppState& app, const std::string& path, std::string& error) {
  auto text = readSmallFile(path);
  if (!text) {
    error = path + ": cannot read the file: " + unreadableReason(path);
    return false;
  }
  std::vector<std::string> errors;
  bool loaded = false;
  switch (fileKind(path)) {
    case FileKind::Lesson: {
      LessonParse parsed = parseLesson(*text, path);
      for (const auto& e : parsed.errors) errors.push_back(e.str());
      auto started = parsed.lesson ? LessonRun::start(*parsed.lesson, errors) : std::nullopt;
      if (!started) break;
      app.lesson = std::move(started->first);
      app.session = std::move(started->second);
      app.selectTab = "Lessons";
      loaded = true;
      break;
    }
    case FileKind::ZooCfg: {
      std::string problem;
      std::string scenario = scenarioForZooCfg(path, problem);
      if (scenario.empty()) {
        errors.push_back(path + ": " + problem);
        break;
      }
      auto s = Session::fromScenario(scenario, path, readSmallFile, std::nullopt, errors);
      if (!s) break;
      app.lesson.reset();
      app.session = std::move(*s);
      loaded = true;
      break;
    }
    case FileKind::Scenario: {
      auto s = Session::fromScenario(*text, path, readSmallFile, std::nullopt, errors);
      if (!s) break;
      app.lesson.reset();
      app.session = std::move(*s);
      loaded = true;
      break;
    }
  }
  if (!loaded) {
    error = errors.empty() ? path + ": the file did not load" : joinLines(errors);
    return false;
  }
  app.scenarioFile = path;
  app.selection = {};
  app.playing = false;
  app.viewTimeMs = static_cast<double>(app.session.sim().now());
  app.status = "opened " + path;
  return true;
}

}  // namespace zabscope
