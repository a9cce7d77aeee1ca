#include "fitted_text.hpp"

#include <cctype>

namespace zabscope {

std::string fitToWidth(std::string_view text, float room, const std::function<float(std::string_view)>& width) {
  if (width(text) <= room) return std::string(text);
  std::string line(text);
  while (!line.empty()) {
    // Drop the last character: its UTF-8 continuation bytes, then its lead byte.
    while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80) line.pop_back();
    if (!line.empty()) line.pop_back();
    // No dangling separator before the dots.
    while (!line.empty() && (line.back() == ' ' || line.back() == ',' || line.back() == ';')) line.pop_back();
    if (width(line + "...") <= room) {
      // Not in the middle of a word ("faults; cl..."): back to the last space, unless that
      // throws away more than half the line (and Chinese has no spaces to go back to).
      const std::size_t space = line.find_last_of(' ');
      if (std::isalnum(static_cast<unsigned char>(text[line.size()])) && space != std::string::npos && space > line.size() / 2) {
        line.resize(space);
        while (!line.empty() && (line.back() == ' ' || line.back() == ',' || line.back() == ';')) line.pop_back();
      }
      return line + "...";
    }
  }
  return width("...") <= room ? "..." : "";
}

}  // namespace zabscope
