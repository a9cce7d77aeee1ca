#pragma once
// The File menu's recent files: newest first, no duplicates, at most kMax, kept in a small text
// file (one path a line) under $XDG_CONFIG_HOME/zabscope (or ~/.config/zabscope).
#include <cstddef>
#include <string>
#include <vector>

namespace zabscope {

class RecentFiles {
 public:
  static constexpr std::size_t kMax = 10;
  explicit RecentFiles(std::string storePath) : store_(std::move(storePath)) {}
  static std::string defaultStore();  // "" when neither $XDG_CONFIG_HOME nor $HOME is set

  void load();               // a missing or unreadable store is an empty list
  bool add(const std::string& path);  // to the front; saves; false if the store cannot be written
  void remove(const std::string& path);
  const std::vector<std::string>& paths() const { return paths_; }
  const std::string& store() const { return store_; }

 private:
  bool save() const;
  std::string store_;
  std::vector<std::string> paths_;
};

}  // namespace zabscope
