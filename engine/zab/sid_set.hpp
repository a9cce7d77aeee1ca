#pragma once
// A small set of server ids, sorted, held inline: Leader.Proposal's ackSet. A std::set made a
// heap node for every ACK of every proposal (and freed them all at commit); an ensemble's acks
// fit in the object itself. Larger ensembles spill into one vector, sorted the same way.
// Iteration is in sid order, as std::set's was (the views and notes list the acks).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "types.hpp"

namespace zab {

class SidSet {
 public:
  using const_iterator = const Sid*;
  static constexpr std::size_t kInline = 7;  // a seven-voter ensemble's acks without the heap

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const Sid* begin() const { return data(); }
  const Sid* end() const { return data() + size_; }
  bool contains(Sid s) const { return std::binary_search(begin(), end(), s); }
  std::size_t count(Sid s) const { return contains(s) ? 1 : 0; }

  bool insert(Sid s) {  // true when `s` was not there
    Sid* first = data();
    Sid* at = std::lower_bound(first, first + size_, s);
    if (at != first + size_ && *at == s) return false;
    const auto pos = static_cast<std::size_t>(at - first);
    if (spilled_.empty() && size_ == kInline) spilled_.assign(inline_.begin(), inline_.end());  // outgrows the object
    if (!spilled_.empty()) {
      spilled_.insert(spilled_.begin() + static_cast<std::ptrdiff_t>(pos), s);
    } else {
      std::copy_backward(inline_.begin() + static_cast<std::ptrdiff_t>(pos),
                         inline_.begin() + static_cast<std::ptrdiff_t>(size_),
                         inline_.begin() + static_cast<std::ptrdiff_t>(size_ + 1));
      inline_[pos] = s;
    }
    ++size_;
    return true;
  }
  std::size_t erase(Sid s) {
    Sid* first = data();
    Sid* at = std::lower_bound(first, first + size_, s);
    if (at == first + size_ || *at != s) return 0;
    if (!spilled_.empty()) spilled_.erase(spilled_.begin() + (at - first));
    else std::copy(at + 1, first + size_, at);
    --size_;
    return 1;
  }
  void clear() {
    spilled_.clear();
    size_ = 0;
  }

  friend bool operator==(const SidSet& a, const SidSet& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

 private:
  Sid* data() { return spilled_.empty() ? inline_.data() : spilled_.data(); }
  const Sid* data() const { return spilled_.empty() ? inline_.data() : spilled_.data(); }

  std::array<Sid, kInline> inline_{};
  std::vector<Sid> spilled_;  // all of the set once it outgrew inline_ (then size() == spilled_.size())
  std::uint32_t size_ = 0;
};

}  // namespace zab
