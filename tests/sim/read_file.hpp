// A scenario file's text for the tests, and the include reader parseScenario takes: the
// file's bytes, or nothing when it cannot be opened.
#pragma once

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace zab::sim::test {

inline std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace zab::sim::test
