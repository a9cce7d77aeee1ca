#include "lesson_files.hpp"

#include <algorithm>
#include <filesystem>

namespace zabscope {

std::vector<std::string> lessonFilesInOrder(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(dir, ec))
    if (f.path().extension() == ".lesson") files.push_back(f.path());
  // By stem: a name that is a prefix of another ("02-x" and "02-x-part2") comes first.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.stem() < b.stem(); });
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.string());
  return out;
}

}  // namespace zabscope
