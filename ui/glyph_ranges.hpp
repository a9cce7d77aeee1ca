#pragma once
// The fonts' glyphs are chosen from the text the app will show: every lesson file and the UI's
// own strings, on top of ImGui's common Simplified Chinese set. A character outside the common
// set (崩, 溃, 诺, 宕 in the lessons) would otherwise be drawn as '?'.
#include <imgui.h>

#include <string>
#include <vector>

#include "font_list.hpp"

namespace zabscope {

// The non-ASCII characters of the UI's string literals (ui/*.cpp, app/*.cpp). A test scans the
// sources and fails when a literal uses a character that is not here.
extern const char* const kUiText;

// Every lesson file's text in `lessonsDir`, concatenated.
std::string lessonText(const std::string& lessonsDir);

// Ranges for ImFontAtlas::AddFont*: ImGui's defaults + the common Chinese set + every codepoint
// of `text`. `out` owns the storage (keep it alive until the atlas is built).
const ImWchar* glyphRangesFor(const std::string& text, ImVector<ImWchar>& out);

// The fonts the app draws with, added to `atlas` (not built): the first existing latin font of
// `fonts` (or ImGui's own) with the first existing CJK font merged in (assets/fonts.txt).
// Returns a note for the user ("" when all is well): the list's problems, or that no CJK font
// is installed.
std::string addUiFonts(ImFontAtlas& atlas, float pixelSize, const std::string& lessonsDir, const FontList& fonts,
                       ImVector<ImWchar>& ranges);

// Codepoints of a UTF-8 string (invalid bytes are skipped).
std::vector<unsigned> codepoints(const std::string& utf8);

}  // namespace zabscope
