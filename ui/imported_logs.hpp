#pragma once
// Real ZooKeeper logs opened in the app (File > Open logs, `zabscope --logs`): the imported
// timeline (engine/real/zk_log_import.hpp) and a cursor over its events. Read-only: nothing
// here can change what happened, so stepping and scrubbing only move the cursor. Headless, so
// it is unit-tested without a window; ui/imported_logs_view.cpp draws it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "real/zk_log_import.hpp"
#include "zab/types.hpp"

namespace zabscope {

class ImportedLogs {
 public:
  // Reads and imports the logs (FILE or SID=FILE each). nullopt with file:line errors on failure.
  static std::optional<ImportedLogs> open(const std::vector<std::string>& specs, std::vector<std::string>& errors,
                                          const std::string& pattern = "");
  // File > Open logs picks one server's log: it and every other *.log beside it, sorted.
  static std::vector<std::string> logsBeside(const std::string& path);

  const real::ImportedTimeline& timeline() const { return timeline_; }
  const std::vector<std::string>& paths() const { return paths_; }

  // ---- the cursor: how many events have happened (0 .. size) ----
  std::size_t cursor() const { return cursor_; }
  std::size_t size() const { return timeline_.events.size(); }
  bool stepForward();
  bool stepBack();
  void jumpTo(std::size_t k) { cursor_ = std::min(k, size()); }
  // Scrubbing by time: every event at or before `timeMs` has happened.
  void jumpToTime(std::int64_t timeMs);
  // Until the next event of `kind` (inclusive); false when there is none.
  bool stepUntil(real::EventKind kind);
  std::int64_t timeMs() const;  // the time of the last event that happened (0 before the first)
  std::int64_t endMs() const { return timeline_.events.empty() ? 0 : timeline_.events.back().timeMs; }

  // ---- what the views read ----
  std::vector<real::ServerView> servers() const;  // each server after the last event that happened
  std::optional<zab::Sid> leader() const;          // the leader a quorum of the logged servers follows
  // The explained lines of event i (cached: the event log asks for the same ones every frame).
  const std::vector<std::string>& explained(std::size_t i) const;

 private:
  real::ImportedTimeline timeline_;
  std::vector<std::string> paths_;
  std::size_t cursor_ = 0;
  mutable std::vector<std::vector<std::string>> explained_;
};

}  // namespace zabscope
