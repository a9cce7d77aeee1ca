#include "timeline_fingerprint.hpp"

#include <string>

namespace zabscope {

namespace {
std::uint64_t mix(std::uint64_t h, std::uint64_t v) { return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); }
std::uint64_t hashText(std::uint64_t h, const std::string& s) {
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return mix(h, s.size());
}
}  // namespace

std::uint64_t timelineSignature(const Session& s) {
  std::uint64_t h = mix(0xcbf29ce484222325ULL, s.branches().size());
  for (const auto& b : s.branches()) h = hashText(h, b.name);
  return h;
}

std::uint64_t entryFingerprint(const Entry& e) {
  const Action a = e.action();
  std::uint64_t h = mix(mix(static_cast<std::uint64_t>(a.kind), a.id), a.line);
  if (e.hasRecord()) {
    const Record r = e.record();
    h = mix(mix(mix(h, r.index), static_cast<std::uint64_t>(r.timeMs)), r.messageId);
  }
  return h;
}

}  // namespace zabscope
