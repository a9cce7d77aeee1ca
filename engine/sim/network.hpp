#pragma once
// The simulated network between peers: latency range, loss and duplication per directed
// link, and partitions (any groups, or single directed links cut). Pure data plus the
// decisions drawn from the simulation's PRNG.
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "prng.hpp"
#include "zab/types.hpp"

namespace zab::sim {

struct LinkConfig {
  std::int64_t latencyMinMs = 1;
  std::int64_t latencyMaxMs = 5;
  double loss = 0.0;         // probability a frame is lost
  // Probability that a connection breaks right after delivering an election frame (an RST:
  // what was still in flight on it is lost); QuorumCnxManager's next connection starts by
  // resending its last message, which the receiver may already have. That is how TCP plus
  // QuorumCnxManager deliver a notification twice; TCP itself never does.
  double duplication = 0.0;
  // Replays of sweeps recorded before that change only: the network delivers the frame twice.
  bool networkDuplicates = false;
  bool operator==(const LinkConfig&) const = default;
};

class Network {
 public:
  // A link's settings: an override for (from, to) if set, else the default.
  const LinkConfig& link(Sid from, Sid to) const;
  LinkConfig& defaults() { return defaults_; }
  const LinkConfig& defaults() const { return defaults_; }
  void setLink(Sid from, Sid to, const LinkConfig& cfg) { overrides_[{from, to}] = cfg; }
  void clearOverrides() { overrides_.clear(); }

  // partition {1,2} | {3,4,5}: every link between different groups is cut both ways.
  // Peers not named in any group stay connected to everybody.
  void partition(const std::vector<std::vector<Sid>>& groups);
  void cut(Sid from, Sid to) { cut_.insert({from, to}); }  // one direction only
  void heal() { cut_.clear(); }
  bool reachable(Sid from, Sid to) const { return from == to || cut_.count({from, to}) == 0; }
  const std::set<std::pair<Sid, Sid>>& cutLinks() const { return cut_; }

  std::int64_t drawLatency(Prng& rng, Sid from, Sid to) const;

  bool operator==(const Network&) const = default;

 private:
  LinkConfig defaults_;
  std::map<std::pair<Sid, Sid>, LinkConfig> overrides_;
  std::set<std::pair<Sid, Sid>> cut_;
};

}  // namespace zab::sim
