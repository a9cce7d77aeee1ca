#pragma once
// The pane layout the user dragged, kept between runs in $XDG_CONFIG_HOME/zabscope/layout.ini
// (~/.config/zabscope/layout.ini). A missing or damaged file gives the default layout.
#include <optional>
#include <string>

#include "pane_layout.hpp"

namespace zabscope {

std::string layoutSettingsPath();  // empty when neither XDG_CONFIG_HOME nor HOME is set
PaneFractions loadLayoutSettings(const std::string& path);
bool saveLayoutSettings(const std::string& path, const PaneFractions& f);
// The file's text, and back (tested without touching the disk).
std::string formatLayoutSettings(const PaneFractions& f);
PaneFractions parseLayoutSettings(const std::string& text);

}  // namespace zabscope
