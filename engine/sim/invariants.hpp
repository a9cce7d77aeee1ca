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

 private:
  // How far one history has been verified: its length then and the zxid at that length
  // (to notice that the history was replaced rather than extended).
  struct Cursor {
    std::size_t len = 0;
    Zxid last = 0;
  };
  using PeerKey = std::pair<Sid, std::uint32_t>;                   // (sid, incarnation)
  using LeaderKey = std::tuple<Sid, std::uint32_t, Epoch>;          // (sid, incarnation, epoch)

  // A violation that involves servers `a` and `b` (0: none); names a known bug if one touched them.
  void report(std::vector<std::string>& out, const Simulation& sim, std::string v, Sid a = 0, Sid b = 0);
  void checkDeliveries(const Simulation& sim, std::vector<std::string>& out);
  void checkLeaders(const Simulation& sim, std::vector<std::string>& out);
  void checkDigests(const Simulation& sim, std::vector<std::string>& out);

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
  std::vector<std::string> all_;
};

}  // namespace zab::sim
