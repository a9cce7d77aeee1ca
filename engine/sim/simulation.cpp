#include "simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "zab/packet_view.hpp"
#include "zab/zxid.hpp"

namespace zab::sim {

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::Frame: return "frame";
    case EventKind::ConnectArrive: return "connect";
    case EventKind::ConnectResult: return "connect-result";
    case EventKind::Timer: return "timer";
    case EventKind::Workload: return "client";
    case EventKind::Resume: return "resume";
  }
  return "?";
}

std::string_view eventLabel(const Event& e) {
  switch (e.kind) {
    case EventKind::Frame: return {};
    case EventKind::ConnectArrive: return e.channel == Channel::Election ? "connect (election)" : "connect (quorum)";
    case EventKind::ConnectResult:
      return e.ok ? "connected" : e.failure == ConnectFailure::TimedOut ? "connect timeout" : "connect failed";
    case EventKind::Timer: return zab::to_string(e.timer);
    case EventKind::Workload: return "client op";
    case EventKind::Resume: return "SIGCONT";
  }
  return {};
}

std::string_view eventType(const Event& e) {
  switch (e.kind) {
    case EventKind::Frame: return {};
    case EventKind::ConnectArrive:
    case EventKind::ConnectResult: return "connect";
    case EventKind::Timer: return "timer";
    case EventKind::Workload: return "workload";
    case EventKind::Resume: return "resume";
  }
  return {};
}

std::string connectFailureReason(const Event& e) {
  switch (e.failure) {
    case ConnectFailure::TimedOut: return fmt::format("connect to S{} timed out after {} ms", e.from, e.timeoutMs);
    case ConnectFailure::PoweredOff: return fmt::format("connect to S{} timed out", e.from);
    case ConnectFailure::Refused: return "connection refused";
    case ConnectFailure::None: break;
  }
  return {};
}

std::string closeLabel(zab::CloseCause cause) {
  const std::string_view tag = zab::closeTag(cause);
  const std::string_view kind = zab::isReset(cause) ? "RST" : "close";
  return tag.empty() ? std::string(kind) : fmt::format("{}: {}", kind, tag);
}

std::string frameLabel(const Connection& c, const InFlight& f) {
  if (f.close) return closeLabel(f.closeCause());
  return zab::frameLabel(c.channel, f.frame, f.resend);
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

std::vector<std::string> StepRecord::explanationLines() const {
  if (notes.empty()) return {headline};
  return notes;
}

Simulation::Simulation(const EnsembleSpec& spec)
    : seed_(spec.seed), qv_(spec.qv), timing_(spec.timing), rng_(spec.seed) {
  workloadRng_ = rng_.fork(0x5eed);
  network_.defaults() = spec.link;
  for (const auto& [sid, server] : qv_.allMembers()) {
    PeerSlot& slot = peers_[sid];  // built in place: a slot holds a whole (empty) process
    slot.sid = sid;
    slot.type = server.type;
    auto d = spec.disks.find(sid);
    if (d != spec.disks.end()) slot.disk = d->second;
  }
  // An election of N peers holds up to about N^2 events at once (every peer's notification to
  // every other, their connects): room for twice that from the start, so the queue's pool is
  // never copied while it grows (memory is only touched as slots are used).
  const std::size_t n = qv_.allMembers().size();
  events_.reserve(2 * n * n + 64);
  connectMessages_.reserve(n * n + 64);  // and an election dials about N^2 times
}

const PeerSlot* Simulation::slot(Sid sid) const {
  return peers_.find(sid);
}

StepRecord Simulation::beginRecord(std::string_view kind, TextFn headline) {
  StepRecord rec;
  beginRecordIn(rec, kind, headline);
  return rec;
}

void Simulation::stampRecord(StepRecord& rec, std::string_view kind) {
  rec.index = ++stepIndex_;
  rec.timeMs = now_;
  rec.kind = kind;
  rec.explain = explain_;
}

void Simulation::beginRecordIn(StepRecord& rec, std::string_view kind, TextFn headline) {
  rec.index = ++stepIndex_;
  rec.timeMs = now_;
  rec.kind = kind;
  rec.explain = explain_;
  if (explain_) rec.headline = headline();
}

bool Simulation::processAlive(Sid sid, std::uint32_t incarnation) const { return processAlive(slot(sid), incarnation); }

bool Simulation::processAlive(const PeerSlot* s, std::uint32_t incarnation) {
  return s && s->alive && s->incarnation == incarnation;
}

EventQueue<Event>::Handle Simulation::schedule(Event e) {
  e.seq = nextSeq_++;
  return events_.push(std::move(e));
}

std::optional<EventQueue<Event>::Handle> Simulation::findEvent(std::uint64_t seq) const {
  std::optional<EventQueue<Event>::Handle> found;
  events_.forEach([&](EventQueue<Event>::Handle h, const Event& e) {
    if (e.seq == seq && e.kind != EventKind::Frame) found = h;
  });
  return found;
}

void Simulation::cancelTimers(Sid sid) {
  timers_.eraseAll(sid, [&](const ArmedTimer& t) { events_.remove(t.event); });
}

template <class F>
void Simulation::withEffects(F&& run) {
  if (effectsBusy_) {  // nested: a peer's exit resets connections, and that runs another peer
    Effects fx;
    fx.explain = explain_;
    run(fx);
    return;
  }
  effectsBusy_ = true;
  effects_.outputs.clear();
  effects_.explain = explain_;
  run(effects_);
  effects_.outputs.clear();
  effectsBusy_ = false;
}

// ---------------------------------------------------------------------------------------
// Commands

void Simulation::startPeer(PeerSlot& s, StepRecord& rec) {
  if (auto h = pendingHistory_.find(s.sid); h != pendingHistory_.end()) {
    s.disk = h->second;
    pendingHistory_.erase(h);
  }
  // A preloaded history counts as proposed by some earlier leader.
  for (const auto& p : s.disk.txnLog) registry_.proposed.insert(p.zxid, hashBytes(p.data));
  s.alive = true;
  s.powered = true;
  s.exitReason.clear();
  ++s.incarnation;
  s.peer = QuorumPeer(s.sid, qv_, timing_, s.disk);
  // The process's own random draws (its log-roll points): a sub-seed per server and
  // incarnation, so they do not shift the simulation's other draws.
  std::uint64_t peerSeed = seed_ ^ (static_cast<std::uint64_t>(s.sid) << 32) ^ s.incarnation;
  s.peer.seedRandom(splitmix64(peerSeed));
  s.peer.setClock(now_);
  withEffects([&](Effects& fx) {
    s.peer.start(fx);
    applyEffects(s, fx, rec);
  });
  trackLeading(s);
}

void Simulation::trackLeading(PeerSlot& s) {
  const bool notBroadcast = s.alive && s.peer.zabState() != ZabState::BROADCAST;
  if (notBroadcast != s.countedNotBroadcast) {
    s.countedNotBroadcast = notBroadcast;
    if (notBroadcast) ++notBroadcastAlive_;
    else --notBroadcastAlive_;
  }
  const bool leading = s.alive && s.peer.state() == ServerState::LEADING;
  if (leading == s.countedLeading) return;
  s.countedLeading = leading;
  if (leading) ++leadingAlive_;
  else --leadingAlive_;
}

StepRecord Simulation::start(const std::vector<Sid>& sids) {
  StepRecord rec = beginRecord("command", [&] {
    std::string names;
    for (Sid sid : sids) names += fmt::format(" S{}", sid);
    return "start" + names;
  });
  for (Sid sid : sids) {
    PeerSlot* found = peers_.find(sid);
    if (!found) {
      rec.note([&] { return fmt::format("S{} is not in the ensemble", sid); });
      continue;
    }
    if (found->alive) {
      rec.note([&] { return fmt::format("S{} is already running", sid); });
      continue;
    }
    startPeer(*found, rec);
  }
  return rec;
}

void Simulation::stopProcess(PeerSlot& s, bool resetConnections, StepRecord& rec) {
  rec.milestones.push_back(StepRecord::Milestone{MilestoneKind::ProcessStopped, ServerState::LOOKING, s.sid, 0, 0});
  // Only what reached the OS survives: a kill (the machine stays up) keeps the txns of the running
  // fsync (written before it began); a power cut loses them too. Queued writes die with the memory.
  if (resetConnections) s.peer.keepWrittenAtKill();
  noteTxnsAckedBeforeFsync(s, rec);
  s.disk = s.peer.disk();
  s.alive = false;
  s.pausedUntil = -1;      // a stopped process that dies is simply dead
  s.heldRequests.clear();  // requests it never read are lost with it, as those it had read
  trackLeading(s);
  cancelTimers(s.sid);
  std::vector<std::pair<ConnId, int>> mine;  // (connection, the direction this process sends on)
  for (auto& [id, c] : connections_) {
    bool atInit = c.initiator == s.sid && c.openAtInitiator && c.initiatorIncarnation == s.incarnation;
    bool atAcc = c.acceptor == s.sid && c.openAtAcceptor && c.acceptorIncarnation == s.incarnation;
    if (atInit || atAcc) mine.emplace_back(id, atInit ? 0 : 1);
  }
  std::size_t unsent = 0;
  for (auto [id, dir] : mine) {
    // Undelivered frames die with the sender: a reset socket (kill) discards its send
    // buffer and a powered-off machine (crash) retransmits nothing. Otherwise the old
    // process's ACKs and requests would still arrive after its successor has started.
    Connection& c = connections_.at(id);
    for (const auto& f : c.queue[dir])
      if (!f.close) ++unsent;
    c.queue[dir].clear();  // lastReady stays: the reset must not overtake an accepted connect's answer
    if (c.headScheduled[dir]) {
      events_.remove(c.headEvent[dir]);
      c.headScheduled[dir] = false;
    }
    closeConnection(s.sid, id, resetConnections ? "connection reset: process killed" : "", resetConnections,
                    zab::CloseCause::Killed);
  }
  if (unsent > 0)
    rec.note([&] { return fmt::format("{} frame{} S{} had sent but not yet delivered die with it", unsent,
                                    unsent == 1 ? "" : "s", s.sid); });
  // Its clients lose their connection: a request it had not answered (a write, a sync) never will
  // be. A reset reaches the client library at once; after a power cut it notices at its read
  // timeout, which the simulator does not wait for.
  for (auto it = waitingOps_.begin(); it != waitingOps_.end();) {
    if (it->second.server != s.sid) {
      ++it;
      continue;
    }
    ClientOp op = std::move(it->second);
    it = waitingOps_.erase(it);
    answer(std::move(op), OutClientResponse{op.id, false, 0, "",
                                            fmt::format("connection loss: S{} {}", s.sid,
                                                        resetConnections ? "was killed" : "stopped (no reset)")},
           rec);
  }
}

// ZOOKEEPER-4785: a learner that ACKed NEWLEADER (3.8.0's order) while the sync's committed txns
// still waited for their fsync loses them here; the leader counted them as on its disk. Those
// txns are marked, so the violations they cause later name the bug, and so is the server unless
// another known bug marked it first.
void Simulation::noteTxnsAckedBeforeFsync(PeerSlot& s, StepRecord& rec) {
  const Learner* l = s.peer.learner();
  if (!l || l->ackedBeforeFsync().empty()) return;
  const auto& acked = l->ackedBeforeFsync();
  std::size_t lost = 0;
  Zxid first = 0, last = 0;
  for (const auto& p : s.peer.unflushed()) {
    if (std::find(acked.begin(), acked.end(), p.zxid) == acked.end()) continue;
    if (lost++ == 0) first = p.zxid;
    last = p.zxid;
    registry_.knownBugTxns.try_emplace(p.zxid, kZk4785);
  }
  if (lost == 0) return;
  registry_.knownBugs.try_emplace(s.sid, kZk4785);
  rec.note([&] {
    return fmt::format("S{} loses {} txn{} ({}..{}) it ACKed with NEWLEADER before their fsync: its currentEpoch {} is on "
                       "disk, they are not (known ZooKeeper 3.8.0 bug {}; fix={} fsyncs them before the ACK)",
                       s.sid, lost, lost == 1 ? "" : "s", formatEpochCounter(first), formatEpochCounter(last),
                       s.peer.currentEpoch(), kZk4785, kZk4785);
  });
}

namespace {
// The slot a command acts on: found (and, with mustRun, its process running), or null with a
// note that says why ("S4 is not running" / "S9 is not in the ensemble").
PeerSlot* commandTarget(PeerSlot* found, Sid sid, bool mustRun, StepRecord& rec) {
  if (found && (found->alive || !mustRun)) return found;
  rec.note([&] { return fmt::format("S{} is {}", sid, mustRun ? "not running" : "not in the ensemble"); });
  return nullptr;
}
}  // namespace

StepRecord Simulation::kill(Sid sid) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("kill S{}", sid)); });
  rec.actor = sid;
  PeerSlot* found = commandTarget(peers_.find(sid), sid, true, rec);
  if (!found) return rec;
  rec.note([&] { return fmt::format("S{} process killed: memory lost, disk kept, with what it had handed to the OS (the "
                                  "txns of a running fsync); the OS resets its TCP connections, so every peer connected "
                                  "to it sees the close at once",
                                  sid); });
  stopProcess(*found, true, rec);
  return rec;
}

StepRecord Simulation::crash(Sid sid) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("crash S{}", sid)); });
  rec.actor = sid;
  PeerSlot* found = commandTarget(peers_.find(sid), sid, true, rec);
  if (!found) return rec;
  rec.note([&] { return fmt::format("S{} loses power: memory lost, disk kept, but not what was waiting in the OS for an "
                                  "fsync; nobody is told, the others notice only through timeouts",
                                  sid); });
  stopProcess(*found, false, rec);
  found->powered = false;
  return rec;
}

StepRecord Simulation::pause(Sid sid, std::int64_t ms) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("pause S{} {} ms", sid, ms)); });
  rec.actor = sid;
  PeerSlot* found = peers_.find(sid);
  if (!found || !found->alive || found->pausedUntil >= 0) {
    rec.note([&] { return fmt::format("S{} is not running", sid); });
    return rec;
  }
  rec.note([&] { return fmt::format("S{} is stopped (SIGSTOP) for {} ms: its threads run nothing, its timers wait, its "
                                  "sockets stay open; peers see only silence",
                                  sid, ms); });
  found->pausedUntil = now_ + ms;
  Event r;
  r.kind = EventKind::Resume;
  r.time = now_ + ms;
  r.from = r.to = sid;
  r.incarnation = found->incarnation;
  r.family = Family::Peer;
  schedule(std::move(r));
  return rec;
}

// A disk that stops answering for a while (a saturated device, a stuck controller): the process
// keeps running, only its fsyncs wait. The one in flight now completes as scheduled; every later
// one completes at the end of the stall at the earliest.
StepRecord Simulation::stallDisk(Sid sid, std::int64_t ms) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("stall S{}'s disk {} ms", sid, ms)); });
  rec.actor = sid;
  PeerSlot* slot = peers_.find(sid);
  if (!slot || ms <= 0) {
    rec.note([&] { return fmt::format("S{} has no disk to stall", sid); });
    return rec;
  }
  slot->diskStalledUntil = std::max(slot->diskStalledUntil, now_ + ms);
  rec.note([&] { return fmt::format("S{}'s disk stalls: its fsyncs finish no earlier than {} ms; the process runs on", sid,
                                  now_ + ms); });
  return rec;
}

bool Simulation::heldByPause(const Event& e) const {
  if (e.kind == EventKind::Workload || e.kind == EventKind::Resume) return false;
  const PeerSlot* s = peers_.find(e.to);
  return s && s->pausedUntil > now_;
}

bool Simulation::deferIfPaused(const Event& e, StepRecord& rec) {
  if (!heldByPause(e)) return false;
  PeerSlot* found = peers_.find(e.to);
  // Put it off to the moment the process resumes, keeping the order among what waits; what
  // refers to the old event (an armed timer, a connection's head frame) follows it.
  Event later = e;
  later.time = found->pausedUntil;
  const std::uint64_t oldSeq = e.seq;
  const auto h = schedule(later);
  const std::uint64_t newSeq = events_.at(h).seq;
  if (e.kind == EventKind::Timer) {
    ArmedTimer* t = timers_.find(e.to, e.timer, e.timerKey);
    if (t && t->seq == oldSeq) *t = ArmedTimer{h, newSeq};
  } else if (e.kind == EventKind::Frame) {
    if (Connection* c = connections_.find(e.conn)) c->headEvent[e.dir] = h;
  }
  rec.note([&] { return fmt::format("S{} is stopped (SIGSTOP): this waits until it resumes at {} ms", e.to,
                                  found->pausedUntil); });
  return true;
}

void Simulation::resetConnection(ConnId id, StepRecord& rec) {
  Connection* found = connections_.find(id);
  if (!found) return;
  Connection& c = *found;
  for (int dir = 0; dir < 2; ++dir) {
    c.queue[dir].clear();
    if (c.headScheduled[dir]) {
      events_.remove(c.headEvent[dir]);
      c.headScheduled[dir] = false;
    }
  }
  const Sid a = c.initiator, b = c.acceptor;
  const bool aOpen = c.openAtInitiator && processAlive(a, c.initiatorIncarnation);
  const bool bOpen = c.openAtAcceptor && processAlive(b, c.acceptorIncarnation);
  c.openAtInitiator = c.openAtAcceptor = false;
  rec.note([&] { return fmt::format("the connection S{} - S{} breaks right after (a reset): both ends see it closed, and "
                                  "QuorumCnxManager's next connection starts by resending its last message",
                                  a, b); });
  if (aOpen) runPeer(a, InConnectionClosed{id}, rec);
  if (bOpen) runPeer(b, InConnectionClosed{id}, rec);
}

StepRecord Simulation::restart(Sid sid) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("restart S{}", sid)); });
  rec.actor = sid;
  PeerSlot* found = commandTarget(peers_.find(sid), sid, false, rec);
  if (!found) return rec;
  if (found->alive) {
    rec.note([&] { return fmt::format("S{} is killed first", sid); });
    stopProcess(*found, true, rec);
  }
  startPeer(*found, rec);
  return rec;
}

StepRecord Simulation::relook(Sid sid) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("relook S{}", sid)); });
  rec.actor = sid;
  PeerSlot* found = commandTarget(peers_.find(sid), sid, true, rec);
  if (!found) return rec;
  runPeer(sid, InTimer{}, rec);  // no-op input keeps the clock; then end the role
  found->peer.setClock(now_);
  withEffects([&](Effects& fx) {
    found->peer.relook("role ended by command", fx);
    applyEffects(*found, fx, rec);
  });
  trackLeading(*found);
  return rec;
}

StepRecord Simulation::wipeDisk(Sid sid) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("wipe S{}", sid)); });
  rec.actor = sid;
  PeerSlot* found = commandTarget(peers_.find(sid), sid, false, rec);
  if (!found) return rec;
  if (found->alive) stopProcess(*found, true, rec);
  found->disk = PeerDisk{};
  rec.note([&] { return fmt::format("S{} loses its disk: the process dies and the data directory comes back empty "
                                  "(no epochs, no log, no snapshot)",
                                  sid); });
  return rec;
}

StepRecord Simulation::setHistory(Sid sid, Epoch currentEpoch, Epoch acceptedEpoch, Zxid lastZxid) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("history S{}", sid)); });
  PeerSlot* found = commandTarget(peers_.find(sid), sid, false, rec);
  if (!found) return rec;
  PeerDisk disk = syntheticHistory(currentEpoch, acceptedEpoch, lastZxid);
  if (found->alive) pendingHistory_[sid] = disk;
  else found->disk = disk;
  rec.note([&] { return fmt::format("S{} disk: acceptedEpoch {}, currentEpoch {}, txn log up to {}{}", sid, acceptedEpoch,
                                  currentEpoch, formatZxid(lastZxid),
                                  found->alive ? " (takes effect at the next restart)" : ""); });
  return rec;
}

StepRecord Simulation::failEpochWrite(Sid sid, bool accepted) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("diskfault S{} {}", sid, accepted ? "acceptedEpoch" : "currentEpoch")); });
  PeerSlot* found = peers_.find(sid);
  if (!found) return rec;
  PeerDisk& d = found->alive ? const_cast<PeerDisk&>(found->peer.disk()) : found->disk;
  if (accepted) d.failAcceptedEpochWrite = true;
  else d.failCurrentEpochWrite = true;
  rec.note([&] { return fmt::format("S{}: the next write of {} will fail", sid, accepted ? "acceptedEpoch" : "currentEpoch"); });
  return rec;
}

StepRecord Simulation::damageTxnLog(Sid sid, bool torn) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("diskfault S{} {}", sid, torn ? "torn" : "crc")); });
  PeerSlot* found = peers_.find(sid);
  if (!found) return rec;
  PeerDisk& d = found->alive ? const_cast<PeerDisk&>(found->peer.disk()) : found->disk;
  if (d.txnLog.empty()) {
    rec.note([&] { return fmt::format("S{}'s txn log is empty: nothing to damage", sid); });
    return rec;
  }
  const Zxid last = d.txnLog.back().zxid;
  if (torn) {
    d.txnLog.tearLast();
    rec.note([&] { return fmt::format("S{}'s last txn-log record ({}) is torn: a reader takes it for the end of the "
                                    "file, so that txn is gone from the log",
                                    sid, formatZxid(last)); });
  } else {
    d.corruptRecord = last;
    rec.note([&] { return fmt::format("S{}'s last txn-log record ({}) no longer matches its checksum: the next start "
                                    "fails with \"CRC check failed\"",
                                    sid, formatZxid(last)); });
  }
  return rec;
}

StepRecord Simulation::partition(const std::vector<std::vector<Sid>>& groups) {
  std::string text;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (i) text += " | ";
    for (std::size_t j = 0; j < groups[i].size(); ++j) text += fmt::format("{}{}", j ? "," : "", groups[i][j]);
  }
  StepRecord rec = beginRecord("command", [&] { return std::string("partition " + text); });
  network_.partition(groups);
  rec.note([&] { return fmt::format("network partitioned {}: frames across groups are retransmitted until the link heals "
                                  "or TCP gives up; new connections time out",
                                  text); });
  return rec;
}

StepRecord Simulation::cutLink(Sid from, Sid to) {
  StepRecord rec = beginRecord("command", [&] { return std::string(fmt::format("cut S{} -> S{}", from, to)); });
  network_.cut(from, to);
  rec.note([&] { return fmt::format("link S{} -> S{} cut (one direction only)", from, to); });
  return rec;
}

StepRecord Simulation::heal() {
  StepRecord rec = beginRecord("command", [&] { return std::string("heal"); });
  network_.heal();
  rec.note([&] { return "network healed: every link delivers again"; });
  return rec;
}

StepRecord Simulation::setLink(std::optional<std::pair<Sid, Sid>> link, const LinkConfig& cfg,
                               const std::string& what) {
  StepRecord rec = beginRecord("command", [&] { return std::string(what); });
  if (link) network_.setLink(link->first, link->second, cfg);
  else {
    network_.defaults() = cfg;
    network_.clearOverrides();
  }
  rec.note([&] { return fmt::format("{}: latency {}..{} ms, loss {}, duplication {}",
                                  link ? fmt::format("link S{} -> S{}", link->first, link->second)
                                       : std::string("every link"),
                                  cfg.latencyMinMs, cfg.latencyMaxMs, cfg.loss, cfg.duplication); });
  return rec;
}

const ClientOp* Simulation::lastAnsweredRead(Sid server, const std::string& path) const {
  for (std::size_t i = answeredOps_.size(); i-- > answeredOps_.firstKept();) {
    const ClientOp& op = answeredOps_[i];
    if (op.kind == ClientOpKind::Read && op.server == server && op.path == path) return &op;
  }
  auto it = lastReads_.find(std::pair<Sid, std::string>{server, path});
  return it == lastReads_.end() ? nullptr : &it->second;
}

void Simulation::answer(ClientOp&& op, const OutClientResponse& o, StepRecord& rec) {
  op.answeredAt = now_;
  op.ok = o.ok;
  op.zxid = o.zxid;
  op.result = o.ok ? o.data : o.error;
  if (o.ok && op.kind != ClientOpKind::Read && op.kind != ClientOpKind::Sync)
    registry_.ackedLog.push_back({o.zxid, registry_.proposed.find(o.zxid).value_or(0)});
  rec.note([&] {
    return fmt::format("client at S{} gets {} for {} {}{}", op.server, o.ok ? "OK" : "an error", to_string(op.kind), op.path,
                       o.ok ? (op.kind == ClientOpKind::Read ? " = \"" + o.data + "\""
                                                            : " (zxid " + formatEpochCounter(o.zxid) + ")")
                            : ": " + o.error);
  });
  if (!op.ok) ++failedOps_;
  recordAnswered(std::move(op));
}

void Simulation::recordAnswered(ClientOp&& op) {
  if (answeredKept_ > 0 && op.kind == ClientOpKind::Read) lastReads_[{op.server, op.path}] = op;
  answeredOps_.push_back(std::move(op));
  // Forgotten in batches, so that the cost per operation stays O(1).
  if (answeredKept_ > 0 && answeredOps_.keptSize() >= 2 * answeredKept_)
    answeredOps_.forgetFront(answeredOps_.size() - answeredKept_);
}

StepRecord Simulation::clientOp(Sid server, ClientOpKind kind, const std::string& path, const std::string& data) {
  StepRecord rec = beginRecord("client", [&] { return std::string(fmt::format("client at S{}: {} {}{}", server, to_string(kind), path,
                                                     kind == ClientOpKind::Write ? " = \"" + data + "\"" : "")); });
  rec.actor = server;
  rec.family = Family::Client;
  ClientOp op;
  op.id = clientOpCount() + 1;
  op.server = server;
  op.kind = kind;
  op.path = path;
  op.data = data;
  op.submittedAt = now_;
  messageCounts_.count(kind == ClientOpKind::Write    ? "client write"
                               : kind == ClientOpKind::Read   ? "client read"
                               : kind == ClientOpKind::Delete ? "client delete"
                                                              : "client sync");
  const PeerSlot* s = slot(server);
  if (!s || !s->alive) {
    op.answeredAt = now_;
    op.result = "connection refused: server down";
    recordAnswered(std::move(op));
    ++failedOps_;
    rec.fate = FrameFate::ReceiverDown;
    rec.note([&] { return fmt::format("S{} is down: the client cannot connect", server); });
    return rec;
  }
  const std::uint64_t opId = op.id;
  waitingOps_.emplace(opId, std::move(op));
  if (s->pausedUntil > now_) {
    rec.fate = FrameFate::Held;
    rec.note([&] { return fmt::format("S{} is stopped (SIGSTOP): the request waits in its socket", server); });
    peers_.at(server).heldRequests.push_back(InClientRequest{opId, kind, path, data});
    return rec;
  }
  if (!s->peer.isServing()) rec.fate = FrameFate::NotServing;  // it answers with an error
  runPeer(server, InClientRequest{opId, kind, path, data}, rec);
  return rec;
}

StepRecord Simulation::setWorkload(const Workload& w) {
  StepRecord rec = beginRecord("command", [&] { return std::string("workload"); });
  workload_ = w;
  if (w.untilMs >= 0) workload_.untilMs = now_ + w.untilMs;
  rec.note([&] { return fmt::format("client workload: {} writes/s and {} reads/s{}", w.writesPerSec, w.readsPerSec,
                                  w.untilMs >= 0 ? fmt::format(" for {} ms", w.untilMs) : std::string()); });
  std::vector<EventQueue<Event>::Handle> ticks;
  events_.forEach([&](EventQueue<Event>::Handle h, const Event& e) {
    if (e.kind == EventKind::Workload) ticks.push_back(h);
  });
  for (auto h : ticks) events_.remove(h);
  scheduleWorkload();
  return rec;
}

void Simulation::scheduleWorkload() {
  double rate = workload_.writesPerSec + workload_.readsPerSec;
  if (rate <= 0) return;
  // Exponential gaps would need a library distribution; a uniform gap around the mean
  // keeps the same average rate with our own PRNG.
  std::int64_t mean = std::max<std::int64_t>(1, static_cast<std::int64_t>(1000.0 / rate));
  std::int64_t at = now_ + workloadRng_.uniform(mean / 2, mean + mean / 2);
  if (workload_.untilMs >= 0 && at > workload_.untilMs) return;
  Event e;
  e.kind = EventKind::Workload;
  e.time = at;
  e.family = Family::Client;
  schedule(std::move(e));
}

void Simulation::workloadTick(StepRecord& rec) {
  double rate = workload_.writesPerSec + workload_.readsPerSec;
  if (rate <= 0) return;
  // The n-th of the named servers, or of every server in sid order (no list built per tick).
  const std::size_t count = workload_.servers.empty() ? peers_.map().size() : workload_.servers.size();
  const auto pick = static_cast<std::size_t>(workloadRng_.uniform(0, static_cast<std::int64_t>(count) - 1));
  const Sid server = workload_.servers.empty()
                         ? std::next(peers_.map().begin(), static_cast<std::ptrdiff_t>(pick))->first
                         : workload_.servers[pick];
  bool write = workloadRng_.chance(workload_.writesPerSec / rate);
  // std::to_string, not fmt::format: the same digits, a tenth of the work (one tick per write).
  std::string path = "/k" + std::to_string(workloadRng_.uniform(0, std::max(1, workload_.keys) - 1));
  ++workloadCounter_;
  StepRecord sub = clientOp(server, write ? ClientOpKind::Write : ClientOpKind::Read, path,
                            write ? "v" + std::to_string(workloadCounter_) : std::string());
  --stepIndex_;  // the workload tick and its operation are one step
  if (explain_) rec.headline = sub.headline;
  rec.actor = sub.actor;
  rec.fate = sub.fate;
  rec.notes = std::move(sub.notes);
  rec.milestones = std::move(sub.milestones);
  rec.family = Family::Client;
  scheduleWorkload();
}

// ---------------------------------------------------------------------------------------
// Effects of a peer become events

void Simulation::runPeer(Sid sid, const Input& in, StepRecord& rec) { runPeer(peers_.at(sid), in, rec); }

void Simulation::runPeer(PeerSlot& s, const Input& in, StepRecord& rec) {
  s.peer.setClock(now_);
  withEffects([&](Effects& fx) {
    s.peer.step(in, fx);
    applyEffects(s, fx, rec);
  });
  trackLeading(s);
}

// The slot is passed along (slots never move: the map's nodes are stable), not looked up again.
void Simulation::applyEffects(PeerSlot& s, Effects& fx, StepRecord& rec) {
  const Sid sid = s.sid;
  std::optional<std::string> fatal;
  // A vote goes to every peer: the connections it is queued on were last touched long ago
  // (see prefetchNextSteps). Asked for all at once, they arrive together, not one by one.
  if (connections_.size() >= kPrefetchFromConnections)
    for (const auto& out : fx.outputs)
      if (const auto* send = std::get_if<OutSendFrame>(&out))
        if (const Connection* c = connections_.find(send->conn)) {
          __builtin_prefetch(c, 1);
          __builtin_prefetch(reinterpret_cast<const char*>(c) + 64, 1);
        }
  for (auto& out : fx.outputs) {
    std::visit(
        [&](auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, OutNote>) {
            if (rec.explain) rec.notes.push_back(std::move(o.text));
          } else if constexpr (std::is_same_v<T, OutDial>) {
            dial(sid, o, rec);
          } else if constexpr (std::is_same_v<T, OutSendFrame>) {
            messageCounts_.count(o.type);
            Connection* conn = connections_.find(o.conn);
            if (!conn) return;
            bool open = sid == conn->initiator ? conn->openAtInitiator : conn->openAtAcceptor;
            if (!open) return;
            InFlight f;
            f.frame = std::move(o.frame);
            f.resend = o.resend;
            f.type = o.type;
            f.family = o.family;
            enqueueOn(*conn, o.conn, sid, std::move(f));
          } else if constexpr (std::is_same_v<T, OutClose>) {
            closeConnection(sid, o.conn, std::move(o.reason), true, o.cause);
          } else if constexpr (std::is_same_v<T, OutSetTimer>) {
            ArmedTimer* old = timers_.find(sid, o.kind, o.key);
            Event e;
            e.kind = EventKind::Timer;
            e.time = now_ + o.delayMs + (o.jitterMs > 0 ? rng_.uniform(0, o.jitterMs - 1) : 0);
            if (o.spikeChance > 0 && rng_.chance(o.spikeChance)) e.time += o.spikeMs;
            const bool fsync = o.kind == TimerKind::SyncFlush || o.kind == TimerKind::LearnerFsync;
            if (fsync && s.diskStalledUntil > e.time) e.time = s.diskStalledUntil;
            e.from = e.to = sid;
            e.timer = o.kind;
            e.timerKey = o.key;
            e.incarnation = s.incarnation;
            e.family = o.kind == TimerKind::ElectionPoll || o.kind == TimerKind::FinalizeWait ? Family::Election
                       : o.kind == TimerKind::LeaderTick                                       ? Family::Heartbeat
                       : o.kind == TimerKind::SyncFlush                                        ? Family::Broadcast
                       : o.kind == TimerKind::LearnerFsync || o.kind == TimerKind::SnapshotWritten ? Family::Sync
                                                                                               : Family::Peer;
            if (old) {
              // Re-arming reuses the old event's slot: no allocation on the step path.
              e.seq = nextSeq_++;
              old->seq = e.seq;
              events_.replace(old->event, std::move(e));
            } else {
              auto h = schedule(std::move(e));
              timers_.set(sid, o.kind, o.key, ArmedTimer{h, events_.at(h).seq});
            }
          } else if constexpr (std::is_same_v<T, OutCancelTimer>) {
            if (ArmedTimer* old = timers_.find(sid, o.kind, o.key)) {
              events_.remove(old->event);
              timers_.erase(sid, o.kind, o.key);
            }
          } else if constexpr (std::is_same_v<T, OutClientResponse>) {
            auto waiting = waitingOps_.find(o.opId);
            if (waiting == waitingOps_.end()) return;  // unknown, or answered already
            ClientOp op = std::move(waiting->second);
            waitingOps_.erase(waiting);
            answer(std::move(op), o, rec);
          } else if constexpr (std::is_same_v<T, OutProposed>) {
            registry_.proposed.assign(o.zxid, o.txnHash);
          } else if constexpr (std::is_same_v<T, OutLeaderEstablished>) {
            auto [it, fresh] = registry_.leaderOfEpoch.emplace(o.epoch, sid);
            registry_.epochEstablishedAt.emplace(o.epoch, now_);
            if (!fresh && it->second != sid)
              registry_.leadershipConflicts.push_back(
                  fmt::format("epoch {} established by both S{} and S{}", o.epoch, it->second, sid));
          } else if constexpr (std::is_same_v<T, OutMilestone>) {
            rec.milestones.push_back(StepRecord::Milestone{o.kind, o.state, sid, o.round, o.leader});
          } else if constexpr (std::is_same_v<T, OutFatal>) {
            fatal = o.reason;
          } else if constexpr (std::is_same_v<T, OutVoteComparison>) {
            // The first comparison is the step's own; a re-broadcast that reaches the peer itself
            // (FLE queues its own notification) compares again within the same step.
            // The tally, though, is the one after that: FLE reads its own vote back before it
            // waits for the next notification.
            if (!rec.explain) return;
            const bool own = o.comparison->sender == o.comparison->receiver;  // its own vote read back
            if (!rec.vote && own) return;
            if (!rec.vote) {
              rec.vote = std::move(o.comparison);
            } else if (own && o.comparison->receiver == rec.vote->receiver) {
              auto merged = std::make_shared<zab::VoteComparison>(*rec.vote);
              merged->supporters = o.comparison->supporters;
              merged->quorum = o.comparison->quorum;
              merged->proposal = o.comparison->proposal;
              rec.vote = std::move(merged);
            }
          } else if constexpr (std::is_same_v<T, OutKnownBug>) {
            if (o.dataUntouched) registry_.livenessBugs.insert(o.bug);
            else if (o.zxid) registry_.knownBugTxns[o.zxid] = o.bug;  // the txn, not the server's whole data
            else registry_.knownBugs[o.sid] = o.bug;
          }
        },
        out);
  }
  fx.outputs.clear();
  if (fatal && s.alive) {
    rec.note([&] { return fmt::format("S{} EXITS: {}", sid, *fatal); });
    s.exitReason = *fatal;
    stopProcess(s, true, rec);
  }
}

void Simulation::dial(Sid from, const OutDial& d, StepRecord&) {
  ConnId id = nextConn_++;
  Connection c;
  c.initiator = from;
  c.acceptor = d.to;
  c.channel = d.channel;
  c.initiatorIncarnation = peers_.at(from).incarnation;
  connections_.insert(id, std::move(c));
  connectMessages_.emplace_back();  // at index id - 1; filled below when the request travels
  messageCounts_.count("connect");
  const PeerSlot* target = slot(d.to);
  Event e;
  e.from = from;
  e.conn = id;
  e.channel = d.channel;
  e.family = d.channel == Channel::Election ? Family::Transport : Family::Discovery;
  if (!target || !target->powered || !network_.reachable(from, d.to) || !network_.reachable(d.to, from)) {
    // SYNs into silence: connect() gives up after its timeout.
    e.kind = EventKind::ConnectResult;
    e.to = from;
    e.from = d.to;
    e.ok = false;
    e.failure = ConnectFailure::TimedOut;
    e.timeoutMs = d.timeoutMs;
    e.time = now_ + d.timeoutMs;
    schedule(std::move(e));
    return;
  }
  e.kind = EventKind::ConnectArrive;
  e.to = d.to;
  e.time = now_ + network_.drawLatency(rng_, from, d.to);
  Connection& made = connections_.at(id);
  made.lastReady[0] = e.time;
  connectMessages_[static_cast<std::size_t>(id - 1)] = d.initialMessage;
  schedule(std::move(e));
}

void Simulation::enqueue(ConnId id, Sid from, InFlight&& f) {
  enqueueOn(connections_.at(id), id, from, std::move(f));
}

void Simulation::enqueueOn(Connection& c, ConnId id, Sid from, InFlight&& f) {
  int dir = from == c.initiator ? 0 : 1;
  Sid to = dir == 0 ? c.acceptor : c.initiator;
  f.id = nextSeq_++;
  f.sentAt = now_;
  f.readyAt = std::max(now_ + network_.drawLatency(rng_, from, to), c.lastReady[dir]);
  c.lastReady[dir] = f.readyAt;
  c.queue[dir].push_back(std::move(f));
  scheduleHeadOn(c, id, dir);
}

void Simulation::scheduleHead(ConnId id, int dir) {
  scheduleHeadOn(connections_.at(id), id, dir);
}

void Simulation::scheduleHeadOn(Connection& c, ConnId id, int dir) {
  if (c.headScheduled[dir] || c.queue[dir].empty()) return;
  const InFlight& head = c.queue[dir].front();
  Event e;
  e.kind = EventKind::Frame;
  e.time = std::max(now_, head.readyAt);
  e.conn = id;
  e.dir = dir;
  e.from = dir == 0 ? c.initiator : c.acceptor;
  e.to = dir == 0 ? c.acceptor : c.initiator;
  e.channel = c.channel;
  c.headScheduled[dir] = true;
  c.headEvent[dir] = schedule(std::move(e));
}

void Simulation::rescheduleHead(ConnId id, int dir) {
  Connection& c = connections_.at(id);
  if (c.headScheduled[dir]) {
    events_.remove(c.headEvent[dir]);
    c.headScheduled[dir] = false;
  }
  scheduleHead(id, dir);
}

void Simulation::closeConnection(Sid by, ConnId id, std::string reason, bool notify, zab::CloseCause cause) {
  Connection* found = connections_.find(id);
  if (!found) return;
  Connection& c = *found;
  bool atInitiator = by == c.initiator;
  bool& mine = atInitiator ? c.openAtInitiator : c.openAtAcceptor;
  if (!mine) return;
  mine = false;
  bool otherOpen = atInitiator ? c.openAtAcceptor : c.openAtInitiator;
  if (notify && otherOpen) {
    InFlight fin;
    fin.close = true;
    fin.setReason(std::move(reason), cause);
    fin.type = "close";
    fin.family = Family::Transport;
    enqueue(id, by, std::move(fin));
  }
}

// ---------------------------------------------------------------------------------------
// Stepping

std::optional<std::int64_t> Simulation::nextEventTime() const {
  if (events_.empty()) return std::nullopt;
  return events_.top().time;
}

void Simulation::advanceClockTo(std::int64_t timeMs) {
  auto next = nextEventTime();
  if (next && *next < timeMs) timeMs = *next;
  if (timeMs > now_) now_ = timeMs;
}

std::optional<StepRecord> Simulation::step() {
  // Built where it is returned: one named result on every path, so the compiler elides the
  // move of a 200-byte record (a `return std::nullopt` on the empty path defeated that).
  std::optional<StepRecord> out;
  if (events_.empty()) return out;
  Event e = events_.pop();
  if (e.time > now_) now_ = e.time;
  if (connections_.size() >= kPrefetchFromConnections) prefetchNextSteps();
  perform(e, out.emplace());
  return out;
}

// A large election is bound by memory, not by work: nearly every step reads a connection and
// a frame written thousands of steps before (a 101-peer election holds about 10,000
// connections), and waiting for those reads was a third of its time. The next steps are
// known, so what they will read is asked for now and arrives while this step runs: the event
// two steps on, the connection of the step after next, and (that connection fetched one step
// ago) the frame at the head of the next step's queue. Hints only: nothing here changes
// state or decides anything, so a run is the same with or without them. A small ensemble's
// connections stay in the cache, where the hints only cost: step() asks for them from
// kPrefetchFromConnections connections on.
void Simulation::prefetchNextSteps() const {
  const Event* next[3];
  const std::size_t n = events_.peekAhead(next, 3);
  auto connectionOf = [&](const Event* e) -> const Connection* {
    return e->kind == EventKind::Frame ? connections_.find(e->conn) : nullptr;
  };
  if (n >= 3) __builtin_prefetch(next[2]);
  if (n >= 2)
    if (const Connection* c = connectionOf(next[1])) {
      __builtin_prefetch(c);
      __builtin_prefetch(reinterpret_cast<const char*>(c) + 64);
    }
  if (n >= 1)
    if (const Connection* c = connectionOf(next[0]); c && !c->queue[next[0]->dir].empty()) {
      const char* head = reinterpret_cast<const char*>(&c->queue[next[0]->dir].front());
      __builtin_prefetch(head);
      __builtin_prefetch(head + 64);
    }
}

void Simulation::deliverFrame(Connection& c, ConnId id, int dir, InFlight&& f, StepRecord& rec) {
  Sid from = dir == 0 ? c.initiator : c.acceptor;
  Sid to = dir == 0 ? c.acceptor : c.initiator;
  rec.from = from;
  rec.to = to;
  rec.actor = to;
  rec.family = f.family;
  rec.type = f.type;
  rec.messageId = f.id;
  rec.kind = f.close ? "close" : "frame";
  rec.closeCause = f.closeCause();
  if (rec.explain) {
    rec.label = frameLabel(c, f);
    rec.headline = f.close ? fmt::format("S{} -> S{} connection closed ({})", from, to, f.reasonText())
                           : fmt::format("S{} -> S{} {}", from, to, rec.label);
  }
  bool toInitiator = dir == 1;
  bool open = toInitiator ? c.openAtInitiator : c.openAtAcceptor;
  std::uint32_t inc = toInitiator ? c.initiatorIncarnation : c.acceptorIncarnation;
  PeerSlot* target = peers_.find(to);  // once: the frame's receiver, asked below and run at the end
  if (target) {
    rec.receiverState = target->peer.state();
    rec.receiverPhase = target->peer.zabState();
  }
  if (rec.explain) {  // for the captions only: an observer's ACK counts toward no quorum
    if (const PeerSlot* sender = peers_.find(from)) rec.senderObserver = sender->type == LearnerType::OBSERVER;
    // Where a learner still syncing puts what it receives (syncWithLeader's branches).
    if (const Learner* ln = target && !f.close ? target->peer.learner() : nullptr) {
      if (ln->stage() == LearnerStage::Syncing)
        rec.learnerSync = ln->writesToTxnLog() ? StepRecord::LearnerSync::BeforeNewLeaderQueues
                                               : StepRecord::LearnerSync::BeforeNewLeaderApplies;
      else if (ln->stage() == LearnerStage::AfterNewLeader)
        rec.learnerSync = StepRecord::LearnerSync::AfterNewLeader;
      rec.syncTxnsPending = static_cast<std::uint32_t>(ln->packetsNotCommitted().size());
      rec.syncCommitsPending = static_cast<std::uint32_t>(ln->packetsCommittedCount());
      rec.newLeaderAckBeforeFsync = !target->peer.timing().fixes.zk4785;
    }
    // Which ACK of (epoch, 0) this is, as the receiving LearnerHandler will read it.
    const Leader* l = target && !f.close && rec.type == "ACK" ? target->peer.leader() : nullptr;
    if (l) {
      if (auto h = l->handlers().find(id); h != l->handlers().end()) {
        const HandlerStage st = h->second.stage;
        if (st == HandlerStage::ReadNewLeaderAck || st == HandlerStage::WaitNewLeaderAck)
          rec.epochAck = StepRecord::EpochAck::NewLeader;
        else if (st == HandlerStage::Broadcast)
          rec.epochAck = StepRecord::EpochAck::UpToDate;
      }
    }
  }
  if (!open || !processAlive(target, inc)) {
    if (!f.close) rec.fate = target && target->alive ? FrameFate::Reset : FrameFate::ReceiverDown;
    if (!f.close && target && target->alive) {
      // The receiving OS knows no such connection: it answers with a reset.
      rec.note([&] { return fmt::format("S{} has no such connection any more: the frame is answered with a reset", to); });
      bool senderOpen = toInitiator ? c.openAtAcceptor : c.openAtInitiator;
      if (senderOpen && open == false) {
        // deliver the reset to the sender
        InFlight rst;
        rst.close = true;
        rst.setReason("connection reset", zab::CloseCause::Reset);
        rst.type = "close";
        if (toInitiator) c.openAtInitiator = false;
        else c.openAtAcceptor = false;
        enqueue(id, to, std::move(rst));
      }
    } else if (!f.close) {
      rec.note([&] { return fmt::format("S{} is down: the frame is lost", to); });
    } else if (processAlive(target, inc)) {
      rec.note([&] { return fmt::format("S{} had already closed its end of this connection: nothing to do", to); });
    } else {
      rec.note([&] { return fmt::format("S{}'s process that held this connection is gone: nothing to do", to); });
    }
    return;
  }
  if (f.close) {
    (toInitiator ? c.openAtInitiator : c.openAtAcceptor) = false;
    runPeer(*target, InConnectionClosed{id}, rec);
  } else {
    if (rec.explain && c.channel == Channel::Election && f.frame.size() >= 4) {
      // Read once for both: the words of a stale vote and the record the captions use.
      NotificationViewDecode d = decodeNotificationView(f.frame.data() + 4, f.frame.size() - 4);
      if (d.error == NotificationError::None) {
        noteStaleVote(from, to, d.view, rec);
        recordNotificationSeen(*target, from, d.view, rec);
      }
    }
    const bool snap = c.channel == Channel::Quorum && f.type == "SNAP";
    runPeer(*target, InFrame{id, std::move(f.frame)}, rec);
    // A SNAP copies the leader's whole tree into the learner: whatever a known bug put in the
    // leader's data is now in the learner's too, and a violation on the learner names that bug.
    if (snap)
      if (auto bug = registry_.knownBugs.find(from); bug != registry_.knownBugs.end())
        registry_.knownBugs.try_emplace(to, bug->second);
  }
}

// A LOOKING vote that waited in a queue (a send queue, a slow link, a retransmission) can
// arrive after its sender has decided. The receiver cannot tell; the student should: the
// line before the receiver's own says so. Only when explaining: it reads, never changes.
void Simulation::noteStaleVote(Sid from, Sid to, const NotificationView& v, StepRecord& rec) const {
  const PeerSlot* sender = slot(from);
  if (!sender || !sender->alive || sender->peer.state() == ServerState::LOOKING) return;
  if (static_cast<ServerState>(v.state) != ServerState::LOOKING) return;
  const ServerState now = sender->peer.state();
  rec.note([&] {
    return fmt::format("S{} gets a stale vote: S{} sent this LOOKING vote {} before it decided; S{} is {} by now", to,
                       from, voteNotation(v.leader, v.zxid, v.peerEpoch), from,
                       now == ServerState::LEADING ? std::string("LEADING")
                                                   : fmt::format("{} S{}", to_string(now), sender->peer.currentVote().id));
  });
}

// Reads the notification and the receiver's election before the receiver runs (explaining only).
void Simulation::recordNotificationSeen(const PeerSlot& receiver, Sid from, const NotificationView& v,
                                        StepRecord& rec) const {
  const FastLeaderElection& fle = receiver.peer.election();
  const Vote proposal = fle.getVote();
  NotificationSeen seen;
  seen.senderState = static_cast<ServerState>(v.state);
  seen.leader = v.leader;
  seen.zxid = v.zxid;
  seen.peerEpoch = v.peerEpoch;
  seen.senderVotes = receiver.peer.quorumVerifier().isVoter(from);
  seen.receiverInElection = fle.inElection();
  seen.receiverFinalizing = fle.finalizing();
  seen.beatsProposal = FastLeaderElection::totalOrderPredicate(receiver.peer.quorumVerifier(), v.leader, v.zxid,
                                                               v.peerEpoch, proposal.id, proposal.zxid,
                                                               proposal.peerEpoch);
  rec.notification = std::make_shared<const NotificationSeen>(seen);
}

void Simulation::perform(const Event& e, StepRecord& rec) {
  if (heldByPause(e)) {
    stampRecord(rec, to_string(e.kind));
    rec.actor = e.to;
    rec.from = e.from;
    rec.to = e.to;
    rec.kind = "held";
    if (rec.explain) rec.headline = fmt::format("S{} is stopped: {} waits", e.to, e.kind == EventKind::Frame ? "a frame" : to_string(e.kind));
    deferIfPaused(e, rec);
    return;
  }
  if (e.kind == EventKind::Timer) {
    ArmedTimer* t = timers_.find(e.to, e.timer, e.timerKey);
    if (t && t->seq == e.seq) timers_.erase(e.to, e.timer, e.timerKey);
  }
  stampRecord(rec, to_string(e.kind));
  rec.actor = e.to;
  rec.from = e.from;
  rec.to = e.to;
  rec.family = e.family;
  rec.type = eventType(e);
  if (rec.explain) rec.label = eventLabel(e);
  PeerSlot* target = peers_.find(e.to);

  switch (e.kind) {
    case EventKind::Workload:
      workloadTick(rec);
      break;
    case EventKind::Resume: {
      if (rec.explain) rec.headline = fmt::format("S{} resumes (SIGCONT)", e.to);
      if (!target || !processAlive(e.to, e.incarnation)) {
        rec.fate = FrameFate::ReceiverDown;  // the stopped process was killed meanwhile
        break;
      }
      target->pausedUntil = -1;
      std::vector<InClientRequest> held = std::move(target->heldRequests);
      target->heldRequests.clear();
      rec.note([&] { return fmt::format("S{} resumes: what waited runs now, late timers fire at once", e.to); });
      for (auto& r : held) runPeer(e.to, std::move(r), rec);
      break;
    }
    case EventKind::Timer: {
      if (rec.explain) rec.headline = fmt::format("S{} timer fires: {}", e.to, eventLabel(e));
      if (!processAlive(target, e.incarnation)) {
        rec.note([&] { return "the process that armed it is gone"; });
        break;
      }
      runPeer(*target, InTimer{e.timer, e.timerKey}, rec);
      break;
    }
    case EventKind::ConnectArrive: {
      if (rec.explain)
        rec.headline = fmt::format("S{} -> S{} connection request ({})", e.from, e.to,
                                   e.channel == Channel::Election ? "election port" : "quorum port");
      Connection* cit = connections_.find(e.conn);
      if (!cit || !cit->openAtInitiator) {
        rec.note([&] { return fmt::format("S{} gave up this connection before it arrived", e.from); });
        break;
      }
      Connection& c = *cit;
      auto fail = [&](ConnectFailure why, std::int64_t at) {
        Event r;
        r.kind = EventKind::ConnectResult;
        r.from = e.to;
        r.to = e.from;
        r.conn = e.conn;
        r.channel = e.channel;
        r.ok = false;
        r.failure = why;
        r.time = at;
        r.family = e.family;
        schedule(std::move(r));
      };
      if (!target || !target->powered) {
        rec.note([&] { return fmt::format("S{} is powered off: the request vanishes", e.to); });
        fail(ConnectFailure::PoweredOff, now_ + kConnectTimeoutMs);
        break;
      }
      bool listening = target->alive && (e.channel == Channel::Election || target->peer.acceptsLearners());
      if (!listening) {
        rec.note([&] { return fmt::format("nothing listens on S{}'s {} port: connection refused", e.to,
                                        e.channel == Channel::Election ? "election" : "quorum"); });
        fail(ConnectFailure::Refused, now_ + network_.drawLatency(rng_, e.to, e.from));
        break;
      }
      c.acceptorIncarnation = target->incarnation;
      c.openAtAcceptor = true;
      // The initiator learns its connect() succeeded one trip later.
      Event r;
      r.kind = EventKind::ConnectResult;
      r.from = e.to;
      r.to = e.from;
      r.conn = e.conn;
      r.channel = e.channel;
      r.ok = true;
      r.family = e.family;
      r.time = std::max(now_ + network_.drawLatency(rng_, e.to, e.from), c.lastReady[1]);
      c.lastReady[1] = r.time;
      schedule(std::move(r));
      runPeer(e.to, InConnectionRequest{e.conn, connectMessages_[static_cast<std::size_t>(e.conn - 1)], e.channel}, rec);
      break;
    }
    case EventKind::ConnectResult: {
      rec.connectFailure = e.ok ? ConnectFailure::None : e.failure;
      if (rec.explain)
        rec.headline = e.ok ? fmt::format("S{}: connection to S{} established", e.to, e.from)
                            : fmt::format("S{}: connection to S{} failed ({})", e.to, e.from, connectFailureReason(e));
      Connection* c = connections_.find(e.conn);
      std::uint32_t inc = c ? c->initiatorIncarnation : 0;
      if (!c || !processAlive(e.to, inc)) {
        rec.note([&] { return fmt::format("S{} is no longer the process that dialled", e.to); });
        break;
      }
      if (e.ok && !c->openAtInitiator) break;
      if (e.ok) {
        runPeer(e.to, InConnectEstablished{e.conn, e.from, e.channel}, rec);
      } else {
        c->openAtInitiator = false;
        runPeer(e.to, InConnectFailed{e.from, connectFailureReason(e), e.channel}, rec);
      }
      break;
    }
    case EventKind::Frame: {
      Connection* found = connections_.find(e.conn);
      if (!found) break;
      Connection& c = *found;
      c.headScheduled[e.dir] = false;
      if (c.queue[e.dir].empty()) break;
      InFlight& head = c.queue[e.dir].front();
      Sid from = e.dir == 0 ? c.initiator : c.acceptor;
      Sid to = e.dir == 0 ? c.acceptor : c.initiator;
      const LinkConfig& link = network_.link(from, to);
      bool cut = !network_.reachable(from, to);
      const PeerSlot* dest = slot(to);
      bool silent = !dest || !dest->powered;
      if (cut || silent || rng_.chance(link.loss)) {
        ++head.attempts;
        rec.from = from;
        rec.to = to;
        rec.actor = from;
        rec.family = head.family;
        rec.type = head.type;
        if (rec.explain) rec.label = frameLabel(c, head);
        rec.messageId = head.id;
        rec.kind = "retransmit";
        if (head.attempts > kMaxRetransmits) {
          rec.fate = FrameFate::GaveUp;
          if (rec.explain) rec.headline = fmt::format("S{} -> S{} {}: TCP gives up", from, to, rec.label);
          rec.note([&] { return fmt::format("S{}'s TCP gives up on its connection to S{} after {} retransmissions: the "
                                          "connection times out on S{}'s side only",
                                          from, to, kMaxRetransmits, from); });
          c.queue[e.dir].clear();
          bool fromInitiator = e.dir == 0;
          bool senderOpen = fromInitiator ? c.openAtInitiator : c.openAtAcceptor;
          std::uint32_t inc = fromInitiator ? c.initiatorIncarnation : c.acceptorIncarnation;
          if (senderOpen && processAlive(from, inc)) {
            (fromInitiator ? c.openAtInitiator : c.openAtAcceptor) = false;
            runPeer(from, InConnectionClosed{e.conn}, rec);
          }
          break;
        }
        std::int64_t backoff = kRetransmitMs << (head.attempts - 1);
        head.readyAt = now_ + backoff;
        rec.fate = cut ? FrameFate::Partitioned : silent ? FrameFate::NoAnswer : FrameFate::Lost;
        rec.retryInMs = static_cast<std::int32_t>(backoff);
        if (rec.explain)
          rec.headline = fmt::format("S{} -> S{} {} not delivered ({}); retransmitted in {} ms", from, to, rec.label,
                                     cut ? "partition" : silent ? "no answer" : "lost", backoff);
        scheduleHeadOn(c, e.conn, e.dir);
        break;
      }
      InFlight f = c.queue[e.dir].takeFront();
      bool dup = !f.close && c.channel == Channel::Election && rng_.chance(link.duplication);
      if (dup && link.networkDuplicates) {  // replays of old sweeps only: not what TCP does
        InFlight copy = f;
        copy.id = nextSeq_++;
        copy.readyAt = now_;
        c.queue[e.dir].push_front(std::move(copy));
      }
      deliverFrame(c, e.conn, e.dir, std::move(f), rec);
      if (dup && link.networkDuplicates) rec.note([&] { return "the network delivers a duplicate right after"; });
      if (dup && !link.networkDuplicates) resetConnection(e.conn, rec);
      scheduleHeadOn(c, e.conn, e.dir);  // connections are never forgotten: `c` still stands
      // Closed at both ends, no frame is ever queued on it again: a drained direction gives its
      // buffer back, for the next dials to reuse while it is still in the cache.
      if (!c.openAtInitiator && !c.openAtAcceptor)
        for (auto& q : c.queue)
          if (q.empty()) q.release();
      break;
    }
  }
}

std::vector<PendingEvent> Simulation::pending() const {
  std::vector<PendingEvent> out;
  events_.forEach([&](EventQueue<Event>::Handle, const Event& e) {
    if (e.kind == EventKind::Frame) return;  // listed per frame below
    PendingEvent p;
    p.id = e.seq;
    p.timeMs = e.time;
    p.kind = e.kind;
    p.from = e.from;
    p.to = e.to;
    p.label = std::string(eventLabel(e));
    p.type = std::string(eventType(e));
    p.family = e.family;
    p.channel = e.channel;
    p.timer = e.timer;
    out.push_back(std::move(p));
  });
  for (const auto& [id, c] : connections_)
    for (int dir = 0; dir < 2; ++dir)
      for (const auto& f : c.queue[dir]) {
        PendingEvent p;
        p.id = f.id;
        p.timeMs = f.readyAt;
        p.kind = EventKind::Frame;
        p.from = dir == 0 ? c.initiator : c.acceptor;
        p.to = dir == 0 ? c.acceptor : c.initiator;
        p.label = frameLabel(c, f);
        p.type = std::string(f.type);
        p.family = f.family;
        p.channel = c.channel;
        p.attempts = f.attempts;
        out.push_back(std::move(p));
      }
  std::stable_sort(out.begin(), out.end(), [](const PendingEvent& a, const PendingEvent& b) {
    return a.timeMs != b.timeMs ? a.timeMs < b.timeMs : a.id < b.id;
  });
  return out;
}

std::size_t Simulation::messagesInFlight() const {
  std::size_t n = 0;
  for (const auto& [id, c] : connections_) n += c.queue[0].size() + c.queue[1].size();
  events_.forEach([&](EventQueue<Event>::Handle, const Event& e) {
    if (e.kind == EventKind::ConnectArrive || e.kind == EventKind::ConnectResult) ++n;
  });
  return n;
}

std::int64_t Simulation::committedWrites() const { return static_cast<std::int64_t>(registry_.ackedLog.size()); }

namespace {
struct FrameRef {
  ConnId conn = 0;
  int dir = 0;
  std::size_t index = 0;
};
}  // namespace

std::optional<StepRecord> Simulation::deliverNow(std::uint64_t id) {
  for (auto& [cid, c] : connections_)
    for (int dir = 0; dir < 2; ++dir)
      for (std::size_t i = 0; i < c.queue[dir].size(); ++i) {
        if (c.queue[dir][i].id != id) continue;
        InFlight f = std::move(c.queue[dir][i]);
        c.queue[dir].erase(c.queue[dir].begin() + static_cast<std::ptrdiff_t>(i));
        StepRecord rec = beginRecord("frame", [] { return std::string(); });
        ConnId conn = cid;
        deliverFrame(c, conn, dir, std::move(f), rec);
        if (rec.explain) rec.notes.insert(rec.notes.begin(), "delivered by hand, ahead of its turn");
        if (connections_.contains(conn)) rescheduleHead(conn, dir);
        return rec;
      }
  if (auto h = findEvent(id)) {
    Event e = events_.remove(*h);
    e.time = now_;
    StepRecord rec;
    perform(e, rec);
    if (rec.explain) rec.notes.insert(rec.notes.begin(), "made to happen now, by hand");
    return rec;
  }
  return std::nullopt;
}

std::optional<StepRecord> Simulation::drop(std::uint64_t id) {
  for (auto& [cid, c] : connections_)
    for (int dir = 0; dir < 2; ++dir)
      for (std::size_t i = 0; i < c.queue[dir].size(); ++i) {
        if (c.queue[dir][i].id != id) continue;
        const InFlight& f = c.queue[dir][i];
        Sid from = dir == 0 ? c.initiator : c.acceptor, to = dir == 0 ? c.acceptor : c.initiator;
        StepRecord rec = beginRecord("drop", [&, &c = c] { return std::string(fmt::format("drop S{} -> S{} {}", from, to, frameLabel(c, f))); });
        rec.from = from;
        rec.to = to;
        rec.family = f.family;
        rec.type = f.type;
        if (rec.explain) rec.label = frameLabel(c, f);
        rec.messageId = f.id;
        rec.note([&] { return fmt::format("S{} -> S{} {}: removed by hand, it will never arrive", from, to, rec.label); });
        c.queue[dir].erase(c.queue[dir].begin() + static_cast<std::ptrdiff_t>(i));
        rescheduleHead(cid, dir);
        return rec;
      }
  if (auto h = findEvent(id)) {
    const Event& e = events_.at(*h);
    StepRecord rec = beginRecord("drop", [&] { return std::string(e.kind == EventKind::Timer ? fmt::format("drop S{} timer {}", e.to, eventLabel(e))
                                                                    : fmt::format("drop S{} -> S{} {}", e.from, e.to, eventLabel(e))); });
    rec.from = e.from;
    rec.to = e.to;
    rec.note([&] { return "removed by hand"; });
    if (e.kind == EventKind::Timer) timers_.erase(e.to, e.timer, e.timerKey);
    events_.remove(*h);
    return rec;
  }
  return std::nullopt;
}

std::optional<StepRecord> Simulation::duplicate(std::uint64_t id) {
  for (auto& [cid, c] : connections_)
    for (int dir = 0; dir < 2; ++dir)
      for (std::size_t i = 0; i < c.queue[dir].size(); ++i) {
        if (c.queue[dir][i].id != id) continue;
        InFlight copy = c.queue[dir][i];
        copy.id = nextSeq_++;
        Sid from = dir == 0 ? c.initiator : c.acceptor, to = dir == 0 ? c.acceptor : c.initiator;
        StepRecord rec = beginRecord("duplicate", [&, &c = c] { return std::string(fmt::format("duplicate S{} -> S{} {}", from, to, frameLabel(c, copy))); });
        rec.from = from;
        rec.to = to;
        rec.family = copy.family;
        rec.type = copy.type;
        if (rec.explain) rec.label = frameLabel(c, copy);
        rec.note([&] { return fmt::format("a second copy of S{} -> S{} {} will arrive right after the first", from, to,
                                        rec.label); });
        c.queue[dir].insert(c.queue[dir].begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(copy));
        return rec;
      }
  // A connection request (or its answer) can be duplicated too: a second copy right after.
  if (auto h = findEvent(id); h && events_.at(*h).kind != EventKind::Timer && events_.at(*h).kind != EventKind::Workload) {
    Event copy = events_.at(*h);
    StepRecord rec = beginRecord("duplicate", [&] { return std::string(fmt::format("duplicate S{} -> S{} {}", copy.from, copy.to, eventLabel(copy))); });
    rec.from = copy.from;
    rec.to = copy.to;
    rec.note([&] { return fmt::format("a second copy of S{} -> S{} {} will arrive right after the first", copy.from,
                                    copy.to, eventLabel(copy)); });
    schedule(std::move(copy));
    return rec;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Views

bool Simulation::hasQuorumSupport(Sid leaderSid) const {
  auto follows = [&](const PeerSlot& f) {
    return f.alive && f.type == LearnerType::PARTICIPANT && f.peer.state() == ServerState::FOLLOWING &&
           f.peer.currentVote().id == leaderSid;
  };
  if (!qv_.isHierarchical()) {
    // QuorumMaj counts voters only: no set to build (this runs after every step of `until stable`).
    std::size_t voters = qv_.isVoter(leaderSid) ? 1 : 0;
    for (const auto& [fid, f] : peers_)
      if (follows(f) && qv_.isVoter(fid)) ++voters;
    return voters > qv_.votingMembers().size() / 2;
  }
  std::set<Sid> support{leaderSid};
  for (const auto& [fid, f] : peers_)
    if (follows(f)) support.insert(fid);
  return qv_.containsQuorum(support);
}

std::optional<Sid> Simulation::leader() const {
  if (leadingAlive_ == 0) return std::nullopt;  // most steps of an election: nobody LEADING yet
  std::optional<Sid> best;
  Epoch bestEpoch = -1;
  for (const auto& [sid, s] : peers_) {
    if (!s.alive || s.peer.state() != ServerState::LEADING) continue;
    if (!hasQuorumSupport(sid)) continue;
    if (!best || s.peer.currentEpoch() > bestEpoch) {
      best = sid;
      bestEpoch = s.peer.currentEpoch();
    }
  }
  return best;
}

bool Simulation::stable() const {
  if (notBroadcastAlive_ > 0) return false;  // the loop below would find that peer
  auto l = leader();
  if (!l) return false;
  for (const auto& [sid, s] : peers_) {
    if (!s.alive) continue;
    if (s.peer.zabState() != ZabState::BROADCAST) return false;
    if (sid != *l && (s.peer.state() == ServerState::LEADING || s.peer.currentVote().id != *l)) return false;
  }
  return true;
}

}  // namespace zab::sim
