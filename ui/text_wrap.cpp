#include "text_wrap.hpp"

namespace zabscope {

namespace {

// One UTF-8 character: its code point and its length in bytes (a bad byte counts as one).
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) len = 1;
  if (len == 1) return c;
  char32_t cp = c & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

bool isCjk(char32_t c) { return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF); }

// Closing punctuation never starts a line.
bool closing(char32_t c) {
  switch (c) {
    case U'，': case U'。': case U'：': case U'；': case U'）': case U'！': case U'？': case U'、': case U'」':
    case U'』': case U'”': case U'’': case U'》': case ')': case ',': case '.': case ':': case ';':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<std::string> wrapLines(std::string_view text, float width, const std::function<float(char32_t)>& advance) {
  std::vector<std::string> lines;
  std::size_t lineStart = 0, lastBreak = std::string_view::npos;
  float lineWidth = 0, widthAtBreak = 0;
  char32_t prev = 0;
  std::size_t i = 0;
  auto emit = [&](std::size_t end, std::size_t next) {
    std::string_view l = text.substr(lineStart, end - lineStart);
    while (!l.empty() && l.back() == ' ') l.remove_suffix(1);
    lines.emplace_back(l);
    lineStart = next;
  };
  while (i < text.size()) {
    std::size_t len = 1;
    const char32_t c = decode(text, i, len);
    if (c == '\n') {
      emit(i, i + 1);
      lineWidth = 0;
      lastBreak = std::string_view::npos;
      prev = 0;
      i += 1;
      continue;
    }
    // A break opportunity before this character: after a space, or next to a CJK character.
    if (i > lineStart && !closing(c) && (prev == ' ' || isCjk(c) || isCjk(prev))) {
      lastBreak = i;
      widthAtBreak = lineWidth;
    }
    const float w = advance(c);
    if (lineWidth + w > width && i > lineStart && c != ' ') {
      if (lastBreak != std::string_view::npos && lastBreak > lineStart) {
        emit(lastBreak, lastBreak);
        lineWidth -= widthAtBreak;
      } else {
        emit(i, i);  // one word wider than the line: cut it
        lineWidth = 0;
      }
      while (lineStart < text.size() && text[lineStart] == ' ') {  // no leading spaces
        lineWidth -= advance(' ');
        ++lineStart;
      }
      if (lineWidth < 0) lineWidth = 0;
      lastBreak = std::string_view::npos;
    }
    lineWidth += w;
    prev = c;
    i += len;
  }
  if (lineStart < text.size()) emit(text.size(), text.size());
  return lines;
}

}  // namespace zabscope
