#pragma once
// How many messages of each type were sent, by type name, in name order (the views read the
// map). Types are static strings, so the counter of a type is found again by the string's
// address in a short list instead of a string compare down the tree at every send. The list
// points into the map's nodes, so a copy (a checkpoint) starts its own.
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
  MessageCounts(MessageCounts&&) noexcept = default;  // a moved map keeps its nodes
  MessageCounts& operator=(MessageCounts&&) noexcept = default;

  // `type` must be a static string (a literal or a to_string of an enum).
  void count(std::string_view type) {
    // First a slot picked by the string's address (one compare for a type sent again), then the
    // list of every address seen, then the map.
    Seen& slot = recent_[(reinterpret_cast<std::uintptr_t>(type.data()) >> 3) % kRecent];
    if (slot.first.data() == type.data() && slot.first.size() == type.size()) {
      ++*slot.second;
      return;
    }
    for (auto& seen : seen_)
      if (seen.first.data() == type.data() && seen.first.size() == type.size()) {
        ++*seen.second;
        slot = seen;
        return;
      }
    auto it = counts_.find(type);
    if (it == counts_.end()) it = counts_.emplace(std::string(type), 0).first;
    ++it->second;
    seen_.emplace_back(type, &it->second);
    slot = seen_.back();
  }
  const Map& map() const { return counts_; }

 private:
  using Seen = std::pair<std::string_view, std::int64_t*>;
  static constexpr std::size_t kRecent = 16;
  Map counts_;
  std::vector<Seen> seen_;  // by the static string's address
  std::array<Seen, kRecent> recent_{};  // a cache of seen_, by address bits
};

}  // namespace zab::sim
