#pragma once
// Safety invariants from ZooKeeper's TLA+ specifications (facts section 6), checked from
// outside the peers after every step. Only servers in BROADCAST are judged on their
// histories: a learner still syncing, or a server that replayed an uncommitted txn on its
// way back to LOOKING, has not delivered anything yet.
//
//   Leadership         one leader per epoch (and never two established leaders of one epoch)
//   Integrity          every delivered txn was proposed by some leader
//   PrefixConsistency  delivered histories agree on their common prefix
//   Agreement          (pairwise: one delivered history is a prefix of the other's)
//   TotalOrder         deliveries are in one global zxid order
//   LocalPrimaryOrder  within an epoch, no txn is skipped
//   GlobalPrimaryOrder a lower epoch's txns come before a higher epoch's
//   PrimaryIntegrity   a leader in BROADCAST holds every earlier-epoch txn its followers delivered
//   AckedWritesDurable a write acknowledged to a client is never lost by a later leader
//   DigestConsistency  a serving server's last zxid is the last txn it applied, and its tree
//                      digest equals every other server's digest at that zxid
//
// Known bugs: where a server's data went wrong through a known ZooKeeper 3.8.0 bug that the
// engine reproduces on purpose (Registry::knownBugs), the report ends with "known ZooKeeper
// 3.8.0 bug ZOOKEEPER-NNNN"; sweeps count those apart from unknown violations.
//
// Cost: every check is incremental. The checker keeps cursors into what it has verified
// (how far each peer's history, each leader/follower pair and the acknowledged writes were
// looked at) and examines only what the step appended. A history that was replaced (SNAP,
// TRUNC) is re-verified from its start, because the step changed all of it.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "simulation.hpp"
#include "zxid_map.hpp"

namespace zab::sim {

class InvariantChecker {
 public:
  // Returns violations found now that were not reported before.
  std::vector<std::string> check(const Simulation& sim);
  const std::vector<std::string>& all() const { return all_; }
  void reset() { *this = InvariantChecker(); }
  // Run every check after every step, even one that changed nothing the checks read (tests
  // hold the short cut against this).
  void setFullEveryStep(bool on) { fullEveryStep_ = on; }
  // The same verdicts and the same cursors: how far each history, leader/follower pair and
  // the acknowledged writes have been verified (tests).
  bool sameProgress(const InvariantChecker& o) const {
    return all_ == o.all_ && checked_ == o.checked_ && primaryChecked_ == o.primaryChecked_ &&
           ackedChecked_ == o.ackedChecked_ && digestChecked_ == o.digestChecked_ && conflictsSeen_ == o.conflictsSeen_;
  }

 private:
  // How far one history has been verified: its length then and the zxid at that length
  // (to notice that the history was replaced rather than extended).
  struct Cursor {
    std::size_t len = 0;
    Zxid last = 0;
    bool operator==(const Cursor&) const = default;
  };
  using PeerKey = std::pair<Sid, std::uint32_t>;                   // (sid, incarnation)
  using LeaderKey = std::tuple<Sid, std::uint32_t, Epoch>;          // (sid, incarnation, epoch)

  // A violation that involves servers `a`, `b` and `c` (0: none); names a known bug if one touched them.
  void report(std::vector<std::string>& out, const Simulation& sim, std::string v, Sid a = 0, Sid b = 0, Sid c = 0);
  void checkDeliveries(const Simulation& sim, std::vector<std::string>& out);
  void checkLeaders(const Simulation& sim, std::vector<std::string>& out);
  void checkDigests(const Simulation& sim, std::vector<std::string>& out);

  // Everything the checks read, per peer and from the registry, as of the last check. A step
  // that changed none of it (most frames: a vote, a PROPOSAL logged, an ACK counted, a ping)
  // cannot give a new verdict: every check would look at what it has already verified and
  // find its cursors at the end. check() then returns at once.
  struct PeerSeen {
    Sid sid = 0;
    std::uint32_t incarnation = 0;
    bool alive = false;
    ServerState state = ServerState::LOOKING;
    ZabState zab = ZabState::ELECTION;
    Epoch epoch = 0;
    Sid votedFor = 0;
    std::size_t delivered = 0;  // history length and its last zxid: appended or replaced
    Zxid lastDelivered = 0;
    Zxid lastProcessed = 0;
    bool operator==(const PeerSeen&) const = default;
  };
  struct Seen {
    std::vector<PeerSeen> peers;
    std::size_t conflicts = 0;
    std::size_t acked = 0;
    std::size_t knownBugs = 0;  // a report names a known bug that touched its servers
  };
  // True when the simulation shows what the last check saw; otherwise remembers it.
  bool unchangedSinceLastCheck(const Simulation& sim);

  struct Delivery {
    Zxid prev = 0;           // the txn delivered just before it
    std::uint64_t hash = 0;  // the txn's hash
    Sid by = 0;              // the first server seen delivering it
    bool operator==(const Delivery&) const = default;
  };
  struct TreeAt {
    std::uint64_t digest = 0;
    Sid by = 0;
    bool operator==(const TreeAt&) const = default;
  };
  // zxid -> first delivery seen; shared with checkpoints like the histories it mirrors
  ZxidMap<Delivery> delivered_;
  ZxidMap<TreeAt> digestAt_;                                   // zxid -> first serving tree seen there
  std::map<PeerKey, Zxid> digestChecked_;                      // per peer: last zxid whose digest was compared
  std::map<PeerKey, Cursor> checked_;                          // per peer: deliveries verified
  std::map<std::pair<LeaderKey, PeerKey>, Cursor> primaryChecked_;  // PrimaryIntegrity per pair
  std::map<LeaderKey, std::size_t> ackedChecked_;              // AckedWritesDurable per leader
  std::size_t conflictsSeen_ = 0;                              // registry leadershipConflicts read
  Seen seen_;                                                   // as of the last check
  bool checkedOnce_ = false;
  bool fullEveryStep_ = false;
  std::vector<std::string> all_;
};

}  // namespace zab::sim
