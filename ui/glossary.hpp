#pragma once
// The lessons' glossary (lessons/glossary.tsv): one English and one Chinese term per concept,
// with the name a student finds in ZooKeeper's source. The lessons are checked against it
// (tools/lesson_text_check.py); the app shows it (Help > Glossary) so a student reading a
// lesson in one language can find the other language's word and the Java class to open.
#include <string>
#include <string_view>
#include <vector>

namespace zabscope {

struct GlossaryEntry {
  std::string english, chinese, zookeeper, note;
  int line = 0;  // in the .tsv, for error messages
};

struct Glossary {
  std::vector<GlossaryEntry> entries;
  std::vector<std::string> errors;  // "FILE:LINE: problem"; the good rows are still kept
};

// Tab-separated: English, Chinese, ZooKeeper name, note. Lines starting with '#' and the header
// row ("English\tChinese...") are skipped; a row without both terms is an error naming its line.
Glossary parseGlossary(std::string_view text, const std::string& file);

// Entries whose any column contains `filter` (ASCII case-insensitive; Chinese as bytes).
bool glossaryMatches(const GlossaryEntry& e, std::string_view filter);

}  // namespace zabscope
