#include "resource_paths.hpp"

#include <filesystem>

namespace zabscope {

namespace fs = std::filesystem;

std::string executablePath() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

std::vector<std::string> dataDirCandidates(const std::string& name, const std::string& exe) {
  std::vector<std::string> out{name};
  if (exe.empty()) return out;
  const fs::path dir = fs::path(exe).parent_path();
  for (const fs::path& p : {dir / name, dir / ".." / "share" / "zabscope" / name, dir / ".." / ".." / name})
    out.push_back(p.lexically_normal().string());
  return out;
}

std::string findDataDir(const std::string& name, const std::string& exe) {
  for (const auto& d : dataDirCandidates(name, exe)) {
    std::error_code ec;
    if (fs::is_directory(d, ec)) return d;
  }
  return name;
}

}  // namespace zabscope
