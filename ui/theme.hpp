#pragma once
// Colours and sizes. Everything scales with the font size so a projector at 2x works.
#include <imgui.h>

#include <string>

#include "zab/peer_io.hpp"
#include "zab/types.hpp"

namespace zabscope {

void applyTheme(bool light, float scale);
ImU32 stateColor(zab::ServerState s, bool alive);
ImU32 familyColor(zab::Family f);
// Line widths are whole pixels: ImGui then draws an anti-aliased line from its baked texture,
// 2 triangles a segment instead of 6, which a software renderer feels (disc_sprites.hpp).
float lineWidth(float w);
ImU32 textColor();
ImU32 mutedColor();
// Loads DejaVu Sans (Latin) and merges a CJK font if one is installed; returns a note if not.
const char* loadFonts(float pixelSize, const std::string& lessonsDir = "lessons");

}  // namespace zabscope
