#include "invariants.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "zab/zxid.hpp"

namespace zab::sim {

void InvariantChecker::report(std::vector<std::string>& out, const std::string& v) {
  if (std::find(all_.begin(), all_.end(), v) != all_.end()) return;
  all_.push_back(v);
  out.push_back(v);
}

std::vector<std::string> InvariantChecker::check(const Simulation& sim) {
  std::vector<std::string> out;
  const Registry& reg = sim.registry();

  // Leadership: an epoch is established by one server only.
  for (const auto& c : reg.leadershipConflicts) report(out, "Leadership: " + c);
  std::map<Epoch, Sid> leading;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.state() != ServerState::LEADING) continue;
    ZabState z = s.peer.zabState();
    if (z != ZabState::SYNCHRONIZATION && z != ZabState::BROADCAST) continue;
    auto [it, fresh] = leading.emplace(s.peer.currentEpoch(), sid);
    if (!fresh)
      report(out, fmt::format("Leadership: S{} and S{} both lead epoch {}", it->second, sid, s.peer.currentEpoch()));
  }

  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.zabState() != ZabState::BROADCAST) continue;
    const auto& h = s.peer.db().history();
    auto key = std::make_pair(sid, s.incarnation);
    std::size_t from = 0;
    if (auto c = checked_.find(key); c != checked_.end()) {
      // Re-check from the start if the history was replaced (SNAP, TRUNC) since last time.
      if (c->second.first <= h.size() && (c->second.first == 0 || h[c->second.first - 1].zxid == c->second.second))
        from = c->second.first;
    }
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
      if (p == reg.proposed.end() || p->second != e.txnHash)
        report(out, fmt::format("Integrity: S{} delivered {} which no leader proposed{}", sid, formatZxid(e.zxid),
                                p == reg.proposed.end() ? "" : " (different content)"));
      auto [d, fresh] = delivered_.emplace(e.zxid, std::make_pair(prev, e.txnHash));
      if (!fresh) {
        if (d->second.second != e.txnHash)
          report(out, fmt::format("Agreement: S{} delivered a different txn at {}", sid, formatZxid(e.zxid)));
        else if (d->second.first != prev)
          report(out, fmt::format("PrefixConsistency: S{} delivered {} after {}, another server after {}", sid,
                                  formatZxid(e.zxid), formatZxid(prev), formatZxid(d->second.first)));
      }
    }
    checked_[key] = {h.size(), h.empty() ? 0 : h.back().zxid};
  }

  // PrimaryIntegrity and durability of acknowledged writes, against each leader in BROADCAST.
  for (const auto& [lsid, l] : sim.peers()) {
    if (!l.alive || l.peer.state() != ServerState::LEADING || l.peer.zabState() != ZabState::BROADCAST) continue;
    Epoch e = l.peer.currentEpoch();
    std::set<std::pair<Zxid, std::uint64_t>> mine;
    for (const auto& h : l.peer.db().history()) mine.insert({h.zxid, h.txnHash});
    for (const auto& [fsid, f] : sim.peers()) {
      if (fsid == lsid || !f.alive || f.peer.zabState() != ZabState::BROADCAST || f.peer.currentVote().id != lsid)
        continue;
      for (const auto& h : f.peer.db().history())
        if (epochOf(h.zxid) < e && !mine.count({h.zxid, h.txnHash}))
          report(out, fmt::format("PrimaryIntegrity: leader S{} (epoch {}) lacks {} which its follower S{} delivered",
                                  lsid, e, formatZxid(h.zxid), fsid));
    }
    for (const auto& [zxid, hash] : reg.ackedWrites) {
      if (epochOf(zxid) > e) continue;
      if (!mine.count({zxid, hash}))
        report(out, fmt::format("AckedWritesDurable: write {} was acknowledged to a client but leader S{} (epoch {}) "
                                "does not have it",
                                formatZxid(zxid), lsid, e));
    }
  }
  return out;
}

}  // namespace zab::sim
