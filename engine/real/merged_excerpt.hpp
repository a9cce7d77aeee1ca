#pragma once
// A merged excerpt: several servers' log lines in one file, each line prefixed with the server
// that wrote it ("s1: 2026-11-22 02:17:39,691 [myid:1] - INFO  [...] - LOOKING"), the way course
// notes and bug reports quote an ensemble. ZooKeeper itself writes one file per server without
// the prefix; the importer splits such an excerpt into one log per server and keeps the merged
// file's line numbers, so that file:line references point into the file the user opened.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zabscope::real {

struct ExcerptPart {
  std::int64_t sid = 0;
  std::string text;              // its lines, the prefix taken off, '\n' after each
  std::vector<int> lineNumbers;  // for each of those lines, its number in the merged file
};

// The server a merged line names ("s12: ..." -> 12, with the rest of the line in `rest`), or
// nullopt: no "s<digits>: " at its start.
std::optional<std::int64_t> excerptPrefix(std::string_view line, std::string_view& rest);

// The parts of a merged excerpt in the order their servers first appear, or nullopt when
// `text` is not one (its first non-empty line has no prefix). A line without a prefix inside
// an excerpt (a wrapped message, a stack trace) goes with the line above it.
std::optional<std::vector<ExcerptPart>> splitMergedExcerpt(std::string_view text);

}  // namespace zabscope::real
