// ZKDatabase.committedLog as a window over a shared append log: it keeps the last
// commitLogCount + 1 proposals as ZooKeeper's addCommittedProposal does, and a copy (a GUI
// checkpoint) shares the proposals instead of copying them, yet never sees the original change.
#include <catch2/catch.hpp>

#include <vector>

#include "zab/committed_log.hpp"
#include "zab/zk_database.hpp"

namespace {

zab::LoggedProposal proposal(zab::Zxid z) { return zab::LoggedProposal{z, zab::SharedBytes(zab::Bytes{static_cast<unsigned char>(z)})}; }

std::vector<zab::Zxid> zxids(const zab::CommittedLog& log) {
  std::vector<zab::Zxid> out;
  for (const auto& p : log) out.push_back(p.zxid);
  return out;
}

}  // namespace

TEST_CASE("committed log: the window ZKDatabase.addCommittedProposal keeps", "[committed_log]") {
  zab::ZKDatabase db(3);
  for (zab::Zxid z = 1; z <= 10; ++z) db.addCommittedProposal(proposal(z));
  // Evict when size > commitLogCount, then add: commitLogCount + 1 stay.
  CHECK(zxids(db.committedLog()) == std::vector<zab::Zxid>{7, 8, 9, 10});
  CHECK(db.minCommittedLog() == 7);
  CHECK(db.maxCommittedLog() == 10);
  CHECK(db.committedLog()[0].zxid == 7);
  CHECK(db.committedLog()[3].zxid == 10);
  db.clear();
  CHECK(db.committedLog().empty());
  CHECK(db.minCommittedLog() == 0);
}

TEST_CASE("committed log: a copy shares what it holds and keeps its own window", "[committed_log]") {
  zab::CommittedLog live;
  for (zab::Zxid z = 1; z <= 5; ++z) live.push_back(proposal(z));
  const zab::CommittedLog checkpoint = live;
  // The live log moves on: evicts, appends, and finally drops everything it shared.
  for (zab::Zxid z = 6; z <= 40; ++z) {
    live.pop_front();
    live.push_back(proposal(z));
  }
  CHECK(zxids(checkpoint) == std::vector<zab::Zxid>{1, 2, 3, 4, 5});
  CHECK(zxids(live) == std::vector<zab::Zxid>{36, 37, 38, 39, 40});
  CHECK(live.size() == 5);
  // Back to the checkpoint and the same pushes again: the same window.
  zab::CommittedLog replayed = checkpoint;
  for (zab::Zxid z = 6; z <= 40; ++z) {
    replayed.pop_front();
    replayed.push_back(proposal(z));
  }
  CHECK(replayed == live);
  CHECK(zxids(checkpoint) == std::vector<zab::Zxid>{1, 2, 3, 4, 5});
}
