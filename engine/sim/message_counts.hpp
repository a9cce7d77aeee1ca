#pragma once
// How many messages of each type were sent, by type name, in name order (the views read the
// map). Types are static strings, so the counter of a type is found again by the string's
// address in a short list instead of a string compare down the tree at every send. The list
// points into the map's nodes, so a copy (a checkpoint) starts its own.
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
    }
    return *this;
  }
  MessageCounts(MessageCounts&&) noexcept = default;  // a moved map keeps its nodes
  MessageCounts& operator=(MessageCounts&&) noexcept = default;

  // `type` must be a static string (a literal or a to_string of an enum).
  void count(std::string_view type) {
    for (auto& [name, n] : seen_)
      if (name.data() == type.data() && name.size() == type.size()) {
        ++*n;
        return;
      }
    auto it = counts_.find(type);
    if (it == counts_.end()) it = counts_.emplace(std::string(type), 0).first;
    ++it->second;
    seen_.emplace_back(type, &it->second);
  }
  const Map& map() const { return counts_; }

 private:
  Map counts_;
  std::vector<std::pair<std::string_view, std::int64_t*>> seen_;  // by the static string's address
};

}  // namespace zab::sim
