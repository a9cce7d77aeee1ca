#include "log_file.hpp"

#include <fmt/format.h>

#include <fstream>

namespace zabscope {

std::optional<real::LogFile> loadLogFile(const std::string& spec, std::string& error) {
  real::LogFile f = real::logFileFromSpec(spec);
  std::ifstream in(f.path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot read the log file", f.path);
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
