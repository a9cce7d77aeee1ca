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

  void report(std::vector<std::string>& out, const std::string& v);
  void checkDeliveries(const Simulation& sim, std::vector<std::string>& out);
  void checkLeaders(const Simulation& sim, std::vector<std::string>& out);

  // zxid -> (predecessor, txn hash); shared with checkpoints like the histories it mirrors
  ZxidMap<std::pair<Zxid, std::uint64_t>> delivered_;
  std::map<PeerKey, Cursor> checked_;                          // per peer: deliveries verified
  std::map<std::pair<LeaderKey, PeerKey>, Cursor> primaryChecked_;  // PrimaryIntegrity per pair
  std::map<LeaderKey, std::size_t> ackedChecked_;              // AckedWritesDurable per leader
  std::size_t conflictsSeen_ = 0;                              // registry leadershipConflicts read
  std::vector<std::string> all_;
};

}  // namespace zab::sim
