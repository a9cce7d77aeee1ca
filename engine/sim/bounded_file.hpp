#pragma once
// Reading a user's file with a size cap: a scenario, zoo.cfg, script or lesson is a few
// kilobytes, so anything over kMaxInputFileBytes (or endless, like /dev/zero) is refused
// instead of filling memory. unreadableReason says why in words, for the error message.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

namespace zabscope {

constexpr std::size_t kMaxInputFileBytes = 4u << 20;  // 4 MiB

inline std::optional<std::string> readBoundedFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return std::nullopt;  // an ifstream opens one and reads nothing
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

// Why readBoundedFile (or a reader with the same cap) refused `path`.
inline std::string unreadableReason(const std::string& path, std::size_t maxBytes = kMaxInputFileBytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) return "no such file";
  if (fs::is_directory(st)) return "it is a directory, not a file";
  if (fs::is_regular_file(st)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > maxBytes)
      return "it is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(maxBytes >> 20) + " MiB";
    if (!std::ifstream(path)) return "permission denied";
    return "it could not be read";
  }
  if (!std::ifstream(path)) return "it cannot be opened";
  return "it is not a regular file and gives more than " + std::to_string(maxBytes >> 20) + " MiB (endless?)";
}

}  // namespace zabscope
