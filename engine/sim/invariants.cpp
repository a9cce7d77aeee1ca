#include "invariants.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "zab/zxid.hpp"

namespace zab::sim {

namespace {
// Does a delivered history (zxid order, as TotalOrder requires) hold this txn? Binary search,
// so the cost does not grow with the run.
template <class History>
bool holds(const History& h, Zxid zxid, std::uint64_t hash) {
  auto it = std::lower_bound(h.begin(), h.end(), zxid, [](const HistoryEntry& e, Zxid z) { return e.zxid < z; });
  for (; it != h.end() && it->zxid == zxid; ++it)
    if (it->txnHash == hash) return true;
  return false;
}
}  // namespace

void InvariantChecker::report(std::vector<std::string>& out, const std::string& v) {
  if (std::find(all_.begin(), all_.end(), v) != all_.end()) return;
  all_.push_back(v);
  out.push_back(v);
}

std::vector<std::string> InvariantChecker::check(const Simulation& sim) {
  std::vector<std::string> out;
  const Registry& reg = sim.registry();

  // Leadership: an epoch is established by one server only.
  for (; conflictsSeen_ < reg.leadershipConflicts.size(); ++conflictsSeen_)
    report(out, "Leadership: " + reg.leadershipConflicts[conflictsSeen_]);
  std::map<Epoch, Sid> leading;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.state() != ServerState::LEADING) continue;
    ZabState z = s.peer.zabState();
    if (z != ZabState::SYNCHRONIZATION && z != ZabState::BROADCAST) continue;
    auto [it, fresh] = leading.emplace(s.peer.currentEpoch(), sid);
    if (!fresh)
      report(out, fmt::format("Leadership: S{} and S{} both lead epoch {}", it->second, sid, s.peer.currentEpoch()));
  }
  checkDeliveries(sim, out);
  checkLeaders(sim, out);
  return out;
}

void InvariantChecker::checkDeliveries(const Simulation& sim, std::vector<std::string>& out) {
  const Registry& reg = sim.registry();
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.zabState() != ZabState::BROADCAST) continue;
    const auto& h = s.peer.db().history();
    Cursor& c = checked_[PeerKey{sid, s.incarnation}];
    // Re-check from the start if the history was replaced (SNAP, TRUNC) since last time.
    std::size_t from = (c.len <= h.size() && (c.len == 0 || h[c.len - 1].zxid == c.last)) ? c.len : 0;
    for (std::size_t i = from; i < h.size(); ++i) {
      const HistoryEntry& e = h[i];
      Zxid prev = i == 0 ? 0 : h[i - 1].zxid;
      if (i > 0 && e.zxid <= prev)
        report(out, fmt::format("TotalOrder/GlobalPrimaryOrder: S{} delivered {} after {}", sid, formatZxid(e.zxid),
                                formatZxid(prev)));
      if (i > 0 && epochOf(e.zxid) == epochOf(prev) && counterOf(e.zxid) != counterOf(prev) + 1)
        report(out, fmt::format("LocalPrimaryOrder: S{} delivered {} right after {}, skipping a txn of epoch {}", sid,
                                formatZxid(e.zxid), formatZxid(prev), epochOf(e.zxid)));
      auto p = reg.proposed.find(e.zxid);
      if (!p || *p != e.txnHash)
        report(out, fmt::format("Integrity: S{} delivered {} which no leader proposed{}", sid, formatZxid(e.zxid),
                                !p ? "" : " (different content)"));
      if (auto d = delivered_.find(e.zxid); !d) {
        delivered_.insert(e.zxid, std::make_pair(prev, e.txnHash));
      } else if (d->second != e.txnHash) {
        report(out, fmt::format("Agreement: S{} delivered a different txn at {}", sid, formatZxid(e.zxid)));
      } else if (d->first != prev) {
        report(out, fmt::format("PrefixConsistency: S{} delivered {} after {}, another server after {}", sid,
                                formatZxid(e.zxid), formatZxid(prev), formatZxid(d->first)));
      }
    }
    c = Cursor{h.size(), h.empty() ? 0 : h.back().zxid};
  }
}

// PrimaryIntegrity and durability of acknowledged writes, against each leader in BROADCAST.
// A leader's history only grows while it leads one epoch, so what was found there once stays
// there: each follower's history and the acknowledged writes are looked at once per leader.
void InvariantChecker::checkLeaders(const Simulation& sim, std::vector<std::string>& out) {
  const Registry& reg = sim.registry();
  for (const auto& [lsid, l] : sim.peers()) {
    if (!l.alive || l.peer.state() != ServerState::LEADING || l.peer.zabState() != ZabState::BROADCAST) continue;
    const Epoch e = l.peer.currentEpoch();
    const LeaderKey leader{lsid, l.incarnation, e};
    const auto& mine = l.peer.db().history();
    for (const auto& [fsid, f] : sim.peers()) {
      if (fsid == lsid || !f.alive || f.peer.zabState() != ZabState::BROADCAST || f.peer.currentVote().id != lsid)
        continue;
      const auto& h = f.peer.db().history();
      Cursor& c = primaryChecked_[{leader, PeerKey{fsid, f.incarnation}}];
      std::size_t from = (c.len <= h.size() && (c.len == 0 || h[c.len - 1].zxid == c.last)) ? c.len : 0;
      for (std::size_t i = from; i < h.size(); ++i)
        if (epochOf(h[i].zxid) < e && !holds(mine, h[i].zxid, h[i].txnHash))
          report(out, fmt::format("PrimaryIntegrity: leader S{} (epoch {}) lacks {} which its follower S{} delivered",
                                  lsid, e, formatZxid(h[i].zxid), fsid));
      c = Cursor{h.size(), h.empty() ? 0 : h.back().zxid};
    }
    std::size_t& seen = ackedChecked_[leader];
    for (; seen < reg.ackedLog.size(); ++seen) {
      const auto& [zxid, hash] = reg.ackedLog[seen];
      if (epochOf(zxid) > e) continue;
      if (!holds(mine, zxid, hash))
        report(out, fmt::format("AckedWritesDurable: write {} was acknowledged to a client but leader S{} (epoch {}) "
                                "does not have it",
                                formatZxid(zxid), lsid, e));
    }
  }
}

}  // namespace zab::sim
