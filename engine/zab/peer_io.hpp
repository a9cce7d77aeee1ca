#pragma once
// The pure peer's inputs and outputs. A QuorumPeer never performs I/O: it appends effects
// (dial, send a frame, close, arm a timer, explain a decision) that the simulation layer
// carries out. This is the "effects are queued, not performed" shape of etcd-io/raft.
#include "close_cause.hpp"
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "lazy_text.hpp"
#include "notification_codec.hpp"
#include "shared_bytes.hpp"
#include "types.hpp"
#include "vote_comparison.hpp"

namespace zab {

using ConnId = std::uint64_t;  // one simulated TCP connection, assigned by the simulation

// Which protocol family a message or note belongs to (drives colours and log filters).
enum class Family { Election, Transport, Discovery, Sync, Broadcast, Heartbeat, Client, Peer };
std::string_view to_string(Family f);

// Which of the two server sockets a connection belongs to.
enum class Channel { Election, Quorum };

enum class TimerKind : int {
  ElectionPoll,      // FLE recvqueue.poll(notTimeout) ran out
  FinalizeWait,      // FLE finalizeWait (200 ms) after a quorum was seen
  LeaderTick,        // Leader.lead loop, every tickTime/2
  LeaderWait,        // the leader's own getEpochToPropose / waitForEpochAck / waitForNewLeaderAck (initLimit)
  HandlerWait,       // a LearnerHandler blocked in one of those waits (key = its connection id)
  HandlerRead,       // a LearnerHandler socket read timeout (key = its connection id)
  LearnerRead,       // the learner's socket read timeout (initLimit, then syncLimit)
  LearnerConnect,    // pause between connectToLeader attempts (leaderConnectDelayDuringRetryMs)
  SyncFlush,         // the simulated fsync of logged proposals completes
  ObserverDelay,     // an observer's random wait before LOOKING again
  LeaderStartup,     // makeLeader done: the Leader's quorum port listens and lead() begins
  LearnerFsync,      // fix=ZOOKEEPER-4785: NEWLEADER's fsync of the sync's txns, on the learner thread, ends
  SnapshotWritten,   // a LearnerHandler finished writing a SNAP's snapshot to its socket (snapSend)
};
inline constexpr TimerKind kLastTimerKind = TimerKind::SnapshotWritten;
std::string_view to_string(TimerKind k);

// ---- inputs -----------------------------------------------------------------------------
struct InConnectionRequest {  // acceptor: a socket arrived, carrying the initial message
  ConnId conn = 0;
  SharedBytes initialMessage;  // election channel only
  Channel channel = Channel::Election;
};
struct InConnectEstablished {  // initiator: connect() to `to` succeeded
  ConnId conn = 0;
  Sid to = 0;
  Channel channel = Channel::Election;
};
struct InConnectFailed {  // initiator: refused (process dead) or timed out (silence)
  Sid to = 0;
  std::string reason;
  Channel channel = Channel::Election;
};
struct InFrame {  // bytes that arrived on an open connection
  ConnId conn = 0;
  SharedBytes frame;
};
struct InConnectionClosed {  // the other end closed or reset the connection
  ConnId conn = 0;
};
struct InTimer {
  TimerKind kind = TimerKind::ElectionPoll;
  std::int64_t key = 0;  // e.g. the learner sid of a LearnerHandler timer
};
// A client operation submitted to this server (the client's session is bound to it).
enum class ClientOpKind { Write, Read, Delete, Sync };
std::string_view to_string(ClientOpKind k);
struct InClientRequest {
  std::uint64_t opId = 0;  // assigned by the simulation, echoed in the response
  ClientOpKind kind = ClientOpKind::Write;
  std::string path;
  std::string data;
};
using Input = std::variant<InConnectionRequest, InConnectEstablished, InConnectFailed, InFrame,
                           InConnectionClosed, InTimer, InClientRequest>;

// ---- outputs ----------------------------------------------------------------------------
struct OutDial {
  Sid to = 0;
  SharedBytes initialMessage;  // the dialler's, written once: every dial shares it
  Channel channel = Channel::Election;
  std::int64_t timeoutMs = 5000;  // connect() timeout when nobody answers
};
struct OutSendFrame {
  ConnId conn = 0;
  Sid to = 0;
  SharedBytes frame;  // written once, then shared by the network and the receiver
  std::string_view type;  // message type for counters, e.g. "notification" (a static string)
  Family family = Family::Election;
  bool resend = false;    // QCM's resend of lastMessageSent (the label says so)
};
struct OutClose {
  ConnId conn = 0;
  std::string reason;
  CloseCause cause = CloseCause::Other;  // the reason as a value, for the views
};
struct OutSetTimer {
  TimerKind kind = TimerKind::ElectionPoll;
  std::int64_t delayMs = 0;
  std::int64_t key = 0;
  std::int64_t jitterMs = 0;  // the simulation adds a uniform [0, jitterMs) from its PRNG
  // With this probability the simulation adds spikeMs more (an occasional slow fsync).
  double spikeChance = 0;
  std::int64_t spikeMs = 0;
};
struct OutCancelTimer {
  TimerKind kind = TimerKind::ElectionPoll;
  std::int64_t key = 0;
};
struct OutClientResponse {
  std::uint64_t opId = 0;
  bool ok = false;
  Zxid zxid = 0;          // the write's zxid, or the server's last zxid for a read
  std::string data;       // a read's value
  std::string error;      // "not serving", "NONODE", ...
};
// A leader proposed a txn (for the invariant checkers, which live outside the peer).
struct OutProposed {
  Zxid zxid = 0;
  std::uint64_t txnHash = 0;
  Epoch epoch = 0;
};
// The leader of `epoch` has an epoch acknowledged by a quorum (it entered SYNCHRONIZATION).
struct OutLeaderEstablished {
  Epoch epoch = 0;
};
// The process exits (ZooKeeper calls System.exit or a fatal startup error).
struct OutFatal {
  std::string reason;
};
// A milestone the views count (election spans, decisions), reported whether or not the run
// explains itself: graphs and diagrams read these numbers, never the notes' text.
enum class MilestoneKind : std::uint8_t {
  ElectionStarted,  // lookForLeader begins (or the role ended and LOOKING follows)
  Decided,          // FLE decided: `state` is what the peer becomes, `round` the vote's round
  ProcessStopped,   // the process is gone (kill, crash, disk loss, fatal exit)
};
struct OutMilestone {
  MilestoneKind kind = MilestoneKind::ElectionStarted;
  ServerState state = ServerState::LOOKING;
  std::int64_t round = 0;
  Sid leader = 0;  // Decided: the decided vote's leader (endVote.id); otherwise 0
};
// The peer just did what a known ZooKeeper 3.8.0 bug does (known_bugs.hpp): the invariant
// checkers name that bug in any violation that involves server `sid`.
struct OutKnownBug {
  Sid sid = 0;           // the server whose data goes wrong
  std::string_view bug;  // kZk2846, kZk1549, kStaleAckAfterTrunc
  Zxid zxid = 0;         // a txn the bug made wrong (0: the server's data as a whole)
  // The bug cost the server its role, not its data (ZOOKEEPER-4394): it is recorded as hit,
  // and no violation is blamed on it.
  bool dataUntouched = false;
};
// FLE compared a received LOOKING vote with its proposal (made only when explaining).
// Held by pointer: Output stays as small as its common alternatives.
struct OutVoteComparison {
  std::shared_ptr<const VoteComparison> comparison;
};
struct OutNote {  // one explanation of a decision the code took
  Family family = Family::Election;
  std::string text;
};
using Output = std::variant<OutDial, OutSendFrame, OutClose, OutSetTimer, OutCancelTimer, OutNote, OutClientResponse,
                            OutProposed, OutLeaderEstablished, OutFatal, OutMilestone, OutKnownBug,
                            OutVoteComparison>;

struct Effects {
  std::vector<Output> outputs;
  bool explain = true;  // false: notes and labels are skipped (the simulation runs without text)
  template <class T>
  void add(T&& t) { outputs.emplace_back(std::forward<T>(t)); }
  // `text` is a callable returning the explanation; it runs only when explaining.
  void note(Family f, TextFn text) {
    if (explain) outputs.emplace_back(OutNote{f, text()});
  }
};

}  // namespace zab
