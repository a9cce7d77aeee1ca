#include "invariants.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "zab/known_bugs.hpp"
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

void InvariantChecker::report(std::vector<std::string>& out, const Simulation& sim, std::string v, Sid a, Sid b, Sid c) {
  const auto& bugs = sim.registry().knownBugs;
  for (Sid sid : {a, b, c}) {
    if (v.find("[known ZooKeeper") != std::string::npos) break;  // the caller named the bug already
    auto it = sid ? bugs.find(sid) : bugs.end();
    if (it == bugs.end()) continue;
    v += fmt::format(" [known ZooKeeper 3.8.0 bug {}: {}]", it->second, knownBugSummary(it->second));
    break;
  }
  if (std::find(all_.begin(), all_.end(), v) != all_.end()) return;
  all_.push_back(v);
  out.push_back(v);
}

bool InvariantChecker::unchangedSinceLastCheck(const Simulation& sim) {
  const Registry& reg = sim.registry();
  bool same = checkedOnce_ && seen_.conflicts == reg.leadershipConflicts.size() && seen_.acked == reg.ackedLog.size() &&
              seen_.knownBugs == reg.knownBugs.size();
  std::size_t i = 0;
  for (const auto& [sid, s] : sim.peers()) {
    const auto& h = s.peer.db().history();
    PeerSeen now{sid,
                 s.incarnation,
                 s.alive,
                 s.peer.state(),
                 s.peer.zabState(),
                 s.peer.currentEpoch(),
                 s.peer.currentVote().id,
                 h.size(),
                 h.empty() ? 0 : h.back().zxid,
                 s.peer.db().lastProcessedZxid()};
    if (i == seen_.peers.size()) {
      seen_.peers.push_back(now);
      same = false;
    } else if (!(seen_.peers[i] == now)) {
      seen_.peers[i] = now;
      same = false;
    }
    ++i;
  }
  if (i != seen_.peers.size()) {
    seen_.peers.resize(i);
    same = false;
  }
  seen_.conflicts = reg.leadershipConflicts.size();
  seen_.acked = reg.ackedLog.size();
  seen_.knownBugs = reg.knownBugs.size();
  checkedOnce_ = true;
  return same;
}

std::vector<std::string> InvariantChecker::check(const Simulation& sim) {
  std::vector<std::string> out;
  if (unchangedSinceLastCheck(sim) && !fullEveryStep_) return out;
  const Registry& reg = sim.registry();

  // Leadership: an epoch is established by one server only.
  for (; conflictsSeen_ < reg.leadershipConflicts.size(); ++conflictsSeen_)
    report(out, sim, "Leadership: " + reg.leadershipConflicts[conflictsSeen_]);
  std::map<Epoch, Sid> leading;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.state() != ServerState::LEADING) continue;
    ZabState z = s.peer.zabState();
    if (z != ZabState::SYNCHRONIZATION && z != ZabState::BROADCAST) continue;
    auto [it, fresh] = leading.emplace(s.peer.currentEpoch(), sid);
    if (!fresh)
      report(out, sim, fmt::format("Leadership: S{} and S{} both lead epoch {}", it->second, sid, s.peer.currentEpoch()),
             it->second, sid);
  }
  checkDeliveries(sim, out);
  checkLeaders(sim, out);
  checkDigests(sim, out);
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
        report(out, sim, fmt::format("TotalOrder/GlobalPrimaryOrder: S{} delivered {} after {}", sid,
                                     formatZxid(e.zxid), formatZxid(prev)),
               sid);
      if (i > 0 && epochOf(e.zxid) == epochOf(prev) && counterOf(e.zxid) != counterOf(prev) + 1)
        report(out, sim, fmt::format("LocalPrimaryOrder: S{} delivered {} right after {}, skipping a txn of epoch {}",
                                     sid, formatZxid(e.zxid), formatZxid(prev), epochOf(e.zxid)),
               sid);
      auto p = reg.proposed.find(e.zxid);
      if (!p || *p != e.txnHash)
        report(out, sim, fmt::format("Integrity: S{} delivered {} which no leader proposed{}", sid, formatZxid(e.zxid),
                                     !p ? "" : " (different content)"),
               sid);
      if (auto d = delivered_.find(e.zxid); !d) {
        delivered_.insert(e.zxid, Delivery{prev, e.txnHash, sid});
      } else if (d->hash != e.txnHash) {
        report(out, sim, fmt::format("Agreement: S{} delivered a different txn at {}", sid, formatZxid(e.zxid)), sid,
               d->by);
      } else if (d->prev != prev) {
        // Also the learner's leader: a leader whose txn log holds txns its memory lacks (a known
        // bug) can DIFF-sync them to a learner, which then delivers the new epoch after them
        // (SlowLeaderDisk seed 54026: SHUTDOWN-BEFORE-RUNNING), as PrimaryIntegrity names it.
        const bool learner = s.peer.state() == ServerState::FOLLOWING || s.peer.state() == ServerState::OBSERVING;
        report(out, sim, fmt::format("PrefixConsistency: S{} delivered {} after {}, another server after {}", sid,
                                     formatZxid(e.zxid), formatZxid(prev), formatZxid(d->prev)),
               sid, d->by, learner ? s.peer.currentVote().id : 0);
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
          report(out, sim, fmt::format("PrimaryIntegrity: leader S{} (epoch {}) lacks {} which its follower S{} delivered",
                                       lsid, e, formatZxid(h[i].zxid), fsid),
                 fsid, lsid);
      c = Cursor{h.size(), h.empty() ? 0 : h.back().zxid};
    }
    std::size_t& seen = ackedChecked_[leader];
    for (; seen < reg.ackedLog.size(); ++seen) {
      const auto& [zxid, hash] = reg.ackedLog[seen];
      if (epochOf(zxid) > e) continue;
      if (!holds(mine, zxid, hash)) {
        std::string v = fmt::format("AckedWritesDurable: write {} was acknowledged to a client but leader S{} (epoch {}) "
                                    "does not have it",
                                    formatZxid(zxid), lsid, e);
        // A write committed on a stale ACK is lost because of that commit, whoever leads now.
        if (auto bug = reg.knownBugTxns.find(zxid); bug != reg.knownBugTxns.end())
          v += fmt::format(" [known ZooKeeper 3.8.0 bug {}: {}]", bug->second, knownBugSummary(bug->second));
        report(out, sim, std::move(v), lsid);
      }
    }
  }
}

// DigestConsistency. What a server reports (its lastProcessedZxid, in votes, ACKEPOCH and to
// clients) must be what it applied: the last txn of its history, or a new epoch's (e, 0) after
// it. And two servers serving at one zxid hold one tree (ZooKeeper compares such digests when
// zookeeper.digest.enabled is on). Each server is looked at once per zxid it reaches.
void InvariantChecker::checkDigests(const Simulation& sim, std::vector<std::string>& out) {
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.zabState() != ZabState::BROADCAST) continue;
    const ZKDatabase& db = s.peer.db();
    const Zxid lp = db.lastProcessedZxid();
    Zxid& seen = digestChecked_[PeerKey{sid, s.incarnation}];
    if (seen == lp && lp != 0) continue;
    seen = lp;
    const Zxid applied = db.history().empty() ? 0 : db.history().back().zxid;
    if (lp != applied && !(counterOf(lp) == 0 && applied < lp)) {
      report(out, sim, fmt::format("DigestConsistency: S{} serves at last zxid {} but the last txn it applied is {}", sid,
                                   formatZxid(lp), formatZxid(applied)),
             sid);
      continue;  // its tree is not the tree of lp: comparing digests would only repeat this
    }
    const TreeAt mine{db.tree().treeDigest(), sid};
    if (auto other = digestAt_.find(applied); !other) {
      digestAt_.insert(applied, mine);
    } else if (other->digest != mine.digest) {
      report(out, sim, fmt::format("DigestConsistency: S{}'s tree digest at {} is {:016x}, S{}'s was {:016x}", sid,
                                   formatZxid(applied), mine.digest, other->by, other->digest),
             sid, other->by);
    }
  }
}

}  // namespace zab::sim
