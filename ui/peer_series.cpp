#include "peer_series.hpp"

#include <algorithm>

namespace zabscope {

void PeerSeries::append(const PeerSample& s) {
  const auto i = static_cast<std::uint32_t>(samples_.size());
  samples_.push_back(s);
  for (std::size_t l = 0; l < kLevels; ++l) {
    const std::int64_t w = bucketMs(l);
    const std::int64_t start = (std::max<std::int64_t>(0, s.timeMs) / w) * w;
    auto& level = levels_[l];
    if (level.empty() || level.back().start != start) {
      level.push_back(Bucket{start, i, i + 1, s.zxid, s.zxid, s.currentEpoch, s.currentEpoch, !s.alive});
      continue;
    }
    Bucket& b = level.back();
    b.end = i + 1;
    b.zxidLow = std::min(b.zxidLow, s.zxid);
    b.zxidHigh = std::max(b.zxidHigh, s.zxid);
    b.epochLow = std::min(b.epochLow, s.currentEpoch);
    b.epochHigh = std::max(b.epochHigh, s.currentEpoch);
    b.anyDown = b.anyDown || !s.alive;
  }
}

std::size_t PeerSeries::countBefore(std::size_t cursor) const {
  return static_cast<std::size_t>(
      std::lower_bound(samples_.begin(), samples_.end(), cursor,
                       [](const PeerSample& p, std::size_t c) { return static_cast<std::size_t>(p.entry) < c; }) -
      samples_.begin());
}

const PeerSample* PeerSeries::at(std::int64_t timeMs, std::size_t cursor) const {
  auto end = samples_.begin() + static_cast<std::ptrdiff_t>(countBefore(cursor));
  auto it = std::upper_bound(samples_.begin(), end, timeMs, [](std::int64_t t, const PeerSample& p) { return t < p.timeMs; });
  return it == samples_.begin() ? nullptr : &*std::prev(it);
}

std::size_t PeerSeries::bucketCount() const {
  std::size_t n = 0;
  for (const auto& l : levels_) n += l.size();
  return n;
}

void PeerSeries::emitSample(std::size_t i, std::vector<PeerSpan>& out) const {
  const PeerSample& p = samples_[i];
  out.push_back(PeerSpan{p.timeMs, p.zxid, p.zxid, p.currentEpoch, p.currentEpoch, !p.alive, &p});
}

// Samples [a, b) as the buckets of `level` that lie wholly inside; the partial buckets at the
// two ends go one level finer (so at most a few spans per level beyond the whole ones).
void PeerSeries::emit(int level, std::size_t a, std::size_t b, std::vector<PeerSpan>& out) const {
  if (a >= b) return;
  if (level < 0 || b - a <= 4) {
    for (std::size_t i = a; i < b; ++i) emitSample(i, out);
    return;
  }
  const auto& buckets = levels_[static_cast<std::size_t>(level)];
  auto it = std::upper_bound(buckets.begin(), buckets.end(), a,
                             [](std::size_t v, const Bucket& k) { return v < static_cast<std::size_t>(k.end); });
  for (; it != buckets.end() && it->first < b; ++it) {
    if (it->first >= a && it->end <= b) {
      out.push_back(PeerSpan{samples_[it->first].timeMs, it->zxidLow, it->zxidHigh, it->epochLow, it->epochHigh,
                             it->anyDown, &samples_[it->end - 1]});
    } else {
      emit(level - 1, std::max<std::size_t>(a, it->first), std::min<std::size_t>(b, it->end), out);
    }
  }
}

void PeerSeries::spans(std::int64_t t0, std::int64_t t1, double resolutionMs, std::size_t cursor,
                       std::vector<PeerSpan>& out) const {
  const std::size_t cut = countBefore(cursor);
  auto begin = samples_.begin(), end = begin + static_cast<std::ptrdiff_t>(cut);
  auto after = [](std::int64_t t, const PeerSample& p) { return t < p.timeMs; };
  // The sample in force at t0, then every later one up to t1.
  auto a = std::upper_bound(begin, end, t0, after);
  if (a != begin) emitSample(static_cast<std::size_t>(a - begin) - 1, out);
  auto b = std::upper_bound(a, end, t1, after);
  int level = -1;
  while (level + 1 < static_cast<int>(kLevels) && static_cast<double>(bucketMs(static_cast<std::size_t>(level + 1))) <= resolutionMs)
    ++level;
  emit(level, static_cast<std::size_t>(a - begin), static_cast<std::size_t>(b - begin), out);
}

}  // namespace zabscope
