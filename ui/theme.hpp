#pragma once
// Colours and sizes. Everything scales with the font size so a projector at 2x works.
#include <imgui.h>

#include <string>
#include <vector>

#include "zab/peer_io.hpp"
#include "zab/types.hpp"

namespace zabscope {

void applyTheme(bool light, float scale);
// The ImGui style of a theme, unscaled, without touching the ImGui context (tests read it).
ImGuiStyle themeStyle(bool light);
ImU32 stateColor(zab::ServerState s, bool alive);
// A letter beside every state colour, so that a state never rests on colour alone:
// L leading, F following, O observing, ? looking, X down.
const char* stateLetter(zab::ServerState s, bool alive);
ImU32 familyColor(zab::Family f);
// The family's name beside its colour in the legends: Chinese when asked, else the engine's own
// name (zab::to_string).
std::string familyName(zab::Family f, bool chinese);
// Line widths are whole pixels: ImGui then draws an anti-aliased line from its baked texture,
// 2 triangles a segment instead of 6, which a software renderer feels (disc_sprites.hpp).
float lineWidth(float w);
ImU32 textColor();
ImU32 mutedColor();
ImU32 panelColor();  // the window background of the current theme (the clear colour)
ImU32 problemColor(); // a broken invariant's words (the Event log, the presenter's caption)
// What a lesson step points at (a peer, a message, a tab): one pink, pulsing (0..1, four times a second-ish).
ImU32 lessonHighlightColor();
float lessonPulse();

// ---- contrast (WCAG 2.x) ----
double relativeLuminance(ImU32 c);          // sRGB, alpha ignored
double contrastRatio(ImU32 a, ImU32 b);     // 1 .. 21
ImU32 blendOver(ImU32 top, ImU32 bottom);   // `top` with its alpha over an opaque `bottom`
constexpr double kMinTextContrast = 4.5;    // WCAG AA for normal text
// Text on a filled shape: black or white, whichever contrasts more (at least 4.58:1 for any fill).
ImU32 onColor(ImU32 fill);
// A colour used as text on `bg`: the same hue, darkened (light bg) or lightened (dark bg)
// until it reaches kMinTextContrast.
ImU32 inkColor(ImU32 c, ImU32 bg);
// The state colour as text on the current theme's panel.
ImU32 stateInk(zab::ServerState s, bool alive);

// Every text / background pair the themes define, for the contrast test.
struct TextPair {
  std::string what;
  ImU32 text = 0;
  ImU32 background = 0;  // opaque
};
std::vector<TextPair> themeTextPairs(bool light);
// The colours that must stay apart under colour-vision deficiencies, by group (the ensemble's
// states; the log grid's cell kinds).
struct Swatch {
  std::string name;
  ImU32 colour = 0;
};
std::vector<std::vector<Swatch>> distinctColourGroups(bool light);

// ---- the txn-log grid (log_grid.cpp) ----
ImU32 logCommittedFill();  // a committed txn of the server's own
ImU32 logDiffFill();       // copied to it by a DIFF
ImU32 logSnapFill();       // came with a SNAP
ImU32 logCutColor();       // the strike through a txn a TRUNC removed
ImU32 logLeaderRowColor(); // the leader's row background
ImU32 bannerColor();       // "epoch 3 established" while it is fresh
// Loads the fonts assets/fonts.txt lists (a Latin one, a CJK one merged in); returns a note for
// the user ("" when all is well): a problem in the list, or no CJK font installed.
std::string loadFonts(float pixelSize, const std::string& lessonsDir = "lessons", const std::string& assetsDir = "assets");

}  // namespace zabscope
