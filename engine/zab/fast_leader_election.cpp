#include "fast_leader_election.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "notification_codec.hpp"
#include "quorum_peer.hpp"
#include "zoo_cfg.hpp"
#include "zxid.hpp"

namespace zab {

namespace {
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

std::string voteText(Sid id, Zxid zxid, Epoch epoch) { return voteNotation(id, zxid, epoch); }

// Which field of totalOrderPredicate decided: the same order as comparisonReason.
VoteDecider decidingField(const QuorumVerifier& qv, Sid newId, Zxid newZxid, Epoch newEpoch, Sid curId, Zxid curZxid,
                          Epoch curEpoch) {
  if (qv.weight(newId) == 0) return VoteDecider::Weight0;
  if (newEpoch != curEpoch) return VoteDecider::ByPeerEpoch;
  if (newZxid != curZxid) return VoteDecider::ByZxid;
  if (newId != curId) return VoteDecider::BySid;
  return VoteDecider::Same;
}

}  // namespace

Vote Notification::asVote() const { return Vote{version, leader, zxid, electionEpoch, peerEpoch, state}; }

bool FastLeaderElection::totalOrderPredicate(const QuorumVerifier& qv, Sid newId, Zxid newZxid, Epoch newEpoch,
                                             Sid curId, Zxid curZxid, Epoch curEpoch) {
  if (qv.weight(newId) == 0) return false;
  return newEpoch > curEpoch || (newEpoch == curEpoch && (newZxid > curZxid || (newZxid == curZxid && newId > curId)));
}

std::string FastLeaderElection::comparisonReason(const QuorumVerifier& qv, Sid newId, Zxid newZxid, Epoch newEpoch,
                                                 Sid curId, Zxid curZxid, Epoch curEpoch) {
  if (qv.weight(newId) == 0) return fmt::format("S{} has weight 0 and can never be proposed", newId);
  if (newEpoch != curEpoch)
    return fmt::format("{} peerEpoch ({} {} {})", newEpoch > curEpoch ? "higher" : "lower", newEpoch,
                       newEpoch > curEpoch ? ">" : "<", curEpoch);
  if (newZxid != curZxid)
    return fmt::format("same epoch, {} zxid ({} {} {})", newZxid > curZxid ? "higher" : "lower", formatZxid(newZxid),
                       newZxid > curZxid ? ">" : "<", formatZxid(curZxid));
  if (newId != curId)
    return fmt::format("same epoch and zxid, {} sid ({} {} {})", newId > curId ? "larger" : "smaller", newId,
                       newId > curId ? ">" : "<", curId);
  return "identical vote";
}

Vote FastLeaderElection::getVote() const {
  return Vote{0, proposedLeader_, proposedZxid_, -1, proposedEpoch_, ServerState::LOOKING};
}

Vote FastLeaderElection::initialVote(const QuorumPeer& self) const {
  // getInitId / getInitLastLoggedZxid / getPeerEpoch (facts 1.6).
  Vote v;
  v.id = self.quorumVerifier().isVoter(self.myid()) ? self.myid() : kMin;
  v.zxid = self.isParticipant() ? self.lastLoggedZxid() : kMin;
  v.peerEpoch = self.isParticipant() ? self.currentEpoch() : kMin;
  return v;
}

void FastLeaderElection::clearRecvset() {
  recvset_.clear();
  recvTally_.clear();
}

void FastLeaderElection::recordVote(const QuorumVerifier& qv, Sid sid, const Vote& v) {
  const bool voter = qv.isVoter(sid);
  auto [it, fresh] = recvset_.try_emplace(sid, v);
  if (!fresh) {
    if (voter) recvTally_.remove(keyOf(it->second));
    it->second = v;
  }
  if (voter) recvTally_.add(keyOf(v));
}

void FastLeaderElection::lookForLeader(QuorumPeer& self, Effects& fx) {
  clearRecvset();
  outofelection_.clear();
  notTimeout_ = timeouts_.minNotificationInterval;
  running_ = true;
  finalizing_ = false;
  ++logicalclock_;
  Vote init = initialVote(self);
  proposedLeader_ = init.id;
  proposedZxid_ = init.zxid;
  proposedEpoch_ = init.peerEpoch;
  fx.note(Family::Election,
          [&] { return fmt::format("S{} LOOKING: lookForLeader round {}; proposes itself {} and notifies every voter", self.myid(),
                      logicalclock_, voteText(proposedLeader_, proposedZxid_, proposedEpoch_)); });
  fx.add(OutMilestone{MilestoneKind::ElectionStarted, ServerState::LOOKING, logicalclock_});
  sendNotifications(self, fx);
  // Notifications that arrived while LOOKING but before this call (an observer's delay)
  // are still in recvqueue: the loop takes them first.
  drainRecvqueue(self, fx);
}

// lookForLeader's loop over what is already in recvqueue. Inside finalizeWait too: poll()
// returns at once while the queue holds something, so every queued notification is judged
// there (a better one ends the wait, another is dropped). The engine used to leave them
// queued until finalizeWait ended, so a better vote that an observer had queued during its
// election delay was never seen.
void FastLeaderElection::drainRecvqueue(QuorumPeer& self, Effects& fx) {
  while (!recvqueue_.empty() && running_) {
    Notification next = recvqueue_.front();
    recvqueue_.pop_front();
    if (finalizing_) finalizeStep(self, next, fx);
    else processNotification(self, next, fx);
  }
  if (running_ && !finalizing_) armPoll(fx);
}

void FastLeaderElection::shutdown(QuorumPeer& self, Effects& fx) {
  running_ = false;
  finalizing_ = false;
  proposedLeader_ = -1;
  proposedZxid_ = -1;
  fx.add(OutCancelTimer{TimerKind::ElectionPoll});
  fx.add(OutCancelTimer{TimerKind::FinalizeWait});
  self.qcmMut().halt(fx);
}

void FastLeaderElection::armPoll(Effects& fx) {
  fx.add(OutCancelTimer{TimerKind::FinalizeWait});
  fx.add(OutSetTimer{TimerKind::ElectionPoll, notTimeout_});
}

void FastLeaderElection::sendNotifications(QuorumPeer& self, Effects& fx) {
  // Every voter gets the same bytes: encode once (the config text makes them O(ensemble)).
  const FramedPayload message =
      frame(self, ServerState::LOOKING, proposedLeader_, proposedZxid_, logicalclock_, proposedEpoch_);
  for (Sid sid : self.quorumVerifier().votingMembers()) self.qcmMut().toSend(sid, message, fx);
}

FramedPayload FastLeaderElection::frame(const QuorumPeer& self, ServerState state, Sid leader, Zxid zxid,
                                       std::int64_t electionEpoch, Epoch peerEpoch) const {
  NotificationView m;
  m.state = static_cast<std::int32_t>(state);
  m.leader = leader;
  m.zxid = zxid;
  m.electionEpoch = electionEpoch;
  m.peerEpoch = peerEpoch;
  m.version = kNotificationVersion;
  // The config text is made once per QuorumVerifier and copied once, straight into the frame.
  const QuorumVerifier& qv = self.quorumVerifier();
  Bytes bytes;
  encodeNotificationFrame(bytes, m, qv.toString());
  return FramedPayload::adopt(SharedBytes(std::move(bytes), qv.identity()));
}

void FastLeaderElection::sendTo(QuorumPeer& self, Sid to, ServerState state, Sid leader, Zxid zxid,
                                std::int64_t electionEpoch, Epoch peerEpoch, Effects& fx) {
  self.qcmMut().toSend(to, frame(self, state, leader, zxid, electionEpoch, peerEpoch), fx);
}

void FastLeaderElection::onMessage(QuorumPeer& self, const QcmMessage& msg, Effects& fx) {
  NotificationViewDecode decoded = decodeNotificationView(msg.payload.data(), msg.payload.size());
  if (decoded.error != NotificationError::None) {
    fx.note(Family::Election, [&] {
      return fmt::format("S{} skips a malformed notification from S{} ({} bytes): {}", self.myid(), msg.sid,
                         msg.payload.size(), decodeNotification(msg.payload.toBytes()).error);
    });
    return;
  }
  const NotificationView& m = decoded.view;
  Notification n;
  n.version = m.version;
  n.leader = m.leader;
  n.zxid = m.zxid;
  n.electionEpoch = m.electionEpoch;
  n.state = static_cast<ServerState>(m.state);
  n.sid = msg.sid;
  n.peerEpoch = m.peerEpoch;
  if (m.version > 1 && m.hasConfig) {
    // Every peer of a static ensemble sends the same text: the parse is memoised by text.
    // Our own text is known to parse (it was made from our verifier). A frame written from
    // our very config says so (its origin), and the usual case compares nothing.
    const bool ourConfig = self.quorumVerifier().hasIdentity(msg.payload.frame().origin()) ||
                           m.config == self.quorumVerifier().toString();
    if (ourConfig) {
      n.qvParsed = true;
    } else {
      if (m.config != lastConfigText_) {
        lastConfigText_.assign(m.config);
        DynamicConfigParse parsed = parseDynamicConfig(lastConfigText_);
        lastConfigOk_ = parsed.ok;
        lastConfigError_ = parsed.error;
      }
      n.qvParsed = lastConfigOk_;
    }
    if (!n.qvParsed)
      fx.note(Family::Election, [&] { return fmt::format("S{}: the config inside S{}'s notification does not parse ({}); the "
                                            "notification is still processed with qv = null",
                                            self.myid(), msg.sid, lastConfigError_); });
    // A newer config would go to processReconfig, which returns at once with reconfig disabled.
  }

  const QuorumVerifier& qv = self.quorumVerifier();
  const ServerState me = self.state();
  if (!qv.isVoter(n.sid)) {
    // Case 1: a non-voter (an observer) is answered at once with currentVote: the decided vote,
    // or while LOOKING whatever currentVote holds (not the FLE proposal).
    const Vote& cur = self.currentVote();
    fx.note(Family::Election, [&] {
      // startLeaderElection's vote has no round (-1); a decided vote has its round.
      const std::string what =
          me != ServerState::LOOKING ? std::string("its decided vote")
          : cur.electionEpoch < 0    ? std::string("its start-up vote for itself, as nothing is decided yet")
                                     : std::string("the vote it decided before this election");
      const bool differs = me == ServerState::LOOKING && running_ &&
                           (cur.id != proposedLeader_ || cur.zxid != proposedZxid_ || cur.peerEpoch != proposedEpoch_);
      return fmt::format("S{} {}: S{} is not a voter; WorkerReceiver answers at once with currentVote {} round {}: "
                         "{}{}",
                         self.myid(), to_string(me), n.sid, voteText(cur.id, cur.zxid, cur.peerEpoch), logicalclock_, what,
                         differs ? fmt::format(", not its proposal {}",
                                               voteText(proposedLeader_, proposedZxid_, proposedEpoch_))
                                 : std::string());
    });
    sendTo(self, n.sid, me, cur.id, cur.zxid, logicalclock_, cur.peerEpoch, fx);
    return;
  }
  if (me == ServerState::LOOKING) {
    // Case 2: queue it for lookForLeader; a lagging LOOKING sender also gets my proposal back.
    if (n.state == ServerState::LOOKING && n.electionEpoch < logicalclock_) {
      fx.note(Family::Election,
              [&] { return fmt::format("S{} LOOKING: S{} is in round {} behind my round {}; the receiver replies with my "
                          "proposal {}",
                          self.myid(), n.sid, n.electionEpoch, logicalclock_,
                          voteText(proposedLeader_, proposedZxid_, proposedEpoch_)); });
      sendTo(self, n.sid, ServerState::LOOKING, proposedLeader_, proposedZxid_, logicalclock_, proposedEpoch_, fx);
    }
    if (!running_) {
      recvqueue_.push_back(n);  // LOOKING, but lookForLeader has not started yet (observer delay)
      fx.note(Family::Election, [&] {
        return fmt::format("S{} LOOKING: {} vote {} from S{} waits in recvqueue: lookForLeader has not started yet",
                           self.myid(), to_string(n.state), voteText(n.leader, n.zxid, n.peerEpoch), n.sid);
      });
      return;
    }
    if (finalizing_) {
      finalizeStep(self, n, fx);
      if (!finalizing_) drainRecvqueue(self, fx);  // a better vote went back to the queue
      return;
    }
    processNotification(self, n, fx);
    if (running_ && !finalizing_) armPoll(fx);
    return;
  }
  // Case 3: I have decided. Answer LOOKING voters with my decided vote; ignore the rest.
  if (n.state == ServerState::LOOKING) {
    const Vote& cur = self.currentVote();
    fx.note(Family::Election,
            [&] { return fmt::format("S{} {}: S{} is LOOKING; it is answered with the decided vote {} round {}", self.myid(),
                        to_string(me), n.sid, voteText(cur.id, cur.zxid, cur.peerEpoch), cur.electionEpoch); });
    sendTo(self, n.sid, me, cur.id, cur.zxid, cur.electionEpoch, cur.peerEpoch, fx);
    return;
  }
  fx.note(Family::Election, [&] {
    return fmt::format("S{} {}: {} vote {} from S{} is not answered: WorkerReceiver answers only LOOKING peers once "
                       "it has decided",
                       self.myid(), to_string(me), to_string(n.state), voteText(n.leader, n.zxid, n.peerEpoch), n.sid);
  });
}

void FastLeaderElection::processNotification(QuorumPeer& self, const Notification& n, Effects& fx) {
  const QuorumVerifier& qv = self.quorumVerifier();
  const Sid my = self.myid();
  if (!qv.isVoter(n.sid) || !qv.isVoter(n.leader)) {
    fx.note(Family::Election, [&] { return fmt::format("S{} LOOKING: ignores S{}'s notification: proposed leader {} is not a "
                                          "valid voter",
                                          my, n.sid, n.leader == kMin ? std::string("MIN") : std::to_string(n.leader)); });
    return;
  }
  auto from = [&] {
    return fmt::format("vote {} round {} from S{}", voteText(n.leader, n.zxid, n.peerEpoch), n.electionEpoch, n.sid);
  };
  switch (n.state) {
    case ServerState::LOOKING: {
      Vote init = initialVote(self);
      if (init.zxid == -1) {
        fx.note(Family::Election, [&] { return fmt::format("S{} LOOKING: ignores {}: my own database is empty and untrusted "
                                              "(zxid -1)",
                                              my, from()); });
        return;
      }
      if (n.zxid == -1) {
        fx.note(Family::Election, [&] { return fmt::format("S{} LOOKING: ignores {}: its zxid is -1", my, from()); });
        return;
      }
      // The comparison as numbers, for the views (only when explaining).
      std::shared_ptr<VoteComparison> cmp;
      if (fx.explain) {
        cmp = std::make_shared<VoteComparison>();
        cmp->receiver = my;
        cmp->sender = n.sid;
        cmp->received = VoteFields{n.leader, n.zxid, n.peerEpoch, n.electionEpoch};
        cmp->mine = VoteFields{proposedLeader_, proposedZxid_, proposedEpoch_, logicalclock_};
      }
      if (n.electionEpoch > logicalclock_) {
        std::int64_t old = logicalclock_;
        logicalclock_ = n.electionEpoch;
        clearRecvset();
        bool better =
            totalOrderPredicate(qv, n.leader, n.zxid, n.peerEpoch, init.id, init.zxid, init.peerEpoch);
        if (cmp) {
          cmp->mine = VoteFields{init.id, init.zxid, init.peerEpoch, n.electionEpoch};
          cmp->outcome = VoteOutcome::NewerRound;
          cmp->receivedWins = better;
          cmp->decider = decidingField(qv, n.leader, n.zxid, n.peerEpoch, init.id, init.zxid, init.peerEpoch);
        }
        if (better) {
          proposedLeader_ = n.leader;
          proposedZxid_ = n.zxid;
          proposedEpoch_ = n.peerEpoch;
        } else {
          proposedLeader_ = init.id;
          proposedZxid_ = init.zxid;
          proposedEpoch_ = init.peerEpoch;
        }
        fx.note(Family::Election, [&] {
          return fmt::format(
              "S{} LOOKING: {} is from a newer round ({} > {}): jump to round {}, clear recvset, compare with my "
              "INITIAL vote: {} -> propose {}, re-broadcast",
              my, from(), n.electionEpoch, old, logicalclock_,
              comparisonReason(qv, n.leader, n.zxid, n.peerEpoch, init.id, init.zxid, init.peerEpoch),
              voteText(proposedLeader_, proposedZxid_, proposedEpoch_));
        });
        sendNotifications(self, fx);
      } else if (n.electionEpoch < logicalclock_) {
        fx.note(Family::Election, [&] { return fmt::format("S{} LOOKING: drops {}: older round ({} < {})", my, from(),
                                              n.electionEpoch, logicalclock_); });
        if (cmp) {
          cmp->decider = VoteDecider::ByRound;
          cmp->outcome = VoteOutcome::DropOlderRound;
          cmp->proposal = cmp->mine;
          fx.add(OutVoteComparison{std::move(cmp)});
        }
        return;
      } else if (totalOrderPredicate(qv, n.leader, n.zxid, n.peerEpoch, proposedLeader_, proposedZxid_,
                                     proposedEpoch_)) {
        if (cmp) {
          cmp->outcome = VoteOutcome::Switch;
          cmp->receivedWins = true;
          cmp->decider = decidingField(qv, n.leader, n.zxid, n.peerEpoch, proposedLeader_, proposedZxid_, proposedEpoch_);
        }
        fx.note(Family::Election, [&] {
          return fmt::format("S{} LOOKING: {} beats own {}: {} -> switch proposal to {}, re-broadcast", my, from(),
                             voteText(proposedLeader_, proposedZxid_, proposedEpoch_),
                             comparisonReason(qv, n.leader, n.zxid, n.peerEpoch, proposedLeader_, proposedZxid_,
                                              proposedEpoch_),
                             n.leader);
        });
        proposedLeader_ = n.leader;
        proposedZxid_ = n.zxid;
        proposedEpoch_ = n.peerEpoch;
        sendNotifications(self, fx);
      } else {
        if (cmp) {
          cmp->outcome = VoteOutcome::Keep;
          cmp->decider = decidingField(qv, n.leader, n.zxid, n.peerEpoch, proposedLeader_, proposedZxid_, proposedEpoch_);
        }
        fx.note(Family::Election, [&] {
          return fmt::format("S{} LOOKING: {} does not beat own {} ({}) -> keep proposal, record it", my, from(),
                             voteText(proposedLeader_, proposedZxid_, proposedEpoch_),
                             comparisonReason(qv, n.leader, n.zxid, n.peerEpoch, proposedLeader_, proposedZxid_,
                                              proposedEpoch_));
        });
      }
      recordVote(qv, n.sid, Vote{0, n.leader, n.zxid, n.electionEpoch, n.peerEpoch, ServerState::LOOKING});
      Vote target{0, proposedLeader_, proposedZxid_, logicalclock_, proposedEpoch_, ServerState::LOOKING};
      const bool quorum = hasAllQuorums(self, recvset_, target);
      if (cmp) {
        cmp->proposal = VoteFields{proposedLeader_, proposedZxid_, proposedEpoch_, logicalclock_};
        for (const auto& [sid, v] : recvset_) cmp->supporters += qv.isVoter(sid) && v.equals(target) ? 1 : 0;
        cmp->voters = static_cast<int>(qv.votingMembers().size());
        cmp->needed = qv.isHierarchical() ? 0 : cmp->voters / 2 + 1;
        cmp->quorum = quorum;
        fx.add(OutVoteComparison{std::move(cmp)});
      }
      if (quorum) {
        fx.note(Family::Election, [&] {
                  std::string supporters;
                  for (const auto& [sid, v] : recvset_)
                    if (v.equals(target)) supporters += fmt::format("{}S{}", supporters.empty() ? "" : ",", sid);
                  return fmt::format("S{} LOOKING: a quorum {{{}}} agrees on {} in round {}; waits finalizeWait {} ms for a "
                            "better vote before deciding",
                            my, supporters, voteText(proposedLeader_, proposedZxid_, proposedEpoch_), logicalclock_,
                            timeouts_.finalizeWait); });
        finalizing_ = true;
        fx.add(OutCancelTimer{TimerKind::ElectionPoll});
        fx.add(OutSetTimer{TimerKind::FinalizeWait, timeouts_.finalizeWait});
      }
      return;
    }
    case ServerState::OBSERVING:
      fx.note(Family::Election, [&] { return fmt::format("S{} LOOKING: ignores {}: OBSERVING notifications do not count", my, from()); });
      return;
    case ServerState::FOLLOWING:
    case ServerState::LEADING:
      // receivedLeadingNotification runs the FOLLOWING logic; only the oracle config adds more.
      receivedFollowingNotification(self, n, fx);
      return;
  }
}

void FastLeaderElection::receivedFollowingNotification(QuorumPeer& self, const Notification& n, Effects& fx) {
  const Sid my = self.myid();
  auto from = [&] { return fmt::format("{} vote {} round {} from S{}", to_string(n.state),
                                 voteText(n.leader, n.zxid, n.peerEpoch), n.electionEpoch, n.sid); };
  Vote target = n.asVote();  // keeps n.version, so the version regimes of Vote.equals apply
  // Which test held, for the note when the peer does not decide: a quorum alone is not enough,
  // checkLeader must hold too (a remote leader must have said LEADING itself).
  bool roundQuorum = false;
  if (n.electionEpoch == logicalclock_) {
    recordVote(self.quorumVerifier(), n.sid, Vote{0, n.leader, n.zxid, n.electionEpoch, n.peerEpoch, n.state});
    roundQuorum = hasAllQuorums(self, recvset_, target);
    if (roundQuorum && checkLeader(self, recvset_, n.leader, n.electionEpoch)) {
      decide(self, n.leader, Vote{0, n.leader, n.zxid, n.electionEpoch, n.peerEpoch, ServerState::LOOKING},
             [&] {
               return fmt::format("{} is in my round {}; with it recvset holds a quorum for leader {} and checkLeader "
                                  "holds",
                                  from(), logicalclock_, n.leader);
             },
             fx);
      return;
    }
  }
  outofelection_[n.sid] = target;
  const bool outQuorum = hasAllQuorums(self, outofelection_, target);
  if (outQuorum && checkLeader(self, outofelection_, n.leader, n.electionEpoch)) {
    std::int64_t old = logicalclock_;
    logicalclock_ = n.electionEpoch;  // may move backwards
    decide(self, n.leader, Vote{0, n.leader, n.zxid, n.electionEpoch, n.peerEpoch, ServerState::LOOKING},
           [&] {
             return fmt::format("{}: outofelection holds a quorum for leader {} (peerEpoch {}) and checkLeader holds; "
                                "logicalclock {} -> {}",
                                from(), n.leader, n.peerEpoch, old, logicalclock_);
           },
           fx);
    return;
  }
  fx.note(Family::Election, [&] {
    if (!roundQuorum && !outQuorum)
      return fmt::format("S{} LOOKING: records {} (no quorum for leader {} yet)", my, from(), n.leader);
    // checkLeader failed: a leader other than me must have said LEADING itself (its own vote in
    // outofelection); I as the leader need the vote's round to be mine.
    const std::string failed =
        n.leader != my ? fmt::format("S{} has not itself said LEADING", n.leader)
                       : fmt::format("the vote's round {} is not mine ({})", n.electionEpoch, logicalclock_);
    return fmt::format("S{} LOOKING: records {} ({} holds a quorum for leader {}, but checkLeader fails: {})", my, from(),
                       roundQuorum ? fmt::format("recvset of round {}", logicalclock_) : std::string("outofelection"),
                       n.leader, failed); });
}

void FastLeaderElection::finalizeStep(QuorumPeer& self, const Notification& n, Effects& fx) {
  const QuorumVerifier& qv = self.quorumVerifier();
  auto from = [&] { return fmt::format("{} vote {} from S{}", to_string(n.state), voteText(n.leader, n.zxid, n.peerEpoch),
                                 n.sid); };
  if (totalOrderPredicate(qv, n.leader, n.zxid, n.peerEpoch, proposedLeader_, proposedZxid_, proposedEpoch_)) {
    // A better vote: put it back at the tail and end the wait; the main loop takes what is
    // queued, this vote last (the caller drains the queue).
    fx.note(Family::Election, [&] { return fmt::format("S{} finalizing: {} is better ({}) -> back to the queue, election goes on",
                                          self.myid(), from(),
                                          comparisonReason(qv, n.leader, n.zxid, n.peerEpoch, proposedLeader_,
                                                           proposedZxid_, proposedEpoch_)); });
    finalizing_ = false;
    recvqueue_.push_back(n);
    return;
  }
  // Not better: discarded, recorded nowhere; the 200 ms poll starts again.
  fx.note(Family::Election,
          [&] { return fmt::format("S{} finalizing: discards {} (not better than the proposal); waits another {} ms", self.myid(),
                      from(), timeouts_.finalizeWait); });
  fx.add(OutSetTimer{TimerKind::FinalizeWait, timeouts_.finalizeWait});
}

void FastLeaderElection::onTimer(QuorumPeer& self, TimerKind kind, Effects& fx) {
  if (!running_ || self.state() != ServerState::LOOKING) return;
  if (kind == TimerKind::FinalizeWait && finalizing_) {
    decide(self, proposedLeader_,
           Vote{0, proposedLeader_, proposedZxid_, logicalclock_, proposedEpoch_, ServerState::LOOKING},
           [&] { return fmt::format("no better vote arrived within finalizeWait {} ms", timeouts_.finalizeWait); }, fx);
    return;
  }
  if (kind == TimerKind::ElectionPoll && !finalizing_) {
    bool delivered = self.qcm().haveDelivered();
    std::int64_t next = std::min(notTimeout_ * 2, timeouts_.maxNotificationInterval);
    fx.note(Family::Election,
            [&] { return fmt::format("S{} LOOKING: no notification for {} ms; {}; next timeout {} ms", self.myid(), notTimeout_,
                        delivered ? "some send queue is empty (haveDelivered) -> re-broadcast the proposal"
                                  : "every send queue still holds a message -> connectAll only",
                        next); });
    if (delivered) sendNotifications(self, fx);
    else self.qcmMut().connectAll(fx);
    notTimeout_ = next;
    armPoll(fx);
  }
}

void FastLeaderElection::decide(QuorumPeer& self, Sid leader, const Vote& endVote, TextFn why,
                                Effects& fx) {
  ServerState s = leader == self.myid()
                      ? ServerState::LEADING
                      : (self.isParticipant() ? ServerState::FOLLOWING : ServerState::OBSERVING);
  self.setPeerState(s);
  self.setCurrentVote(endVote);
  running_ = false;
  finalizing_ = false;
  recvqueue_.clear();  // leaveInstance
  fx.add(OutCancelTimer{TimerKind::ElectionPoll});
  fx.add(OutCancelTimer{TimerKind::FinalizeWait});
  fx.note(Family::Election, [&] { return fmt::format("S{} decides {} round {}: {} -> {}", self.myid(),
                                        voteText(endVote.id, endVote.zxid, endVote.peerEpoch), endVote.electionEpoch,
                                        why(), to_string(s)); });
  fx.add(OutMilestone{MilestoneKind::Decided, s, endVote.electionEpoch, endVote.id});
  self.onElectionFinished(fx);
}

bool FastLeaderElection::hasAllQuorums(QuorumPeer& self, const VoteMap& votes, const Vote& target) const {
  // getVoteTracker: ack every voter whose stored vote equals the target (Vote.equals rules).
  const QuorumVerifier& qv = self.quorumVerifier();
  if (!qv.isHierarchical() && &votes == &recvset_ && target.state == ServerState::LOOKING) {
    // QuorumMaj against a LOOKING target: the tally already holds the count.
    return recvTally_.count(keyOf(target)) > qv.votingMembers().size() / 2;
  }
  if (!qv.isHierarchical()) {
    // QuorumMaj: only the count matters, so no set is built.
    std::size_t count = 0;
    for (const auto& [sid, v] : votes)
      if (qv.isVoter(sid) && v.equals(target)) ++count;
    return count > qv.votingMembers().size() / 2;
  }
  std::set<Sid> acks;
  for (const auto& [sid, v] : votes)
    if (qv.isVoter(sid) && v.equals(target)) acks.insert(sid);
  return qv.containsQuorum(acks);
}

bool FastLeaderElection::checkLeader(QuorumPeer& self, const VoteMap& votes, Sid leader,
                                     std::int64_t electionEpoch) const {
  if (leader != self.myid()) {
    auto it = votes.find(leader);
    return it != votes.end() && it->second.state == ServerState::LEADING;
  }
  return logicalclock_ == electionEpoch;  // ZOOKEEPER-1514
}

}  // namespace zab
