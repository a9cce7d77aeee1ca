#pragma once
// One run of an ensemble as the comparison view (ui/comparison.hpp) draws it: per server, its
// state over time, and the messages both the engine and the real logs can show (notifications,
// FOLLOWERINFO, DIFF/SNAP/TRUNC). The engine's run (engine_lanes.hpp) and the real ensemble's
// logs (lanesFromImported) become the same shape, so one set of rules aligns, measures and draws
// both: "the same failover twice". Times are the run's own ms (engine: virtual ms since the
// scenario began; real: ms since the earliest log line). Headless; unit-tested.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "real/zk_log_import.hpp"
#include "zab/types.hpp"

namespace zabscope {

// A server's state from `timeMs` on (until its next LaneState).
struct LaneState {
  std::int64_t timeMs = 0;
  zab::Sid sid = 0;
  bool alive = false;                      // its process runs (the logs: started, not known gone)
  std::optional<zab::ServerState> state;   // unknown before the logs say (a JVM starting)
  std::optional<std::int64_t> currentEpoch;
  std::optional<std::int64_t> lastZxid;
  bool sameAs(const LaneState& o) const {
    return alive == o.alive && state == o.state && currentEpoch == o.currentEpoch && lastZxid == o.lastZxid;
  }
};

struct LaneMessage {
  enum class Kind { Notification, FollowerInfo, Sync };
  Kind kind = Kind::Notification;
  zab::Sid from = 0, to = 0;
  std::int64_t sentMs = 0, receivedMs = 0;
  bool sendKnown = true;  // false: the logs show only its receipt (drawn as a stub)
  std::string label;      // DIFF, SNAP, TRUNC (Sync only)
};

struct LaneTimeline {
  std::vector<zab::Sid> servers;   // ascending
  std::vector<LaneState> states;   // by time; the first of each server is its first known state
  std::vector<LaneMessage> messages;
  std::int64_t endMs = 0;          // the last thing that happened

  // The server's state at `timeMs` (the last LaneState at or before it); nullopt before its first.
  std::optional<LaneState> stateAt(zab::Sid sid, std::int64_t timeMs) const;
  // The leader at `timeMs`: a live LEADING server (the newest epoch when two claim it).
  std::optional<zab::Sid> leaderAt(std::int64_t timeMs) const;
  // Every instant something changed or a message was sent or received, ascending, unique.
  std::vector<std::int64_t> eventTimes() const;
};

// "The failover begins": the first time a live server that was FOLLOWING or LEADING goes LOOKING
// while the leadership is gone or changed (its leader died or stalled, or it lost its quorum; not
// a follower that dropped its own connection while its leader went on). The same rule on both runs, so a kill
// (noticed at once: the kernel resets the connections) and a crash (noticed after syncLimit)
// line up alike. nullopt when no server ever lost its leader.
std::optional<std::int64_t> failoverStart(const LaneTimeline& t);

// The failover's result: the first time at or after `fromMs` that a live server turns LEADING.
struct NewLeader {
  zab::Sid sid = 0;
  std::int64_t atMs = 0;
  std::optional<std::int64_t> epoch;  // its current epoch once it leads the quorum (when known)
};
std::optional<NewLeader> firstLeaderAfter(const LaneTimeline& t, std::int64_t fromMs);

// Imported real logs as lanes: the state after each event, the matched messages, and the
// receipts whose send no log shows (stubs).
LaneTimeline lanesFromImported(const real::ImportedTimeline& t);

}  // namespace zabscope
