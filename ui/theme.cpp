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

ImGuiStyle themeStyle(bool light) {
  ImGuiStyle style;
  if (light) {
    ImGui::StyleColorsLight(&style);
    // High contrast for projectors: pure white panels, black text, strong borders.
    style.Colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);  // children show the white panel behind them
    style.Colors[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.40f, 0.40f, 0.40f, 1);  // ImGui's 0.6 grey is 2.8:1 on white
    style.Colors[ImGuiCol_Border] = ImVec4(0.25f, 0.25f, 0.25f, 1);
    // Title bars carry black text: pale blues (ImGui's dark blue left black titles at 3:1).
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.66f, 0.78f, 0.95f, 1);
    style.Colors[ImGuiCol_TitleBg] = ImVec4(0.80f, 0.86f, 0.95f, 1);
    style.WindowBorderSize = 1.0f;
    style.FrameBorderSize = 1.0f;
  } else {
    ImGui::StyleColorsDark(&style);
    // ImGui's bright hover/active blue under white text is about 3:1; a deeper blue is 5:1+.
    const ImVec4 active(0.14f, 0.36f, 0.66f, 1);
    style.Colors[ImGuiCol_ButtonHovered] = active;
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.10f, 0.28f, 0.55f, 1);
    style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.14f, 0.36f, 0.66f, 0.90f);
    style.Colors[ImGuiCol_HeaderActive] = active;
    style.Colors[ImGuiCol_TabHovered] = active;
    style.Colors[ImGuiCol_TextSelectedBg] = ImVec4(0.14f, 0.36f, 0.66f, 0.70f);
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.60f, 0.60f, 0.60f, 1);  // 0.5 grey is 3.4:1 on a frame
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
  return style;
}

void applyTheme(bool light, float scale) {
  gLight = light;
  ImGuiStyle style = themeStyle(light);
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

ImU32 lessonHighlightColor() { return IM_COL32(255, 0, 160, 255); }
float lessonPulse() { return 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 4.0f); }

std::string familyName(zab::Family f, bool chinese) {
  if (!chinese) return std::string(zab::to_string(f));
  switch (f) {
    case zab::Family::Election: return "选举";
    case zab::Family::Transport: return "传输";
    case zab::Family::Discovery: return "发现";
    case zab::Family::Sync: return "同步";
    case zab::Family::Broadcast: return "广播";
    case zab::Family::Heartbeat: return "心跳";
    case zab::Family::Client: return "客户端";
    case zab::Family::Peer: return "服务器";
  }
  return std::string(zab::to_string(f));
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

namespace {
// The two themes' own colours; the style's are in themeStyle.
struct Palette {
  ImU32 panel, text, muted;
  ImU32 committed, diff, snap, cut, leaderRow, banner;
};
const Palette& palette(bool light) {
  static const Palette kLight{IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 255),       IM_COL32(90, 90, 90, 255),
                              IM_COL32(52, 68, 96, 255),    IM_COL32(0, 150, 160, 255),   IM_COL32(140, 70, 190, 255),
                              IM_COL32(200, 20, 40, 255),   IM_COL32(255, 238, 196, 255), IM_COL32(255, 205, 80, 255)};
  static const Palette kDark{IM_COL32(15, 15, 15, 255),    IM_COL32(240, 240, 240, 255), IM_COL32(170, 170, 170, 255),
                             IM_COL32(120, 140, 175, 255), IM_COL32(80, 210, 190, 255),  IM_COL32(220, 150, 250, 255),
                             IM_COL32(255, 95, 95, 255),   IM_COL32(62, 50, 18, 255),    IM_COL32(150, 105, 0, 255)};
  return light ? kLight : kDark;
}
ImU32 toU32(const ImVec4& v) { return ImGui::ColorConvertFloat4ToU32(v); }
double channel(unsigned v) {
  const double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
}  // namespace

ImU32 textColor() { return palette(gLight).text; }
ImU32 mutedColor() { return palette(gLight).muted; }
ImU32 panelColor() { return palette(gLight).panel; }
ImU32 problemColor() { return inkColor(IM_COL32(210, 20, 20, 255), panelColor()); }
ImU32 logCommittedFill() { return palette(gLight).committed; }
ImU32 logDiffFill() { return palette(gLight).diff; }
ImU32 logSnapFill() { return palette(gLight).snap; }
ImU32 logCutColor() { return palette(gLight).cut; }
ImU32 logLeaderRowColor() { return palette(gLight).leaderRow; }
ImU32 bannerColor() { return palette(gLight).banner; }

const char* stateLetter(zab::ServerState s, bool alive) {
  if (!alive) return "X";
  switch (s) {
    case zab::ServerState::LOOKING: return "?";
    case zab::ServerState::FOLLOWING: return "F";
    case zab::ServerState::LEADING: return "L";
    case zab::ServerState::OBSERVING: return "O";
  }
  return "?";
}

double relativeLuminance(ImU32 c) {
  return 0.2126 * channel((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
         0.0722 * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
}

double contrastRatio(ImU32 a, ImU32 b) {
  const double la = relativeLuminance(a), lb = relativeLuminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ImU32 blendOver(ImU32 top, ImU32 bottom) {
  const unsigned a = (top >> IM_COL32_A_SHIFT) & 0xFF;
  auto mix = [&](int shift) {
    const unsigned t = (top >> shift) & 0xFF, b = (bottom >> shift) & 0xFF;
    return (t * a + b * (255 - a) + 127) / 255;
  };
  return IM_COL32(mix(IM_COL32_R_SHIFT), mix(IM_COL32_G_SHIFT), mix(IM_COL32_B_SHIFT), 255);
}

ImU32 onColor(ImU32 fill) {
  const ImU32 black = IM_COL32(0, 0, 0, 255), white = IM_COL32(255, 255, 255, 255);
  return contrastRatio(fill, black) >= contrastRatio(fill, white) ? black : white;
}

ImU32 inkColor(ImU32 c, ImU32 bg) {
  c |= IM_COL32_A_MASK;
  const bool darken = relativeLuminance(bg) > 0.18;
  for (int i = 0; i < 40 && contrastRatio(c, bg) < kMinTextContrast; ++i) {
    auto step = [&](int shift) {
      const unsigned v = (c >> shift) & 0xFF;
      return darken ? v * 9 / 10 : v + (255 - v + 9) / 10;
    };
    c = IM_COL32(step(IM_COL32_R_SHIFT), step(IM_COL32_G_SHIFT), step(IM_COL32_B_SHIFT), 255);
  }
  return c;
}

ImU32 stateInk(zab::ServerState s, bool alive) { return inkColor(stateColor(s, alive), panelColor()); }

std::vector<TextPair> themeTextPairs(bool light) {
  const Palette& p = palette(light);
  const ImGuiStyle style = themeStyle(light);
  std::vector<TextPair> out;
  const ImU32 window = blendOver(toU32(style.Colors[ImGuiCol_WindowBg]), p.panel);
  out.push_back({"text on panel", p.text, p.panel});
  out.push_back({"muted text on panel", p.muted, p.panel});
  // ImGui's own widgets: their text over their backgrounds, those over the window.
  const ImU32 text = toU32(style.Colors[ImGuiCol_Text]), disabled = toU32(style.Colors[ImGuiCol_TextDisabled]);
  const std::pair<const char*, ImGuiCol> backgrounds[] = {
      {"WindowBg", ImGuiCol_WindowBg},       {"ChildBg", ImGuiCol_ChildBg},
      {"PopupBg", ImGuiCol_PopupBg},         {"FrameBg", ImGuiCol_FrameBg},
      {"FrameBgHovered", ImGuiCol_FrameBgHovered}, {"FrameBgActive", ImGuiCol_FrameBgActive},
      {"TitleBg", ImGuiCol_TitleBg},         {"TitleBgActive", ImGuiCol_TitleBgActive},
      {"TitleBgCollapsed", ImGuiCol_TitleBgCollapsed}, {"MenuBarBg", ImGuiCol_MenuBarBg},
      {"Button", ImGuiCol_Button},           {"ButtonHovered", ImGuiCol_ButtonHovered},
      {"ButtonActive", ImGuiCol_ButtonActive}, {"Header", ImGuiCol_Header},
      {"HeaderHovered", ImGuiCol_HeaderHovered}, {"HeaderActive", ImGuiCol_HeaderActive},
      {"Tab", ImGuiCol_Tab},                 {"TabHovered", ImGuiCol_TabHovered},
      {"TabActive", ImGuiCol_TabActive},     {"TabUnfocused", ImGuiCol_TabUnfocused},
      {"TabUnfocusedActive", ImGuiCol_TabUnfocusedActive}, {"TableHeaderBg", ImGuiCol_TableHeaderBg},
      {"TableRowBgAlt", ImGuiCol_TableRowBgAlt}, {"TextSelectedBg", ImGuiCol_TextSelectedBg},
  };
  for (const auto& [name, col] : backgrounds)
    out.push_back({std::string("ImGui Text on ") + name, text, blendOver(toU32(style.Colors[col]), window)});
  out.push_back({"ImGui TextDisabled on WindowBg", disabled, window});
  out.push_back({"ImGui TextDisabled on FrameBg", disabled, blendOver(toU32(style.Colors[ImGuiCol_FrameBg]), window)});
  // Ids and letters on state discs, chips on message colours, the log grid's cells.
  const zab::ServerState states[] = {zab::ServerState::LOOKING, zab::ServerState::FOLLOWING, zab::ServerState::LEADING,
                                     zab::ServerState::OBSERVING};
  for (bool alive : {true, false})
    for (auto s : states) {
      const std::string n = alive ? std::string(zab::to_string(s)) : "down";
      out.push_back({"id on " + n + " disc", onColor(stateColor(s, alive)), stateColor(s, alive)});
      out.push_back({n + " as text on panel", inkColor(stateColor(s, alive), p.panel), p.panel});
      if (!alive) break;
    }
  for (int f = 0; f <= static_cast<int>(zab::Family::Peer); ++f) {
    const ImU32 c = familyColor(static_cast<zab::Family>(f));
    const std::string n(zab::to_string(static_cast<zab::Family>(f)));
    out.push_back({"label on " + n + " message", onColor(c), c});
    out.push_back({n + " as text on panel", inkColor(c, p.panel), p.panel});
  }
  for (const auto& [name, fill] : {std::pair{"committed", p.committed}, {"DIFF", p.diff}, {"SNAP", p.snap}})
    out.push_back({std::string("zxid on ") + name + " cell", onColor(fill), fill});
  out.push_back({"zxid of a cut cell", inkColor(p.cut, p.panel), p.panel});
  out.push_back({"text on the leader's row", p.text, p.leaderRow});
  out.push_back({"muted text on the leader's row", p.muted, p.leaderRow});
  out.push_back({"epoch banner", onColor(p.banner), p.banner});
  return out;
}

std::vector<std::vector<Swatch>> distinctColourGroups(bool light) {
  const Palette& p = palette(light);
  std::vector<Swatch> states;
  for (auto s : {zab::ServerState::LOOKING, zab::ServerState::FOLLOWING, zab::ServerState::LEADING,
                 zab::ServerState::OBSERVING})
    states.push_back({std::string(zab::to_string(s)), stateColor(s, true)});
  states.push_back({"down", stateColor(zab::ServerState::LOOKING, false)});
  std::vector<Swatch> cells{{"committed", p.committed}, {"DIFF", p.diff}, {"SNAP", p.snap}, {"panel", p.panel}};
  return {states, cells};
}

std::string loadFonts(float pixelSize, const std::string& lessonsDir, const std::string& assetsDir) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  static ImVector<ImWchar> ranges;  // read by Build() below, and again by any later rebuild
  const FontList fonts = readFontList(assetsDir + "/fonts.txt");
  std::string note = addUiFonts(*io.Fonts, pixelSize, lessonsDir, fonts, ranges);  // ui/glyph_ranges.cpp
  reserveDiscSprites(*io.Fonts);
  io.Fonts->Build();
  paintDiscSprites(*io.Fonts);
  return note;
}

}  // namespace zabscope
