#include "leader_quorum.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "zab/leader.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using namespace zab;

namespace {

template <class Sids>
std::vector<Sid> sorted(const Sids& sids) {
  return std::vector<Sid>(sids.begin(), sids.end());  // std::set and SidSet iterate in order
}

// A majority ensemble says how many make a quorum; a hierarchical one (groups and weights) only
// whether the answers so far are one.
std::string quorumSize(const QuorumVerifier& qv, bool zh) {
  if (qv.isHierarchical()) return zh ? "分层法定人数" : "hierarchical quorum";
  const std::size_t voters = qv.votingMembers().size();
  return zh ? fmt::format("法定人数：{} 个投票成员中的 {} 个", voters, voters / 2 + 1)
            : fmt::format("a quorum is {} of {} voters", voters / 2 + 1, voters);
}

}  // namespace

std::optional<LeaderQuorumCard> leaderQuorumCard(const sim::Simulation& sim, Language lang) {
  // The LEADING process of the newest epoch, with or without followers (a leader cut off from
  // its quorum shows what it waits for until it gives up).
  const sim::PeerSlot* found = nullptr;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.state() != ServerState::LEADING || !s.peer.leader() || s.peer.leader()->isShutdown()) continue;
    if (!found || s.peer.currentEpoch() > found->peer.currentEpoch()) found = &s;
  }
  if (!found) return std::nullopt;
  const sim::PeerSlot& slot = *found;
  const Leader* ld = slot.peer.leader();
  const Sid sid = slot.sid;
  const bool zh = lang == Language::Chinese;

  LeaderQuorumCard card;
  card.leader = sid;
  card.quorumRule = quorumSize(slot.peer.quorumVerifier(), zh);
  // The epoch only once a quorum's FOLLOWERINFO has fixed it: until then ld->epoch() is the
  // candidate so far (1 + the highest acceptedEpoch seen), which a later follower can raise.
  card.title = ld->newEpochDecided() && ld->epoch() >= 0 ? (zh ? fmt::format("S{} 是 epoch {} 的 Leader", sid, ld->epoch())
                                      : fmt::format("S{} leads epoch {}", sid, ld->epoch()))
                                : (zh ? fmt::format("S{} 开始领导", sid) : fmt::format("S{} starts to lead", sid));

  QuorumGate info{ld->newEpochDecided() ? fmt::format("FOLLOWERINFO -> epoch {}", ld->epoch())
                  : zh                    ? std::string("FOLLOWERINFO -> 新的 epoch")
                                          : std::string("FOLLOWERINFO -> new epoch"),
                  sorted(ld->connectingFollowers()), ld->newEpochDecided(), false};
  QuorumGate ackEpoch{"ACKEPOCH", sorted(ld->electingFollowers()), ld->epochAcksDone(), false};
  QuorumGate newLeader{zh ? "NEWLEADER 的 ACK -> 开始服务" : "ACK of NEWLEADER -> serving", sorted(ld->newLeaderAcks()),
                       ld->newLeaderQuorumFormed(), false};
  card.gates = {info, ackEpoch, newLeader};

  if (ld->stage() == Leader::Stage::Broadcast) {
    const auto& out = ld->outstandingProposals();
    if (out.empty()) {
      card.gates.push_back(QuorumGate{
          zh ? fmt::format("没有等待中的 PROPOSAL（最近提交 {}）", formatEpochCounter(ld->lastCommitted()))
             : fmt::format("no PROPOSAL waiting (last committed {})", formatEpochCounter(ld->lastCommitted())),
          {}, true, false});
    } else {
      // The oldest commits first (Leader.tryToCommit commits in zxid order).
      const auto& [zxid, p] = *out.begin();
      std::string what = fmt::format("PROPOSAL {} -> COMMIT", formatEpochCounter(zxid));
      if (out.size() > 1) what += zh ? fmt::format("（后面还有 {} 个）", out.size() - 1) : fmt::format(" (+{} more)", out.size() - 1);
      card.gates.push_back(QuorumGate{what, sorted(p.acks), false, false});
    }
  }
  const QuorumVerifier& qv = slot.peer.quorumVerifier();
  for (auto& g : card.gates)
    if (!g.passed && !qv.isHierarchical())
      g.missing = std::max(0, static_cast<int>(qv.votingMembers().size() / 2 + 1) - static_cast<int>(g.have.size()));
  for (auto& g : card.gates)
    if (!g.passed) {
      g.current = true;
      break;
    }
  return card;
}

std::string gateAnswers(const QuorumGate& g, Language lang) {
  const bool zh = lang == Language::Chinese;
  if (g.have.empty() && g.passed) return {};
  std::string who;
  for (Sid s : g.have) who += fmt::format("{}S{}", who.empty() ? "" : " ", s);
  if (who.empty()) who = zh ? "还没有" : "none yet";
  if (g.passed) return who;  // the card's filled mark says that a quorum answered
  if (g.missing > 0)
    return zh ? fmt::format("{}（还差 {} 个）", who, g.missing) : fmt::format("{} ({} more needed)", who, g.missing);
  return zh ? fmt::format("{}（等待中）", who) : fmt::format("{} (waiting)", who);
}

}  // namespace zabscope
