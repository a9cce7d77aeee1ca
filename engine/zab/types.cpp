#include "types.hpp"

namespace zab {

std::string_view to_string(ServerState s) {
  switch (s) {
    case ServerState::LOOKING: return "LOOKING";
    case ServerState::FOLLOWING: return "FOLLOWING";
    case ServerState::LEADING: return "LEADING";
    case ServerState::OBSERVING: return "OBSERVING";
  }
  return "?";
}

std::string_view to_string(LearnerType t) { return t == LearnerType::PARTICIPANT ? "participant" : "observer"; }

std::string_view to_string(ZabState z) {
  switch (z) {
    case ZabState::ELECTION: return "ELECTION";
    case ZabState::DISCOVERY: return "DISCOVERY";
    case ZabState::SYNCHRONIZATION: return "SYNCHRONIZATION";
    case ZabState::BROADCAST: return "BROADCAST";
  }
  return "?";
}

}  // namespace zab

#include "peer_io.hpp"

namespace zab {

std::string_view to_string(Family f) {
  switch (f) {
    case Family::Election: return "election";
    case Family::Transport: return "transport";
    case Family::Discovery: return "discovery";
    case Family::Sync: return "sync";
    case Family::Broadcast: return "broadcast";
    case Family::Heartbeat: return "heartbeat";
    case Family::Client: return "client";
    case Family::Peer: return "peer";
  }
  return "?";
}

std::string_view to_string(TimerKind k) {
  switch (k) {
    case TimerKind::ElectionPoll: return "notification timeout";
    case TimerKind::FinalizeWait: return "finalize wait";
    case TimerKind::LeaderTick: return "leader half-tick";
    case TimerKind::LeaderWait: return "leader wait timeout (initLimit)";
    case TimerKind::HandlerWait: return "learner handler wait timeout (initLimit)";
    case TimerKind::HandlerRead: return "learner handler read timeout";
    case TimerKind::LearnerRead: return "learner read timeout";
    case TimerKind::LearnerConnect: return "retry connect to leader";
    case TimerKind::SyncFlush: return "fsync done";
    case TimerKind::ObserverDelay: return "observer election delay";
    case TimerKind::LeaderStartup: return "leader start-up (makeLeader) done";
    case TimerKind::LearnerFsync: return "NEWLEADER fsync done";
    case TimerKind::SnapshotWritten: return "snapshot written to the learner";
  }
  return "?";
}

std::string_view to_string(ClientOpKind k) {
  switch (k) {
    case ClientOpKind::Write: return "write";
    case ClientOpKind::Read: return "read";
    case ClientOpKind::Delete: return "delete";
    case ClientOpKind::Sync: return "sync";
  }
  return "?";
}

}  // namespace zab
