#pragma once
// ZxidUtils: the 64-bit zxid is epoch in the high 32 bits, counter in the low 32.
#include <string>

#include "types.hpp"

namespace zab {

constexpr Epoch epochOf(Zxid zxid) { return zxid >> 32; }  // arithmetic shift, as Java's >>
constexpr std::int64_t counterOf(Zxid zxid) { return zxid & 0xffffffffLL; }
constexpr Zxid makeZxid(Epoch epoch, std::int64_t counter) {
  return static_cast<Zxid>((static_cast<std::uint64_t>(epoch) << 32) |
                           (static_cast<std::uint64_t>(counter) & 0xffffffffULL));
}

// "0x100000005"; negative values (e.g. -1) print as "-0x1", Long.MIN_VALUE as "MIN".
std::string formatZxid(Zxid zxid);
// "1:5" (epoch:counter), the form the GUI and explanations use.
std::string formatEpochCounter(Zxid zxid);
// Accepts "0x1f", decimal, "-1" and "E:C" (epoch:counter). Returns false on bad input.
bool parseZxid(std::string_view text, Zxid& out);

}  // namespace zab
