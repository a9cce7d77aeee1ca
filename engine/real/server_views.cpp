// What each server looked like after each event, as far as its log (and its leader's) tells:
// the state from QuorumPeer's state lines, the ZAB phase from "Peer state changed", the vote from
// its own notifications, the epoch from the leader's "Have quorum of supporters" (a learner takes
// its leader's on NEWLEADER), the last zxid from "New election ... proposed zxid", the sync lines
// and the proposals it logs.
//
// 3.8.0's learner logs no epoch on its normal path (registerWithLeader and the NEWLEADER case of
// syncWithLeader log none at INFO), so a learner's epochs come from its leader's log: the
// supporters that "Have quorum of supporters, sids: [[1, 3]]" lists acked NEWLEADER, so they
// hold that epoch; a learner whose NEWLEADER comes after that line takes the established epoch.
//
// A server is down when its own log says it stopped, or when others lost it and it logs nothing
// more before a restart; at the end of the logs (no restart), only if the others went on without
// it (one of them changed state after). A run stopped by kill -9 at its end leaves the leader's
// "GOODBYE" lines and nothing else: the servers keep their last known state.
#include <algorithm>

#include "import_steps.hpp"

namespace zabscope::real {

namespace {

std::string phaseOf(const std::string& detail) {
  if (detail.find("broadcast") != std::string::npos) return "BROADCAST";
  if (detail.find("synchronization") != std::string::npos) return "SYNCHRONIZATION";
  if (detail.find("discovery") != std::string::npos) return "DISCOVERY";
  if (detail.find("looking") != std::string::npos) return "ELECTION";
  return "";
}

Zxid epochStart(std::int64_t epoch) { return static_cast<Zxid>(static_cast<std::uint64_t>(epoch) << 32); }

// "[1, 3]" (the sids of "Have quorum of supporters") -> {1, 3}.
std::vector<Sid> sidsIn(const std::string& text) {
  std::vector<Sid> out;
  Sid v = -1;
  for (char c : text) {
    if (c >= '0' && c <= '9') v = (v < 0 ? 0 : v * 10) + (c - '0');
    else if (v >= 0) {
      out.push_back(v);
      v = -1;
    }
  }
  if (v >= 0) out.push_back(v);
  return out;
}

void takeEpoch(ServerView& v, std::int64_t epoch) {
  if (!v.acceptedEpoch || *v.acceptedEpoch < epoch) v.acceptedEpoch = epoch;
  if (!v.currentEpoch || *v.currentEpoch < epoch) v.currentEpoch = epoch;
}

}  // namespace

void replayServerViews(ImportedTimeline& t) {
  std::map<Sid, std::size_t> slot;
  std::vector<ServerView> now;
  for (Sid s : t.servers) {
    slot[s] = now.size();
    ServerView v;
    v.sid = s;
    now.push_back(v);
  }
  // A server another one saw go away is down until its log shows it again: when its next event
  // is a restart or it has none.
  std::vector<bool> quietAfter(t.events.size(), false);  // events[i].server logs nothing more before a restart
  {
    std::map<Sid, std::vector<std::size_t>> bySid;  // each server's event indexes, in order
    for (std::size_t i = 0; i < t.events.size(); ++i) bySid[t.events[i].server].push_back(i);
    // goneAt[i] for an event about S (broken connection): true when S's next own event after i
    // is a ServerStart or absent.
    for (std::size_t i = 0; i < t.events.size(); ++i) {
      const auto& e = t.events[i];
      Sid about = e.kind == EventKind::ConnectionBroken ? (e.from >= 0 ? e.from : e.to)
                  : e.kind == EventKind::LearnerGone    ? e.to
                                                        : -1;
      if (about < 0 || !bySid.count(about)) continue;
      const auto& list = bySid[about];
      auto next = std::upper_bound(list.begin(), list.end(), i);
      if (next != list.end()) {
        quietAfter[i] = t.events[*next].kind == EventKind::ServerStart;
        continue;
      }
      // Its log ends: gone only if another server changed state afterwards (an election without
      // it, a leader losing its quorum); otherwise the logs just stop here.
      for (std::size_t j = i + 1; j < t.events.size() && !quietAfter[i]; ++j)
        quietAfter[i] = t.events[j].server != about && t.events[j].kind == EventKind::StateChange;
    }
  }
  // The epoch each leader established ("Have quorum of supporters"), while it leads.
  std::map<Sid, std::int64_t> established;

  t.after.clear();
  t.after.reserve(t.events.size());
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto& e = t.events[i];
    ServerView& v = now[slot[e.server]];
    if (!v.seen || e.kind == EventKind::ServerStart) {
      if (e.kind == EventKind::ServerStart && v.seen) {
        // A restart: what was in memory is gone; the disk keeps epochs and zxid.
        v.state.reset();
        v.zabPhase.clear();
        v.vote.reset();
        v.leader.reset();
        v.lastSync.reset();
      }
      v.seen = true;
      v.alive = true;
    }
    v.alive = true;
    if (e.kind == EventKind::ServerStart || (e.kind == EventKind::StateChange && e.state != PeerState::LEADING))
      established.erase(e.server);
    // A leader's line about a learner (its FOLLOWERINFO, its sync, its ack of NEWLEADER) says
    // whom that learner follows, whatever the learner's own lines left out.
    auto followsThisLeader = [&](Sid learner) {
      if (v.state != PeerState::LEADING || learner == e.server || !slot.count(learner)) return;
      ServerView& l = now[slot[learner]];
      if (!l.alive || (l.state != PeerState::FOLLOWING && l.state != PeerState::OBSERVING)) return;
      l.leader = e.server;
      // It decided on the leader's vote: QuorumPeer's currentVote names the leader.
      if (v.vote && v.vote->leader == e.server && (!l.vote || l.vote->leader != e.server)) l.vote = v.vote;
    };
    switch (e.kind) {
      case EventKind::NewElection:
        v.lastZxid = e.zxid;
        v.zabPhase = "ELECTION";
        break;
      case EventKind::NotificationReceived:
        if (e.from == e.server && e.vote) {
          v.vote = e.vote;
          if (e.vote->leader == e.server && e.vote->state == PeerState::LOOKING) {
            // Its own candidacy carries its own currentEpoch and last zxid.
            v.currentEpoch = e.vote->peerEpoch;
            v.lastZxid = e.vote->zxid;
          }
        }
        if (e.state) v.state = e.state;
        break;
      case EventKind::StateChange:
        v.state = e.state;
        if (*e.state == PeerState::LOOKING) {
          v.leader.reset();
          v.zabPhase = "ELECTION";
        } else if (*e.state == PeerState::LEADING) {
          v.leader = e.server;
        } else {
          // Whom it follows: the leader its vote names (its last own notification), or the
          // leader the last non-LOOKING notification it received names (a peer joining an
          // established ensemble decides on those without a new vote of its own).
          std::optional<Sid> leader;
          for (std::size_t j = i; j-- > 0;) {
            const auto& p = t.events[j];
            if (p.server != e.server) continue;
            if (p.kind == EventKind::StateChange || p.kind == EventKind::ServerStart) break;
            if (p.kind != EventKind::NotificationReceived || !p.vote) continue;
            if (p.from == e.server || p.vote->state != PeerState::LOOKING) {
              leader = p.vote->leader;
              // QuorumPeer's currentVote becomes the vote it decided on.
              if (!v.vote || v.vote->leader != leader) v.vote = p.vote;
              break;
            }
          }
          // A learner never follows itself: a vote naming itself is its own candidacy, and an
          // excerpt left out the switch it made afterwards. Its leader's lines tell (below).
          v.leader = leader == e.server ? std::nullopt : leader;
        }
        break;
      case EventKind::ZabPhase: {
        auto p = phaseOf(e.detail);
        if (!p.empty()) v.zabPhase = p;
        break;
      }
      case EventKind::NewEpoch:
        v.acceptedEpoch = e.epoch;
        v.currentEpoch = e.epoch;
        v.lastZxid = std::max(v.lastZxid.value_or(0), epochStart(*e.epoch));
        established[e.server] = *e.epoch;
        // The supporters acked NEWLEADER: each has set its currentEpoch to this one.
        for (Sid s : sidsIn(e.detail))
          if (s != e.server && slot.count(s) && now[slot[s]].alive) {
            takeEpoch(now[slot[s]], *e.epoch);
            followsThisLeader(s);
          }
        break;
      case EventKind::FollowerInfo:
      case EventKind::SyncStart:
        followsThisLeader(e.kind == EventKind::FollowerInfo ? e.from : e.to);
        break;
      case EventKind::SyncSent:
        followsThisLeader(e.to);
        // The leader's last sync is the one it sent (the engine's last_sync counts both ends).
        v.lastSync = e.sync;
        // DIFF and SNAP name what the leader has processed; TRUNC names the learner's cut.
        if (e.zxid && e.sync != SyncMode::TRUNC) v.lastZxid = std::max(v.lastZxid.value_or(0), *e.zxid);
        break;
      case EventKind::LearnerSync:
        v.lastSync = e.sync;
        if (e.zxid) v.lastZxid = *e.zxid;  // after the sync it holds what the leader has
        break;
      case EventKind::NewLeaderReceived:
        // Only an established epoch: before "Have quorum of supporters" the leader's currentEpoch
        // is still the old one (its vote's); the supporters list gives the new one then.
        if (v.leader)
          if (auto it = established.find(*v.leader); it != established.end()) takeEpoch(v, it->second);
        break;
      case EventKind::ServerShutdown:
        v.alive = false;
        v.state.reset();
        v.zabPhase.clear();
        v.vote.reset();
        v.leader.reset();
        break;
      case EventKind::ProposalSeen:
        if (e.zxid) {
          v.lastZxid = std::max(v.lastZxid.value_or(0), *e.zxid);
          const std::int64_t epoch = static_cast<std::int64_t>(static_cast<std::uint64_t>(*e.zxid) >> 32);
          if (!v.currentEpoch || *v.currentEpoch < epoch) v.currentEpoch = v.acceptedEpoch = epoch;
        }
        break;
      case EventKind::ConnectionBroken:
      case EventKind::LearnerGone:
        if (quietAfter[i]) {
          Sid about = e.kind == EventKind::ConnectionBroken ? (e.from >= 0 ? e.from : e.to) : e.to;
          if (slot.count(about) && now[slot[about]].seen) {
            ServerView& gone = now[slot[about]];
            gone.alive = false;
            gone.state.reset();
            gone.zabPhase.clear();
            gone.vote.reset();
            gone.leader.reset();
          }
        }
        break;
      default: break;
    }
    t.after.push_back(now);
  }
}

std::optional<Sid> quorumLeader(const std::vector<ServerView>& views) {
  const auto voters = static_cast<std::size_t>(
      std::count_if(views.begin(), views.end(), [](const ServerView& v) { return v.state != PeerState::OBSERVING; }));
  for (const auto& v : views) {
    if (!v.alive || v.state != PeerState::LEADING) continue;
    std::size_t support = 0;
    for (const auto& f : views)
      if (f.alive && f.leader == v.sid && (f.state == PeerState::FOLLOWING || f.sid == v.sid)) ++support;
    if (support * 2 > voters) return v.sid;
  }
  return std::nullopt;
}

}  // namespace zabscope::real
