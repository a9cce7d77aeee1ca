#pragma once
// The steps of importLogs() after the lines are read, one file each:
//   message_matching.cpp  pairs a notification's or a sync's send with its receipt
//   clock_skew.cpp        estimates per-server clock offsets from the matched pairs
//   server_views.cpp      replays the events into what each server looked like after each
#include "zk_log_import.hpp"

namespace zabscope::real {

// Fills t.messages from t.events (ordered by log time; a server's own events in file order).
// `byTime`: among identical sends, pair a receipt with the latest one not after it, in log time
// corrected by t.clockOffsetMs; otherwise strictly in order (for a first pass under unknown skew).
void matchMessages(ImportedTimeline& t, bool byTime);

// What the matched messages say about the clocks, in log time corrected by t.clockOffsetMs.
struct SkewFinding {
  enum class Status { Agree, Corrected, Contradiction } status = Status::Agree;
  std::string example;  // the worst receipt-before-send, with file:line of both ends
};
// Adds the corrections it finds to t.clockOffsetMs (not on a contradiction).
SkewFinding estimateClockOffsets(ImportedTimeline& t);

// Matching and skew together: sets t.messages, t.clockOffsetMs, t.ownLanes and the warnings.
void matchAndCorrectClocks(ImportedTimeline& t);

// Fills t.after from t.events (ordered by timeMs).
void replayServerViews(ImportedTimeline& t);

}  // namespace zabscope::real
