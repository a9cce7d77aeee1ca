#include "log_file.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "sim/bounded_file.hpp"

namespace zabscope {

std::optional<real::LogFile> loadLogFile(const std::string& spec, std::string& error) {
  real::LogFile f = real::logFileFromSpec(spec);
  std::error_code ec;
  std::ifstream in(f.path, std::ios::binary);
  if (!in || std::filesystem::is_directory(f.path, ec)) {
    const std::string why = unreadableReason(f.path, real::kMaxLogFileBytes);
    error = fmt::format("{}: cannot read the log file: {}", f.path, why);
    // "x=server1.log": SID=FILE takes a server id, a whole number, before '='.
    if (!f.sid && f.path.find('=') != std::string::npos && why == "no such file")
      error += fmt::format(" (to name the server, write SID=FILE with a whole number: 1={})", f.path.substr(f.path.find('=') + 1));
    return std::nullopt;
  }
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    f.text.append(buf, static_cast<std::size_t>(in.gcount()));
    // A cap, so /dev/zero or a year of logs is refused instead of filling memory.
    if (f.text.size() > real::kMaxLogFileBytes) {
      error = fmt::format("{}: larger than {} MiB; cut the incident's minutes out first (for example with sed -n "
                          "'/05:23/,/05:31/p')",
                          f.path, real::kMaxLogFileBytes >> 20);
      return std::nullopt;
    }
  }
  return f;
}

}  // namespace zabscope
