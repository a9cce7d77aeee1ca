#pragma once
// The pure peer's inputs and outputs. A QuorumPeer never performs I/O: it appends effects
// (dial, send a frame, close, arm a timer, explain a decision) that the simulation layer
// carries out. This is the "effects are queued, not performed" shape of etcd-io/raft.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "notification_codec.hpp"
#include "types.hpp"

namespace zab {

using ConnId = std::uint64_t;  // one simulated TCP connection, assigned by the simulation

// Which protocol family a message or note belongs to (drives colours and log filters).
enum class Family { Election, Transport, Discovery, Sync, Broadcast, Heartbeat, Client, Peer };
std::string_view to_string(Family f);

enum class TimerKind : int {
  ElectionPoll,  // FLE recvqueue.poll(notTimeout) ran out
  FinalizeWait,  // FLE finalizeWait (200 ms) after a quorum was seen
};
constexpr int kTimerKinds = 2;
std::string_view to_string(TimerKind k);

// ---- inputs -----------------------------------------------------------------------------
struct InConnectionRequest {  // acceptor: a socket arrived, carrying the initial message
  ConnId conn = 0;
  Bytes initialMessage;
};
struct InConnectEstablished {  // initiator: connect() to `to` succeeded
  ConnId conn = 0;
  Sid to = 0;
};
struct InConnectFailed {  // initiator: refused (process dead) or timed out (silence)
  Sid to = 0;
  std::string reason;
};
struct InFrame {  // bytes that arrived on an open connection
  ConnId conn = 0;
  Bytes frame;
};
struct InConnectionClosed {  // the other end closed or reset the connection
  ConnId conn = 0;
};
struct InTimer {
  TimerKind kind = TimerKind::ElectionPoll;
};
using Input = std::variant<InConnectionRequest, InConnectEstablished, InConnectFailed, InFrame,
                           InConnectionClosed, InTimer>;

// ---- outputs ----------------------------------------------------------------------------
struct OutDial {
  Sid to = 0;
  Bytes initialMessage;
};
struct OutSendFrame {
  ConnId conn = 0;
  Sid to = 0;
  Bytes frame;
  std::string label;   // short label for the wire view, e.g. "vote(3, 0:0)"
  std::string type;    // message type for counters, e.g. "notification"
  Family family = Family::Election;
};
struct OutClose {
  ConnId conn = 0;
  std::string reason;
};
struct OutSetTimer {
  TimerKind kind = TimerKind::ElectionPoll;
  std::int64_t delayMs = 0;
};
struct OutCancelTimer {
  TimerKind kind = TimerKind::ElectionPoll;
};
struct OutNote {  // one explanation of a decision the code took
  Family family = Family::Election;
  std::string text;
};
using Output = std::variant<OutDial, OutSendFrame, OutClose, OutSetTimer, OutCancelTimer, OutNote>;

struct Effects {
  std::vector<Output> outputs;
  template <class T>
  void add(T&& t) { outputs.emplace_back(std::forward<T>(t)); }
  void note(Family f, std::string text) { outputs.emplace_back(OutNote{f, std::move(text)}); }
};

}  // namespace zab
