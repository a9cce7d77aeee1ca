// PeerSeries: a peer's step function with min/max levels; what a plot asks of it is bounded
// by its pixels, not by the run, and cut at the cursor.
#include <catch2/catch.hpp>

#include "peer_series.hpp"
#include "zab/zxid.hpp"

using namespace zabscope;

namespace {
// One change every `everyMs`: the zxid counts up, with a dip to 0 every 1000th sample (a TRUNC).
PeerSeries longRun(std::size_t n, std::int64_t everyMs) {
  PeerSeries s;
  for (std::size_t i = 0; i < n; ++i) {
    PeerSample p;
    p.timeMs = static_cast<std::int64_t>(i) * everyMs;
    p.entry = static_cast<std::uint32_t>(i * 3);
    p.alive = true;
    p.zxid = (i % 1000 == 999) ? 0 : static_cast<zab::Zxid>(i);
    p.currentEpoch = static_cast<zab::Epoch>(i / 100000);
    s.append(p);
  }
  return s;
}
}  // namespace

TEST_CASE("ui peer series: spans over a long run are bounded by the resolution and keep every extreme") {
  const std::size_t n = 1000000;
  PeerSeries s = longRun(n, 5);  // 5000 s of one change per 5 ms
  const std::int64_t t1 = static_cast<std::int64_t>(n) * 5;
  std::vector<PeerSpan> spans;
  const double resolution = static_cast<double>(t1) / 1000.0;  // a 1000-pixel plot of the whole run
  s.spans(0, t1, resolution, n * 3, spans);
  CHECK(spans.size() <= 4 * 1000 + 64);
  CHECK(spans.size() >= 1000);
  // The dips to 0 are in every column: none is lost to the reduction.
  std::size_t dips = 0;
  zab::Zxid high = 0;
  for (const auto& sp : spans) {
    dips += sp.zxidLow == 0 ? 1 : 0;
    high = std::max(high, sp.zxidHigh);
    CHECK(sp.last != nullptr);
  }
  CHECK(dips >= 900);
  CHECK(high == static_cast<zab::Zxid>(n - 2));
  CHECK(spans.back().last == &s.samples().back());
  // The summaries cost about a third of the samples again, not a multiple of them.
  CHECK(s.bucketCount() < n / 2);
}

TEST_CASE("ui peer series: a narrow window gives every sample - the cursor cuts the future") {
  PeerSeries s = longRun(10000, 5);
  std::vector<PeerSpan> spans;
  s.spans(1000, 1100, 0.1, 30000, spans);  // finer than a sample: each one
  REQUIRE(spans.size() == 21);  // the one in force at 1000 ms, then 1005 .. 1100
  CHECK(spans.front().timeMs == 1000);
  CHECK(spans.back().timeMs == 1100);
  for (std::size_t i = 1; i < spans.size(); ++i) CHECK(spans[i].zxidLow == spans[i].zxidHigh);

  // As of cursor 601 (entries 0 .. 600: samples 0 .. 200, up to 1000 ms) nothing after 1000 ms.
  spans.clear();
  s.spans(0, 50000, 1.0, 601, spans);
  REQUIRE_FALSE(spans.empty());
  CHECK(spans.back().last->timeMs == 1000);
  CHECK(s.countBefore(601) == 201);
  CHECK(s.at(40000, 601)->timeMs == 1000);
  CHECK(s.at(40000, 30000)->timeMs == 40000);
  CHECK(s.at(-1, 30000) == nullptr);
  // Coarse and cut: the bucket holding the cursor is taken apart, never shown whole.
  spans.clear();
  s.spans(0, 50000, 300.0, 601, spans);
  for (const auto& sp : spans) CHECK(sp.last->entry < 601);
  CHECK(spans.back().last->timeMs == 1000);
}
