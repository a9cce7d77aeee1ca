#include "metrics.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string_view>

#include "timeline_fingerprint.hpp"

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

std::vector<PeerSample> Metrics::peerSamples(Sid sid) const {
  auto it = peers_.find(sid);
  if (it == peers_.end()) return {};
  const auto& all = it->second.samples();
  return std::vector<PeerSample>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(it->second.countBefore(cursor_)));
}

const PeerSample* Metrics::peerAt(Sid sid, std::int64_t timeMs) const {
  auto it = peers_.find(sid);
  return it == peers_.end() ? nullptr : it->second.at(timeMs, cursor_);
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
  bucketFirst_.clear();
  elections_.clear();
  open_.clear();
  openEntry_.clear();
  abandoned_.clear();
}

void Metrics::update(const Session& s) {
  const auto& entries = s.entries();
  const std::size_t cursor = std::min(s.cursor(), entries.size());

  // Is what we scanned still the start of this timeline? Appending at the end (playing) is
  // the common case and costs one fingerprint; anything structural compares the prefix.
  const std::uint64_t signature = timelineSignature(s);
  bool suspicious = entries.size() < lastLength_ || s.branches().size() != lastBranches_ || scanned_ > entries.size() ||
                    signature != lastSignature_;
  if (!suspicious && scanned_ > 0) {
    suspicious = fingerprint(entries[scanned_ - 1]) != prints_[scanned_ - 1] ||
                 fingerprint(entries[scanned_ / 2]) != prints_[scanned_ / 2];
  }
  std::size_t valid = suspicious ? firstDifference(entries) : scanned_;
  if (valid < scanned_) {
    resetScan();  // another line of history: what we scanned belongs to a future that is gone
    ++rebuilds_;
  }
  if (suspicious) {  // the peers' changes beyond the cursor may differ too
    peers_.clear();
    peerChangesSeen_ = 0;
  }
  lastLength_ = entries.size();
  lastBranches_ = s.branches().size();
  lastSignature_ = signature;

  for (; scanned_ < entries.size(); ++scanned_) {
    scan(scanned_, entries[scanned_], s.milestones(scanned_));
    prints_.push_back(fingerprint(entries[scanned_]));
  }
  cursor_ = cursor;
  now_ = s.sim().now();
  cutAtCursor(entries);
  collectPeers(s);
  collectClientOps(s.sim());
}

void Metrics::collectPeers(const Session& s) {
  const auto& changes = s.peerChanges();
  if (changes.size() < peerChangesSeen_) {
    peers_.clear();
    peerChangesSeen_ = 0;
  }
  for (; peerChangesSeen_ < changes.size(); ++peerChangesSeen_) {
    const PeerChange& c = changes[peerChangesSeen_];
    peers_[c.sid].append(PeerSample{c.timeMs, c.entry, c.alive, c.state, c.zxid, c.currentEpoch, c.acceptedEpoch});
  }
}

void Metrics::scan(std::size_t i, const Entry& e, const std::vector<zab::sim::StepRecord::Milestone>& milestones) {
  if (!e.hasRecord()) return;
  const Record r = e.record();
  // Entries come in time order: the first one of each second starts its range.
  while (bucketFirst_.size() <= bucketOf(r.timeMs)) bucketFirst_.push_back(i);
  if (r.kind == "frame") ++at(messages_, bucketOf(r.timeMs))[familyIndex(r.family)];
  else if (r.kind == "retransmit") ++at(retransmits_, bucketOf(r.timeMs));
  for (const auto& m : milestones) milestone(i, r.timeMs, m);
}

// The views as of the cursor. Seconds before the cursor's are whole (the entries after the
// cursor come later in time); the cursor's own second is counted up to it, a second's worth of
// entries at most. Elections are sorted out by their entries.
void Metrics::cutAtCursor(const std::vector<Entry>& entries) {
  partialBucket_ = bucketOf(now_);
  partialMessages_ = {};
  partialRetransmits_ = 0;
  if (partialBucket_ < bucketFirst_.size())
    for (std::size_t i = bucketFirst_[partialBucket_]; i < cursor_; ++i) {
      if (!entries[i].hasRecord()) continue;
      const Record r = entries[i].record();
      if (bucketOf(r.timeMs) != partialBucket_) continue;
      if (r.kind == "frame") ++partialMessages_[familyIndex(r.family)];
      else if (r.kind == "retransmit") ++partialRetransmits_;
    }

  const auto key = std::make_tuple(cursor_, scanned_, rebuilds_);
  if (key == viewKey_) return;
  viewKey_ = key;
  electionsView_.clear();
  openView_.clear();
  for (const auto& e : elections_) {
    if (e.endEntry < cursor_) electionsView_.push_back(e);
    else if (e.startEntry < cursor_) openView_[e.sid] = e.startMs;
  }
  for (const auto& a : abandoned_)
    if (a.startEntry < cursor_ && a.stopEntry >= cursor_) openView_[a.sid] = a.startMs;
  for (const auto& [sid, start] : open_)
    if (openEntry_.at(sid) < cursor_) openView_[sid] = start;
}

Metrics::FamilyCounts Metrics::messagesIn(std::size_t k) const {
  if (k > partialBucket_) return {};
  if (k == partialBucket_) return partialMessages_;
  return k < messages_.size() ? messages_[k] : FamilyCounts{};
}

std::int64_t Metrics::retransmitsIn(std::size_t k) const {
  if (k > partialBucket_) return 0;
  if (k == partialBucket_) return partialRetransmits_;
  return k < retransmits_.size() ? retransmits_[k] : 0;
}

void Metrics::milestone(std::size_t i, std::int64_t timeMs, const zab::sim::StepRecord::Milestone& m) {
  switch (m.kind) {
    case zab::MilestoneKind::ElectionStarted:
      // Keeps an earlier start: the role ended, then lookForLeader ran.
      if (open_.emplace(m.sid, timeMs).second) openEntry_[m.sid] = i;
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
      span.startEntry = openEntry_[m.sid];
      span.endEntry = i;
      elections_.push_back(std::move(span));
      open_.erase(it);
      openEntry_.erase(m.sid);
      return;
    }
    case zab::MilestoneKind::ProcessStopped: {
      // The process is gone: its election ends without a decision.
      auto it = open_.find(m.sid);
      if (it == open_.end()) return;
      abandoned_.push_back(Abandoned{m.sid, it->second, openEntry_[m.sid], i});
      open_.erase(it);
      openEntry_.erase(m.sid);
      return;
    }
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
  LatencySecond& sec = at(latencyPerSecond_, bucketOf(*op.answeredAt));
  sec.minMs = sec.count == 0 ? c.latencyMs : std::min(sec.minMs, c.latencyMs);
  sec.maxMs = sec.count == 0 ? c.latencyMs : std::max(sec.maxMs, c.latencyMs);
  sec.sumMs += c.latencyMs;
  ++sec.count;
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
  // That second's latency is made again once the removals are done (collectClientOps).
  latencyDirtyFrom_ = std::min(latencyDirtyFrom_, k);
}

// The answered operations are an append-only log shared with the simulation: playing adds
// at its end, a step back makes it a prefix of what we folded in. Anything else (another
// branch) is collected again from the start. Commits come out ordered by (answer time, id).
void Metrics::collectClientOps(const zab::sim::Simulation& sim) {
  const auto& ops = sim.answeredClientOps();
  if (ops.extends(opsCollected_)) {
    for (std::size_t i = opsCollected_.size(); i < ops.size(); ++i) addClientOp(ops[i]);
  } else if (opsCollected_.extends(ops)) {
    latencyDirtyFrom_ = SIZE_MAX;
    for (std::size_t i = opsCollected_.size(); i-- > ops.size();) removeClientOp(opsCollected_[i]);
    // The seconds that lost commits (the last ones), from the commits left in them.
    if (latencyDirtyFrom_ < latencyPerSecond_.size()) {
      latencyPerSecond_.resize(latencyDirtyFrom_);
      const std::int64_t from = static_cast<std::int64_t>(latencyDirtyFrom_) * kBucketMs;
      auto lo = std::lower_bound(commits_.begin(), commits_.end(), from,
                                 [](const CommitSample& x, std::int64_t t) { return x.answeredMs < t; });
      for (auto i = lo; i != commits_.end(); ++i) {
        LatencySecond& sec = at(latencyPerSecond_, bucketOf(i->answeredMs));
        sec.minMs = sec.count == 0 ? i->latencyMs : std::min(sec.minMs, i->latencyMs);
        sec.maxMs = sec.count == 0 ? i->latencyMs : std::max(sec.maxMs, i->latencyMs);
        sec.sumMs += i->latencyMs;
        ++sec.count;
      }
      while (!latencyPerSecond_.empty() && latencyPerSecond_.back().count == 0) latencyPerSecond_.pop_back();
    }
  } else {
    commits_.clear();
    committedPerSecond_.clear();
    latencyPerSecond_.clear();
    failedOps_ = 0;
    for (const auto& op : ops) addClientOp(op);
  }
  opsCollected_ = ops;
}

}  // namespace zabscope
