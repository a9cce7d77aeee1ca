#pragma once
// The network faults in force, in one line for the Faults tab ("partition {1,2} | {3,4,5}; one
// way: S5 -> S3"): the partition editor's groups are what the user is building, not what the
// network does, and an engineer who applied a partition, then cut one more link, needs to read
// both at a glance. Headless, so a test can check it.
#include <string>
#include <vector>

#include "zab/types.hpp"

namespace zab::sim {
class Network;
}

namespace zabscope {

struct CutSummary {
  // The servers that still reach each other both ways, grouped, when the cut links split them
  // into two or more groups (empty otherwise); each group in sid order.
  std::vector<std::vector<zab::Sid>> groups;
  // Cut directions that the groups do not explain: (from, to).
  std::vector<std::pair<zab::Sid, zab::Sid>> oneWay;
  bool none() const { return groups.empty() && oneWay.empty(); }
};

CutSummary summarizeCuts(const zab::sim::Network& network, const std::vector<zab::Sid>& servers);

// "partition {1,2} | {3,4,5}; one way: S5 -> S3", or "no link is cut"; Chinese when `zh`.
std::string cutSummaryText(const CutSummary& s, bool zh);

}  // namespace zabscope
