#pragma once
// FastLeaderElection (facts section 1), event-driven: lookForLeader's blocking loop becomes
// "start an election", "a notification arrived" and "a poll timed out". One instance lives
// as long as its QuorumPeer process, so logicalclock survives between elections.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "fifo.hpp"
#include "sid_map.hpp"
#include "peer_io.hpp"
#include "quorum_cnx_manager.hpp"
#include "vote.hpp"
#include "vote_tally.hpp"

namespace zab {

class QuorumPeer;
class QuorumVerifier;

// Votes by sender, in sid order (recvset, outofelection): one slot per sid (sid_map.hpp), so a
// vote is recorded in O(1) whatever order the senders come in.
using VoteMap = SidMap<Vote>;

struct FleTimeouts {
  std::int64_t finalizeWait = 200;               // FLE.finalizeWait
  std::int64_t minNotificationInterval = 200;    // zookeeper.fastleader.minNotificationInterval
  std::int64_t maxNotificationInterval = 60000;  // zookeeper.fastleader.maxNotificationInterval
};

// FastLeaderElection.Notification: a decoded message plus the sender's sid.
struct Notification {
  std::int32_t version = 0;
  Sid leader = 0;
  Zxid zxid = 0;
  std::int64_t electionEpoch = 0;
  ServerState state = ServerState::LOOKING;
  Sid sid = 0;
  Epoch peerEpoch = 0;
  bool qvParsed = false;  // false: no config, or one that did not parse (qv = null)

  Vote asVote() const;  // (leader, zxid, electionEpoch, peerEpoch, state), version kept
};

class FastLeaderElection {
 public:
  FastLeaderElection() = default;
  explicit FastLeaderElection(FleTimeouts t) : timeouts_(t) {}

  // lookForLeader() entry: logicalclock += 1, propose myself, broadcast.
  void lookForLeader(QuorumPeer& self, Effects& fx);
  // WorkerReceiver: one message from the QCM receive queue.
  void onMessage(QuorumPeer& self, const QcmMessage& msg, Effects& fx);
  void onTimer(QuorumPeer& self, TimerKind kind, Effects& fx);
  // FLE.shutdown(): proposal back to -1, transport halted.
  void shutdown(QuorumPeer& self, Effects& fx);
  // recvset and outofelection made ready for sids up to `maxSid` (speed only).
  void reservePeers(Sid maxSid) {
    recvset_.reserveSids(maxSid);
    outofelection_.reserveSids(maxSid);
  }

  // (peerEpoch, zxid, sid) lexicographic, weight-0 candidates never win (facts 1.7).
  static bool totalOrderPredicate(const QuorumVerifier& qv, Sid newId, Zxid newZxid, Epoch newEpoch, Sid curId,
                                  Zxid curZxid, Epoch curEpoch);
  // Why the predicate said what it said, for explanations.
  static std::string comparisonReason(const QuorumVerifier& qv, Sid newId, Zxid newZxid, Epoch newEpoch, Sid curId,
                                      Zxid curZxid, Epoch curEpoch);

  Vote getVote() const;  // current proposal
  std::int64_t logicalclock() const { return logicalclock_; }
  bool inElection() const { return running_; }
  bool finalizing() const { return finalizing_; }
  std::int64_t notificationTimeout() const { return notTimeout_; }
  const VoteMap& recvset() const { return recvset_; }
  const VoteMap& outofelection() const { return outofelection_; }
  const FleTimeouts& timeouts() const { return timeouts_; }

  // Test hook used by FLE acceptance tests that drive an instance directly.
  void setLogicalclock(std::int64_t v) { logicalclock_ = v; }

 private:
  void processNotification(QuorumPeer& self, const Notification& n, Effects& fx);
  void receivedFollowingNotification(QuorumPeer& self, const Notification& n, Effects& fx);
  void finalizeStep(QuorumPeer& self, const Notification& n, Effects& fx);
  void drainRecvqueue(QuorumPeer& self, Effects& fx);  // recvqueue's queued notifications, finalizeWait included
  void decide(QuorumPeer& self, Sid leader, const Vote& endVote, TextFn why, Effects& fx);
  void sendNotifications(QuorumPeer& self, Effects& fx);
  void sendTo(QuorumPeer& self, Sid to, ServerState state, Sid leader, Zxid zxid, std::int64_t electionEpoch,
              Epoch peerEpoch, Effects& fx);
  void armPoll(Effects& fx);
  // The framed notification, written once and shared by every holder (transport, network,
  // receiver); it carries our config's identity (SharedBytes::origin).
  FramedPayload frame(const QuorumPeer& self, ServerState state, Sid leader, Zxid zxid, std::int64_t electionEpoch,
                      Epoch peerEpoch) const;
  bool hasAllQuorums(QuorumPeer& self, const VoteMap& votes, const Vote& target) const;
  bool checkLeader(QuorumPeer& self, const VoteMap& votes, Sid leader, std::int64_t electionEpoch) const;
  Vote initialVote(const QuorumPeer& self) const;
  void recordVote(const QuorumVerifier& qv, Sid sid, const Vote& v);  // recvset_[sid] = v
  void clearRecvset();

  FleTimeouts timeouts_;
  std::int64_t logicalclock_ = 0;
  Sid proposedLeader_ = -1;
  Zxid proposedZxid_ = -1;
  Epoch proposedEpoch_ = 0;
  VoteMap recvset_;        // votes of the current round
  // Speed only, never behaviour: how many voters' entries in recvset_ hold each (leader, zxid,
  // round, peerEpoch), so hasAllQuorums against a LOOKING target reads one count (vote_tally.hpp).
  VoteTally recvTally_;
  static VoteTally::Key keyOf(const Vote& v) { return {v.id, v.zxid, v.electionEpoch, v.peerEpoch}; }
  VoteMap outofelection_;  // FOLLOWING/LEADING votes of any round
  Fifo<Notification> recvqueue_;
  std::int64_t notTimeout_ = 200;
  bool running_ = false;     // inside lookForLeader
  bool finalizing_ = false;  // draining the queue 200 ms at a time after a quorum
  // Speed only, never behaviour: the last config text parsed.
  std::string lastConfigText_;
  bool lastConfigOk_ = false;
  std::string lastConfigError_;
};

}  // namespace zab
