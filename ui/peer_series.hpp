#pragma once
// One peer's state over virtual time as a step function, read from the timeline's peer
// changes, with min/max summaries so that a plot of a long run costs what its pixels cost.
//
// The samples cover the whole timeline, the cursor's future too: a view asks for what the
// entries before the cursor made, so jumping back and forth needs no rescan. Buckets of
// 16 ms, 64 ms, ... 4.6 h (each four times the last) hold the lowest and highest zxid and
// epoch of their samples; a plot picks the level whose bucket is about one pixel wide.
// Headless (no ImGui), unit-tested.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "zab/peer_io.hpp"
#include "zab/types.hpp"

namespace zabscope {

// One peer's state from one instant on (until the next sample).
struct PeerSample {
  std::int64_t timeMs = 0;
  std::uint32_t entry = 0;  // the timeline entry that made it: in force once the cursor is past it
  bool alive = false;
  zab::ServerState state = zab::ServerState::LOOKING;
  zab::Zxid zxid = 0;  // last processed zxid (the disk's last logged zxid while down)
  zab::Epoch currentEpoch = 0;
  zab::Epoch acceptedEpoch = 0;
  bool sameValues(const PeerSample& o) const {
    return alive == o.alive && state == o.state && zxid == o.zxid && currentEpoch == o.currentEpoch &&
           acceptedEpoch == o.acceptedEpoch;
  }
};

// Consecutive samples reduced to what one pixel column shows: where they start, their range,
// and the sample in force at their end.
struct PeerSpan {
  std::int64_t timeMs = 0;  // the first sample's time
  zab::Zxid zxidLow = 0, zxidHigh = 0;
  zab::Epoch epochLow = 0, epochHigh = 0;  // currentEpoch
  bool anyDown = false;
  const PeerSample* last = nullptr;
};

class PeerSeries {
 public:
  static constexpr std::int64_t kBaseBucketMs = 16;
  static constexpr std::size_t kLevels = 11;  // 16 ms << 2*10 = 4.7 h

  void append(const PeerSample& s);  // times and entries never decrease
  void clear() { *this = PeerSeries{}; }

  const std::vector<PeerSample>& samples() const { return samples_; }
  bool empty() const { return samples_.empty(); }
  // How many samples entries before `cursor` made (they come first).
  std::size_t countBefore(std::size_t cursor) const;
  // The sample in force at `timeMs` as of `cursor` (nullptr: none yet).
  const PeerSample* at(std::int64_t timeMs, std::size_t cursor) const;
  // The series from the sample in force at t0 up to t1, as of `cursor`, in spans at most
  // about `resolutionMs` wide: at most (t1 - t0) / resolutionMs + a few of them, whatever
  // the run's length. Appends to `out`.
  void spans(std::int64_t t0, std::int64_t t1, double resolutionMs, std::size_t cursor, std::vector<PeerSpan>& out) const;
  std::size_t bucketCount() const;  // for tests: the summaries' size

 private:
  struct Bucket {
    std::int64_t start = 0;  // time, a multiple of the level's bucket width
    std::uint32_t first = 0, end = 0;  // sample indices [first, end)
    zab::Zxid zxidLow = 0, zxidHigh = 0;
    zab::Epoch epochLow = 0, epochHigh = 0;
    bool anyDown = false;
  };
  static std::int64_t bucketMs(std::size_t level) { return kBaseBucketMs << (2 * level); }
  void emit(int level, std::size_t a, std::size_t b, std::vector<PeerSpan>& out) const;
  void emitSample(std::size_t i, std::vector<PeerSpan>& out) const;

  std::vector<PeerSample> samples_;
  std::array<std::vector<Bucket>, kLevels> levels_;
};

}  // namespace zabscope
