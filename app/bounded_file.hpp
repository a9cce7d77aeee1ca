#pragma once
// Reading a user's file with a size cap: a scenario, zoo.cfg, script or lesson is a few
// kilobytes, so anything over kMaxInputFileBytes (or endless, like /dev/zero) is refused
// instead of filling memory.
#include <fstream>
#include <optional>
#include <string>

namespace zabscope {

constexpr std::size_t kMaxInputFileBytes = 4u << 20;  // 4 MiB

inline std::optional<std::string> readBoundedFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string out;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > kMaxInputFileBytes) return std::nullopt;  // the caller says it cannot be read
  }
  return out;
}

}  // namespace zabscope
