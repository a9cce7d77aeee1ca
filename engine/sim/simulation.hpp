#pragma once
// The deterministic harness: a virtual clock, one event set ordered by (time, seq), the
// seeded PRNG, the network and the peers. step() performs exactly one event and returns a
// record of it; commands (start, kill, partition...) return a record too. The whole
// Simulation is a value: copying it is a snapshot, assigning it back is a rewind.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "network.hpp"
#include "prng.hpp"
#include "zab/quorum_peer.hpp"

namespace zab::sim {

constexpr std::int64_t kConnectTimeoutMs = 5000;  // zookeeper.cnxTimeout (QuorumCnxManager cnxTO)

enum class EventKind { Frame, ConnectArrive, ConnectResult, CloseNotice, Timer };
std::string_view to_string(EventKind k);

struct Event {
  EventKind kind = EventKind::Frame;
  std::int64_t time = 0;
  std::uint64_t seq = 0;
  Sid from = 0;  // sender / initiator
  Sid to = 0;    // the peer that handles the event
  ConnId conn = 0;
  Bytes bytes;  // the frame, or the initial message of a connection request
  bool ok = true;
  std::string reason;  // why a connect failed / a connection closed
  TimerKind timer = TimerKind::ElectionPoll;
  std::uint32_t incarnation = 0;  // timers: the process incarnation that armed them
  std::string label;
  std::string type;
  Family family = Family::Transport;
};

struct StepRecord {
  std::uint64_t index = 0;  // 1-based step number; commands count too
  std::int64_t timeMs = 0;
  std::string kind;  // frame, connect, connect-result, close, timer, command, drop, duplicate
  Sid actor = -1;    // the peer that acted (-1: the harness)
  Sid from = -1;
  Sid to = -1;
  Family family = Family::Peer;
  std::string type;
  std::string label;
  std::string headline;
  std::vector<std::string> notes;
  std::string explanation() const;  // the decisions, or the headline when nothing was decided
};

struct PendingEvent {
  std::uint64_t id = 0;  // the event's seq
  std::int64_t timeMs = 0;
  EventKind kind = EventKind::Frame;
  Sid from = 0;
  Sid to = 0;
  std::string label;
  std::string type;
  Family family = Family::Transport;
  TimerKind timer = TimerKind::ElectionPoll;
  bool isMessage() const { return kind != EventKind::Timer; }
};

struct PeerSlot {
  Sid sid = 0;
  LearnerType type = LearnerType::PARTICIPANT;
  bool alive = false;    // process running
  bool powered = true;   // machine on; a crash is a power-off, a kill is not
  std::uint32_t incarnation = 0;
  PeerDisk disk;         // survives kill and crash
  QuorumPeer peer;       // the process's memory, meaningful while alive
};

struct Connection {
  Sid initiator = 0;
  Sid acceptor = 0;
  std::uint32_t initiatorIncarnation = 0;
  std::uint32_t acceptorIncarnation = 0;
  bool openAtInitiator = true;
  bool openAtAcceptor = false;
  std::int64_t lastArrival[2] = {0, 0};  // FIFO per direction: [0] initiator->acceptor, [1] back
};

struct EnsembleSpec {
  QuorumVerifier qv;
  PeerTiming timing;
  std::uint64_t seed = 1;
  LinkConfig link;
  std::map<Sid, PeerDisk> history;  // preloaded disks
};

class Simulation {
 public:
  Simulation() = default;
  explicit Simulation(const EnsembleSpec& spec);

  // ---- commands (each is one record in the trace) ----
  StepRecord start(const std::vector<Sid>& sids);  // several at the same instant
  StepRecord kill(Sid sid);      // process crash: the OS resets its connections at once
  StepRecord crash(Sid sid);     // power-off: silence, noticed only by timeouts
  StepRecord restart(Sid sid);   // a new process on the same disk
  StepRecord relook(Sid sid);    // the peer's role ends; LOOKING again in the same process
  StepRecord setHistory(Sid sid, const PeerDisk& disk);
  StepRecord partition(const std::vector<std::vector<Sid>>& groups);
  StepRecord cutLink(Sid from, Sid to);
  StepRecord heal();
  StepRecord setLink(std::optional<std::pair<Sid, Sid>> link, const LinkConfig& cfg, const std::string& what);
  Network& network() { return network_; }
  const Network& network() const { return network_; }

  // ---- stepping ----
  bool idle() const { return events_.empty(); }
  std::optional<std::int64_t> nextEventTime() const;
  std::optional<StepRecord> step();               // the earliest event, exactly one
  void advanceClockTo(std::int64_t timeMs);       // only forward, only up to the next event
  std::vector<PendingEvent> pending() const;
  std::optional<StepRecord> deliverNow(std::uint64_t id);
  std::optional<StepRecord> drop(std::uint64_t id);
  std::optional<StepRecord> duplicate(std::uint64_t id);

  // ---- views ----
  std::int64_t now() const { return now_; }
  std::uint64_t stepCount() const { return stepIndex_; }
  std::uint64_t seed() const { return seed_; }
  const std::map<Sid, PeerSlot>& peers() const { return peers_; }
  const PeerSlot* slot(Sid sid) const;
  const QuorumVerifier& quorumVerifier() const { return qv_; }
  const PeerTiming& timing() const { return timing_; }
  const std::map<std::string, std::int64_t>& messageCounts() const { return messageCounts_; }
  std::size_t messagesInFlight() const;
  // The LEADING peer that a quorum of live participants follows (ties: newest round).
  std::optional<Sid> leader() const;
  // Every live peer decided and following that leader.
  bool stable() const;

 private:
  StepRecord beginRecord(const std::string& kind, const std::string& headline);
  void runPeer(Sid sid, const Input& in, StepRecord& rec);
  void startPeer(PeerSlot& slot, StepRecord& rec);
  void applyEffects(Sid sid, Effects& fx, StepRecord& rec);
  void dial(Sid from, Sid to, Bytes initialMessage, StepRecord& rec);
  void sendFrame(Sid from, const OutSendFrame& out, StepRecord& rec);
  void closeConnection(Sid by, ConnId conn, const std::string& reason, bool notify, StepRecord& rec);
  std::int64_t fifoArrival(Connection& c, Sid from, std::int64_t latency);
  std::uint64_t schedule(Event e);
  void cancelTimers(Sid sid);
  void stopProcess(PeerSlot& slot, bool resetConnections, StepRecord& rec);
  StepRecord perform(Event e);
  bool processAlive(Sid sid, std::uint32_t incarnation) const;

  std::uint64_t seed_ = 1;
  QuorumVerifier qv_;
  PeerTiming timing_;
  Network network_;
  Prng rng_;
  std::int64_t now_ = 0;
  std::uint64_t nextSeq_ = 1;
  std::uint64_t stepIndex_ = 0;
  ConnId nextConn_ = 1;
  std::map<std::pair<std::int64_t, std::uint64_t>, Event> events_;
  std::map<std::pair<Sid, int>, std::pair<std::int64_t, std::uint64_t>> timers_;
  std::map<Sid, PeerSlot> peers_;
  std::map<ConnId, Connection> connections_;
  std::map<std::string, std::int64_t> messageCounts_;
};

}  // namespace zab::sim
