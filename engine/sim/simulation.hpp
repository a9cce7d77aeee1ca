#pragma once
// The deterministic harness: a virtual clock, one event set ordered by (time, seq), the
// seeded PRNG, the network and the peers. step() performs exactly one event and returns a
// record of it; commands (start, kill, partition, write...) return a record too. The whole
// Simulation is a value: copying it is a snapshot, assigning it back is a rewind.
//
// Connections behave like TCP: each direction is a FIFO; a frame that is lost or meets a
// partition is retransmitted (200 ms, doubling) and the sender gives up after 6 tries.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "connection_table.hpp"
#include "indexed_map.hpp"
#include "message_counts.hpp"
#include "timer_table.hpp"
#include "event_queue.hpp"
#include "frame_fifo.hpp"
#include "network.hpp"
#include "prng.hpp"
#include "zxid_map.hpp"
#include "zab/append_log.hpp"
#include "zab/notification_codec.hpp"
#include "zab/quorum_peer.hpp"

namespace zab::sim {

constexpr std::int64_t kConnectTimeoutMs = 5000;  // zookeeper.cnxTimeout (QuorumCnxManager cnxTO)
constexpr std::int64_t kRetransmitMs = 200;       // TCP's minimum RTO
constexpr int kMaxRetransmits = 6;                // then the sender's TCP gives up

enum class EventKind : std::uint8_t { Frame, ConnectArrive, ConnectResult, Timer, Workload, Resume };
std::string_view to_string(EventKind k);

// Why a connection attempt failed (a ConnectResult that is not ok); the words are made from it
// when the initiator hears of it, so an event holds no string.
enum class ConnectFailure : std::uint8_t { None, TimedOut, PoweredOff, Refused };

// Trivially copyable on purpose: events move in and out of the queue's slots on every step, so
// they hold numbers only (80 bytes). A connection request's initial message waits in its
// Connection; a failure's words are made from `failure` and `timeoutMs`, an event's label and
// type from its kind (eventLabel, eventType).
struct Event {
  std::int64_t time = 0;
  std::uint64_t seq = 0;
  Sid from = 0;  // sender / initiator
  Sid to = 0;    // the peer that handles the event
  ConnId conn = 0;
  std::int64_t timerKey = 0;
  std::int64_t timeoutMs = 0;  // ConnectResult of a dial into silence: connect()'s timeout
  int dir = 0;   // Frame: 0 initiator->acceptor, 1 back
  Channel channel = Channel::Election;
  TimerKind timer = TimerKind::ElectionPoll;
  Family family = Family::Transport;
  std::uint32_t incarnation = 0;  // timers: the process incarnation that armed them
  EventKind kind = EventKind::Frame;
  bool ok = true;
  ConnectFailure failure = ConnectFailure::None;
};
static_assert(std::is_trivially_copyable_v<Event>);
// What the event is called where it is shown ("connect (election)", "ElectionPoll", "SIGCONT";
// empty for a frame, whose label is made from its bytes), and its message type ("connect",
// "timer", ...): static strings.
std::string_view eventLabel(const Event& e);
std::string_view eventType(const Event& e);
// The words a failed ConnectResult gives the initiator ("connection refused", ...).
std::string connectFailureReason(const Event& e);

// What became of a frame at this step (kinds frame, close and retransmit), of a client request
// (ReceiverDown, Held, NotServing) and of a SIGCONT to a process that is gone (ReceiverDown).
// Set whether or not
// the run explains itself, so that a caption in any language can say it from the record.
enum class FrameFate : std::uint8_t {
  Delivered,     // handed to the receiver's process
  Reset,         // the receiver's OS knows no such connection: answered with a reset
  ReceiverDown,  // the receiver's process is gone: lost
  Lost,          // dropped by a lossy link: TCP retransmits
  Partitioned,   // the link is cut: TCP retransmits
  NoAnswer,      // the receiver is powered off: TCP retransmits
  GaveUp,        // too many retransmissions: TCP times the connection out on the sender's side
  Held,          // a client request to a stopped (SIGSTOP) process: it waits in the socket
  NotServing,    // a client request to a server not serving (LOOKING, or not yet UPTODATE): an error
};

// An election notification as it reached its receiver, when explaining: for the captions of
// the steps in which FLE compares no votes (a decided server answering or ignoring it, one in
// finalizeWait, one that records a vote from outside the election, an observer's question).
struct NotificationSeen {
  ServerState senderState = ServerState::LOOKING;
  Sid leader = 0;  // the vote it carries
  Zxid zxid = 0;
  Epoch peerEpoch = 0;
  bool senderVotes = true;          // a voting member (an observer is answered, never counted)
  bool receiverInElection = false;  // the receiver was inside lookForLeader (not waiting to start it)
  bool receiverFinalizing = false;  // ... and in finalizeWait
  bool beatsProposal = false;       // totalOrderPredicate against the receiver's proposal
};

struct StepRecord {
  std::uint64_t index = 0;  // 1-based step number; commands count too
  std::int64_t timeMs = 0;
  std::string_view kind;  // frame, connect, connect-result, close, timer, command, drop, duplicate, client, note
  Sid actor = -1;    // the peer that acted (-1: the harness)
  Sid from = -1;
  Sid to = -1;
  Family family = Family::Peer;
  // A delivered frame: its receiver's state as it arrived (a PING means one thing to a leader,
  // another to a learner in BROADCAST, and nothing to one still syncing). Beside `family`, in
  // what was padding, as are `fate` and `explain` below: every step builds a record.
  ServerState receiverState = ServerState::LOOKING;
  std::string_view type;  // a static string
  std::string label;      // made only when explaining
  std::uint64_t messageId = 0;  // the in-flight frame this step delivered (0: none)
  FrameFate fate = FrameFate::Delivered;
  bool explain = true;  // false: headline, notes and label stay empty (no text on the step path)
  // A connect-result: why the dial failed (None: the connection is established). In padding too.
  ConnectFailure connectFailure = ConnectFailure::None;
  zab::CloseCause closeCause = zab::CloseCause::Other;  // a close: why (in padding too)
  // A delivered frame: its receiver's phase as it arrived (with receiverState above).
  ZabState receiverPhase = ZabState::ELECTION;
  bool senderObserver = false;  // a delivered frame's sender is an observer (its ACKs count for no quorum)
  // An ACK of (epoch, 0) delivered to a leader, when explaining: whether that learner's
  // LearnerHandler was waiting for its NEWLEADER ACK (a learner that joins an established epoch
  // sends one too) or had already sent UPTODATE. In padding, as the flags above.
  enum class EpochAck : std::uint8_t { Unknown, NewLeader, UpToDate };
  EpochAck epochAck = EpochAck::Unknown;
  // A frame delivered to a learner still syncing, when explaining: where syncWithLeader puts its
  // PROPOSALs and COMMITs (before NEWLEADER of a SNAP or TRUNC a COMMIT applies the txn at once;
  // of a DIFF, and after NEWLEADER, it waits for UPTODATE), and, for NEWLEADER, how many txns
  // wait in packetsNotCommitted and whether the ACK goes before their fsync (3.8.0's order,
  // ZOOKEEPER-4785) or after it (the fix). For the captions only.
  enum class LearnerSync : std::uint8_t { None, BeforeNewLeaderApplies, BeforeNewLeaderQueues, AfterNewLeader };
  LearnerSync learnerSync = LearnerSync::None;
  bool newLeaderAckBeforeFsync = false;
  std::uint32_t syncTxnsPending = 0;    // packetsNotCommitted
  std::uint32_t syncCommitsPending = 0; // packetsCommitted: of those, the ones already committed
  std::int32_t retryInMs = 0;  // a retransmission: TCP tries again after this long
  // Shared, as `vote` is: a pointer on the step path, made only when explaining.
  std::shared_ptr<const NotificationSeen> notification;
  struct Milestone {
    MilestoneKind kind = MilestoneKind::ElectionStarted;
    ServerState state = ServerState::LOOKING;
    Sid sid = 0;
    std::int64_t round = 0;
    Sid leader = 0;  // Decided: who the peer now follows (itself when LEADING)
  };
  std::vector<Milestone> milestones;  // made whether or not the run explains itself
  // The vote comparison FLE made in this step (a received LOOKING notification), when explaining.
  std::shared_ptr<const zab::VoteComparison> vote;
  std::string headline;
  std::vector<std::string> notes;
  void note(TextFn text) {
    if (explain) notes.push_back(text());
  }
  std::string explanation() const;  // the decisions, or the headline when nothing was decided
  // The same, one entry per decision (a line each in the text trace and the JSONL).
  std::vector<std::string> explanationLines() const;
};

// Something that will happen unless somebody intervenes: a frame in flight, a connection
// attempt, a timer.
struct PendingEvent {
  std::uint64_t id = 0;
  std::int64_t timeMs = 0;  // earliest arrival / firing time
  EventKind kind = EventKind::Frame;
  Sid from = 0;
  Sid to = 0;
  std::string label;
  std::string type;
  Family family = Family::Transport;
  Channel channel = Channel::Election;
  TimerKind timer = TimerKind::ElectionPoll;
  int attempts = 0;  // retransmissions so far
  bool isMessage() const { return kind != EventKind::Timer && kind != EventKind::Workload; }
};

// A frame on its way, moved into its direction's queue when sent and out of it when it
// arrives: kept small (80 bytes), as every connection of a large election holds a few and a
// step reads the head of a queue written thousands of events before. The words of a close are
// made only for closes and shared by copies (a data frame holds a null pointer, not a string).
struct InFlight {
  std::uint64_t id = 0;
  SharedBytes frame;  // immutable: a duplicate or a snapshot shares it
  // A close's reason, its words and as a value (null: a plain FIN with no reason).
  struct CloseReason {
    std::string text;
    zab::CloseCause cause = zab::CloseCause::Other;
  };
  std::shared_ptr<const CloseReason> reason;
  std::string_view type;  // a static string
  std::int64_t sentAt = 0;
  std::int64_t readyAt = 0;  // earliest arrival
  Family family = Family::Transport;
  std::int16_t attempts = 0;  // retransmissions so far (TCP gives up after kMaxRetransmits)
  bool close = false;  // FIN/RST marker, ordered after the data
  bool resend = false; // QCM's resend of its last message (shown in the label)

  std::string_view reasonText() const { return reason ? std::string_view(reason->text) : std::string_view(); }
  zab::CloseCause closeCause() const { return reason ? reason->cause : zab::CloseCause::Other; }
  void setReason(std::string text, zab::CloseCause cause) {
    if (!text.empty() || cause != zab::CloseCause::Other)
      reason = std::make_shared<const CloseReason>(CloseReason{std::move(text), cause});
  }
};
static_assert(sizeof(InFlight) <= 80);

// One simulated TCP connection. A large election holds thousands, and nearly every event reads
// one written long before: what a step reads (ends, open flags, the queues, the scheduled
// heads) fits in 120 bytes, so an entry of the connection table is two cache lines. What the
// connect request carries is read once, when it arrives: it waits outside
// (Simulation::connectMessages_).
struct Connection {
  Sid initiator = 0;
  Sid acceptor = 0;
  std::int64_t lastReady[2] = {0, 0};
  EventQueue<Event>::Handle headEvent[2] = {0, 0};  // the Frame event of a scheduled head
  std::uint32_t initiatorIncarnation = 0;
  std::uint32_t acceptorIncarnation = 0;
  Channel channel = Channel::Election;
  bool openAtInitiator = true;
  bool openAtAcceptor = false;
  bool headScheduled[2] = {false, false};
  FrameFifo<InFlight> queue[2];  // [0] initiator->acceptor, [1] back
};
static_assert(sizeof(std::pair<const ConnId, Connection>) <= 128);

// "vote(3, 0:0)", "PROPOSAL 1:5", "close": made from the frame's bytes when shown.
std::string frameLabel(const Connection& c, const InFlight& f);
// A close's label: "close: dial back", "RST: killed", "RST", or "close" when the cause has no tag.
std::string closeLabel(zab::CloseCause cause);

struct PeerSlot {
  Sid sid = 0;
  LearnerType type = LearnerType::PARTICIPANT;
  bool alive = false;    // process running
  bool powered = true;   // machine on; a crash is a power-off, a kill is not
  std::uint32_t incarnation = 0;
  PeerDisk disk;         // survives kill and crash
  QuorumPeer peer;       // the process's memory, meaningful while alive
  std::string exitReason;  // why the process last stopped by itself (fatal), if it did
  bool countedLeading = false;  // counted in the simulation's number of live LEADING peers
  bool countedNotBroadcast = false;  // counted in its number of live peers not in BROADCAST
  // SIGSTOP: the process runs nothing before this time (-1: running). Events for it wait;
  // its sockets stay open, so peers see silence, not a close.
  std::int64_t pausedUntil = -1;
  std::int64_t diskStalledUntil = -1;  // no fsync of this disk completes before then (stallDisk)
  std::vector<InClientRequest> heldRequests;  // client requests that arrived while paused
};

// One client operation, from submission to answer.
struct ClientOp {
  std::uint64_t id = 0;
  Sid server = 0;
  ClientOpKind kind = ClientOpKind::Write;
  std::string path;
  std::string data;
  std::int64_t submittedAt = 0;
  std::optional<std::int64_t> answeredAt;
  bool ok = false;
  Zxid zxid = 0;
  std::string result;  // read data or error
  bool operator==(const ClientOp&) const = default;
};

struct Workload {
  double writesPerSec = 0;
  double readsPerSec = 0;
  std::vector<Sid> servers;  // empty: every server
  std::int64_t untilMs = -1;  // -1: forever
  int keys = 8;              // writes go to /k0 .. /k{keys-1}
};

struct EnsembleSpec {
  QuorumVerifier qv;
  PeerTiming timing;
  std::uint64_t seed = 1;
  LinkConfig link;
  std::map<Sid, PeerDisk> disks;  // preloaded disks
};

// What the invariant checkers need to know that no single peer remembers. What grows with
// the run is shared between copies of the Simulation (AppendLog), not copied.
struct Registry {
  ProposedTxns proposed;                       // zxid -> txn hash, from every leader ever (and preloads)
  std::map<Epoch, Sid> leaderOfEpoch;          // who established each epoch
  std::map<Epoch, std::int64_t> epochEstablishedAt;  // and when (virtual ms), for views
  std::vector<std::string> leadershipConflicts;
  // Writes answered "ok" to a client, (zxid, txn hash) in the order they were answered. An
  // operation is answered once, so each write appears once.
  AppendLog<std::pair<Zxid, std::uint64_t>> ackedLog;
  // Servers whose data a known ZooKeeper 3.8.0 bug has touched (OutKnownBug), with the bug:
  // a violation that names one of them names the bug too. Kept for the rest of the run.
  std::map<Sid, std::string_view> knownBugs;
  // Txns a known 3.8.0 bug made wrong (OutKnownBug with a zxid): a commit counted an ACK that no
  // longer stood (STALE-ACK-AFTER-TRUNC), or a crash lost txns ACKed with NEWLEADER before
  // their fsync (ZOOKEEPER-4785). Only such txns are kept, so this stays small.
  std::map<Zxid, std::string_view> knownBugTxns;
  // Known bugs hit that left every server's data as it was (OutKnownBug::dataUntouched): shown
  // and expected (`expect bug=`), never named in a violation. One entry per bug.
  std::set<std::string_view> livenessBugs;
};

class Simulation {
 public:
  Simulation() = default;
  explicit Simulation(const EnsembleSpec& spec);

  // ---- commands (each is one record in the trace) ----
  StepRecord start(const std::vector<Sid>& sids);  // several at the same instant
  StepRecord kill(Sid sid);      // process crash: the OS resets its connections at once
  StepRecord crash(Sid sid);     // power-off: silence, noticed only by timeouts
  StepRecord pause(Sid sid, std::int64_t ms);  // SIGSTOP now, SIGCONT after ms
  StepRecord stallDisk(Sid sid, std::int64_t ms);  // fsyncs started from now on finish no earlier than now + ms
  StepRecord restart(Sid sid);   // a new process on the same disk
  StepRecord relook(Sid sid);    // the peer's role ends; LOOKING again in the same process
  StepRecord wipeDisk(Sid sid);  // disk loss: the process dies and the disk comes back blank
  StepRecord setHistory(Sid sid, Epoch currentEpoch, Epoch acceptedEpoch, Zxid lastZxid);
  StepRecord failEpochWrite(Sid sid, bool accepted);  // the next write of that epoch file fails
  StepRecord damageTxnLog(Sid sid, bool torn);       // the last record torn, or failing its checksum
  StepRecord partition(const std::vector<std::vector<Sid>>& groups);
  StepRecord cutLink(Sid from, Sid to);
  StepRecord heal();
  StepRecord setLink(std::optional<std::pair<Sid, Sid>> link, const LinkConfig& cfg, const std::string& what);
  StepRecord clientOp(Sid server, ClientOpKind kind, const std::string& path, const std::string& data);
  StepRecord setWorkload(const Workload& w);
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
  // Explanations (headlines, notes, labels) cost most of a step; a sweep or a replay that
  // shows nothing turns them off. What the protocol does is the same either way.
  void setExplain(bool on) { explain_ = on; }
  bool explaining() const { return explain_; }
  const std::map<Sid, PeerSlot>& peers() const { return peers_.map(); }
  const PeerSlot* slot(Sid sid) const;
  const QuorumVerifier& quorumVerifier() const { return qv_; }
  const PeerTiming& timing() const { return timing_; }
  const std::map<std::string, std::int64_t, std::less<>>& messageCounts() const { return messageCounts_.map(); }
  // In id order, as (id, connection) pairs.
  const ConnectionTable<ConnId, Connection>& connections() const { return connections_; }
  // Client operations: the answered ones in the order they were answered (shared between
  // copies), and those still waiting by id. Ids are 1, 2, ... in submission order.
  const AppendLog<ClientOp>& answeredClientOps() const { return answeredOps_; }
  const std::map<std::uint64_t, ClientOp>& waitingClientOps() const { return waitingOps_; }
  std::size_t clientOpCount() const { return answeredOps_.size() + waitingOps_.size(); }
  // Memory of a long run: a harness that lists no old operations (zabsim) keeps only the
  // newest `n` answered ones in memory (0, the default: all of them, as the GUI's workload
  // table lists every one). Counts and ids still cover every operation, and the newest answered
  // read of each (server, path), what `expect read` checks, is kept apart.
  void keepAnsweredClientOps(std::size_t n) { answeredKept_ = n; }
  const ClientOp* lastAnsweredRead(Sid server, const std::string& path) const;
  std::size_t failedClientOps() const { return failedOps_; }  // answered with an error
  const Registry& registry() const { return registry_; }
  const Workload& workload() const { return workload_; }
  std::size_t messagesInFlight() const;
  std::int64_t committedWrites() const;
  // The LEADING peer that a quorum of live participants follows (ties: newest epoch).
  std::optional<Sid> leader() const;
  // A leader in BROADCAST, and every live peer in BROADCAST following it.
  bool stable() const;

 private:
  void noteStaleVote(Sid from, Sid to, const NotificationView& v, StepRecord& rec) const;
  void recordNotificationSeen(const PeerSlot& receiver, Sid from, const NotificationView& v, StepRecord& rec) const;
  StepRecord beginRecord(std::string_view kind, TextFn headline);
  void beginRecordIn(StepRecord& rec, std::string_view kind, TextFn headline);  // into a fresh record
  // The same with an empty headline (every event: no headline function is built).
  void stampRecord(StepRecord& rec, std::string_view kind);  // a static string
  void runPeer(Sid sid, const Input& in, StepRecord& rec);
  void runPeer(PeerSlot& s, const Input& in, StepRecord& rec);  // a slot the caller found already
  void startPeer(PeerSlot& slot, StepRecord& rec);
  void applyEffects(PeerSlot& s, Effects& fx, StepRecord& rec);
  void dial(Sid from, const OutDial& d, StepRecord& rec);
  void enqueue(ConnId id, Sid from, InFlight&& f);  // by reference: a frame is moved once, into its queue
  void scheduleHead(ConnId id, int dir);
  // The same on a connection already found (the table is not searched again on the send path).
  void enqueueOn(Connection& c, ConnId id, Sid from, InFlight&& f);
  void scheduleHeadOn(Connection& c, ConnId id, int dir);
  void rescheduleHead(ConnId id, int dir);  // after the head was removed by hand
  void closeConnection(Sid by, ConnId conn, std::string reason, bool notify, zab::CloseCause cause);  // the reason moves into the FIN
  // The connection breaks under both ends at once: in-flight data is lost, both see a close.
  void resetConnection(ConnId conn, StepRecord& rec);
  // An event for a paused process waits until it resumes; true when `e` was put off.
  bool heldByPause(const Event& e) const;
  bool deferIfPaused(const Event& e, StepRecord& rec);
  EventQueue<Event>::Handle schedule(Event e);
  std::optional<EventQueue<Event>::Handle> findEvent(std::uint64_t seq) const;  // not frames
  void cancelTimers(Sid sid);
  void stopProcess(PeerSlot& slot, bool resetConnections, StepRecord& rec);
  void noteTxnsAckedBeforeFsync(PeerSlot& slot, StepRecord& rec);
  // Into `rec`, a fresh record the caller keeps (step() returns it without a move).
  void perform(const Event& e, StepRecord& rec);
  // From this many connections dialled on, a step prefetches what the next steps read: a
  // 51- or 101-peer election's connections outgrow the cache, a 5-peer ensemble's stay in it
  // (there the hints cost about 5% and gain nothing).
  static constexpr std::size_t kPrefetchFromConnections = 1024;
  void prefetchNextSteps() const;
  void deliverFrame(Connection& c, ConnId id, int dir, InFlight&& f, StepRecord& rec);  // `c` is connection `id`
  bool processAlive(Sid sid, std::uint32_t incarnation) const;
  static bool processAlive(const PeerSlot* s, std::uint32_t incarnation);  // the same, of a slot found already
  bool hasQuorumSupport(Sid leaderSid) const;  // it and the live participants FOLLOWING it
  void trackLeading(PeerSlot& s);  // after anything that can change a peer's state, ZAB phase or liveness
  // Runs `run` with an empty Effects: the simulation's own buffer, kept between steps so that a
  // step allocates none and moves nothing in or out of it; a nested run gets a fresh one.
  template <class F>
  void withEffects(F&& run);
  // A client operation's answer: noted in the step, counted, and recorded (op left waitingOps_).
  void answer(ClientOp&& op, const OutClientResponse& o, StepRecord& rec);
  void recordAnswered(ClientOp&& op);  // into answeredOps_ (and lastReads_), forgetting the oldest if asked
  void scheduleWorkload();
  void workloadTick(StepRecord& rec);

  std::uint64_t seed_ = 1;
  bool explain_ = true;
  QuorumVerifier qv_;
  PeerTiming timing_;
  Network network_;
  Prng rng_;
  Prng workloadRng_;
  std::int64_t now_ = 0;
  std::uint64_t nextSeq_ = 1;
  std::uint64_t stepIndex_ = 0;
  ConnId nextConn_ = 1;
  EventQueue<Event> events_;
  struct ArmedTimer {
    EventQueue<Event>::Handle event = 0;
    std::uint64_t seq = 0;
  };
  TimerTable<ArmedTimer> timers_;  // (sid, kind, key) -> its pending event
  IndexedMap<Sid, PeerSlot, 4096> peers_;  // every event looks up its peer: by sid in O(1)
  std::map<Sid, PeerDisk> pendingHistory_;
  ConnectionTable<ConnId, Connection> connections_;
  // What each connect request carries (the initial message, election channel), by connection
  // id - 1 (ids are 1, 2, 3...): apart from the connections, whose every byte is read often.
  std::vector<SharedBytes> connectMessages_;
  MessageCounts messageCounts_;
  AppendLog<ClientOp> answeredOps_;
  std::map<std::uint64_t, ClientOp> waitingOps_;
  std::size_t answeredKept_ = 0;  // keepAnsweredClientOps
  std::map<std::pair<Sid, std::string>, ClientOp, std::less<>> lastReads_;  // only while answeredKept_ > 0
  std::size_t failedOps_ = 0;
  Workload workload_;
  std::uint64_t workloadCounter_ = 0;
  Registry registry_;
  // Speed only, never behaviour: live LEADING peers (leader() answers at once when none), and
  // the outputs buffer handed to the peers, kept between steps so a step does not allocate it.
  std::size_t leadingAlive_ = 0;
  std::size_t notBroadcastAlive_ = 0;  // stable() answers false at once while some live peer is not in BROADCAST
  Effects effects_;
  bool effectsBusy_ = false;  // effects_ is lent to a peer's step (withEffects)
};

}  // namespace zab::sim
