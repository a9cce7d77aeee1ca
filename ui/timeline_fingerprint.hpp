#pragma once
// Cheap checks for the panels that cache work over the timeline (the event log's filtered
// lines, the space-time diagram's send times): is it still the same line of history, and is
// the last entry they scanned still the entry they saw? Going back, forking or switching
// branches changes one or the other, and the cache is rebuilt.
#include <cstdint>

#include "session.hpp"

namespace zabscope {

// Which line of history the entries are: forking and switching branches rename the branches.
std::uint64_t timelineSignature(const Session& s);
// One entry: its action and, when it ran, the record it made.
std::uint64_t entryFingerprint(const Entry& e);

}  // namespace zabscope
