#pragma once
// How many messages of each type were sent, by type name, in name order (the views read the
// map). Types are static strings, so the counter of a type is found again by the string's
// address instead of a string compare down the tree at every send: first in a small table by the
// address's bits (one probe), then in the list of every type seen. Both point into the map's
// nodes, so a copy (a checkpoint) starts its own. What is counted never depends on addresses.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zab::sim {

class MessageCounts {
 public:
  using Map = std::map<std::string, std::int64_t, std::less<>>;

  MessageCounts() = default;
  MessageCounts(const MessageCounts& o) : counts_(o.counts_) {}
  MessageCounts& operator=(const MessageCounts& o) {
    if (this != &o) {
      counts_ = o.counts_;
      seen_.clear();
      recent_ = {};
    }
    return *this;
  }
  // A moved map keeps its nodes, so the pointers move along; the moved-from one forgets them.
  MessageCounts(MessageCounts&& o) noexcept
      : counts_(std::move(o.counts_)), seen_(std::move(o.seen_)), recent_(std::exchange(o.recent_, {})) {
    o.seen_.clear();
  }
  MessageCounts& operator=(MessageCounts&& o) noexcept {
    counts_ = std::move(o.counts_);
    seen_ = std::move(o.seen_);
    recent_ = std::exchange(o.recent_, {});
    o.seen_.clear();
    return *this;
  }

  // `type` must be a static string (a literal or a to_string of an enum).
  // The one probe in line (every send counts); the rest out of line.
  void count(std::string_view type) {
    // Fibonacci hashing of the address: literals a few bytes apart land in different slots.
    const std::uint64_t a = reinterpret_cast<std::uintptr_t>(type.data());
    Recent& r = recent_[(a * 0x9E3779B97F4A7C15ULL) >> 60];
    if (r.data == type.data() && r.size == type.size()) {
      ++*r.n;
      return;
    }
    countSlow(type, r);
  }
  const Map& map() const { return counts_; }

 private:
  struct Recent {
    const char* data = nullptr;
    std::size_t size = 0;
    std::int64_t* n = nullptr;
  };
  // A type not in its slot: found in the list of every type seen, or new to the map.
  [[gnu::noinline]] void countSlow(std::string_view type, Recent& r) {
    for (auto& [name, n] : seen_)
      if (name.data() == type.data() && name.size() == type.size()) {
        ++*n;
        r = Recent{type.data(), type.size(), n};
        return;
      }
    auto it = counts_.find(type);
    if (it == counts_.end()) it = counts_.emplace(std::string(type), 0).first;
    ++it->second;
    seen_.emplace_back(type, &it->second);
    r = Recent{type.data(), type.size(), &it->second};
  }
  static constexpr std::size_t kRecent = 16;  // the hash's top 4 bits
  Map counts_;
  std::vector<std::pair<std::string_view, std::int64_t*>> seen_;  // by the static string's address
  std::array<Recent, kRecent> recent_{};  // the last type seen in each slot
};

}  // namespace zab::sim
