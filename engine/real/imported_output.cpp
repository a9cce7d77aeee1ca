// Words, JSON and the ShiViz log for an imported timeline: made where people read them, from
// the event records (numbers and enums) and the raw line.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "zk_log_import.hpp"

namespace zabscope::real {

std::string_view to_string(PeerState s) {
  switch (s) {
    case PeerState::LOOKING: return "LOOKING";
    case PeerState::FOLLOWING: return "FOLLOWING";
    case PeerState::LEADING: return "LEADING";
    case PeerState::OBSERVING: return "OBSERVING";
  }
  return "?";
}
std::string_view to_string(SyncMode m) {
  switch (m) {
    case SyncMode::DIFF: return "DIFF";
    case SyncMode::TRUNC: return "TRUNC";
    case SyncMode::SNAP: return "SNAP";
  }
  return "?";
}
std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::ServerStart: return "start";
    case EventKind::NewElection: return "new-election";
    case EventKind::NotificationReceived: return "notification";
    case EventKind::StateChange: return "state";
    case EventKind::ZabPhase: return "zab-phase";
    case EventKind::ElectionTook: return "election-took";
    case EventKind::NewEpoch: return "new-epoch";
    case EventKind::FollowerInfo: return "followerinfo";
    case EventKind::SyncStart: return "sync-start";
    case EventKind::SyncSent: return "sync-sent";
    case EventKind::LearnerSync: return "learner-sync";
    case EventKind::NewLeaderReceived: return "newleader";
    case EventKind::UpToDate: return "uptodate";
    case EventKind::LeaderConnected: return "leader-connected";
    case EventKind::LeaderDisconnected: return "leader-disconnected";
    case EventKind::ProposalSeen: return "proposal";
    case EventKind::Connection: return "connection";
    case EventKind::ConnectionBroken: return "connection-broken";
    case EventKind::LearnerGone: return "learner-gone";
    case EventKind::ServerShutdown: return "shutdown";
  }
  return "?";
}

namespace {

std::string zx(Zxid z) { return fmt::format("0x{:x}", static_cast<std::uint64_t>(z)); }
std::string sidText(Sid s) { return s >= 0 ? fmt::format("S{}", s) : std::string("?"); }
std::string voteText(const ImportedVote& v) {
  return fmt::format("S{} (zxid {}, round {}, peer epoch {})", v.leader, zx(v.zxid), v.electionEpoch, v.peerEpoch);
}
// FastLeaderElection.totalOrderPredicate: the higher (peerEpoch, zxid, sid) wins.
int compareVotes(const ImportedVote& a, const ImportedVote& b) {
  if (a.peerEpoch != b.peerEpoch) return a.peerEpoch < b.peerEpoch ? -1 : 1;
  if (a.zxid != b.zxid) return a.zxid < b.zxid ? -1 : 1;
  if (a.leader != b.leader) return a.leader < b.leader ? -1 : 1;
  return 0;
}
std::string whyBetter(const ImportedVote& a, const ImportedVote& b) {
  if (a.peerEpoch != b.peerEpoch) return "a higher epoch";
  if (a.zxid != b.zxid) return "a higher zxid";
  return "the same epoch and zxid and a higher sid";
}
const ServerView* viewOf(const std::vector<ServerView>& all, Sid s) {
  for (const auto& v : all)
    if (v.sid == s) return &v;
  return nullptr;
}

}  // namespace

std::vector<ServerView> viewAt(const ImportedTimeline& t, std::size_t index) {
  if (index < t.after.size()) return t.after[index];
  std::vector<ServerView> out;
  for (Sid s : t.servers) {
    ServerView v;
    v.sid = s;
    out.push_back(v);
  }
  return out;
}

std::vector<std::string> explainEvent(const ImportedTimeline& t, std::size_t i) {
  const ImportedEvent& e = t.events[i];
  const std::string me = sidText(e.server);
  const std::vector<ServerView> before = i > 0 ? t.after[i - 1] : viewAt(t, static_cast<std::size_t>(-1));
  const ServerView* self = viewOf(before, e.server);
  std::vector<std::string> out;
  switch (e.kind) {
    case EventKind::ServerStart:
      out.push_back(fmt::format("{} starts (QuorumPeerMain){}", me,
                                self && self->seen ? ": a restart, what it held in memory is gone" : ""));
      break;
    case EventKind::NewElection:
      out.push_back(fmt::format("{} starts a new election and votes for itself with its last zxid {}", me,
                                zx(e.zxid.value_or(0))));
      break;
    case EventKind::NotificationReceived: {
      const auto& v = *e.vote;
      const std::string st(to_string(*e.state));
      if (e.from == e.server) {
        out.push_back(fmt::format("{} ({}) sends its vote {} to every voter; the log shows its own copy", me, st,
                                  voteText(v)));
        break;
      }
      out.push_back(fmt::format("{} ({}) receives {}'s notification: {} is {} and votes for {}", me, st,
                                sidText(e.from), sidText(e.from), to_string(v.state), voteText(v)));
      if (*e.state == PeerState::LOOKING && v.state == PeerState::LOOKING && self && self->vote) {
        const ImportedVote& mine = *self->vote;
        if (v.electionEpoch > mine.electionEpoch)
          out.push_back(fmt::format("its round {} is newer than {}'s round {}: {} joins that round", v.electionEpoch,
                                    me, mine.electionEpoch, me));
        else if (v.electionEpoch < mine.electionEpoch)
          out.push_back(fmt::format("its round {} is older than {}'s round {}: ignored (totalOrderPredicate is "
                                    "not asked)",
                                    v.electionEpoch, me, mine.electionEpoch));
        else if (compareVotes(v, mine) > 0)
          out.push_back(fmt::format("S{} beats {}'s vote for S{} by {}: {} switches its vote (totalOrderPredicate)",
                                    v.leader, me, mine.leader, whyBetter(v, mine), me));
        else
          out.push_back(fmt::format("{}'s vote for S{} stays: the received vote is not better (totalOrderPredicate)",
                                    me, mine.leader));
      } else if (*e.state != PeerState::LOOKING && v.state == PeerState::LOOKING) {
        out.push_back(fmt::format("{} is {} and answers with the leader it knows", me, st));
      } else if (*e.state == PeerState::LOOKING && v.state != PeerState::LOOKING) {
        out.push_back(fmt::format("{} is already {}: {} counts it toward following S{} if a quorum agrees",
                                  sidText(e.from), to_string(v.state), me, v.leader));
      }
      break;
    }
    case EventKind::StateChange: {
      const PeerState s = *e.state;
      const ServerView& after = *viewOf(t.after[i], e.server);
      if (s == PeerState::LOOKING)
        out.push_back(fmt::format("{} goes LOOKING: it has no leader and starts an election", me));
      else if (s == PeerState::LEADING)
        out.push_back(fmt::format("{} goes LEADING: a quorum voted for it", me));
      else
        out.push_back(fmt::format("{} goes {}{}", me, to_string(s),
                                  after.leader ? fmt::format(": it follows S{}, the leader a quorum agreed on",
                                                             *after.leader)
                                               : std::string()));
      break;
    }
    case EventKind::ZabPhase: out.push_back(fmt::format("{} is now {}", me, e.detail)); break;
    case EventKind::ElectionTook:
      out.push_back(fmt::format("{} ends the election as {} after {} ms", me, to_string(*e.state), e.valueMs));
      break;
    case EventKind::NewEpoch:
      out.push_back(fmt::format("{} has a quorum of supporters ({}): epoch {} starts, new zxids from {}", me,
                                e.detail, e.epoch.value_or(0), zx(e.zxid.value_or(0))));
      break;
    case EventKind::FollowerInfo:
      out.push_back(fmt::format("{} hears from learner {} (FOLLOWERINFO: {})", me, sidText(e.from), e.detail));
      break;
    case EventKind::SyncStart:
      out.push_back(fmt::format("{} synchronises learner {}, whose last zxid is {}; {}", me, sidText(e.to),
                                zx(e.zxid.value_or(0)), e.detail));
      break;
    case EventKind::SyncSent: {
      const SyncMode m = *e.sync;
      const char* why = m == SyncMode::DIFF    ? "the learner's last zxid lies within what the leader can replay"
                        : m == SyncMode::TRUNC ? "the learner has transactions the leader does not: it cuts them off"
                                               : "the learner is behind what the leader's committed log holds";
      out.push_back(fmt::format("{} sends {} to {} (leader at {}): {}", me, to_string(m), sidText(e.to),
                                zx(e.zxid.value_or(0)), why));
      break;
    }
    case EventKind::LearnerSync: {
      const SyncMode m = *e.sync;
      const char* what = m == SyncMode::DIFF    ? "gets a DIFF"
                         : m == SyncMode::TRUNC ? "truncates its log (TRUNC)"
                                                : "gets a snapshot (SNAP)";
      out.push_back(fmt::format("{} {} from its leader{}, leader's zxid {}", me, what,
                                self && self->leader ? " S" + std::to_string(*self->leader) : std::string(),
                                zx(e.zxid.value_or(0))));
      break;
    }
    case EventKind::NewLeaderReceived:
      out.push_back(fmt::format("{} receives NEWLEADER: it takes the leader's epoch and acks", me));
      break;
    case EventKind::UpToDate:
      out.push_back(fmt::format("{} receives UPTODATE: synced, it serves clients (BROADCAST)", me));
      break;
    case EventKind::LeaderConnected: out.push_back(fmt::format("{} connects to its leader", me)); break;
    case EventKind::LeaderDisconnected:
      out.push_back(fmt::format("{} loses its leader: {}", me, e.detail));
      break;
    case EventKind::ProposalSeen:
      // Learner's lastQueued starts at 0 in each new Follower and the sync's proposals set it,
      // so "expected 0x1" is the first proposal it queued since it began following.
      if (e.detail == "0x1")
        out.push_back(fmt::format("{} queues proposal {}, the first since it began following (ZooKeeper warns: "
                                  "its last queued zxid was still 0)", me, zx(e.zxid.value_or(0))));
      else
        out.push_back(fmt::format("{} queues proposal {}, which does not follow the last it queued (it expected {})",
                                  me, zx(e.zxid.value_or(0)), e.detail.empty() ? "the next zxid" : e.detail));
      break;
    case EventKind::Connection: {
      out.push_back(fmt::format("{} {}{}", me, e.detail, e.to >= 0 ? " (" + sidText(e.to) + ")" : std::string()));
      break;
    }
    case EventKind::ConnectionBroken: out.push_back(fmt::format("{}: {}", me, e.detail)); break;
    case EventKind::LearnerGone:
      out.push_back(fmt::format("{} drops its learner handler for {}", me, sidText(e.to)));
      break;
    case EventKind::ServerShutdown: out.push_back(fmt::format("{} shuts down: its log says so", me)); break;
  }
  const ServerView* after = viewOf(t.after[i], e.server);
  for (const auto& v : t.after[i]) {
    const ServerView* b = viewOf(before, v.sid);
    if (v.sid != e.server && b && b->alive && !v.alive)
      out.push_back(fmt::format("S{} is gone: {} lost it and S{} logs nothing more before a restart (at the end of "
                                "the logs: the others went on without it)",
                                v.sid, me, v.sid));
  }
  (void)after;
  return out;
}

std::vector<std::string> timelineText(const ImportedTimeline& t) {
  std::vector<std::string> out;
  for (const auto& w : t.warnings) out.push_back("warning: " + w.str());
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto& e = t.events[i];
    auto lines = explainEvent(t, i);
    const std::string prefix = fmt::format("[{:>8} ms S{:<3}] ", e.timeMs, e.server);
    const auto slash = e.source.file.find_last_of('/');
    lines.front() += fmt::format("  [{}:{}]", slash == std::string::npos ? e.source.file : e.source.file.substr(slash + 1),
                                 e.source.line);
    for (std::size_t k = 0; k < lines.size(); ++k)
      out.push_back((k == 0 ? prefix : std::string(prefix.size() + 2, ' ')) + lines[k]);
  }
  return out;
}

nlohmann::json eventToJson(const ImportedTimeline& t, std::size_t i) {
  const auto& e = t.events[i];
  nlohmann::json j;
  j["step"] = i;
  j["time_ms"] = e.timeMs;
  j["log_time_ms"] = e.logTimeMs;
  j["kind"] = std::string(to_string(e.kind));
  j["peer"] = e.server;
  if (e.from >= 0) j["from"] = e.from;
  if (e.to >= 0) j["to"] = e.to;
  if (e.vote)
    j["vote"] = {{"leader", e.vote->leader},
                 {"zxid", zx(e.vote->zxid)},
                 {"election_epoch", e.vote->electionEpoch},
                 {"peer_epoch", e.vote->peerEpoch},
                 {"state", std::string(to_string(e.vote->state))}};
  if (e.sync) j["type"] = std::string(to_string(*e.sync));
  else if (e.kind == EventKind::NotificationReceived) j["type"] = "notification";
  if (e.zxid) j["zxid"] = zx(*e.zxid);
  auto lines = explainEvent(t, i);
  j["event"] = lines.front();
  j["explanation"] = lines;
  j["file"] = e.source.file;
  j["line"] = e.source.line;
  j["raw"] = e.source.text;
  return j;
}

std::string toShiviz(const ImportedTimeline& t) {
  std::string out = R"((?<event>.*)\n(?<host>\S*) (?<clock>{.*}))";
  out += "\n\n";
  std::map<std::size_t, std::size_t> sendOf;           // receipt -> send
  std::map<std::size_t, std::vector<std::size_t>> ids;  // send -> message numbers
  for (std::size_t k = 0; k < t.messages.size(); ++k) {
    sendOf[t.messages[k].receive] = t.messages[k].send;
    ids[t.messages[k].send].push_back(k + 1);
  }
  std::map<Sid, std::map<Sid, std::uint64_t>> clocks;
  std::map<std::size_t, std::map<Sid, std::uint64_t>> sentClock;
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto& e = t.events[i];
    auto& c = clocks[e.server];
    std::string marks;
    if (auto it = sendOf.find(i); it != sendOf.end()) {
      for (const auto& [h, v] : sentClock[it->second]) c[h] = std::max(c[h], v);
      for (std::size_t k = 0; k < t.messages.size(); ++k)
        if (t.messages[k].receive == i) marks += fmt::format(" [recv m{}]", k + 1);
    }
    ++c[e.server];
    if (auto it = ids.find(i); it != ids.end()) {
      marks += " [send";
      for (auto id : it->second) marks += fmt::format(" m{}", id);
      marks += "]";
      sentClock[i] = c;
    }
    std::string text = fmt::format("#{} t={} ms: {}{}", i, e.timeMs, explainEvent(t, i).front(), marks);
    for (char& ch : text)
      if (ch == '\n' || ch == '\r') ch = ' ';
    std::string clock = "{";
    for (const auto& [h, v] : c) clock += fmt::format("{}\"S{}\":{}", clock.size() > 1 ? "," : "", h, v);
    clock += "}";
    out += text + "\nS" + std::to_string(e.server) + " " + clock + "\n";
  }
  return out;
}

nlohmann::json outcomeToJson(const ImportedTimeline& t) {
  using nlohmann::json;
  json out;
  out["source"] = "logs";
  out["time_ms"] = t.events.empty() ? 0 : t.events.back().timeMs;
  out["seed"] = nullptr;
  const std::vector<ServerView> last = viewAt(t, t.events.empty() ? static_cast<std::size_t>(-1) : t.events.size() - 1);
  const std::optional<Sid> leader = quorumLeader(last);
  out["leader"] = leader ? json(*leader) : json(nullptr);
  const ServerView* lv = leader ? viewOf(last, *leader) : nullptr;
  out["epoch"] = lv && lv->currentEpoch ? json(*lv->currentEpoch) : json(nullptr);
  json peers = json::array();
  auto opt = [](const auto& o) { return o ? json(*o) : json(nullptr); };
  for (const auto& v : last) {
    json p;
    p["sid"] = v.sid;
    p["role"] = v.state == PeerState::OBSERVING ? "observer" : "participant";
    p["alive"] = v.alive;
    p["state"] = v.alive && v.state ? json(std::string(to_string(*v.state))) : json(nullptr);
    p["zab_phase"] = v.alive && !v.zabPhase.empty() ? json(v.zabPhase) : json(nullptr);
    if (v.alive && v.vote)
      p["vote"] = {{"leader", v.vote->leader},
                   {"zxid", zx(v.vote->zxid)},
                   {"election_epoch", v.vote->electionEpoch},
                   {"peer_epoch", v.vote->peerEpoch}};
    else p["vote"] = nullptr;
    p["logicalclock"] = v.alive && v.vote ? json(v.vote->electionEpoch) : json(nullptr);
    p["accepted_epoch"] = opt(v.acceptedEpoch);
    p["current_epoch"] = opt(v.currentEpoch);
    p["last_zxid"] = v.lastZxid ? json(zx(*v.lastZxid)) : json(nullptr);
    p["last_committed_zxid"] = nullptr;
    p["last_sync"] = v.alive && v.lastSync ? json(std::string(to_string(*v.lastSync))) : json(nullptr);
    p["znodes"] = nullptr;
    p["data_digest"] = nullptr;
    if (!v.alive && v.seen) p["exit_reason"] = "gone from the logs";
    peers.push_back(std::move(p));
  }
  out["peers"] = std::move(peers);
  json counts = json::object();
  for (const auto& e : t.events) {
    if (e.kind == EventKind::NotificationReceived && e.from != e.server) counts["notification"] = counts.value("notification", 0) + 1;
    if (e.kind == EventKind::SyncSent && e.sync) {
      const std::string k(to_string(*e.sync));
      counts[k] = counts.value(k, 0) + 1;
    }
  }
  // A TRUNC whose send 3.8.0 logged only at DEBUG: known from the learner's "Truncating log".
  for (const auto& m : t.messages)
    if (m.type == "TRUNC" && t.events[m.send].kind == EventKind::SyncStart) counts["TRUNC"] = counts.value("TRUNC", 0) + 1;
  out["messages"] = std::move(counts);
  out["committed_writes"] = nullptr;
  out["invariants"] = "not checked (logs)";
  json warnings = json::array();
  for (const auto& w : t.warnings) warnings.push_back(w.str());
  out["warnings"] = std::move(warnings);
  out["clock_offsets_ms"] = json::object();
  for (const auto& [s, o] : t.clockOffsetMs) out["clock_offsets_ms"][std::to_string(s)] = o;
  out["own_lanes"] = t.ownLanes;
  out["skipped_lines"] = t.skippedLines;
  return out;
}

}  // namespace zabscope::real
