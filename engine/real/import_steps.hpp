#pragma once
// The steps of importLogs() after the lines are read, one file each:
//   message_matching.cpp  pairs a notification's or a sync's send with its receipt
//   clock_skew.cpp        estimates per-server clock offsets from the matched pairs
//   server_views.cpp      replays the events into what each server looked like after each
#include "zk_log_import.hpp"

namespace zabscope::real {

// Fills t.messages from t.events (ordered by log time; a server's own events in file order).
void matchMessages(ImportedTimeline& t);

// Sets t.clockOffsetMs, t.ownLanes and skew warnings, from t.messages and the events' logTimeMs.
// Events' timeMs are not touched.
void estimateClockOffsets(ImportedTimeline& t);

// Fills t.after from t.events (ordered by timeMs).
void replayServerViews(ImportedTimeline& t);

// Tolerated receipt-before-send in ms: the sender's own copy is logged by another thread,
// slightly after the frames left.
inline constexpr std::int64_t kSkewSlackMs = 5;

}  // namespace zabscope::real
