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
  std::uint64_t h = mix(static_cast<std::uint64_t>(e.action.kind), e.action.id);
  h = hashText(h, e.action.line);
  if (e.record) h = hashText(mix(mix(h, e.record->index), static_cast<std::uint64_t>(e.record->timeMs)), e.record->headline);
  return h;
}

}  // namespace zabscope
