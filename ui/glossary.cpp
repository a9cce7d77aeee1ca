#include "glossary.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace zabscope {
namespace {

std::vector<std::string_view> splitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return cols;
    start = tab + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool containsFolded(std::string_view hay, std::string_view needle) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != hay.end();
}

}  // namespace

Glossary parseGlossary(std::string_view text, const std::string& file) {
  Glossary g;
  int n = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++n;
    if (trim(line).empty() || line.front() == '#' || line.starts_with("English\t")) continue;
    auto cols = splitTabs(line);
    if (cols.size() < 2 || trim(cols[0]).empty() || trim(cols[1]).empty()) {
      g.errors.push_back(fmt::format("{}:{}: a glossary row needs an English and a Chinese term, separated by a tab", file, n));
      continue;
    }
    if (cols.size() > 4) {
      g.errors.push_back(fmt::format("{}:{}: {} columns; a glossary row has at most 4 (English, Chinese, ZooKeeper, note)",
                                     file, n, cols.size()));
      continue;
    }
    GlossaryEntry e;
    e.english = trim(cols[0]);
    e.chinese = trim(cols[1]);
    if (cols.size() > 2) e.zookeeper = trim(cols[2]);
    if (cols.size() > 3) e.note = trim(cols[3]);
    e.line = n;
    g.entries.push_back(std::move(e));
  }
  return g;
}

bool glossaryMatches(const GlossaryEntry& e, std::string_view filter) {
  filter = trim(filter);
  if (filter.empty()) return true;
  return containsFolded(e.english, filter) || containsFolded(e.chinese, filter) || containsFolded(e.zookeeper, filter) ||
         containsFolded(e.note, filter);
}

}  // namespace zabscope
