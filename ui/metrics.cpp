#include "metrics.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
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
  return std::vector<PeerSample>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(it->second.countBefore(scanned_)));
}

const PeerSample* Metrics::peerAt(Sid sid, std::int64_t timeMs) const {
  auto it = peers_.find(sid);
  return it == peers_.end() ? nullptr : it->second.at(timeMs, scanned_);
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
  } else if (cursor < scanned_) {
    unscanTo(entries, cursor);
  }
  if (suspicious) {  // the peers' changes beyond the cursor may differ too
    peers_.clear();
    peerChangesSeen_ = 0;
  }
  lastLength_ = entries.size();
  lastBranches_ = s.branches().size();
  lastSignature_ = signature;

  for (; scanned_ < cursor; ++scanned_) {
    scan(scanned_, entries[scanned_], s.milestones(scanned_));
    prints_.push_back(fingerprint(entries[scanned_]));
  }
  now_ = s.sim().now();
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
  if (r.kind == "frame") ++at(messages_, bucketOf(r.timeMs))[familyIndex(r.family)];
  else if (r.kind == "retransmit") ++at(retransmits_, bucketOf(r.timeMs));
  for (const auto& m : milestones) milestone(i, r.timeMs, m);
}

// Back to `cursor` on the same timeline: take out what the entries from there on added.
// Counting down costs what the jump spans, never the whole run.
void Metrics::unscanTo(const std::vector<Entry>& entries, std::size_t cursor) {
  for (std::size_t i = scanned_; i-- > cursor;) {
    if (!entries[i].hasRecord()) continue;
    const Record r = entries[i].record();
    const std::size_t k = bucketOf(r.timeMs);
    if (r.kind == "frame" && k < messages_.size()) --messages_[k][familyIndex(r.family)];
    else if (r.kind == "retransmit" && k < retransmits_.size()) --retransmits_[k];
  }
  // A series built in one go ends at its last non-empty second.
  auto zero = [](const auto& b) { return std::all_of(b.begin(), b.end(), [](std::int64_t n) { return n == 0; }); };
  while (!messages_.empty() && zero(messages_.back())) messages_.pop_back();
  while (!retransmits_.empty() && retransmits_.back() == 0) retransmits_.pop_back();

  for (auto it = openEntry_.begin(); it != openEntry_.end();) {
    if (it->second >= cursor) {
      open_.erase(it->first);
      it = openEntry_.erase(it);
    } else {
      ++it;
    }
  }
  auto reopen = [&](Sid sid, std::int64_t startMs, std::size_t startEntry) {
    if (startEntry >= cursor) return;
    open_[sid] = startMs;
    openEntry_[sid] = startEntry;
  };
  while (!elections_.empty() && elections_.back().endEntry >= cursor) {
    reopen(elections_.back().sid, elections_.back().startMs, elections_.back().startEntry);
    elections_.pop_back();
  }
  while (!abandoned_.empty() && abandoned_.back().stopEntry >= cursor) {
    reopen(abandoned_.back().sid, abandoned_.back().startMs, abandoned_.back().startEntry);
    abandoned_.pop_back();
  }
  prints_.resize(cursor);
  scanned_ = cursor;
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
  // That second's latency again from the commits left in it (a second's worth at most).
  if (k < latencyPerSecond_.size()) {
    LatencySecond sec;
    const std::int64_t from = static_cast<std::int64_t>(k) * kBucketMs, to = from + kBucketMs;
    auto lo = std::lower_bound(commits_.begin(), commits_.end(), from,
                               [](const CommitSample& x, std::int64_t t) { return x.answeredMs < t; });
    for (auto i = lo; i != commits_.end() && i->answeredMs < to; ++i) {
      sec.minMs = sec.count == 0 ? i->latencyMs : std::min(sec.minMs, i->latencyMs);
      sec.maxMs = sec.count == 0 ? i->latencyMs : std::max(sec.maxMs, i->latencyMs);
      sec.sumMs += i->latencyMs;
      ++sec.count;
    }
    latencyPerSecond_[k] = sec;
  }
  while (!latencyPerSecond_.empty() && latencyPerSecond_.back().count == 0) latencyPerSecond_.pop_back();
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
    latencyPerSecond_.clear();
    failedOps_ = 0;
    for (const auto& op : ops) addClientOp(op);
  }
  opsCollected_ = ops;
}

}  // namespace zabscope
