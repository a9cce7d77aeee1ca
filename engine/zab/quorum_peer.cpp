#include "quorum_peer.hpp"

#include <fmt/format.h>

#include "zxid.hpp"

namespace zab {

namespace {
std::string electionAddress(const QuorumVerifier& qv, Sid sid) {
  auto it = qv.allMembers().find(sid);
  if (it == qv.allMembers().end()) return "127.0.0.1:0";
  return fmt::format("{}:{}", it->second.host, it->second.electionPort);
}
}  // namespace

QuorumPeer::QuorumPeer(Sid myid, QuorumVerifier qv, PeerTiming timing, PeerDisk disk)
    : myid_(myid),
      qv_(std::move(qv)),
      timing_(timing),
      disk_(disk),
      qcm_(myid, electionAddress(qv_, myid)),
      fle_(timing.fle) {
  auto me = qv_.allMembers().find(myid);
  learnerType_ = (me != qv_.allMembers().end()) ? me->second.type : LearnerType::PARTICIPANT;
}

void QuorumPeer::start(Effects& fx) {
  // startLeaderElection: before any election, currentVote = (myid, lastLoggedZxid, currentEpoch).
  currentVote_ = Vote{0, myid_, lastLoggedZxid(), -1, currentEpoch(), ServerState::LOOKING};
  state_ = ServerState::LOOKING;
  zabState_ = ZabState::ELECTION;
  fx.note(Family::Peer, fmt::format("S{} starts ({}): acceptedEpoch {}, currentEpoch {}, last zxid {}", myid_,
                                    to_string(learnerType_), disk_.acceptedEpoch, disk_.currentEpoch,
                                    formatZxid(disk_.lastZxid)));
  fle_.lookForLeader(*this, fx);
  drainReceiveQueue(fx);
}

void QuorumPeer::relook(const std::string& why, Effects& fx) {
  if (state_ == ServerState::LOOKING) return;
  fx.note(Family::Peer, fmt::format("S{} leaves {} ({}) and goes LOOKING; logicalclock {} is kept", myid_,
                                    to_string(state_), why, fle_.logicalclock()));
  state_ = ServerState::LOOKING;
  zabState_ = ZabState::ELECTION;
  fle_.lookForLeader(*this, fx);
  drainReceiveQueue(fx);
}

void QuorumPeer::step(const Input& in, Effects& fx) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, InConnectionRequest>) qcm_.onConnectionRequest(v, fx);
        else if constexpr (std::is_same_v<T, InConnectEstablished>) qcm_.onConnectEstablished(v, fx);
        else if constexpr (std::is_same_v<T, InConnectFailed>) qcm_.onConnectFailed(v, fx);
        else if constexpr (std::is_same_v<T, InFrame>) qcm_.onFrame(v, fx);
        else if constexpr (std::is_same_v<T, InConnectionClosed>) qcm_.onConnectionClosed(v, fx);
        else if constexpr (std::is_same_v<T, InTimer>) fle_.onTimer(*this, v.kind, fx);
      },
      in);
  drainReceiveQueue(fx);
}

void QuorumPeer::drainReceiveQueue(Effects& fx) {
  // WorkerReceiver takes every message off the shared receive queue; loopback messages
  // produced while handling one are handled in the same step.
  while (auto msg = qcm_.pollRecvQueue()) fle_.onMessage(*this, *msg, fx);
}

void QuorumPeer::onElectionFinished(Effects&) {
  ++electionsCompleted_;
  // Leader.lead() / Learner start in DISCOVERY (the ZAB phases come with the next engine issue).
  zabState_ = ZabState::DISCOVERY;
}

}  // namespace zab
