// Pairs the two ends of a message where both servers' logs show it.
//
// ZooKeeper logs no send at INFO, but FastLeaderElection queues every broadcast to itself too,
// so the sender's log holds its own copy ("Notification: ... n.sid:<itself>") at the moment it
// sent. A receipt elsewhere with the same sender, vote and sender state is that broadcast.
// Identical broadcasts repeat (a LOOKING peer re-sends on its notification timeout), so the pairs
// keep each sender's order; among identical sends the latest one the receipt can follow is taken.
// The own copy can be logged after the frames to other voters left (WorkerSender hands a broadcast
// to the voters in sid order, its own copy in its turn, after trying to connect to the voters
// before it, dead ones too: tens of ms), so a receipt may precede it on one clock:
// the send is bounded below by what made the sender vote (sentAfter, see MatchedMessage).
//
// Sync: the leader's "Sending DIFF/SNAP/TRUNC ... peer sid: N" and N's "Getting a diff/snapshot
// / Truncating" pair in order; a learner's "Successfully connected to leader" and the leader's
// "Follower sid: N" (its FOLLOWERINFO) too.
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "import_steps.hpp"

namespace zabscope::real {

namespace {

using NotificationKey = std::tuple<Sid, Sid, Zxid, std::int64_t, std::int64_t, int>;  // sender, vote, state

NotificationKey keyOf(const ImportedEvent& e) {
  const auto& v = *e.vote;
  return {e.from, v.leader, v.zxid, v.electionEpoch, v.peerEpoch, static_cast<int>(v.state)};
}

// Pairs each receipt with a send of the same key: after the previous pair's send, the latest
// one not after the receipt (in log time), else the next one.
// `sentAfter[i]`: the sender's event send i cannot precede (i itself when none is known).
template <typename Key>
void pairInOrder(const ImportedTimeline& t, bool byTime, const std::map<Key, std::vector<std::size_t>>& sends,
                 const std::vector<std::pair<Key, std::size_t>>& receipts, const std::string& type,
                 const std::map<std::size_t, std::size_t>& sentAfter, std::vector<MatchedMessage>& out) {
  const auto& events = t.events;
  auto correctedMs = [&](std::size_t i) { return events[i].logTimeMs + t.clockOffsetMs.at(events[i].server); };
  auto after = [&](std::size_t send) {
    auto it = sentAfter.find(send);
    return it == sentAfter.end() ? send : it->second;
  };
  std::map<std::pair<Key, Sid>, std::size_t> cursor;  // (key, receiver) -> next usable send position
  for (const auto& [key, r] : receipts) {
    auto it = sends.find(key);
    if (it == sends.end()) continue;
    const auto& list = it->second;
    std::size_t& c = cursor[{key, events[r].server}];
    if (c >= list.size()) continue;
    std::size_t pick = c;
    while (byTime && pick + 1 < list.size() && correctedMs(after(list[pick + 1])) <= correctedMs(r)) ++pick;
    out.push_back({list[pick], r, type, after(list[pick])});
    c = pick + 1;
  }
}

std::string syncName(SyncMode m) { return std::string(to_string(m)); }

bool sameVote(const ImportedVote& a, const ImportedVote& b) {
  return a.leader == b.leader && a.zxid == b.zxid && a.peerEpoch == b.peerEpoch && a.electionEpoch == b.electionEpoch;
}

// The earliest event of the sender's current election that can have made it broadcast `self` (its
// own copy at index `self`): its "New election" line when it votes for itself, or a receipt of the
// vote it now sends. The earliest such event is no later than the real cause, so it bounds the
// send from below. The search stops at the previous identical broadcast (a re-send on timeout:
// nothing in the log says when it left) and at the start of the election.
std::size_t sendLowerBound(const std::vector<ImportedEvent>& ev, std::size_t self) {
  const ImportedEvent& s = ev[self];
  std::size_t best = self;
  for (std::size_t j = self; j-- > 0;) {
    const ImportedEvent& p = ev[j];
    if (p.server != s.server) continue;
    if (p.kind == EventKind::ServerStart) break;
    if (p.kind == EventKind::StateChange && p.state != PeerState::LOOKING) break;
    if (p.kind == EventKind::NewElection) {
      if (s.vote->leader == s.server) best = j;
      break;
    }
    if (p.kind != EventKind::NotificationReceived || !p.vote) continue;
    if (p.from == s.server) {
      if (sameVote(*p.vote, *s.vote)) break;  // a re-send: its cause is not in the log
      continue;
    }
    if (sameVote(*p.vote, *s.vote) || (s.vote->leader == s.server && p.vote->electionEpoch == s.vote->electionEpoch))
      best = j;
  }
  return best;
}

// ZooKeeper 3.8.0 logs the leader's side of a TRUNC ("Sending TRUNC to follower zxidToSend=...",
// LearnerHandler.syncFollower) only at DEBUG, so an INFO log has the learner's "Truncating log"
// with no send to pair it with. The leader's "Synchronizing with Learner" line for that learner is
// where it decided on the TRUNC: a learner's TRUNC receipt left unmatched is paired with the latest
// such line before it, unless a DIFF/SNAP/TRUNC send to that learner, or the learner's own
// earlier sync or restart, lies between the two.
void matchTruncToSyncStart(const std::vector<ImportedEvent>& ev, std::vector<MatchedMessage>& sync) {
  std::set<std::size_t> received;
  for (const auto& m : sync) received.insert(m.receive);
  for (std::size_t r = 0; r < ev.size(); ++r) {
    const auto& e = ev[r];
    if (e.kind != EventKind::LearnerSync || e.sync != SyncMode::TRUNC || received.count(r)) continue;
    for (std::size_t j = r; j-- > 0;) {
      const auto& p = ev[j];
      // The learner's own earlier sync or restart ends the search: a line before it is stale.
      if (p.server == e.server && (p.kind == EventKind::LearnerSync || p.kind == EventKind::ServerStart)) break;
      if (p.to != e.server || p.server == e.server) continue;
      if (p.kind == EventKind::SyncSent) break;
      if (p.kind == EventKind::SyncStart) {
        sync.push_back({j, r, "TRUNC", j});
        break;
      }
    }
  }
}

}  // namespace

void matchMessages(ImportedTimeline& t, bool byTime) {
  t.messages.clear();
  const auto& ev = t.events;
  std::map<NotificationKey, std::vector<std::size_t>> nSends;
  std::vector<std::pair<NotificationKey, std::size_t>> nReceipts;
  std::map<std::size_t, std::size_t> nSentAfter;
  using SyncKey = std::pair<Sid, int>;  // learner, mode
  std::map<SyncKey, std::vector<std::size_t>> sSends;
  std::vector<std::pair<SyncKey, std::size_t>> sReceipts;
  std::map<Sid, std::vector<std::size_t>> infoSends;  // learner -> its "connected to leader"
  std::vector<std::pair<Sid, std::size_t>> infoReceipts;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const auto& e = ev[i];
    switch (e.kind) {
      case EventKind::NotificationReceived:
        if (!e.vote) break;
        if (e.from == e.server) {
          nSends[keyOf(e)].push_back(i);
          nSentAfter[i] = sendLowerBound(ev, i);
        }
        else nReceipts.emplace_back(keyOf(e), i);
        break;
      case EventKind::SyncSent:
        if (e.to >= 0 && e.sync) sSends[{e.to, static_cast<int>(*e.sync)}].push_back(i);
        break;
      case EventKind::LearnerSync:
        if (e.sync) sReceipts.emplace_back(SyncKey{e.server, static_cast<int>(*e.sync)}, i);
        break;
      case EventKind::LeaderConnected: infoSends[e.server].push_back(i); break;
      case EventKind::FollowerInfo:
        if (e.from >= 0) infoReceipts.emplace_back(e.from, i);
        break;
      default: break;
    }
  }
  pairInOrder(t, byTime, nSends, nReceipts, "notification", nSentAfter, t.messages);
  std::vector<MatchedMessage> sync;
  pairInOrder(t, byTime, sSends, sReceipts, "sync", {}, sync);
  for (auto& m : sync) m.type = syncName(*ev[m.send].sync);
  matchTruncToSyncStart(ev, sync);
  t.messages.insert(t.messages.end(), sync.begin(), sync.end());
  pairInOrder(t, byTime, infoSends, infoReceipts, "FOLLOWERINFO", {}, t.messages);
}

}  // namespace zabscope::real
