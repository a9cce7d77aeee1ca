// A scenario file's text for the tests, and the include reader parseScenario takes: the
// file's bytes, or nothing when it cannot be opened. Also the scenario files the whole-corpus
// tests run.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace zab::sim::test {

inline std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every *.zab in these folders of the source tree (e.g. "/examples"), sorted by path.
inline std::vector<std::string> scenarioFiles(std::initializer_list<const char*> dirs) {
  std::vector<std::string> files;
  for (const char* dir : dirs)
    for (const auto& f : std::filesystem::directory_iterator(std::string(ZABSCOPE_SOURCE_DIR) + dir))
      if (f.path().extension() == ".zab") files.push_back(f.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace zab::sim::test
