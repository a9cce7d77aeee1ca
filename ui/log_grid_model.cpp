#include "log_grid_model.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "zab/zxid.hpp"

namespace zabscope {

using zab::Zxid;

namespace {

// A TRUNC cuts (syncZxid, syncFrom]. The cut txns are gone from the server, so they are named
// from the zxids: a leader numbers an epoch's txns 1, 2, 3, ..., so the cut part of the
// server's last epoch is every counter above the TRUNC point (or from 1 when the TRUNC point
// is in an older epoch; what the server had of epochs in between is not shown). Capped: a
// TRUNC that cuts thousands of txns shows its newest ones.
constexpr std::int64_t kMaxCutCells = 256;

std::vector<Zxid> cutZxids(Zxid truncTo, Zxid had) {
  std::vector<Zxid> out;
  if (had <= truncTo) return out;
  const zab::Epoch e = zab::epochOf(had);
  const std::int64_t last = zab::counterOf(had);
  std::int64_t first = zab::epochOf(truncTo) == e ? zab::counterOf(truncTo) + 1 : 1;
  first = std::max(first, last - kMaxCutCells + 1);
  for (std::int64_t c = first; c <= last; ++c) out.push_back(zab::makeZxid(e, c));
  return out;
}

// The position after the last element <= anchor, in the history and in the extras.
struct RowCursor {
  std::size_t h = 0;
  std::size_t x = 0;
};

RowCursor cursorAfter(const LogRowSource& r, std::optional<Zxid> anchor) {
  RowCursor c{r.historySize(), r.extras.size()};
  if (!anchor) return c;
  if (r.history) {
    auto it = std::upper_bound(r.history->begin(), r.history->end(), *anchor,
                               [](Zxid z, const zab::HistoryEntry& e) { return z < e.zxid; });
    c.h = static_cast<std::size_t>(it - r.history->begin());
  }
  c.x = static_cast<std::size_t>(
      std::upper_bound(r.extras.begin(), r.extras.end(), *anchor,
                       [](Zxid z, const std::pair<Zxid, CellState>& e) { return z < e.first; }) -
      r.extras.begin());
  return c;
}

// The previous zxid of a row before its cursor (nullopt: none).
std::optional<Zxid> previous(const LogRowSource& r, const RowCursor& c) {
  std::optional<Zxid> best;
  if (c.h > 0) best = r.historyZxid(c.h - 1);
  if (c.x > 0 && (!best || r.extras[c.x - 1].first > *best)) best = r.extras[c.x - 1].first;
  return best;
}
std::optional<Zxid> next(const LogRowSource& r, const RowCursor& c) {
  std::optional<Zxid> best;
  if (c.h < r.historySize()) best = r.historyZxid(c.h);
  if (c.x < r.extras.size() && (!best || r.extras[c.x].first < *best)) best = r.extras[c.x].first;
  return best;
}

}  // namespace

std::optional<Zxid> LogRowSource::newest() const {
  return previous(*this, RowCursor{historySize(), extras.size()});
}

std::string LogRow::tag() const {
  if (!sync) return {};
  switch (*sync) {
    case zab::SyncMode::SNAP:
      // An empty database sent to an empty server (the first election) changed nothing.
      if (!syncCarried && syncFrom == 0) return {};
      return fmt::format("SNAP at {}", zab::formatEpochCounter(syncZxid));
    case zab::SyncMode::TRUNC: return fmt::format("TRUNC to {}", zab::formatEpochCounter(syncZxid));
    case zab::SyncMode::DIFF:
      if (syncZxid <= syncFrom) return {};  // nothing was missing: nothing happened to the row
      return fmt::format("DIFF {} -> {}", zab::formatEpochCounter(syncFrom), zab::formatEpochCounter(syncZxid));
  }
  return {};
}

std::string EpochBanner::text() const { return fmt::format("epoch {} established: S{} leads", epoch, leader); }

std::vector<LogRowSource> logRowSources(const zab::sim::Simulation& sim) {
  std::vector<LogRowSource> out;
  out.reserve(sim.peers().size());
  for (const auto& [sid, slot] : sim.peers()) {
    LogRowSource r;
    const zab::QuorumPeer& p = slot.peer;
    // A process that never ran has an empty memory: show what its disk holds (a preloaded
    // history), all of it merely logged. A stopped one shows what it had when it stopped.
    // A lost disk (wipe) leaves nothing to show.
    if (!slot.alive && slot.disk.txnLog.empty() && slot.disk.snapshots.empty()) {
      out.push_back(std::move(r));
      continue;
    }
    if (slot.incarnation == 0 && !slot.alive) {
      const zab::TxnLog& log = slot.disk.txnLog;
      for (std::size_t i = log.size(); i-- > log.firstKept() && r.extras.size() < 4096;) {
        if (!r.extras.empty() && log[i].zxid >= r.extras.back().first) break;  // an older file repeats
        r.extras.emplace_back(log[i].zxid, CellState::Logged);
      }
      std::reverse(r.extras.begin(), r.extras.end());
      out.push_back(std::move(r));
      continue;
    }
    r.history = &p.db().history();
    const Zxid committed = r.history->empty() ? 0 : r.history->back().zxid;
    // Logged but not applied: the txn log's tail above the last applied zxid (a few txns).
    const zab::TxnLog& log = slot.alive ? p.disk().txnLog : slot.disk.txnLog;
    for (std::size_t i = log.size(); i-- > log.firstKept();) {
      const Zxid z = log[i].zxid;
      if (z <= committed) break;
      if (!r.extras.empty() && z >= r.extras.back().first) break;  // a SNAP left an older log below
      r.extras.emplace_back(z, CellState::Logged);
    }
    std::reverse(r.extras.begin(), r.extras.end());
    if (slot.alive) {
      // A syncing learner holds the DIFF's proposals in memory until NEWLEADER logs them.
      if (p.learner())
        for (const auto& pk : p.learner()->packetsNotCommitted())
          if (pk.logged.zxid > committed && (r.extras.empty() || pk.logged.zxid > r.extras.back().first))
            r.extras.emplace_back(pk.logged.zxid, CellState::Unflushed);
      for (const auto& lp : p.unflushed())
        if (lp.zxid > committed && (r.extras.empty() || lp.zxid > r.extras.back().first))
          r.extras.emplace_back(lp.zxid, CellState::Unflushed);
    }
    // TRUNC: the cut cells, where the server no longer has a txn.
    if (slot.alive && p.learner() && p.learner()->lastSync() == zab::SyncMode::TRUNC) {
      const zab::Learner& l = *p.learner();
      std::vector<std::pair<Zxid, CellState>> merged;
      for (Zxid z : cutZxids(l.syncZxid(), l.lastZxidAtRegister())) {
        const RowCursor c = cursorAfter(r, z);
        if (previous(r, c) == z) continue;  // it holds that zxid (again)
        merged.emplace_back(z, CellState::Cut);
      }
      if (!merged.empty()) {
        merged.insert(merged.end(), r.extras.begin(), r.extras.end());
        std::sort(merged.begin(), merged.end());
        r.extras = std::move(merged);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<Zxid> shiftLogAnchor(const std::vector<LogRowSource>& rows, std::optional<Zxid> anchor, long delta) {
  std::vector<RowCursor> cur;
  cur.reserve(rows.size());
  for (const auto& r : rows) cur.push_back(cursorAfter(r, anchor));
  std::optional<Zxid> at = anchor;
  if (!at) {  // the newest of all
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (auto p = previous(rows[i], cur[i]); p && (!at || *p > *at)) at = p;
    if (!at || delta >= 0) return std::nullopt;
  }
  if (delta < 0) {
    // Step back over `at` itself, then -delta - 1 more distinct zxids... i.e. -delta steps.
    for (long n = 0; n < -delta; ++n) {
      std::optional<Zxid> best;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        // Move each row's cursor to before `at`.
        while (true) {
          auto p = previous(rows[i], cur[i]);
          if (!p || *p < *at) break;
          RowCursor& c = cur[i];
          if (c.h > 0 && rows[i].historyZxid(c.h - 1) == *p) --c.h;
          else --c.x;
        }
        if (auto p = previous(rows[i], cur[i]); p && (!best || *p > *best)) best = p;
      }
      if (!best) return at;  // the oldest: stay
      at = best;
    }
    return at;
  }
  for (long n = 0; n < delta; ++n) {
    std::optional<Zxid> best;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (auto x = next(rows[i], cur[i]); x && (!best || *x < *best)) best = x;
    if (!best) return std::nullopt;  // past the newest: follow it
    at = best;
    for (std::size_t i = 0; i < rows.size(); ++i) cur[i] = cursorAfter(rows[i], at);
  }
  // At the newest zxid of all: follow the newest from now on.
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (next(rows[i], cur[i])) return at;
  return std::nullopt;
}

MergedColumns mergeLogRows(const std::vector<LogRowSource>& sources, std::size_t maxColumns, std::optional<Zxid> anchor) {
  MergedColumns m;
  std::vector<RowCursor> cur;
  cur.reserve(sources.size());
  for (const auto& r : sources) {
    cur.push_back(cursorAfter(r, anchor));
    if (anchor && next(r, cur.back())) m.newerHidden = true;
  }
  // Merge backwards: the newest zxid any row holds before its cursor is the next column.
  m.cells.resize(sources.size());
  while (m.columns.size() < maxColumns) {
    std::optional<Zxid> best;
    for (std::size_t i = 0; i < sources.size(); ++i)
      if (auto p = previous(sources[i], cur[i]); p && (!best || *p > *best)) best = p;
    if (!best) break;
    m.columns.push_back(*best);
    for (std::size_t i = 0; i < sources.size(); ++i) {
      LogCell cell;
      const LogRowSource& r = sources[i];
      RowCursor& c = cur[i];
      if (c.h > 0 && r.historyZxid(c.h - 1) == *best) {
        cell.present = true;
        cell.state = CellState::Committed;
        --c.h;
      }
      if (c.x > 0 && r.extras[c.x - 1].first == *best) {
        if (!cell.present) {  // the history wins over a duplicate below
          cell.present = true;
          cell.state = r.extras[c.x - 1].second;
        }
        --c.x;
      }
      m.cells[i].push_back(cell);
    }
  }
  for (std::size_t i = 0; i < sources.size(); ++i)
    if (previous(sources[i], cur[i])) m.olderHidden = true;
  std::reverse(m.columns.begin(), m.columns.end());
  for (auto& row : m.cells) std::reverse(row.begin(), row.end());
  return m;
}

LogGridModel buildLogGrid(const zab::sim::Simulation& sim, std::size_t maxColumns, std::optional<Zxid> anchor) {
  LogGridModel m;
  const std::vector<LogRowSource> sources = logRowSources(sim);
  const std::optional<zab::Sid> leader = sim.leader();

  MergedColumns merged = mergeLogRows(sources, maxColumns, anchor);
  m.columns = std::move(merged.columns);
  m.olderHidden = merged.olderHidden;
  m.newerHidden = merged.newerHidden;

  std::size_t i = 0;
  for (const auto& [sid, slot] : sim.peers()) {
    LogRow row;
    row.sid = sid;
    row.alive = slot.alive;
    row.state = slot.alive ? slot.peer.state() : zab::ServerState::LOOKING;
    row.observer = slot.type == zab::LearnerType::OBSERVER;
    row.leader = leader && *leader == sid;
    row.cellCount = sources[i].size();
    for (const auto& e : sources[i].extras)
      if (e.second == CellState::Cut) ++row.cutCount;
    row.cellCount -= row.cutCount;
    if (slot.alive && slot.peer.learner() && slot.peer.learner()->lastSync()) {
      const zab::Learner& l = *slot.peer.learner();
      row.sync = l.lastSync();
      row.syncZxid = l.syncZxid();
      row.syncFrom = l.lastZxidAtRegister();
      row.syncing = l.stage() != zab::LearnerStage::Broadcast;
      row.syncCarried = sources[i].historySize() > 0 && sources[i].historyZxid(0) <= row.syncZxid;
    }
    row.cells = std::move(merged.cells[i]);
    // The txns its sync thread has not fsynced yet (a handful): a committed one among them is
    // in the tree but not on the disk. A stopped process shows its memory: what that memory
    // holds past the end of its disk was lost with it (the last txn appended, or the snapshot).
    const std::vector<zab::LoggedProposal>* unflushed = slot.alive ? &slot.peer.unflushed() : nullptr;
    std::optional<Zxid> diskEnd;
    if (!slot.alive && slot.incarnation > 0) {
      const zab::SnapshotFile* snap = slot.disk.restorableSnapshot();
      diskEnd = std::max(snap ? snap->zxid : 0,
                         slot.disk.txnLog.size() > slot.disk.txnLog.firstKept() ? slot.disk.txnLog.back().zxid
                                                                                : slot.disk.txnLog.forgottenMaxZxid());
    }
    for (std::size_t k = 0; k < row.cells.size(); ++k) {
      LogCell& cell = row.cells[k];
      if (unflushed && cell.present && cell.state == CellState::Committed)
        for (const auto& p : *unflushed)
          if (p.zxid == m.columns[k]) cell.notOnDisk = true;
      if (diskEnd && cell.present && cell.state == CellState::Committed && m.columns[k] > *diskEnd) cell.notOnDisk = true;
      if (!cell.present || !row.sync || cell.state == CellState::Cut) continue;
      const Zxid z = m.columns[k];
      if (*row.sync == zab::SyncMode::SNAP && z <= row.syncZxid) cell.origin = CellOrigin::Snap;
      if (*row.sync == zab::SyncMode::DIFF && z > row.syncFrom && z <= row.syncZxid) cell.origin = CellOrigin::Diff;
    }
    m.rows.push_back(std::move(row));
    ++i;
  }

  const auto& established = sim.registry().leaderOfEpoch;
  if (!established.empty()) {
    const auto& [epoch, sid] = *established.rbegin();
    const zab::sim::PeerSlot* s = sim.slot(sid);
    if (s && s->alive && s->peer.state() == zab::ServerState::LEADING && s->peer.currentEpoch() == epoch) {
      EpochBanner b;
      b.epoch = epoch;
      b.leader = sid;
      const auto& at = sim.registry().epochEstablishedAt;
      if (auto it = at.find(epoch); it != at.end()) b.atMs = it->second;
      b.fresh = sim.now() - b.atMs < EpochBanner::kFreshMs;
      m.banner = b;
    }
  }
  if (!m.banner) m.leaderNotEstablished = sim.leader();
  return m;
}

}  // namespace zabscope
