#pragma once
// Why a server closed a connection, as a value: the close travels to the other end as a FIN (or a
// reset), and the views name the reason on the message's label ("close: dial back") and in the
// captions of either language without reading the engine's English words. The words themselves
// (OutClose::reason) stay with the frame for the Inspector and the trace.
#include <cstdint>
#include <string_view>

namespace zab {

enum class CloseCause : std::uint8_t {
  Other,             // a reason with no tag of its own (the words say it)
  DialBack,          // QuorumCnxManager keeps only the larger sid's connection: the smaller's closes
  Replaced,          // a newer connection to the same sid took its place
  ObserverRefused,   // an OBSERVER_ID connection: the receiver dials back to its address
  OwnSid,            // a connection from the receiver's own sid
  BadMessage,        // a malformed initial message or frame length
  TransportHalted,   // QuorumCnxManager.halt
  LeaderShutdown,    // Leader.shutdown closes every LearnerHandler
  NotLeading,        // a learner connection reached a server that does not lead
  NoLongerFollowing, // the learner's role ended
  NotConnecting,     // a learner's connect completed after it gave up on it
  LearnerShutdown,   // Learner.shutdown
  LearnerClosed,     // the LearnerHandler ends because its learner closed
  UnexpectedPacket,  // a LearnerHandler read a packet it does not accept there
  FollowerAhead,     // waitForEpochAck: the learner's (currentEpoch, zxid) is newer than the leader's
  InitLimit,         // a learner did not finish its sync within initLimit x tickTime
  ReadTimeout,       // a LearnerHandler's socket read timed out
  TxnTimeout,        // a proposal stayed unacked longer than syncLimit x tickTime
  Killed,            // the OS resets a killed process's connections
  Reset,             // the receiver's OS had no such connection: a reset
};

// The short tag after "close: " on a message's label (English, as the protocol's names are);
// empty for Other.
constexpr std::string_view closeTag(CloseCause c) {
  switch (c) {
    case CloseCause::Other: return "";
    case CloseCause::DialBack: return "dial back";
    case CloseCause::Replaced: return "replaced";
    case CloseCause::ObserverRefused: return "observer id";
    case CloseCause::OwnSid: return "own sid";
    case CloseCause::BadMessage: return "bad message";
    case CloseCause::TransportHalted: return "halted";
    case CloseCause::LeaderShutdown: return "leader stops";
    case CloseCause::NotLeading: return "not leading";
    case CloseCause::NoLongerFollowing: return "not following";
    case CloseCause::NotConnecting: return "not wanted";
    case CloseCause::LearnerShutdown: return "learner stops";
    case CloseCause::LearnerClosed: return "learner closed";
    case CloseCause::UnexpectedPacket: return "bad packet";
    case CloseCause::FollowerAhead: return "follower ahead";
    case CloseCause::InitLimit: return "initLimit";
    case CloseCause::ReadTimeout: return "read timeout";
    case CloseCause::TxnTimeout: return "syncLimit";
    case CloseCause::Killed: return "killed";
    case CloseCause::Reset: return "";
  }
  return "";
}

// A reset (RST) rather than an orderly close (FIN): the label says RST.
constexpr bool isReset(CloseCause c) { return c == CloseCause::Killed || c == CloseCause::Reset; }

}  // namespace zab
