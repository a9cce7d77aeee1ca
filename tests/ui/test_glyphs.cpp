// Every character the app shows has a glyph: each lesson file's text and the UI's own string
// literals, looked up in the font atlas the app builds (built here headless: ImFontAtlas needs
// no window or GL context).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <imgui_internal.h>

#include "glyph_ranges.hpp"

using namespace zabscope;

namespace {

const std::string kSource = ZABSCOPE_SOURCE_DIR;

// The characters of `text` (beyond ASCII) that `font` has no glyph for, as "崩 (U+5D29)".
std::vector<std::string> missingGlyphs(ImFont* font, const std::string& text) {
  std::set<unsigned> seen;
  std::vector<std::string> out;
  for (unsigned c : codepoints(text)) {
    if (c < 0x80 || c == 0xFEFF || !seen.insert(c).second) continue;
    if (c > 0xFFFF || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
      std::string utf8;
      char buf[8] = {};
      ImTextCharToUtf8(buf, c);
      out.push_back(fmt::format("{} (U+{:04X})", buf, c));
    }
  }
  return out;
}

// The string literals of the GUI's sources: what the UI can show.
std::string uiLiterals() {
  std::string out;
  const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  for (const char* dir : {"ui", "app"}) {
    for (const auto& f : std::filesystem::directory_iterator(kSource + "/" + dir)) {
      const auto ext = f.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      std::ifstream in(f.path());
      std::string line;
      while (std::getline(in, line)) {
        if (auto c = line.find("// "); c != std::string::npos) line = line.substr(0, c);  // comments
        for (std::sregex_iterator it(line.begin(), line.end(), literal), end; it != end; ++it) out += (*it)[1].str();
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("ui glyphs: every character of every lesson and UI string has a glyph in the app's font") {
  ImFontAtlas atlas;
  ImVector<ImWchar> ranges;
  const std::string note =
      addUiFonts(atlas, 16.0f, kSource + "/lessons", readFontList(kSource + "/assets/fonts.txt"), ranges);
  INFO("a font problem (no CJK font installed?): " << note);
  REQUIRE(note.empty());
  REQUIRE(atlas.Build());
  ImFont* font = atlas.Fonts[0];

  const std::string lessons = lessonText(kSource + "/lessons");
  REQUIRE(lessons.size() > 10000);
  auto missingInLessons = missingGlyphs(font, lessons);
  for (const auto& m : missingInLessons) FAIL_CHECK("a lesson uses " << m << ", which has no glyph");
  auto missingInUi = missingGlyphs(font, uiLiterals());
  for (const auto& m : missingInUi)
    FAIL_CHECK("a UI string uses " << m << ", which has no glyph: add it to kUiText (ui/glyph_ranges.cpp)");
}

TEST_CASE("ui glyphs: the common Chinese set alone misses characters the lessons use (what this guards)") {
  ImFontAtlas atlas;
  ImFontConfig cfg;
  cfg.SizePixels = 16.0f;
  atlas.AddFontDefault(&cfg);
  ImFontConfig merge;
  merge.MergeMode = true;
  const char* cjk = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
  if (!std::filesystem::exists(cjk)) return;  // the test above reports the missing font
  atlas.AddFontFromFileTTF(cjk, 16.0f, &merge, atlas.GetGlyphRangesChineseSimplifiedCommon());
  REQUIRE(atlas.Build());
  auto missing = missingGlyphs(atlas.Fonts[0], lessonText(kSource + "/lessons"));
  std::string list;
  for (const auto& m : missing) list += m + " ";
  INFO("missing with GetGlyphRangesChineseSimplifiedCommon: " << list);
  // The exact count follows the lesson text (8 when the glossary replaced 宕机 by 杀掉/崩溃);
  // what matters is that the common set alone is not enough.
  CHECK(missing.size() >= 5);
}
