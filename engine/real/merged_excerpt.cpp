#include "merged_excerpt.hpp"

#include <charconv>
#include <map>

namespace zabscope::real {

std::optional<std::int64_t> excerptPrefix(std::string_view line, std::string_view& rest) {
  if (line.size() < 4 || line[0] != 's') return std::nullopt;
  const std::size_t colon = line.find(':');
  // At most nine digits: a server id is a long, but an excerpt names a handful of servers.
  if (colon == std::string_view::npos || colon < 2 || colon > 10 || colon + 1 >= line.size() || line[colon + 1] != ' ')
    return std::nullopt;
  std::int64_t sid = 0;
  const char* first = line.data() + 1;
  const char* last = line.data() + colon;
  auto [ptr, ec] = std::from_chars(first, last, sid);
  if (ec != std::errc() || ptr != last) return std::nullopt;
  rest = line.substr(colon + 2);
  return sid;
}

std::optional<std::vector<ExcerptPart>> splitMergedExcerpt(std::string_view text) {
  std::vector<ExcerptPart> parts;
  std::map<std::int64_t, std::size_t> partOf;  // sid -> index in parts
  std::optional<std::size_t> current;          // the part of the line above
  int lineNo = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view rest;
    if (auto sid = excerptPrefix(line, rest)) {
      auto [it, added] = partOf.try_emplace(*sid, parts.size());
      if (added) parts.push_back(ExcerptPart{*sid, {}, {}});
      current = it->second;
    } else if (!current) {
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines before the first
      return std::nullopt;  // the first line names no server: a plain log
    } else {
      rest = line;  // a continuation of the line above
    }
    ExcerptPart& part = parts[*current];
    part.text.append(rest);
    part.text.push_back('\n');
    part.lineNumbers.push_back(lineNo);
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

}  // namespace zabscope::real
