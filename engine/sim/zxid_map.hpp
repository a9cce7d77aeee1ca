#pragma once
// A zxid -> value map built so that a copy of the Simulation (or of a checker) shares it
// instead of copying it: the registry's zxid -> txn hash of every proposal ever.
//
// A leader proposes the counters of its epoch in increasing order, so each epoch is an
// AppendLog of (counter, value), searched by binary search. What does not fit that shape
// (an insert behind an epoch's last counter, an overwrite with another value) goes to a
// small std::map that is searched first. Nothing here iterates, so no order leaks.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

#include "zab/append_log.hpp"
#include "zab/types.hpp"
#include "zab/zxid.hpp"

namespace zab::sim {

template <class V>
class ZxidMap {
 public:
  std::optional<V> find(Zxid zxid) const {
    if (auto o = overflow_.find(zxid); o != overflow_.end()) return o->second;
    auto e = byEpoch_.find(epochOf(zxid));
    if (e == byEpoch_.end()) return std::nullopt;
    const std::int64_t counter = counterOf(zxid);
    const auto& log = e->second;
    if (log.empty() || counter > log.back().counter) return std::nullopt;  // a new proposal (assign)
    // A leader's counters run 1, 2, 3...: the entry sits at its counter's distance from the
    // first, unless a counter was skipped, and then the search below finds it.
    const std::int64_t guess = counter - log.front().counter;
    if (guess >= 0 && static_cast<std::size_t>(guess) < log.keptSize()) {
      const Entry& at = log[log.firstKept() + static_cast<std::size_t>(guess)];
      if (at.counter == counter) return at.value;
    }
    auto it = std::lower_bound(log.begin(), log.end(), counter,
                               [](const Entry& x, std::int64_t c) { return x.counter < c; });
    if (it == log.end() || it->counter != counter) return std::nullopt;
    return it->value;
  }
  bool contains(Zxid zxid) const { return find(zxid).has_value(); }

  // As std::map::emplace: the first value recorded for a zxid stays. True when it was new.
  bool insert(Zxid zxid, const V& value) {
    if (contains(zxid)) return false;
    add(zxid, value);
    return true;
  }
  // As std::map::operator[] = value: the newest value wins.
  void assign(Zxid zxid, const V& value) {
    auto old = find(zxid);
    if (!old) add(zxid, value);
    else if (!(*old == value)) overflow_[zxid] = value;
  }

  std::size_t overflowSize() const { return overflow_.size(); }  // tests, debugging

 private:
  struct Entry {
    std::int64_t counter = 0;
    V value{};
    bool operator==(const Entry&) const = default;
  };
  void add(Zxid zxid, const V& value) {  // zxid is not recorded yet
    auto& log = byEpoch_[epochOf(zxid)];
    const std::int64_t counter = counterOf(zxid);
    if (log.empty() || log.back().counter < counter) log.push_back(Entry{counter, value});
    else overflow_[zxid] = value;
  }

  std::map<Epoch, AppendLog<Entry>> byEpoch_;  // counters strictly increasing in each
  std::map<Zxid, V> overflow_;                 // takes precedence over byEpoch_
};

// zxid -> txn hash.
using ProposedTxns = ZxidMap<std::uint64_t>;

}  // namespace zab::sim
