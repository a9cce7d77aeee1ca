#pragma once
// Time series for the Graphs panel, derived from a Session (headless: no ImGui, unit-tested).
//
// Two sources, because a Session keeps the records of the past but not its states:
// - the timeline's records up to the cursor are scanned incrementally (messages delivered
//   per second by family, retransmissions, election durations); when the cursor moves back
//   or the timeline changes under us (a fork, a branch switch) the scan starts over;
// - the live simulation is sampled at every update (each peer's last zxid and epochs, keyed
//   by sim.now(); the client operations' commit latency). Samples from a future that no
//   longer exists (time > now after going back, or after the point where a branch differs)
//   are dropped. Jumping far ahead in one update therefore shows as a single step.
//
// x is virtual time in ms everywhere.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "session.hpp"
#include "zab/peer_io.hpp"
#include "zab/types.hpp"

namespace zabscope {

// Every message family, in the order the plots stack them.
inline constexpr std::array<zab::Family, 8> kAllFamilies = {
    zab::Family::Election,  zab::Family::Transport, zab::Family::Discovery, zab::Family::Sync,
    zab::Family::Broadcast, zab::Family::Heartbeat, zab::Family::Client,    zab::Family::Peer};
constexpr std::size_t familyIndex(zab::Family f) { return static_cast<std::size_t>(f); }

inline constexpr std::int64_t kBucketMs = 1000;  // "per second" buckets

// One peer's state at one instant. Stored only when something changed (a step function:
// the value holds until the next sample).
struct PeerSample {
  std::int64_t timeMs = 0;
  bool alive = false;
  zab::ServerState state = zab::ServerState::LOOKING;
  zab::Zxid zxid = 0;            // last processed zxid (the disk's last logged zxid while down)
  zab::Epoch currentEpoch = 0;
  zab::Epoch acceptedEpoch = 0;
  bool sameValues(const PeerSample& o) const {
    return alive == o.alive && state == o.state && zxid == o.zxid && currentEpoch == o.currentEpoch &&
           acceptedEpoch == o.acceptedEpoch;
  }
};

// From "S2 LOOKING: lookForLeader round N" (or "S2 leaves FOLLOWING ... goes LOOKING") to
// "S2 decides ... -> FOLLOWING".
struct ElectionSpan {
  zab::Sid sid = 0;
  std::int64_t startMs = 0;
  std::int64_t endMs = 0;
  std::int64_t round = 0;   // logicalclock of the deciding round (0: unknown)
  std::string outcome;      // "LEADING", "FOLLOWING", "OBSERVING"
  std::int64_t durationMs() const { return endMs - startMs; }
};

// One write answered OK.
struct CommitSample {
  std::int64_t answeredMs = 0;
  std::int64_t latencyMs = 0;
  zab::Sid server = 0;
  std::uint64_t opId = 0;  // commits are ordered by (answeredMs, opId)
};

class Metrics {
 public:
  // Bring the series up to the session's cursor (cheap when nothing changed).
  void update(const Session& s);
  void clear();

  // ---- results ----
  std::int64_t nowMs() const { return now_; }
  const std::map<zab::Sid, std::vector<PeerSample>>& peers() const { return peers_; }
  // messagesPerSecond()[k][familyIndex(f)]: frames delivered in [k s, k+1 s).
  const std::vector<std::array<std::int64_t, kAllFamilies.size()>>& messagesPerSecond() const { return messages_; }
  const std::vector<std::int64_t>& retransmitsPerSecond() const { return retransmits_; }
  const std::vector<ElectionSpan>& elections() const { return elections_; }
  // Elections still running at the cursor: sid -> start time.
  const std::map<zab::Sid, std::int64_t>& openElections() const { return open_; }
  const std::vector<CommitSample>& commits() const { return commits_; }
  const std::vector<std::int64_t>& committedWritesPerSecond() const { return committedPerSecond_; }
  std::int64_t failedOps() const { return failedOps_; }

  // ---- bookkeeping (tests, debugging) ----
  std::size_t scanned() const { return scanned_; }    // timeline entries folded in
  std::size_t rebuilds() const { return rebuilds_; }  // scans started over

  // The sample in force at `timeMs` (the last one at or before it), if any.
  static const PeerSample* sampleAt(const std::vector<PeerSample>& series, std::int64_t timeMs);

 private:
  void resetScan();
  void scan(const Entry& e, const std::vector<zab::sim::StepRecord::Milestone>& milestones);
  void milestone(std::int64_t timeMs, const zab::sim::StepRecord::Milestone& m);
  void samplePeers(const zab::sim::Simulation& sim);
  void collectClientOps(const zab::sim::Simulation& sim);
  void addClientOp(const zab::sim::ClientOp& op);
  void removeClientOp(const zab::sim::ClientOp& op);
  void dropPeerSamplesFrom(std::int64_t timeMs);  // removes samples with time >= timeMs
  static std::uint64_t fingerprint(const Entry& e);
  std::size_t firstDifference(const std::vector<Entry>& entries) const;

  // the scan
  std::size_t scanned_ = 0;
  std::vector<std::uint64_t> prints_;  // one fingerprint per scanned entry
  std::size_t lastLength_ = 0;
  std::size_t lastBranches_ = 0;
  std::size_t rebuilds_ = 0;
  std::vector<std::array<std::int64_t, kAllFamilies.size()>> messages_;
  std::vector<std::int64_t> retransmits_;
  std::vector<ElectionSpan> elections_;
  std::map<zab::Sid, std::int64_t> open_;

  // the samples
  std::int64_t now_ = 0;
  std::map<zab::Sid, std::vector<PeerSample>> peers_;
  // The answered client operations folded in: a copy of the simulation's log, O(1) and
  // sharing its elements, so the next update folds in only what was answered since (or
  // takes out what a step back un-answered).
  zab::AppendLog<zab::sim::ClientOp> opsCollected_;
  std::vector<CommitSample> commits_;
  std::vector<std::int64_t> committedPerSecond_;
  std::int64_t failedOps_ = 0;
};

}  // namespace zabscope
