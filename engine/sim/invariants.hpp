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
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "simulation.hpp"

namespace zab::sim {

class InvariantChecker {
 public:
  // Returns violations found now that were not reported before.
  std::vector<std::string> check(const Simulation& sim);
  const std::vector<std::string>& all() const { return all_; }
  void reset() { *this = InvariantChecker(); }

 private:
  void report(std::vector<std::string>& out, const std::string& v);

  std::map<Zxid, std::pair<Zxid, std::uint64_t>> delivered_;  // zxid -> (predecessor, txn hash)
  std::map<std::pair<Sid, std::uint32_t>, std::pair<std::size_t, Zxid>> checked_;  // (sid, incarnation) -> (len, last zxid)
  std::vector<std::string> all_;
};

}  // namespace zab::sim
