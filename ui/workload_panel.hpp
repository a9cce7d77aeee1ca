#pragma once
// Client traffic: a continuous workload (rates, target servers, keys), one-off client
// operations, and the table of recent operations with their latency and result.
#include <map>
#include <vector>

#include "app_state.hpp"
#include "client_op_index.hpp"

namespace zabscope {

struct WorkloadPanel {
  void draw(AppState& app);

  // Workload form.
  float writesPerSec = 5.0f;
  float readsPerSec = 5.0f;
  int keys = 8;
  std::map<zab::Sid, bool> targets;  // checked servers; none checked = every server
  // One-off operation form.
  zab::Sid opServer = -1;
  char path[128] = "/app";
  char data[128] = "hello";

 private:
  // The simulation's workload as last seen, to notice when it changes.
  double seenWrites_ = -1;
  double seenReads_ = -1;
  int seenKeys_ = -1;
  std::vector<zab::Sid> seenServers_;
  ClientOpIndex ops_;  // the table lists operations by id, newest first
};

}  // namespace zabscope
