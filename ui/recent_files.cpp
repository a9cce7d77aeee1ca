#include "recent_files.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace zabscope {

std::string RecentFiles::defaultStore() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/zabscope/recent-files";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/zabscope/recent-files";
  return {};
}

void RecentFiles::load() {
  paths_.clear();
  std::ifstream in(store_);
  std::string line;
  while (paths_.size() < kMax && std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && std::find(paths_.begin(), paths_.end(), line) == paths_.end()) paths_.push_back(line);
  }
}

bool RecentFiles::add(const std::string& path) {
  std::error_code ec;
  // Absolute, so that the list works from any directory the app is started in.
  std::string abs = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) abs = path;
  paths_.erase(std::remove(paths_.begin(), paths_.end(), abs), paths_.end());
  paths_.insert(paths_.begin(), abs);
  if (paths_.size() > kMax) paths_.resize(kMax);
  return save();
}

void RecentFiles::remove(const std::string& path) {
  paths_.erase(std::remove(paths_.begin(), paths_.end(), path), paths_.end());
  save();
}

bool RecentFiles::save() const {
  if (store_.empty()) return false;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(store_).parent_path(), ec);
  std::ofstream out(store_, std::ios::trunc);
  for (const auto& p : paths_) out << p << '\n';
  return static_cast<bool>(out);
}

}  // namespace zabscope
