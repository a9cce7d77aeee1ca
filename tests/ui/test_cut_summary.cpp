// The Faults tab's "In force" line: the cut links read back as the partition and one-way cuts.
#include <catch2/catch.hpp>

#include "cut_summary.hpp"
#include "sim/network.hpp"

using namespace zabscope;

TEST_CASE("cut summary: a partition and one more one-way cut read back as applied", "[faults]") {
  // From an engineer's review: with "partition 1,2 | 3,4,5" and "cut 5 3" in force, the Faults
  // tab showed every server under "everyone else" and the cut only in the link matrix below.
  zab::sim::Network net;
  const std::vector<zab::Sid> servers = {1, 2, 3, 4, 5};
  CHECK(summarizeCuts(net, servers).none());
  CHECK(cutSummaryText(summarizeCuts(net, servers), false) == "no link is cut");
  net.partition({{1, 2}, {3, 4, 5}});
  CHECK(cutSummaryText(summarizeCuts(net, servers), false) == "partition {1,2} | {3,4,5}");
  net.cut(5, 3);  // 3 and 5 still reach each other through 4: one group, one one-way cut
  const CutSummary s = summarizeCuts(net, servers);
  CHECK(s.groups == std::vector<std::vector<zab::Sid>>{{1, 2}, {3, 4, 5}});
  CHECK(cutSummaryText(s, false) == "partition {1,2} | {3,4,5}; one way: S5 -> S3");
  CHECK(cutSummaryText(s, true) == "分区 {1,2} | {3,4,5}；单向切断 S5 -> S3");
  net.heal();
  net.cut(1, 2);  // one direction between two servers that others still connect
  CHECK(cutSummaryText(summarizeCuts(net, servers), false) == "one way: S1 -> S2");
}
