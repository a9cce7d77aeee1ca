#pragma once
// Faults: kill / crash / restart / wipe each server, kill the leader, a drag-and-drop
// partition editor, a one-way link matrix, and loss / duplication / latency sliders. Every
// control issues a scenario-language command ("kill 3", "partition 1,2 | 3,4,5", "loss 0.1"),
// so what the user does is on the timeline and can be replayed, and each says in one line
// what a real ZooKeeper ensemble would see.
#include <map>
#include <optional>
#include <utility>

#include "app_state.hpp"

namespace zabscope {

struct FaultsPanel {
  // Partition editor: which group each server is in (0: none, it stays connected to all;
  // 1..3: groups A..C).
  std::map<zab::Sid, int> group;

  // Network quality sliders, for every link (target empty) or one direction.
  std::optional<std::pair<zab::Sid, zab::Sid>> target;
  float loss = 0;
  float dup = 0;
  int latencyMin = 1;
  int latencyMax = 5;

  void draw(AppState& app);

 private:
  void drawInForce(AppState& app);  // the cuts and pauses in force, in one line
  void drawServers(AppState& app);
  void drawPartition(AppState& app);
  void drawLinkMatrix(AppState& app);
  void drawNetworkQuality(AppState& app);
  void loadSliders(const zab::sim::Simulation& sim);
  bool slidersLoaded_ = false;
  std::optional<std::pair<zab::Sid, zab::Sid>> loadedTarget_;
};

}  // namespace zabscope
