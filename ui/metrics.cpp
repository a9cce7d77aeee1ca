#include "metrics.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace zabscope {

using zab::Sid;

namespace {

// "S12 decides ..." -> 12 and the text after "S12 ". Notes name their peer first.
std::optional<Sid> noteSid(std::string_view text, std::string_view& rest) {
  if (text.size() < 2 || text[0] != 'S' || !std::isdigit(static_cast<unsigned char>(text[1]))) return std::nullopt;
  Sid sid = 0;
  auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), sid);
  if (ec != std::errc()) return std::nullopt;
  rest = text.substr(static_cast<std::size_t>(end - text.data()));
  return sid;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::int64_t parseNumberAfter(std::string_view s, std::string_view marker) {
  auto at = s.find(marker);
  if (at == std::string_view::npos) return 0;
  std::string_view digits = s.substr(at + marker.size());
  std::int64_t v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return v;
}

std::size_t bucketOf(std::int64_t timeMs) { return static_cast<std::size_t>(std::max<std::int64_t>(0, timeMs) / kBucketMs); }

template <typename V>
V& at(std::vector<V>& series, std::size_t k) {
  if (series.size() <= k) series.resize(k + 1);
  return series[k];
}

std::uint64_t fnv(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
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
  h = fnv(h, static_cast<std::uint64_t>(e.action.kind));
  h = fnv(h, e.action.line);
  h = fnv(h, e.action.id);
  h = fnv(h, static_cast<std::uint64_t>(e.action.timeMs));
  if (e.record) {
    h = fnv(h, e.record->index);
    h = fnv(h, static_cast<std::uint64_t>(e.record->timeMs));
    h = fnv(h, e.record->headline);
    h = fnv(h, static_cast<std::uint64_t>(e.record->notes.size()));
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
      if (entries[i].record) {
        shared = entries[i].record->timeMs;
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
    scan(entries[scanned_]);
    prints_.push_back(fingerprint(entries[scanned_]));
  }
  now_ = now;
  samplePeers(s.sim());

  std::pair<std::size_t, std::int64_t> seen{cursor, now};
  if (rebuilt || !opsSeen_ || *opsSeen_ != seen || opsCount_ != s.sim().clientOps().size()) {
    collectClientOps(s.sim());
    opsSeen_ = seen;
    opsCount_ = s.sim().clientOps().size();
  }
}

void Metrics::scan(const Entry& e) {
  if (!e.record) return;
  const auto& r = *e.record;
  if (r.kind == "frame") ++at(messages_, bucketOf(r.timeMs))[familyIndex(r.family)];
  else if (r.kind == "retransmit") ++at(retransmits_, bucketOf(r.timeMs));
  for (const auto& n : r.notes) note(r, n);
}

void Metrics::note(const zab::sim::StepRecord& r, const std::string& text) {
  std::string_view rest;
  std::optional<Sid> sid = noteSid(text, rest);
  if (!sid) return;
  // Elections: lookForLeader (or the role ending) opens one; "decides" closes it.
  if (startsWith(rest, " decides ")) {
    auto it = open_.find(*sid);
    if (it == open_.end()) return;
    ElectionSpan span;
    span.sid = *sid;
    span.startMs = it->second;
    span.endMs = r.timeMs;
    span.round = parseNumberAfter(rest, ") round ");
    auto arrow = rest.rfind("-> ");
    if (arrow != std::string_view::npos) {
      std::string_view out = rest.substr(arrow + 3);
      std::size_t len = 0;
      while (len < out.size() && std::isupper(static_cast<unsigned char>(out[len]))) ++len;
      span.outcome = std::string(out.substr(0, len));
    }
    elections_.push_back(std::move(span));
    open_.erase(it);
    return;
  }
  bool starts = rest.find("LOOKING: lookForLeader round") != std::string_view::npos ||
                (startsWith(rest, " leaves ") && (rest.find("goes LOOKING") != std::string_view::npos ||
                                                  rest.find("LOOKING after a random delay") != std::string_view::npos));
  if (starts) {
    open_.emplace(*sid, r.timeMs);  // keeps an earlier start: the role ended, then lookForLeader ran
    return;
  }
  // The process is gone: its election ends without a decision.
  if (startsWith(rest, " process killed") || startsWith(rest, " loses power") || startsWith(rest, " loses its disk") ||
      startsWith(rest, " EXITS")) {
    open_.erase(*sid);
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

void Metrics::collectClientOps(const zab::sim::Simulation& sim) {
  commits_.clear();
  committedPerSecond_.clear();
  failedOps_ = 0;
  for (const auto& op : sim.clientOps()) {
    if (!op.answeredAt) continue;
    if (!op.ok) {
      ++failedOps_;
      continue;
    }
    if (op.kind == zab::ClientOpKind::Read || op.kind == zab::ClientOpKind::Sync) continue;
    commits_.push_back({*op.answeredAt, *op.answeredAt - op.submittedAt, op.server});
    ++at(committedPerSecond_, bucketOf(*op.answeredAt));
  }
  std::stable_sort(commits_.begin(), commits_.end(),
                   [](const CommitSample& a, const CommitSample& b) { return a.answeredMs < b.answeredMs; });
}

}  // namespace zabscope
