#include "simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "zab/zxid.hpp"

namespace zab::sim {

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::Frame: return "frame";
    case EventKind::ConnectArrive: return "connect";
    case EventKind::ConnectResult: return "connect-result";
    case EventKind::CloseNotice: return "close";
    case EventKind::Timer: return "timer";
  }
  return "?";
}

std::string StepRecord::explanation() const {
  if (notes.empty()) return headline;
  std::string out;
  for (const auto& n : notes) {
    if (!out.empty()) out += "; ";
    out += n;
  }
  return out;
}

Simulation::Simulation(const EnsembleSpec& spec)
    : seed_(spec.seed), qv_(spec.qv), timing_(spec.timing), rng_(spec.seed) {
  network_.defaults() = spec.link;
  for (const auto& [sid, server] : qv_.allMembers()) {
    PeerSlot slot;
    slot.sid = sid;
    slot.type = server.type;
    auto h = spec.history.find(sid);
    if (h != spec.history.end()) slot.disk = h->second;
    peers_[sid] = slot;
  }
}

const PeerSlot* Simulation::slot(Sid sid) const {
  auto it = peers_.find(sid);
  return it == peers_.end() ? nullptr : &it->second;
}

StepRecord Simulation::beginRecord(const std::string& kind, const std::string& headline) {
  StepRecord rec;
  rec.index = ++stepIndex_;
  rec.timeMs = now_;
  rec.kind = kind;
  rec.headline = headline;
  return rec;
}

bool Simulation::processAlive(Sid sid, std::uint32_t incarnation) const {
  const PeerSlot* s = slot(sid);
  return s && s->alive && s->incarnation == incarnation;
}

std::uint64_t Simulation::schedule(Event e) {
  e.seq = nextSeq_++;
  auto key = std::make_pair(e.time, e.seq);
  events_.emplace(key, std::move(e));
  return key.second;
}

void Simulation::cancelTimers(Sid sid) {
  for (auto it = timers_.begin(); it != timers_.end();) {
    if (it->first.first == sid) {
      events_.erase(it->second);
      it = timers_.erase(it);
    } else {
      ++it;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Commands

void Simulation::startPeer(PeerSlot& s, StepRecord& rec) {
  s.alive = true;
  s.powered = true;
  ++s.incarnation;
  s.peer = QuorumPeer(s.sid, qv_, timing_, s.disk);
  Effects fx;
  s.peer.start(fx);
  applyEffects(s.sid, fx, rec);
}

StepRecord Simulation::start(const std::vector<Sid>& sids) {
  std::string names;
  for (Sid sid : sids) names += fmt::format(" S{}", sid);
  StepRecord rec = beginRecord("command", "start" + names);
  for (Sid sid : sids) {
    auto it = peers_.find(sid);
    if (it == peers_.end()) {
      rec.notes.push_back(fmt::format("S{} is not in the ensemble", sid));
      continue;
    }
    if (it->second.alive) {
      rec.notes.push_back(fmt::format("S{} is already running", sid));
      continue;
    }
    startPeer(it->second, rec);
  }
  return rec;
}

void Simulation::stopProcess(PeerSlot& s, bool resetConnections, StepRecord& rec) {
  s.disk = s.peer.disk();  // whatever the process persisted stays on disk
  s.alive = false;
  cancelTimers(s.sid);
  for (auto& [id, c] : connections_) {
    bool mine = (c.initiator == s.sid && c.openAtInitiator && c.initiatorIncarnation == s.incarnation) ||
                (c.acceptor == s.sid && c.openAtAcceptor && c.acceptorIncarnation == s.incarnation);
    if (!mine) continue;
    closeConnection(s.sid, id, resetConnections ? "connection reset: process killed" : "", resetConnections, rec);
  }
}

StepRecord Simulation::kill(Sid sid) {
  StepRecord rec = beginRecord("command", fmt::format("kill S{}", sid));
  rec.actor = sid;
  auto it = peers_.find(sid);
  if (it == peers_.end() || !it->second.alive) {
    rec.notes.push_back(fmt::format("S{} is not running", sid));
    return rec;
  }
  rec.notes.push_back(fmt::format("S{} process killed: memory lost, disk kept; the OS resets its TCP connections, so "
                                  "every peer connected to it sees the close at once",
                                  sid));
  stopProcess(it->second, true, rec);
  return rec;
}

StepRecord Simulation::crash(Sid sid) {
  StepRecord rec = beginRecord("command", fmt::format("crash S{}", sid));
  rec.actor = sid;
  auto it = peers_.find(sid);
  if (it == peers_.end() || !it->second.alive) {
    rec.notes.push_back(fmt::format("S{} is not running", sid));
    return rec;
  }
  rec.notes.push_back(fmt::format("S{} loses power: memory lost, disk kept; nobody is told, the others notice only "
                                  "through timeouts",
                                  sid));
  stopProcess(it->second, false, rec);
  it->second.powered = false;
  return rec;
}

StepRecord Simulation::restart(Sid sid) {
  StepRecord rec = beginRecord("command", fmt::format("restart S{}", sid));
  rec.actor = sid;
  auto it = peers_.find(sid);
  if (it == peers_.end()) {
    rec.notes.push_back(fmt::format("S{} is not in the ensemble", sid));
    return rec;
  }
  if (it->second.alive) {
    rec.notes.push_back(fmt::format("S{} is killed first", sid));
    stopProcess(it->second, true, rec);
  }
  startPeer(it->second, rec);
  return rec;
}

StepRecord Simulation::relook(Sid sid) {
  StepRecord rec = beginRecord("command", fmt::format("relook S{}", sid));
  rec.actor = sid;
  auto it = peers_.find(sid);
  if (it == peers_.end() || !it->second.alive) {
    rec.notes.push_back(fmt::format("S{} is not running", sid));
    return rec;
  }
  Effects fx;
  it->second.peer.relook("role ended by command", fx);
  applyEffects(sid, fx, rec);
  return rec;
}

StepRecord Simulation::setHistory(Sid sid, const PeerDisk& disk) {
  StepRecord rec = beginRecord("command", fmt::format("history S{}", sid));
  auto it = peers_.find(sid);
  if (it == peers_.end()) {
    rec.notes.push_back(fmt::format("S{} is not in the ensemble", sid));
    return rec;
  }
  it->second.disk = disk;
  rec.notes.push_back(fmt::format("S{} disk: acceptedEpoch {}, currentEpoch {}, last zxid {}{}", sid,
                                  disk.acceptedEpoch, disk.currentEpoch, formatZxid(disk.lastZxid),
                                  it->second.alive ? " (takes effect at the next restart)" : ""));
  return rec;
}

StepRecord Simulation::partition(const std::vector<std::vector<Sid>>& groups) {
  std::string text;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (i) text += " | ";
    for (std::size_t j = 0; j < groups[i].size(); ++j) text += fmt::format("{}{}", j ? "," : "", groups[i][j]);
  }
  StepRecord rec = beginRecord("command", "partition " + text);
  network_.partition(groups);
  rec.notes.push_back(fmt::format("network partitioned {}: frames across groups are lost, connections stay open, "
                                  "new connections time out after {} ms",
                                  text, kConnectTimeoutMs));
  return rec;
}

StepRecord Simulation::cutLink(Sid from, Sid to) {
  StepRecord rec = beginRecord("command", fmt::format("cut S{} -> S{}", from, to));
  network_.cut(from, to);
  rec.notes.push_back(fmt::format("link S{} -> S{} cut (one direction only)", from, to));
  return rec;
}

StepRecord Simulation::heal() {
  StepRecord rec = beginRecord("command", "heal");
  network_.heal();
  rec.notes.push_back("network healed: every link delivers again");
  return rec;
}

StepRecord Simulation::setLink(std::optional<std::pair<Sid, Sid>> link, const LinkConfig& cfg,
                               const std::string& what) {
  StepRecord rec = beginRecord("command", what);
  if (link) network_.setLink(link->first, link->second, cfg);
  else {
    network_.defaults() = cfg;
    network_.clearOverrides();
  }
  rec.notes.push_back(fmt::format("{}: latency {}..{} ms, loss {}, duplication {}",
                                  link ? fmt::format("link S{} -> S{}", link->first, link->second)
                                       : std::string("every link"),
                                  cfg.latencyMinMs, cfg.latencyMaxMs, cfg.loss, cfg.duplication));
  return rec;
}

// ---------------------------------------------------------------------------------------
// Effects of a peer become events

void Simulation::runPeer(Sid sid, const Input& in, StepRecord& rec) {
  PeerSlot& s = peers_.at(sid);
  Effects fx;
  s.peer.step(in, fx);
  applyEffects(sid, fx, rec);
}

void Simulation::applyEffects(Sid sid, Effects& fx, StepRecord& rec) {
  PeerSlot& s = peers_.at(sid);
  for (auto& out : fx.outputs) {
    std::visit(
        [&](auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, OutNote>) {
            rec.notes.push_back(std::move(o.text));
          } else if constexpr (std::is_same_v<T, OutDial>) {
            dial(sid, o.to, std::move(o.initialMessage), rec);
          } else if constexpr (std::is_same_v<T, OutSendFrame>) {
            sendFrame(sid, o, rec);
          } else if constexpr (std::is_same_v<T, OutClose>) {
            closeConnection(sid, o.conn, o.reason, true, rec);
          } else if constexpr (std::is_same_v<T, OutSetTimer>) {
            auto key = std::make_pair(sid, static_cast<int>(o.kind));
            auto old = timers_.find(key);
            if (old != timers_.end()) events_.erase(old->second);
            Event e;
            e.kind = EventKind::Timer;
            e.time = now_ + o.delayMs;
            e.from = e.to = sid;
            e.timer = o.kind;
            e.incarnation = s.incarnation;
            e.label = std::string(zab::to_string(o.kind));
            e.type = "timer";
            e.family = Family::Election;
            std::uint64_t seq = schedule(std::move(e));
            timers_[key] = {now_ + o.delayMs, seq};
          } else if constexpr (std::is_same_v<T, OutCancelTimer>) {
            auto key = std::make_pair(sid, static_cast<int>(o.kind));
            auto old = timers_.find(key);
            if (old != timers_.end()) {
              events_.erase(old->second);
              timers_.erase(old);
            }
          }
        },
        out);
  }
  fx.outputs.clear();
}

void Simulation::dial(Sid from, Sid to, Bytes initialMessage, StepRecord& rec) {
  ConnId id = nextConn_++;
  Connection c;
  c.initiator = from;
  c.acceptor = to;
  c.initiatorIncarnation = peers_.at(from).incarnation;
  connections_[id] = c;
  ++messageCounts_["connect"];
  const PeerSlot* target = slot(to);
  Event e;
  e.from = from;
  e.conn = id;
  e.family = Family::Transport;
  if (!target || !target->powered || !network_.reachable(from, to) || !network_.reachable(to, from)) {
    // SYN into silence: connect() gives up after cnxTO.
    e.kind = EventKind::ConnectResult;
    e.to = from;
    e.ok = false;
    e.reason = fmt::format("connect to S{} timed out after {} ms", to, kConnectTimeoutMs);
    e.time = now_ + kConnectTimeoutMs;
    e.label = "connect timeout";
    e.type = "connect";
    e.from = to;
    schedule(std::move(e));
    return;
  }
  e.kind = EventKind::ConnectArrive;
  e.to = to;
  e.bytes = std::move(initialMessage);
  e.time = fifoArrival(connections_.at(id), from, network_.drawLatency(rng_, from, to));
  e.label = "connect";
  e.type = "connect";
  schedule(std::move(e));
  (void)rec;
}

std::int64_t Simulation::fifoArrival(Connection& c, Sid from, std::int64_t latency) {
  int dir = from == c.initiator ? 0 : 1;
  std::int64_t t = std::max(now_ + latency, c.lastArrival[dir]);
  c.lastArrival[dir] = t;
  return t;
}

void Simulation::sendFrame(Sid from, const OutSendFrame& out, StepRecord& rec) {
  ++messageCounts_[out.type];
  auto it = connections_.find(out.conn);
  if (it == connections_.end()) return;
  Connection& c = it->second;
  Sid to = from == c.initiator ? c.acceptor : c.initiator;
  const LinkConfig& link = network_.link(from, to);
  if (!network_.reachable(from, to)) {
    rec.notes.push_back(fmt::format("S{} -> S{} {} lost: the link is partitioned", from, to, out.label));
    return;
  }
  if (rng_.chance(link.loss)) {
    rec.notes.push_back(fmt::format("S{} -> S{} {} lost in the network (loss {})", from, to, out.label, link.loss));
    return;
  }
  int copies = rng_.chance(link.duplication) ? 2 : 1;
  if (copies == 2)
    rec.notes.push_back(fmt::format("S{} -> S{} {} duplicated by the network", from, to, out.label));
  for (int i = 0; i < copies; ++i) {
    Event e;
    e.kind = EventKind::Frame;
    e.from = from;
    e.to = to;
    e.conn = out.conn;
    e.bytes = out.frame;
    e.label = out.label;
    e.type = out.type;
    e.family = out.family;
    e.time = fifoArrival(c, from, network_.drawLatency(rng_, from, to));
    schedule(std::move(e));
  }
}

void Simulation::closeConnection(Sid by, ConnId id, const std::string& reason, bool notify, StepRecord& rec) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = it->second;
  bool atInitiator = by == c.initiator;
  bool& mine = atInitiator ? c.openAtInitiator : c.openAtAcceptor;
  mine = false;
  Sid other = atInitiator ? c.acceptor : c.initiator;
  bool otherOpen = atInitiator ? c.openAtAcceptor : c.openAtInitiator;
  if (notify && otherOpen && network_.reachable(by, other)) {
    Event e;
    e.kind = EventKind::CloseNotice;
    e.from = by;
    e.to = other;
    e.conn = id;
    e.reason = reason;
    e.label = "close";
    e.type = "close";
    e.family = Family::Transport;
    e.time = fifoArrival(c, by, network_.drawLatency(rng_, by, other));
    schedule(std::move(e));
  }
  (void)rec;
}

// ---------------------------------------------------------------------------------------
// Stepping

std::optional<std::int64_t> Simulation::nextEventTime() const {
  if (events_.empty()) return std::nullopt;
  return events_.begin()->first.first;
}

void Simulation::advanceClockTo(std::int64_t timeMs) {
  auto next = nextEventTime();
  if (next && *next < timeMs) timeMs = *next;
  if (timeMs > now_) now_ = timeMs;
}

std::optional<StepRecord> Simulation::step() {
  if (events_.empty()) return std::nullopt;
  auto it = events_.begin();
  Event e = std::move(it->second);
  events_.erase(it);
  if (e.time > now_) now_ = e.time;
  return perform(std::move(e));
}

StepRecord Simulation::perform(Event e) {
  if (e.kind == EventKind::Timer) {
    auto key = std::make_pair(e.to, static_cast<int>(e.timer));
    auto t = timers_.find(key);
    if (t != timers_.end() && t->second.second == e.seq) timers_.erase(t);
  }
  StepRecord rec = beginRecord(std::string(to_string(e.kind)), "");
  rec.actor = e.to;
  rec.from = e.from;
  rec.to = e.to;
  rec.family = e.family;
  rec.type = e.type;
  rec.label = e.label;
  PeerSlot* target = peers_.count(e.to) ? &peers_.at(e.to) : nullptr;

  switch (e.kind) {
    case EventKind::Timer: {
      rec.headline = fmt::format("S{} timer fires: {}", e.to, e.label);
      rec.from = rec.to = e.to;
      if (!processAlive(e.to, e.incarnation)) {
        rec.notes.push_back("the process that armed it is gone");
        break;
      }
      runPeer(e.to, InTimer{e.timer}, rec);
      break;
    }
    case EventKind::ConnectArrive: {
      rec.headline = fmt::format("S{} -> S{} connection request", e.from, e.to);
      auto cit = connections_.find(e.conn);
      if (cit == connections_.end() || !cit->second.openAtInitiator) {
        rec.notes.push_back(fmt::format("S{} gave up this connection before it arrived", e.from));
        break;
      }
      Connection& c = cit->second;
      if (!target || !target->powered) {
        rec.notes.push_back(fmt::format("S{} is powered off: the request vanishes", e.to));
        Event r;
        r.kind = EventKind::ConnectResult;
        r.from = e.to;
        r.to = e.from;
        r.conn = e.conn;
        r.ok = false;
        r.reason = fmt::format("connect to S{} timed out after {} ms", e.to, kConnectTimeoutMs);
        r.time = now_ + kConnectTimeoutMs;
        r.label = "connect timeout";
        r.type = "connect";
        schedule(std::move(r));
        break;
      }
      if (!target->alive) {
        rec.notes.push_back(fmt::format("nothing listens on S{}'s election port: connection refused", e.to));
        Event r;
        r.kind = EventKind::ConnectResult;
        r.from = e.to;
        r.to = e.from;
        r.conn = e.conn;
        r.ok = false;
        r.reason = "connection refused";
        r.label = "refused";
        r.type = "connect";
        r.time = fifoArrival(c, e.to, network_.drawLatency(rng_, e.to, e.from));
        schedule(std::move(r));
        break;
      }
      c.acceptorIncarnation = target->incarnation;
      c.openAtAcceptor = true;
      // The initiator learns its connect() succeeded one trip later (first on this direction).
      Event r;
      r.kind = EventKind::ConnectResult;
      r.from = e.to;
      r.to = e.from;
      r.conn = e.conn;
      r.ok = true;
      r.label = "connected";
      r.type = "connect";
      r.time = fifoArrival(c, e.to, network_.drawLatency(rng_, e.to, e.from));
      schedule(std::move(r));
      runPeer(e.to, InConnectionRequest{e.conn, e.bytes}, rec);
      break;
    }
    case EventKind::ConnectResult: {
      rec.headline = e.ok ? fmt::format("S{}: connection to S{} established", e.to, e.from)
                          : fmt::format("S{}: connection to S{} failed ({})", e.to, e.from, e.reason);
      auto c = connections_.find(e.conn);
      std::uint32_t inc = c != connections_.end() ? c->second.initiatorIncarnation : 0;
      if (c == connections_.end() || !processAlive(e.to, inc)) {
        rec.notes.push_back(fmt::format("S{} is no longer the process that dialled", e.to));
        break;
      }
      if (e.ok && !c->second.openAtInitiator) break;
      if (e.ok) runPeer(e.to, InConnectEstablished{e.conn, e.from}, rec);
      else {
        c->second.openAtInitiator = false;
        runPeer(e.to, InConnectFailed{e.from, e.reason}, rec);
      }
      break;
    }
    case EventKind::Frame:
    case EventKind::CloseNotice: {
      bool frame = e.kind == EventKind::Frame;
      rec.headline = frame ? fmt::format("S{} -> S{} {}", e.from, e.to, e.label)
                           : fmt::format("S{} -> S{} connection closed ({})", e.from, e.to, e.reason);
      auto it = connections_.find(e.conn);
      if (it == connections_.end()) break;
      Connection& c = it->second;
      bool toInitiator = e.to == c.initiator;
      bool open = toInitiator ? c.openAtInitiator : c.openAtAcceptor;
      std::uint32_t inc = toInitiator ? c.initiatorIncarnation : c.acceptorIncarnation;
      if (!open || !processAlive(e.to, inc)) {
        if (frame && target && target->alive) {
          // The receiving OS knows no such connection: it answers with a reset.
          rec.notes.push_back(fmt::format("S{} has no such connection any more: the frame is answered with a reset",
                                          e.to));
          bool senderOpen = toInitiator ? c.openAtAcceptor : c.openAtInitiator;
          if (senderOpen) closeConnection(e.to, e.conn, "connection reset", true, rec);
        } else if (frame) {
          rec.notes.push_back(fmt::format("S{} is down: the frame is lost", e.to));
        }
        break;
      }
      if (frame) {
        runPeer(e.to, InFrame{e.conn, e.bytes}, rec);
      } else {
        (toInitiator ? c.openAtInitiator : c.openAtAcceptor) = false;
        runPeer(e.to, InConnectionClosed{e.conn}, rec);
      }
      break;
    }
  }
  return rec;
}

std::vector<PendingEvent> Simulation::pending() const {
  std::vector<PendingEvent> out;
  out.reserve(events_.size());
  for (const auto& [key, e] : events_) {
    PendingEvent p;
    p.id = e.seq;
    p.timeMs = e.time;
    p.kind = e.kind;
    p.from = e.from;
    p.to = e.to;
    p.label = e.label;
    p.type = e.type;
    p.family = e.family;
    p.timer = e.timer;
    out.push_back(std::move(p));
  }
  return out;
}

std::size_t Simulation::messagesInFlight() const {
  std::size_t n = 0;
  for (const auto& [key, e] : events_)
    if (e.kind != EventKind::Timer) ++n;
  return n;
}

namespace {
template <class Map>
auto findBySeq(Map& events, std::uint64_t id) {
  for (auto it = events.begin(); it != events.end(); ++it)
    if (it->second.seq == id) return it;
  return events.end();
}
}  // namespace

std::optional<StepRecord> Simulation::deliverNow(std::uint64_t id) {
  auto it = findBySeq(events_, id);
  if (it == events_.end()) return std::nullopt;
  Event e = std::move(it->second);
  events_.erase(it);
  if (e.kind == EventKind::Timer) timers_.erase({e.to, static_cast<int>(e.timer)});
  // Delivered now, ahead of its time: the clock does not move.
  e.time = now_;
  StepRecord rec = perform(std::move(e));
  rec.notes.insert(rec.notes.begin(), "delivered by hand, ahead of its turn");
  return rec;
}

std::optional<StepRecord> Simulation::drop(std::uint64_t id) {
  auto it = findBySeq(events_, id);
  if (it == events_.end()) return std::nullopt;
  const Event& e = it->second;
  StepRecord rec = beginRecord("drop", e.kind == EventKind::Timer
                                           ? fmt::format("drop S{} timer {}", e.to, e.label)
                                           : fmt::format("drop S{} -> S{} {}", e.from, e.to, e.label));
  rec.from = e.from;
  rec.to = e.to;
  rec.family = e.family;
  rec.type = e.type;
  rec.label = e.label;
  rec.notes.push_back(rec.headline.substr(5) + ": removed by hand, it will never arrive");
  if (e.kind == EventKind::Timer) timers_.erase({e.to, static_cast<int>(e.timer)});
  events_.erase(it);
  return rec;
}

std::optional<StepRecord> Simulation::duplicate(std::uint64_t id) {
  auto it = findBySeq(events_, id);
  if (it == events_.end() || it->second.kind == EventKind::Timer) return std::nullopt;
  Event copy = it->second;
  StepRecord rec = beginRecord("duplicate", fmt::format("duplicate S{} -> S{} {}", copy.from, copy.to, copy.label));
  rec.from = copy.from;
  rec.to = copy.to;
  rec.family = copy.family;
  rec.type = copy.type;
  rec.label = copy.label;
  rec.notes.push_back(fmt::format("a second copy of S{} -> S{} {} will arrive right after the first", copy.from,
                                  copy.to, copy.label));
  schedule(std::move(copy));
  return rec;
}

// ---------------------------------------------------------------------------------------
// Views

std::optional<Sid> Simulation::leader() const {
  std::optional<Sid> best;
  std::int64_t bestRound = -1;
  for (const auto& [sid, s] : peers_) {
    if (!s.alive || s.peer.state() != ServerState::LEADING) continue;
    std::set<Sid> support{sid};
    for (const auto& [fid, f] : peers_)
      if (f.alive && f.type == LearnerType::PARTICIPANT && f.peer.state() == ServerState::FOLLOWING &&
          f.peer.currentVote().id == sid)
        support.insert(fid);
    if (!qv_.containsQuorum(support)) continue;
    if (!best || s.peer.currentVote().electionEpoch > bestRound) {
      best = sid;
      bestRound = s.peer.currentVote().electionEpoch;
    }
  }
  return best;
}

bool Simulation::stable() const {
  auto l = leader();
  if (!l) return false;
  for (const auto& [sid, s] : peers_) {
    if (!s.alive) continue;
    ServerState st = s.peer.state();
    if (st == ServerState::LOOKING) return false;
    if (sid != *l && (st == ServerState::LEADING || s.peer.currentVote().id != *l)) return false;
  }
  return true;
}

}  // namespace zab::sim
