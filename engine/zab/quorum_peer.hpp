#pragma once
// QuorumPeer: one ZooKeeper server process as a pure state machine. It owns the election
// transport (QuorumCnxManager) and the election (FastLeaderElection); ZAB roles come next.
// Memory (this object) dies with the process; PeerDisk is what survives a kill.
#include <cstdint>
#include <string>

#include "fast_leader_election.hpp"
#include "peer_io.hpp"
#include "quorum_cnx_manager.hpp"
#include "quorum_verifier.hpp"
#include "vote.hpp"

namespace zab {

struct PeerTiming {
  int tickTime = 2000;
  int initLimit = 10;
  int syncLimit = 5;
  FleTimeouts fle;
};

// The simulated disk: what a restart finds again.
struct PeerDisk {
  Epoch acceptedEpoch = 0;  // version-2/acceptedEpoch
  Epoch currentEpoch = 0;   // version-2/currentEpoch
  Zxid lastZxid = 0;        // last zxid in the txn log (lastProcessedZxid after loadDataBase)
};

class QuorumPeer {
 public:
  QuorumPeer() = default;
  QuorumPeer(Sid myid, QuorumVerifier qv, PeerTiming timing, PeerDisk disk);

  // QuorumPeer.start(): loadDataBase, startLeaderElection, then LOOKING -> lookForLeader.
  void start(Effects& fx);
  // One input, its immediate consequences appended to fx.
  void step(const Input& in, Effects& fx);
  // The role ended (QuorumPeer.run after an exception): LOOKING again with the same FLE.
  void relook(const std::string& why, Effects& fx);

  Sid myid() const { return myid_; }
  LearnerType learnerType() const { return learnerType_; }
  bool isParticipant() const { return learnerType_ == LearnerType::PARTICIPANT; }
  const QuorumVerifier& quorumVerifier() const { return qv_; }
  const PeerTiming& timing() const { return timing_; }
  const PeerDisk& disk() const { return disk_; }
  ServerState state() const { return state_; }
  ZabState zabState() const { return zabState_; }
  const Vote& currentVote() const { return currentVote_; }
  Zxid lastLoggedZxid() const { return disk_.lastZxid; }
  Epoch currentEpoch() const { return disk_.currentEpoch; }
  Epoch acceptedEpoch() const { return disk_.acceptedEpoch; }
  const QuorumCnxManager& qcm() const { return qcm_; }
  const FastLeaderElection& election() const { return fle_; }
  std::int64_t electionsCompleted() const { return electionsCompleted_; }

  // Used by FastLeaderElection (it is QuorumPeer's "self").
  QuorumCnxManager& qcmMut() { return qcm_; }
  void setPeerState(ServerState s) { state_ = s; }
  void setCurrentVote(const Vote& v) { currentVote_ = v; }
  void onElectionFinished(Effects& fx);

 private:
  void drainReceiveQueue(Effects& fx);

  Sid myid_ = 0;
  LearnerType learnerType_ = LearnerType::PARTICIPANT;
  QuorumVerifier qv_;
  PeerTiming timing_;
  PeerDisk disk_;
  ServerState state_ = ServerState::LOOKING;
  ZabState zabState_ = ZabState::ELECTION;
  Vote currentVote_;
  QuorumCnxManager qcm_;
  FastLeaderElection fle_;
  std::int64_t electionsCompleted_ = 0;
};

}  // namespace zab
