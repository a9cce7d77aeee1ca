#pragma once
// The fonts the app draws with, as assets/fonts.txt lists them: one "ROLE PATH" per line,
// `latin` (the base font) or `cjk` (merged in for Chinese), in order of preference. Data, not
// code, so that a machine with its fonts elsewhere needs no rebuild.
#include <string>
#include <vector>

namespace zabscope {

struct FontList {
  std::vector<std::string> latin;  // candidates for the base font, first existing file wins
  std::vector<std::string> cjk;    // candidates for the merged Chinese font
  // "assets/fonts.txt:4: unknown role 'greek' (expected latin or cjk)"; the other lines still count.
  std::vector<std::string> problems;
};

// Reads `path` (at most 64 KiB and 1,000 lines: a font list is a handful of lines).
FontList readFontList(const std::string& path);

}  // namespace zabscope
