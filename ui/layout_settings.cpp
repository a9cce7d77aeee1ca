#include "layout_settings.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace zabscope {

std::string layoutSettingsPath() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/zabscope/layout.ini";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/zabscope/layout.ini";
  return {};
}

std::string formatLayoutSettings(const PaneFractions& f) {
  return fmt::format("# ZabScope pane layout (written by the app)\ndetails={:.4f}\nspacetime={:.4f}\nspacetimeLarge={}\n",
                     f.details, f.spacetime, f.spacetimeLarge ? 1 : 0);
}

PaneFractions parseLayoutSettings(const std::string& text) {
  PaneFractions f;
  std::istringstream in(text);
  std::string line;
  // Unknown keys and bad numbers are skipped: a layout file is a convenience, never an error.
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    char* end = nullptr;
    const float v = std::strtof(value.c_str(), &end);
    if (end == value.c_str() || !std::isfinite(v)) continue;
    if (key == "details" && v > 0.05f && v < 0.95f) f.details = v;
    else if (key == "spacetime" && v > 0.05f && v < 0.95f) f.spacetime = v;
    else if (key == "spacetimeLarge") f.spacetimeLarge = v != 0.0f;
  }
  return f;
}

PaneFractions loadLayoutSettings(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path);
  if (!in) return {};
  std::string text(4096, '\0');  // a layout file is a few lines: read at most 4 KiB
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parseLayoutSettings(text);
}

bool saveLayoutSettings(const std::string& path, const PaneFractions& f) {
  if (path.empty()) return false;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::trunc);
  out << formatLayoutSettings(f);
  return static_cast<bool>(out);
}

}  // namespace zabscope
