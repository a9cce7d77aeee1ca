#pragma once
// The legend: every abbreviation the views use, with what it means. The help overlay lists it
// and the canvas shows the matching entry as a tooltip when the mouse is over a card line or a
// message label, so nothing on screen goes unexplained.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lesson.hpp"

namespace zabscope {

struct NotationEntry {
  const char* term;     // as it appears, e.g. "(S3, 1:2) ep1"
  const char* meaning;
  const char* prefix;   // a card or label text that starts with this is explained by the entry
};

std::span<const NotationEntry> notationLegend();
// The entry explaining a piece of canvas text (nullptr: none).
const NotationEntry* explainNotation(std::string_view text);
// What one vote says, field by field, for a message's tooltip: the legend's first entry with
// this vote's own numbers rather than its example's.
std::string voteMeaning(std::int64_t leader, std::int64_t zxid, std::int64_t peerEpoch, Language lang);

}  // namespace zabscope
