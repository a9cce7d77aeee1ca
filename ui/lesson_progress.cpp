#include "lesson_progress.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace zabscope {

std::string LessonProgress::defaultStore() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/zabscope/lesson-progress";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/zabscope/lesson-progress";
  return {};
}

void LessonProgress::load() {
  entries_.clear();
  std::ifstream in(store_);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream w(line);
    std::string id, reached, done;
    if (!std::getline(w, id, '\t') || !std::getline(w, reached, '\t') || !std::getline(w, done, '\t')) continue;
    if (id.empty() || reached.empty() || reached.size() > 6 || reached.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (done != "done" && done != "open") continue;
    entries_[id] = LessonProgressEntry{static_cast<std::size_t>(std::stoul(reached)), done == "done"};
  }
}

bool LessonProgress::record(const std::string& id, std::size_t reached, bool done) {
  LessonProgressEntry& e = entries_[id];
  if (reached <= e.reached && (!done || e.done)) return true;
  e.reached = std::max(e.reached, reached);
  e.done = e.done || done;
  return save();
}

LessonProgressEntry LessonProgress::get(const std::string& id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? LessonProgressEntry{} : it->second;
}

bool LessonProgress::save() const {
  if (store_.empty()) return false;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(store_).parent_path(), ec);
  std::ofstream out(store_, std::ios::trunc);
  for (const auto& [id, e] : entries_) out << id << '\t' << e.reached << '\t' << (e.done ? "done" : "open") << '\n';
  return static_cast<bool>(out);
}

}  // namespace zabscope
