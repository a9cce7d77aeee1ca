#pragma once
// The armed timers, by (sid, kind, key), each with the pending event that fires it. Nearly
// every step arms, re-arms or cancels one (FLE's poll, the leader's tick, an fsync), so the
// plain timers (key 0) sit in a flat table by sid and kind, found in O(1); keyed ones (a
// LearnerHandler's, by connection id) and unusual sids stay in a map. A plain value: a copy
// (a checkpoint) copies the tables.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <tuple>
#include <vector>

#include "zab/peer_io.hpp"

namespace zab::sim {

template <class Armed>
class TimerTable {
 public:
  static constexpr std::size_t kKinds = static_cast<std::size_t>(kLastTimerKind) + 1;

  Armed* find(Sid sid, TimerKind kind, std::int64_t key) {
    if (Slot* s = flat(sid, kind, key)) return s->armed ? &s->value : nullptr;
    auto it = keyed_.find(Key{sid, static_cast<int>(kind), key});
    return it == keyed_.end() ? nullptr : &it->second;
  }
  void set(Sid sid, TimerKind kind, std::int64_t key, Armed value) {
    if (Slot* s = flat(sid, kind, key, true)) {
      *s = Slot{true, value};
      return;
    }
    keyed_[Key{sid, static_cast<int>(kind), key}] = value;
  }
  void erase(Sid sid, TimerKind kind, std::int64_t key) {
    if (Slot* s = flat(sid, kind, key)) {
      s->armed = false;
      return;
    }
    keyed_.erase(Key{sid, static_cast<int>(kind), key});
  }
  // Every timer of `sid`, in (kind, key) order, handed to `each` and then forgotten.
  template <class F>
  void eraseAll(Sid sid, F&& each) {
    std::map<std::pair<int, std::int64_t>, Armed> mine;
    for (auto it = keyed_.lower_bound(Key{sid, 0, std::numeric_limits<std::int64_t>::min()}); it != keyed_.end() && std::get<0>(it->first) == sid;) {
      mine.emplace(std::make_pair(std::get<1>(it->first), std::get<2>(it->first)), it->second);
      it = keyed_.erase(it);
    }
    if (dense(sid) && static_cast<std::size_t>(sid) < flat_.size())
      for (std::size_t k = 0; k < kKinds; ++k) {
        Slot& s = flat_[static_cast<std::size_t>(sid)][k];
        if (s.armed) mine.emplace(std::make_pair(static_cast<int>(k), std::int64_t{0}), s.value);
        s.armed = false;
      }
    for (auto& [kindKey, value] : mine) each(value);
  }

 private:
  using Key = std::tuple<Sid, int, std::int64_t>;
  struct Slot {
    bool armed = false;
    Armed value{};
  };
  static bool dense(Sid sid) { return sid >= 0 && sid <= 4096; }  // a copy holds a row per sid up to the largest
  Slot* flat(Sid sid, TimerKind kind, std::int64_t key, bool grow = false) {
    const auto k = static_cast<std::size_t>(kind);
    if (key != 0 || !dense(sid) || k >= kKinds) return nullptr;
    const auto i = static_cast<std::size_t>(sid);
    if (i >= flat_.size()) {
      if (!grow) return nullptr;
      flat_.resize(i + 1);
    }
    return &flat_[i][k];
  }

  std::vector<std::array<Slot, kKinds>> flat_;  // [sid][kind], key 0
  std::map<Key, Armed> keyed_;
};

}  // namespace zab::sim
