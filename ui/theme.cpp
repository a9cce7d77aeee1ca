#include "theme.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "disc_sprites.hpp"
#include "glyph_ranges.hpp"

namespace zabscope {

namespace {
bool gLight = true;
}  // namespace

void applyTheme(bool light, float scale) {
  gLight = light;
  ImGuiStyle style;
  if (light) {
    ImGui::StyleColorsLight(&style);
    // High contrast for projectors: pure white panels, black text, strong borders.
    style.Colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);  // children show the white panel behind them
    style.Colors[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
    style.Colors[ImGuiCol_Border] = ImVec4(0.25f, 0.25f, 0.25f, 1);
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.33f, 0.66f, 1);
    style.Colors[ImGuiCol_TitleBg] = ImVec4(0.35f, 0.45f, 0.65f, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
    style.WindowBorderSize = 1.0f;
    style.FrameBorderSize = 1.0f;
  } else {
    ImGui::StyleColorsDark(&style);
  }
  // Square corners throughout: a rounded, anti-aliased frame is about 80 triangles where a
  // square one is 10, and with a few dozen widgets on screen that is over a millisecond a
  // frame on a software renderer (see disc_sprites.hpp). The panels are tiled, so rounded
  // window corners would only show as notches anyway.
  style.WindowRounding = 0.0f;
  style.FrameRounding = 0.0f;
  style.GrabRounding = 0.0f;
  style.TabRounding = 0.0f;
  style.ScrollbarRounding = 0.0f;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

ImU32 stateColor(zab::ServerState s, bool alive) {
  if (!alive) return IM_COL32(150, 150, 150, 255);
  switch (s) {
    case zab::ServerState::LOOKING: return IM_COL32(230, 160, 20, 255);    // amber
    case zab::ServerState::FOLLOWING: return IM_COL32(40, 110, 220, 255);  // blue
    case zab::ServerState::LEADING: return IM_COL32(200, 30, 40, 255);     // red
    case zab::ServerState::OBSERVING: return IM_COL32(30, 150, 90, 255);   // green
  }
  return IM_COL32(0, 0, 0, 255);
}

ImU32 familyColor(zab::Family f) {
  switch (f) {
    case zab::Family::Election: return IM_COL32(230, 140, 0, 255);
    case zab::Family::Transport: return IM_COL32(120, 120, 120, 255);
    case zab::Family::Discovery: return IM_COL32(150, 60, 200, 255);
    case zab::Family::Sync: return IM_COL32(0, 150, 170, 255);
    case zab::Family::Broadcast: return IM_COL32(30, 90, 220, 255);
    case zab::Family::Heartbeat: return IM_COL32(170, 170, 170, 255);
    case zab::Family::Client: return IM_COL32(30, 160, 60, 255);
    case zab::Family::Peer: return IM_COL32(90, 90, 90, 255);
  }
  return IM_COL32(0, 0, 0, 255);
}

float lineWidth(float w) { return std::max(1.0f, std::round(w)); }

ImU32 textColor() { return gLight ? IM_COL32(0, 0, 0, 255) : IM_COL32(240, 240, 240, 255); }
ImU32 mutedColor() { return gLight ? IM_COL32(90, 90, 90, 255) : IM_COL32(170, 170, 170, 255); }

const char* loadFonts(float pixelSize, const std::string& lessonsDir) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  static ImVector<ImWchar> ranges;  // read by Build() below, and again by any later rebuild
  const char* note = addUiFonts(*io.Fonts, pixelSize, lessonsDir, ranges);  // ui/glyph_ranges.cpp
  reserveDiscSprites(*io.Fonts);
  io.Fonts->Build();
  paintDiscSprites(*io.Fonts);
  return note;
}

}  // namespace zabscope
