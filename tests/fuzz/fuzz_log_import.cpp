// libFuzzer target: the real-log importer (engine/real) on one file of arbitrary text, as a
// plain server log and as a merged excerpt ("s1: ..." lines), then every output it makes: the
// explained timeline, the outcome JSON, the ShiViz log and the server views.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "real/merged_excerpt.hpp"
#include "real/zk_log_import.hpp"

using namespace zabscope::real;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (auto parts = splitMergedExcerpt(text)) {
    for (const auto& p : *parts) {
      if (p.lineNumbers.empty()) std::abort();  // a part is made by a line
      for (std::size_t i = 1; i < p.lineNumbers.size(); ++i)
        if (p.lineNumbers[i] <= p.lineNumbers[i - 1]) std::abort();  // in file order
    }
  }
  for (const auto& file : {LogFile{"fuzz.log", text, std::nullopt}, LogFile{"fuzz.log", text, Sid{1}}}) {
    const ImportResult r = importLogs({file});
    for (const auto& e : r.errors)
      if (e.message.empty()) std::abort();  // every error says what is wrong
    if (!r.timeline) continue;
    const ImportedTimeline& t = *r.timeline;
    for (const auto& w : t.warnings)
      if (w.message.empty()) std::abort();
    (void)timelineText(t);
    (void)outcomeToJson(t).dump();
    (void)toShiviz(t);
    for (std::size_t i = 0; i < t.events.size(); i += 1 + t.events.size() / 8) {
      (void)viewAt(t, i);
      (void)eventToJson(t, i).dump();
    }
  }
  return 0;
}
