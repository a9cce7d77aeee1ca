#pragma once
// Client operations by id, for views that list them in submission order (the workload
// panel's table). The simulation keeps answered operations in an append-only log in answer
// order and the waiting ones by id; this index maps an id to its place in that log. It
// follows the log incrementally: playing appends, a step back makes the log a prefix of what
// was indexed, anything else (another branch) is indexed again. Headless, unit-tested.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/simulation.hpp"

namespace zabscope {

class ClientOpIndex {
 public:
  void update(const zab::sim::Simulation& sim) {
    const auto& log = sim.answeredClientOps();
    if (log.extends(seen_)) {
      for (std::size_t i = seen_.size(); i < log.size(); ++i) set(log[i].id, i);
    } else if (seen_.extends(log)) {
      for (std::size_t i = log.size(); i < seen_.size(); ++i) set(seen_[i].id, kNone);
    } else {
      pos_.clear();
      for (std::size_t i = 0; i < log.size(); ++i) set(log[i].id, i);
    }
    seen_ = log;
  }

  // The operation with this id (1 .. sim.clientOpCount()), answered or waiting; null if none.
  // `sim` is the simulation last passed to update().
  const zab::sim::ClientOp* find(const zab::sim::Simulation& sim, std::uint64_t id) const {
    const auto& waiting = sim.waitingClientOps();
    if (auto w = waiting.find(id); w != waiting.end()) return &w->second;
    if (id == 0 || id > pos_.size() || pos_[id - 1] == kNone || pos_[id - 1] >= seen_.size()) return nullptr;
    return &seen_[pos_[id - 1]];
  }

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  void set(std::uint64_t id, std::size_t pos) {
    if (id == 0) return;
    if (pos_.size() < id) pos_.resize(id, kNone);
    pos_[id - 1] = pos;
  }

  zab::AppendLog<zab::sim::ClientOp> seen_;  // the answered log as indexed (shares its elements)
  std::vector<std::size_t> pos_;             // id - 1 -> position in seen_, or kNone
};

}  // namespace zabscope
