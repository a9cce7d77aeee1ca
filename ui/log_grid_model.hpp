#pragma once
// The txn-log grid, headless (no ImGui): one row per server, one column per zxid, as
// RaftScope draws its log. A cell says whether that server holds the txn and how: committed
// (applied to its tree), logged but not committed, proposed but not yet fsynced, or cut off
// by a TRUNC. Cells a sync brought are marked with the sync (DIFF: copied, SNAP: replaced).
//
// Runs can hold a million txns, so nothing here walks a whole log: each row is a sorted
// sequence (the delivered history, an AppendLog, plus a few uncommitted txns), columns are
// found by merging the rows backwards from an anchor zxid, and a build costs
// O(rows x (log n + visible columns)).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/simulation.hpp"

namespace zabscope {

enum class CellState : std::uint8_t {
  Committed,  // applied to the server's tree (in its delivered history)
  Logged,     // in its txn log, not committed yet
  Unflushed,  // received, not on its disk yet (waiting for the fsync, or for NEWLEADER in a sync)
  Cut,        // removed by the last TRUNC (shown struck out)
};
enum class CellOrigin : std::uint8_t { Own, Diff, Snap };

struct LogCell {
  bool present = false;  // false: this server has no txn at that zxid
  CellState state = CellState::Committed;
  CellOrigin origin = CellOrigin::Own;
  // Applied to the tree but still waiting for its fsync: a learner applies COMMITs (at UPTODATE,
  // or a leader's COMMIT in broadcast) whatever its disk has done. Drawn dashed inside the fill.
  bool notOnDisk = false;
};

// One server's sequence of zxids, sorted, with random access: the delivered history (shared,
// never copied) followed by a short sorted list of the rest (uncommitted, unflushed, cut).
struct LogRowSource {
  const zab::AppendLog<zab::HistoryEntry>* history = nullptr;
  std::vector<std::pair<zab::Zxid, CellState>> extras;  // sorted by zxid, few
  std::size_t historySize() const { return history ? history->size() : 0; }
  zab::Zxid historyZxid(std::size_t i) const { return (*history)[i].zxid; }
  std::size_t size() const { return historySize() + extras.size(); }
  std::optional<zab::Zxid> newest() const;
};

struct LogRow {
  zab::Sid sid = 0;
  bool alive = false;
  bool leader = false;  // the ensemble's current leader
  zab::ServerState state = zab::ServerState::LOOKING;
  bool observer = false;
  // The last sync this server received while its current learner lasts: which, the zxid the
  // packet named, what it had before, and whether it is still being applied.
  std::optional<zab::SyncMode> sync;
  zab::Zxid syncZxid = 0;
  zab::Zxid syncFrom = 0;
  bool syncing = false;
  bool syncCarried = false;    // the sync brought txns (its oldest held txn is at or before syncZxid)
  std::size_t cellCount = 0;   // txns the server holds (committed + not)
  std::size_t cutCount = 0;    // cells the TRUNC removed (shown as Cut)
  std::vector<LogCell> cells;  // one per visible column
  std::string tag() const;     // "SNAP at 2:7", "DIFF 1:1 -> 1:3", "TRUNC to 1:3" (empty: none)
};

// "epoch 3 established: S2 leads".
struct EpochBanner {
  zab::Epoch epoch = 0;
  zab::Sid leader = 0;
  std::int64_t atMs = 0;
  bool fresh = false;  // established less than kFreshMs of virtual time ago
  static constexpr std::int64_t kFreshMs = 2000;
  std::string text() const;
};

struct LogGridModel {
  std::vector<zab::Zxid> columns;  // visible, oldest first
  std::vector<LogRow> rows;        // by sid
  bool olderHidden = false;        // columns before the first are not shown
  bool newerHidden = false;        // the anchor is behind the newest zxid
  std::optional<EpochBanner> banner;
  // Without a banner: the leader a quorum follows while its epoch is still being established
  // (discovery, sync), so that the Log tab agrees with the header's "leader: S3".
  std::optional<zab::Sid> leaderNotEstablished;
  // True when column i starts a new epoch (i == 0 counts when the epoch is shown first).
  bool epochStartsAt(std::size_t i) const {
    return i == 0 || zab::epochOf(columns[i]) != zab::epochOf(columns[i - 1]);
  }
};

// The merge itself: at most `maxColumns` columns, newest <= anchor, and each row's cell in each.
struct MergedColumns {
  std::vector<zab::Zxid> columns;            // oldest first
  std::vector<std::vector<LogCell>> cells;   // [row][column]
  bool olderHidden = false;
  bool newerHidden = false;
};
MergedColumns mergeLogRows(const std::vector<LogRowSource>& rows, std::size_t maxColumns,
                           std::optional<zab::Zxid> anchor);

// Each server's row source, by sid (the order of sim.peers()).
std::vector<LogRowSource> logRowSources(const zab::sim::Simulation& sim);

// The grid with at most `maxColumns` columns whose newest is the newest zxid <= `anchor`
// (nullopt: the newest zxid of all).
LogGridModel buildLogGrid(const zab::sim::Simulation& sim, std::size_t maxColumns,
                          std::optional<zab::Zxid> anchor = std::nullopt);

// Scrolling: the anchor `delta` distinct zxids older (< 0) or newer (> 0) than `anchor`.
// Newer past the newest returns nullopt (follow the newest again).
std::optional<zab::Zxid> shiftLogAnchor(const std::vector<LogRowSource>& rows, std::optional<zab::Zxid> anchor,
                                        long delta);

}  // namespace zabscope
