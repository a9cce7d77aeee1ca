// An independent big-endian writer for the codec tests (jute and DataOutputStream layouts), so
// the tests do not trust the codecs' own byte helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "zab/shared_bytes.hpp"  // Bytes

namespace zab::test {

struct Builder {
  Bytes b;
  Builder& u8(std::uint8_t v) {
    b.push_back(v);
    return *this;
  }
  Builder& i16(std::int16_t v) {
    const auto u = static_cast<std::uint16_t>(v);
    b.push_back(static_cast<std::uint8_t>(u >> 8));
    b.push_back(static_cast<std::uint8_t>(u & 0xff));
    return *this;
  }
  Builder& i32(std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>((u >> s) & 0xff));
    return *this;
  }
  Builder& i64(std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    for (int s = 56; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>((u >> s) & 0xff));
    return *this;
  }
  // The bytes alone (a String's UTF-8 after its length was written some other way).
  Builder& str(const std::string& s) {
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  // jute's ustring/buffer: an int length, then the bytes.
  Builder& ustr(const std::string& s) {
    i32(static_cast<std::int32_t>(s.size()));
    return str(s);
  }
  Builder& zeros(std::size_t n) {
    b.insert(b.end(), n, 0);
    return *this;
  }
};

}  // namespace zab::test
