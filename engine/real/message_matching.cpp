// Pairs the two ends of a message where both servers' logs show it.
//
// ZooKeeper logs no send at INFO, but FastLeaderElection queues every broadcast to itself too,
// so the sender's log holds its own copy ("Notification: ... n.sid:<itself>") at the moment it
// sent. A receipt elsewhere with the same sender, vote and sender state is that broadcast.
// Identical broadcasts repeat (a LOOKING peer re-sends on its notification timeout), so the pairs
// keep each sender's order; among identical sends the latest one the receipt can follow is taken.
//
// Sync: the leader's "Sending DIFF/SNAP/TRUNC ... peer sid: N" and N's "Getting a diff/snapshot
// / Truncating" pair in order; a learner's "Successfully connected to leader" and the leader's
// "Follower sid: N" (its FOLLOWERINFO) too.
#include <map>
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
template <typename Key>
void pairInOrder(const ImportedTimeline& t, bool byTime, const std::map<Key, std::vector<std::size_t>>& sends,
                 const std::vector<std::pair<Key, std::size_t>>& receipts, const std::string& type,
                 std::vector<MatchedMessage>& out) {
  const auto& events = t.events;
  auto time = [&](std::size_t i) { return events[i].logTimeMs + t.clockOffsetMs.at(events[i].server); };
  std::map<std::pair<Key, Sid>, std::size_t> cursor;  // (key, receiver) -> next usable send position
  for (const auto& [key, r] : receipts) {
    auto it = sends.find(key);
    if (it == sends.end()) continue;
    const auto& list = it->second;
    std::size_t& c = cursor[{key, events[r].server}];
    if (c >= list.size()) continue;
    std::size_t pick = c;
    while (byTime && pick + 1 < list.size() && time(list[pick + 1]) <= time(r)) ++pick;
    out.push_back({list[pick], r, type});
    c = pick + 1;
  }
}

std::string syncName(SyncMode m) { return std::string(to_string(m)); }

}  // namespace

void matchMessages(ImportedTimeline& t, bool byTime) {
  t.messages.clear();
  const auto& ev = t.events;
  std::map<NotificationKey, std::vector<std::size_t>> nSends;
  std::vector<std::pair<NotificationKey, std::size_t>> nReceipts;
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
        if (e.from == e.server) nSends[keyOf(e)].push_back(i);
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
  pairInOrder(t, byTime, nSends, nReceipts, "notification", t.messages);
  std::vector<MatchedMessage> sync;
  pairInOrder(t, byTime, sSends, sReceipts, "sync", sync);
  for (auto& m : sync) m.type = syncName(*ev[m.send].sync);
  t.messages.insert(t.messages.end(), sync.begin(), sync.end());
  pairInOrder(t, byTime, infoSends, infoReceipts, "FOLLOWERINFO", t.messages);
}

}  // namespace zabscope::real
