#include "lane_timeline.hpp"

#include <algorithm>
#include <map>

namespace zabscope {

std::optional<LaneState> LaneTimeline::stateAt(zab::Sid sid, std::int64_t timeMs) const {
  std::optional<LaneState> out;
  for (const auto& s : states) {
    if (s.timeMs > timeMs) break;
    if (s.sid == sid) out = s;
  }
  return out;
}

std::optional<zab::Sid> LaneTimeline::leaderAt(std::int64_t timeMs) const {
  std::optional<zab::Sid> best;
  std::int64_t bestEpoch = -1;
  for (auto sid : servers) {
    auto s = stateAt(sid, timeMs);
    if (!s || !s->alive || s->state != zab::ServerState::LEADING) continue;
    if (!best || s->currentEpoch.value_or(0) > bestEpoch) {
      best = sid;
      bestEpoch = s->currentEpoch.value_or(0);
    }
  }
  return best;
}

std::vector<std::int64_t> LaneTimeline::eventTimes() const {
  std::vector<std::int64_t> out;
  for (const auto& s : states) out.push_back(s.timeMs);
  for (const auto& m : messages) {
    if (m.sendKnown) out.push_back(m.sentMs);
    out.push_back(m.receivedMs);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::int64_t> failoverStart(const LaneTimeline& t) {
  std::map<zab::Sid, LaneState> last;
  for (const auto& s : t.states) {
    auto it = last.find(s.sid);
    if (it != last.end()) {
      const LaneState& before = it->second;
      const bool hadLeader = before.alive && (before.state == zab::ServerState::FOLLOWING ||
                                              before.state == zab::ServerState::LEADING);
      // A follower that drops out and rejoins while its leader goes on leading (a blip of its own
      // connection, as real runs show) is no failover: the leadership must be gone or changed.
      if (hadLeader && s.alive && s.state == zab::ServerState::LOOKING) {
        const auto now = t.leaderAt(s.timeMs);
        if (!now || now != t.leaderAt(s.timeMs - 1)) return s.timeMs;
      }
    }
    last[s.sid] = s;
  }
  return std::nullopt;
}

std::optional<NewLeader> firstLeaderAfter(const LaneTimeline& t, std::int64_t fromMs) {
  std::optional<NewLeader> out;
  std::optional<std::int64_t> epochWhenElected;
  for (const auto& s : t.states) {
    if (s.timeMs < fromMs) continue;
    if (!out) {
      if (s.alive && s.state == zab::ServerState::LEADING) {
        out = NewLeader{s.sid, s.timeMs, std::nullopt};
        epochWhenElected = s.currentEpoch;
      }
      continue;
    }
    // Its epoch is the one it establishes: the first raise of its current epoch while it leads.
    if (s.sid != out->sid) continue;
    if (!s.alive || s.state != zab::ServerState::LEADING) break;
    if (s.currentEpoch && (!epochWhenElected || *s.currentEpoch > *epochWhenElected)) {
      out->epoch = s.currentEpoch;
      break;
    }
  }
  return out;
}

LaneTimeline lanesFromImported(const real::ImportedTimeline& t) {
  LaneTimeline out;
  out.servers.assign(t.servers.begin(), t.servers.end());
  std::vector<std::optional<LaneState>> last(t.servers.size());
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto& e = t.events[i];
    out.endMs = std::max(out.endMs, e.timeMs);
    for (std::size_t k = 0; k < t.servers.size() && k < t.after[i].size(); ++k) {
      const real::ServerView& v = t.after[i][k];
      if (!v.seen) continue;
      LaneState s;
      s.timeMs = e.timeMs;
      s.sid = v.sid;
      s.alive = v.alive;
      if (v.state) s.state = static_cast<zab::ServerState>(static_cast<int>(*v.state));
      s.currentEpoch = v.currentEpoch;
      s.lastZxid = v.lastZxid;
      if (last[k] && last[k]->sameAs(s)) continue;
      last[k] = s;
      out.states.push_back(s);
    }
  }
  std::vector<bool> matched(t.events.size(), false);
  for (const auto& m : t.messages) {
    matched[m.receive] = true;
    LaneMessage lm;
    lm.kind = m.type == "notification" ? LaneMessage::Kind::Notification
              : m.type == "FOLLOWERINFO" ? LaneMessage::Kind::FollowerInfo
                                         : LaneMessage::Kind::Sync;
    if (lm.kind == LaneMessage::Kind::Sync) lm.label = m.type;
    lm.from = t.events[m.send].server;
    lm.to = t.events[m.receive].server;
    lm.sentMs = t.events[m.send].timeMs;
    lm.receivedMs = t.events[m.receive].timeMs;
    if (lm.from == lm.to) continue;
    out.messages.push_back(lm);
  }
  // A notification received from a server whose send no log shows (its log starts later, or
  // the line was trimmed): the receipt alone.
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto& e = t.events[i];
    if (e.kind != real::EventKind::NotificationReceived || matched[i] || e.from == e.server || e.from < 0) continue;
    LaneMessage lm;
    lm.from = e.from;
    lm.to = e.server;
    lm.sentMs = lm.receivedMs = e.timeMs;
    lm.sendKnown = false;
    out.messages.push_back(lm);
  }
  std::stable_sort(out.messages.begin(), out.messages.end(),
            [](const LaneMessage& a, const LaneMessage& b) { return a.receivedMs < b.receivedMs; });
  return out;
}

}  // namespace zabscope
