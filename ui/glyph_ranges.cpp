#include "glyph_ranges.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <imgui_internal.h>

namespace zabscope {

const char* const kUiText =
    "一上下中件作你入全共列取后在完成我才操放文新替本查检步源满的码程第能表读课足进部重阅宕屏擎轴帧吻";

namespace {
bool fileExists(const char* p) {
  if (FILE* f = std::fopen(p, "rb")) {
    std::fclose(f);
    return true;
  }
  return false;
}
}  // namespace

std::string lessonText(const std::string& lessonsDir) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(lessonsDir, ec))
    if (f.path().extension() == ".lesson") paths.push_back(f.path().string());
  std::sort(paths.begin(), paths.end());
  std::string out;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out += ss.str();
    out += '\n';
  }
  return out;
}

const ImWchar* glyphRangesFor(const std::string& text, ImVector<ImWchar>& out) {
  // A throwaway atlas only lends its static range tables.
  ImFontAtlas tables;
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(tables.GetGlyphRangesDefault());
  builder.AddRanges(tables.GetGlyphRangesChineseSimplifiedCommon());
  builder.AddText(text.c_str(), text.c_str() + text.size());
  out.clear();
  builder.BuildRanges(&out);
  return out.Data;
}

std::string addUiFonts(ImFontAtlas& atlas, float pixelSize, const std::string& lessonsDir, const FontList& fonts,
                       ImVector<ImWchar>& ranges) {
  const ImWchar* shown = glyphRangesFor(lessonText(lessonsDir) + kUiText, ranges);
  std::string note;
  for (const auto& p : fonts.problems) note += (note.empty() ? "" : "; ") + p;
  bool haveLatin = false;
  for (const auto& p : fonts.latin)
    // The shown ranges here too: arrows and dashes that DejaVu has come from it; what it lacks
    // comes from the CJK font merged below.
    if (fileExists(p.c_str()) && atlas.AddFontFromFileTTF(p.c_str(), pixelSize, nullptr, shown)) {
      haveLatin = true;
      break;
    }
  if (!haveLatin) {
    ImFontConfig cfg;
    cfg.SizePixels = pixelSize;
    atlas.AddFontDefault(&cfg);
  }
  for (const auto& p : fonts.cjk) {
    if (!fileExists(p.c_str())) continue;
    ImFontConfig cfg;
    cfg.MergeMode = true;
    atlas.AddFontFromFileTTF(p.c_str(), pixelSize, &cfg, shown);
    return note;
  }
  return note + (note.empty() ? "" : "; ") +
         "Chinese text needs a CJK font: apt-get install fonts-wqy-microhei (or fonts-noto-cjk)";
}

std::vector<unsigned> codepoints(const std::string& utf8) {
  std::vector<unsigned> out;
  const char* p = utf8.c_str();
  const char* end = p + utf8.size();
  while (p < end) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    if (c != IM_UNICODE_CODEPOINT_INVALID) out.push_back(c);
  }
  return out;
}

}  // namespace zabscope
