#pragma once
// Big-endian writers shared by every wire format here (notifications, the QCM initial
// message, jute records, snapshots): Java's DataOutputStream / jute byte order.
#include <cstdint>
#include <string>

#include "notification_codec.hpp"  // Bytes

namespace zab {

inline void putI32(Bytes& out, std::int32_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>((u >> shift) & 0xffU));
}

inline void putI64(Bytes& out, std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>((u >> shift) & 0xffU));
}

// jute ustring / buffer: int length, then the bytes.
inline void putLengthPrefixed(Bytes& out, const std::string& s) {
  putI32(out, static_cast<std::int32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

}  // namespace zab
