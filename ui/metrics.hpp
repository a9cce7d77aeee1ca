#pragma once
// Time series for the Graphs panel, derived from a Session's timeline (headless: no ImGui,
// unit-tested). Nothing is sampled from the live simulation per frame, so a plot does not
// depend on whether it was shown while time moved, and it resolves single events.
//
// - Each peer's state (last zxid, epochs, alive) comes from the timeline's peer changes, for
//   the whole timeline; views ask for what the entries before the cursor made, so jumping
//   back and forth costs nothing (PeerSeries).
// - The records of the whole timeline are scanned incrementally (messages delivered per second
//   by family, retransmissions, election durations, each with the entries that made it); the
//   views cut them at the cursor: whole seconds before the cursor's second, that second
//   counted up to the cursor (a second's worth of entries), elections by their entries. So a
//   jump or a scrub costs the same anywhere in a long run. A fork or a branch switch starts over.
// - The client operations answered up to the cursor come from the simulation's append-only
//   log of them (commit latency, committed writes per second).
//
// x is virtual time in ms everywhere.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "peer_series.hpp"
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

// From "S2 LOOKING: lookForLeader round N" (or "S2 leaves FOLLOWING ... goes LOOKING") to
// "S2 decides ... -> FOLLOWING".
struct ElectionSpan {
  zab::Sid sid = 0;
  std::int64_t startMs = 0;
  std::int64_t endMs = 0;
  std::int64_t round = 0;   // logicalclock of the deciding round (0: unknown)
  std::string outcome;      // "LEADING", "FOLLOWING", "OBSERVING"
  std::size_t startEntry = 0, endEntry = 0;  // the timeline entries that started and decided it
  std::int64_t durationMs() const { return endMs - startMs; }
};

// One write answered OK.
struct CommitSample {
  std::int64_t answeredMs = 0;
  std::int64_t latencyMs = 0;
  zab::Sid server = 0;
  std::uint64_t opId = 0;  // commits are ordered by (answeredMs, opId)
};

// The writes answered OK in one second: how many, and their latency.
struct LatencySecond {
  std::int64_t count = 0;
  std::int64_t sumMs = 0, minMs = 0, maxMs = 0;
  bool operator==(const LatencySecond&) const = default;
};

class Metrics {
 public:
  // Bring the series up to the session's cursor (cheap when nothing changed).
  void update(const Session& s);
  void clear();

  // ---- results ----
  std::int64_t nowMs() const { return now_; }
  std::size_t cursor() const { return cursor_; }  // entries before the cursor: what the views show
  // Each peer's series over the whole timeline; ask it with cursor().
  const std::map<zab::Sid, PeerSeries>& peers() const { return peers_; }
  // The samples of `sid` as of the cursor (a copy: tests and tooltips).
  std::vector<PeerSample> peerSamples(zab::Sid sid) const;
  // The sample of `sid` in force at `timeMs`, as of the cursor.
  const PeerSample* peerAt(zab::Sid sid, std::int64_t timeMs) const;
  // messagesPerSecond()[k][familyIndex(f)]: frames delivered in [k s, k+1 s), over the whole
  // timeline; messagesIn(k) is the same as of the cursor (what the plot shows).
  using FamilyCounts = std::array<std::int64_t, kAllFamilies.size()>;
  const std::vector<FamilyCounts>& messagesPerSecond() const { return messages_; }
  const std::vector<std::int64_t>& retransmitsPerSecond() const { return retransmits_; }
  FamilyCounts messagesIn(std::size_t k) const;
  std::int64_t retransmitsIn(std::size_t k) const;
  // Elections decided before the cursor.
  const std::vector<ElectionSpan>& elections() const { return electionsView_; }
  // Elections still running at the cursor: sid -> start time.
  const std::map<zab::Sid, std::int64_t>& openElections() const { return openView_; }
  const std::vector<CommitSample>& commits() const { return commits_; }
  const std::vector<std::int64_t>& committedWritesPerSecond() const { return committedPerSecond_; }
  // latencyPerSecond()[k]: the commits answered in [k s, k+1 s), so a plot of a long run reads
  // one entry per second instead of every write.
  const std::vector<LatencySecond>& latencyPerSecond() const { return latencyPerSecond_; }
  std::int64_t failedOps() const { return failedOps_; }

  // ---- bookkeeping (tests, debugging) ----
  std::size_t scanned() const { return scanned_; }    // timeline entries folded in (all of them)
  std::size_t rebuilds() const { return rebuilds_; }  // scans started over

 private:
  void resetScan();
  void scan(std::size_t i, const Entry& e, const std::vector<zab::sim::StepRecord::Milestone>& milestones);
  void cutAtCursor(const std::vector<Entry>& entries);
  void milestone(std::size_t i, std::int64_t timeMs, const zab::sim::StepRecord::Milestone& m);
  void collectPeers(const Session& s);
  void collectClientOps(const zab::sim::Simulation& sim);
  void addClientOp(const zab::sim::ClientOp& op);
  void removeClientOp(const zab::sim::ClientOp& op);
  static std::uint64_t fingerprint(const Entry& e);
  std::size_t firstDifference(const std::vector<Entry>& entries) const;

  // the scan
  std::size_t scanned_ = 0;
  std::vector<std::uint64_t> prints_;  // one fingerprint per scanned entry
  std::size_t lastLength_ = 0;
  std::size_t lastBranches_ = 0;
  std::uint64_t lastSignature_ = 0;
  std::size_t rebuilds_ = 0;
  std::vector<FamilyCounts> messages_;
  std::vector<std::int64_t> retransmits_;
  std::vector<std::size_t> bucketFirst_;  // per second: the first entry at or after its start
  std::vector<ElectionSpan> elections_;   // every decided election of the timeline
  std::map<zab::Sid, std::int64_t> open_;  // running at the timeline's end
  std::map<zab::Sid, std::size_t> openEntry_;  // the entry that opened each of open_
  // Elections that ended without a decision (the process stopped): open before the stop.
  struct Abandoned {
    zab::Sid sid = 0;
    std::int64_t startMs = 0;
    std::size_t startEntry = 0, stopEntry = 0;
  };
  std::vector<Abandoned> abandoned_;

  // the views at the cursor
  std::size_t cursor_ = 0;
  std::int64_t now_ = 0;
  std::size_t partialBucket_ = 0;  // the cursor's second, counted up to the cursor
  FamilyCounts partialMessages_{};
  std::int64_t partialRetransmits_ = 0;
  std::vector<ElectionSpan> electionsView_;
  std::map<zab::Sid, std::int64_t> openView_;
  std::tuple<std::size_t, std::size_t, std::size_t> viewKey_{static_cast<std::size_t>(-1), 0, 0};  // cursor, scanned, rebuilds

  // the peers, from the timeline's peer changes
  std::map<zab::Sid, PeerSeries> peers_;
  std::size_t peerChangesSeen_ = 0;
  // The answered client operations folded in: a copy of the simulation's log, O(1) and
  // sharing its elements, so the next update folds in only what was answered since (or
  // takes out what a step back un-answered).
  zab::AppendLog<zab::sim::ClientOp> opsCollected_;
  std::vector<CommitSample> commits_;
  std::vector<std::int64_t> committedPerSecond_;
  std::vector<LatencySecond> latencyPerSecond_;
  std::size_t latencyDirtyFrom_ = 0;  // while taking commits out: the first second that lost one
  std::int64_t failedOps_ = 0;
};

}  // namespace zabscope
