#include "font_list.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace zabscope {

FontList readFontList(const std::string& path) {
  constexpr std::size_t kMaxBytes = 64 * 1024;
  constexpr int kMaxLines = 1000;
  FontList out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.problems.push_back(fmt::format("{}: cannot read the font list", path));
    return out;
  }
  std::string line;
  std::size_t bytes = 0;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    bytes += line.size() + 1;
    if (bytes > kMaxBytes || n > kMaxLines) {
      out.problems.push_back(fmt::format("{}:{}: the file is longer than {} lines or {} KiB; the rest is ignored", path,
                                         n, kMaxLines, kMaxBytes / 1024));
      break;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string role, file, extra;
    if (!(words >> role)) continue;  // blank or comment
    if (!(words >> file)) {
      out.problems.push_back(fmt::format("{}:{}: '{}' has no font file after it", path, n, role));
      continue;
    }
    if (words >> extra) {
      out.problems.push_back(
          fmt::format("{}:{}: unexpected '{}' after the font file (a path with spaces is not supported)", path, n, extra));
      continue;
    }
    if (role == "latin") out.latin.push_back(file);
    else if (role == "cjk") out.cjk.push_back(file);
    else out.problems.push_back(fmt::format("{}:{}: unknown role '{}' (expected latin or cjk)", path, n, role));
  }
  return out;
}

}  // namespace zabscope
