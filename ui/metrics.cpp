#include "metrics.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace zabscope {

using zab::Sid;

namespace {

std::size_t bucketOf(std::int64_t timeMs) { return static_cast<std::size_t>(std::max<std::int64_t>(0, timeMs) / kBucketMs); }

template <typename V>
V& at(std::vector<V>& series, std::size_t k) {
  if (series.size() <= k) series.resize(k + 1);
  return series[k];
}

std::uint64_t fnv(std::uint64_t h, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    h ^= (v >> (8 * i)) & 0xff;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

const PeerSample* Metrics::sampleAt(const std::vector<PeerSample>& series, std::int64_t timeMs) {
  auto it = std::upper_bound(series.begin(), series.end(), timeMs,
                             [](std::int64_t t, const PeerSample& s) { return t < s.timeMs; });
  if (it == series.begin()) return nullptr;
  return &*std::prev(it);
}

void Metrics::clear() { *this = Metrics{}; }

std::uint64_t Metrics::fingerprint(const Entry& e) {
  std::uint64_t h = 1469598103934665603ULL;
  const Action a = e.action();
  h = fnv(h, static_cast<std::uint64_t>(a.kind));
  h = fnv(h, static_cast<std::uint64_t>(a.line));
  h = fnv(h, a.id);
  h = fnv(h, static_cast<std::uint64_t>(a.timeMs));
  if (e.hasRecord()) {
    const Record r = e.record();
    h = fnv(h, r.index);
    h = fnv(h, static_cast<std::uint64_t>(r.timeMs));
    h = fnv(h, r.messageId);
    h = fnv(h, static_cast<std::uint64_t>(e.hasMilestones()));
  }
  return h;
}

std::size_t Metrics::firstDifference(const std::vector<Entry>& entries) const {
  std::size_t n = std::min(scanned_, entries.size());
  for (std::size_t i = 0; i < n; ++i)
    if (fingerprint(entries[i]) != prints_[i]) return i;
  return n;
}

void Metrics::resetScan() {
  scanned_ = 0;
  prints_.clear();
  messages_.clear();
  retransmits_.clear();
  elections_.clear();
  open_.clear();
}

void Metrics::dropPeerSamplesFrom(std::int64_t timeMs) {
  for (auto& [sid, series] : peers_)
    while (!series.empty() && series.back().timeMs >= timeMs) series.pop_back();
}

void Metrics::update(const Session& s) {
  const auto& entries = s.entries();
  const std::size_t cursor = std::min(s.cursor(), entries.size());
  const std::int64_t now = s.sim().now();

  // Is what we scanned still the start of this timeline? Appending at the end (playing) is
  // the common case and costs one fingerprint; anything structural compares the prefix.
  bool suspicious = entries.size() < lastLength_ || s.branches().size() != lastBranches_ || scanned_ > entries.size();
  if (!suspicious && scanned_ > 0) {
    suspicious = fingerprint(entries[scanned_ - 1]) != prints_[scanned_ - 1] ||
                 fingerprint(entries[scanned_ / 2]) != prints_[scanned_ / 2];
  }
  std::size_t valid = suspicious ? firstDifference(entries) : scanned_;
  bool rebuilt = false;
  if (valid < scanned_) {
    // Another line of history from entry `valid` on: whatever we sampled after the last
    // shared record belongs to a future that is gone.
    std::int64_t shared = 0;
    for (std::size_t i = valid; i-- > 0;)
      if (entries[i].hasRecord()) {
        shared = entries[i].record().timeMs;
        break;
      }
    dropPeerSamplesFrom(shared);
    resetScan();
    rebuilt = true;
  } else if (cursor < scanned_) {
    resetScan();
    rebuilt = true;
  }
  if (rebuilt) ++rebuilds_;
  if (now < now_ || rebuilt) dropPeerSamplesFrom(now);  // the state at `now` is re-sampled below
  lastLength_ = entries.size();
  lastBranches_ = s.branches().size();

  for (; scanned_ < cursor; ++scanned_) {
    scan(entries[scanned_], s.milestones(scanned_));
    prints_.push_back(fingerprint(entries[scanned_]));
  }
  now_ = now;
  samplePeers(s.sim());

  collectClientOps(s.sim());
}

void Metrics::scan(const Entry& e, const std::vector<zab::sim::StepRecord::Milestone>& milestones) {
  if (!e.hasRecord()) return;
  const Record r = e.record();
  if (r.kind == "frame") ++at(messages_, bucketOf(r.timeMs))[familyIndex(r.family)];
  else if (r.kind == "retransmit") ++at(retransmits_, bucketOf(r.timeMs));
  for (const auto& m : milestones) milestone(r.timeMs, m);
}

void Metrics::milestone(std::int64_t timeMs, const zab::sim::StepRecord::Milestone& m) {
  switch (m.kind) {
    case zab::MilestoneKind::ElectionStarted:
      open_.emplace(m.sid, timeMs);  // keeps an earlier start: the role ended, then lookForLeader ran
      return;
    case zab::MilestoneKind::Decided: {
      auto it = open_.find(m.sid);
      if (it == open_.end()) return;
      ElectionSpan span;
      span.sid = m.sid;
      span.startMs = it->second;
      span.endMs = timeMs;
      span.round = m.round;
      span.outcome = std::string(to_string(m.state));
      elections_.push_back(std::move(span));
      open_.erase(it);
      return;
    }
    case zab::MilestoneKind::ProcessStopped:
      open_.erase(m.sid);  // the process is gone: its election ends without a decision
      return;
  }
}

void Metrics::samplePeers(const zab::sim::Simulation& sim) {
  for (const auto& [sid, slot] : sim.peers()) {
    PeerSample p;
    p.timeMs = now_;
    p.alive = slot.alive;
    if (slot.alive) {
      p.state = slot.peer.state();
      p.zxid = slot.peer.lastLoggedZxid();
      p.currentEpoch = slot.peer.currentEpoch();
      p.acceptedEpoch = slot.peer.acceptedEpoch();
    } else {
      p.zxid = slot.disk.lastLoggedZxid();
      p.currentEpoch = slot.disk.currentEpoch.value_or(0);
      p.acceptedEpoch = slot.disk.acceptedEpoch.value_or(0);
    }
    auto& series = peers_[sid];
    if (!series.empty() && series.back().timeMs == now_) series.back() = p;
    else if (series.empty() || !series.back().sameValues(p)) series.push_back(p);
    // Two equal samples in a row carry no information: keep the earlier one.
    if (series.size() >= 2 && series[series.size() - 2].sameValues(series.back())) series.pop_back();
  }
}

namespace {
bool commitBefore(const CommitSample& a, const CommitSample& b) {
  return a.answeredMs != b.answeredMs ? a.answeredMs < b.answeredMs : a.opId < b.opId;
}
bool isCommit(const zab::sim::ClientOp& op) {
  return op.answeredAt && op.ok && op.kind != zab::ClientOpKind::Read && op.kind != zab::ClientOpKind::Sync;
}
}  // namespace

void Metrics::addClientOp(const zab::sim::ClientOp& op) {
  if (!op.answeredAt) return;
  if (!op.ok) ++failedOps_;
  if (!isCommit(op)) return;
  CommitSample c{*op.answeredAt, *op.answeredAt - op.submittedAt, op.server, op.id};
  commits_.insert(std::upper_bound(commits_.begin(), commits_.end(), c, commitBefore), c);  // near the end
  ++at(committedPerSecond_, bucketOf(*op.answeredAt));
}

void Metrics::removeClientOp(const zab::sim::ClientOp& op) {
  if (!op.answeredAt) return;
  if (!op.ok) --failedOps_;
  if (!isCommit(op)) return;
  CommitSample c{*op.answeredAt, 0, op.server, op.id};
  auto it = std::lower_bound(commits_.begin(), commits_.end(), c, commitBefore);
  if (it != commits_.end() && it->opId == op.id) commits_.erase(it);
  std::size_t k = bucketOf(*op.answeredAt);
  if (k < committedPerSecond_.size()) --committedPerSecond_[k];
  while (!committedPerSecond_.empty() && committedPerSecond_.back() == 0) committedPerSecond_.pop_back();
}

// The answered operations are an append-only log shared with the simulation: playing adds
// at its end, a step back makes it a prefix of what we folded in. Anything else (another
// branch) is collected again from the start. Commits come out ordered by (answer time, id).
void Metrics::collectClientOps(const zab::sim::Simulation& sim) {
  const auto& ops = sim.answeredClientOps();
  if (ops.extends(opsCollected_)) {
    for (std::size_t i = opsCollected_.size(); i < ops.size(); ++i) addClientOp(ops[i]);
  } else if (opsCollected_.extends(ops)) {
    for (std::size_t i = opsCollected_.size(); i-- > ops.size();) removeClientOp(opsCollected_[i]);
  } else {
    commits_.clear();
    committedPerSecond_.clear();
    failedOps_ = 0;
    for (const auto& op : ops) addClientOp(op);
  }
  opsCollected_ = ops;
}

}  // namespace zabscope
