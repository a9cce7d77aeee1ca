#pragma once
// Big-endian writers and the one reader shared by every wire format here (notifications,
// the QCM initial message and framing, jute records, snapshots): Java's DataOutputStream /
// DataInputStream / jute byte order.
#include <cstddef>
#include <cstdint>
#include <fmt/format.h>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

// The same, stored into a buffer already sized (frames written in place on the hot path);
// each returns the position after what it wrote.
inline std::uint8_t* storeI32(std::uint8_t* p, std::int32_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>((u >> (24 - 8 * i)) & 0xffU);
  return p + 4;
}
inline std::uint8_t* storeI64(std::uint8_t* p, std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>((u >> (56 - 8 * i)) & 0xffU);
  return p + 8;
}

// Big-endian loads from a buffer whose size the caller checked (the in-place decoders).
inline std::int32_t loadI32(const std::uint8_t* p) {
  return static_cast<std::int32_t>((std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                                   (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]});
}
inline std::int64_t loadI64(const std::uint8_t* p) {
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(static_cast<std::uint32_t>(loadI32(p))) << 32) |
                                   static_cast<std::uint32_t>(loadI32(p + 4)));
}

// jute ustring / buffer: int length, then the bytes.
inline void putLengthPrefixed(Bytes& out, const std::string& s) {
  putI32(out, static_cast<std::int32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

// Reads big-endian fields from a byte buffer. The first failure is remembered (ok() turns
// false, error() says why) and every later read fails too, so a decoder can read straight
// through and check once. A read past the end returns zero / empty and does not move pos(),
// like a Java ByteBuffer's BufferUnderflowException. `field` only names the field in error
// messages; codecs that report no reason may leave it out.
class ByteReader {
 public:
  explicit ByteReader(const Bytes& buf) : buf_(buf) {}

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  std::size_t pos() const { return pos_; }
  std::size_t remaining() const { return buf_.size() - pos_; }
  // Everything read and nothing failed: what a decoder checks before accepting a record.
  bool atEnd() const { return ok_ && pos_ == buf_.size(); }

  void fail(std::string why) {
    if (!ok_) return;
    ok_ = false;
    error_ = std::move(why);
  }

  // Makes sure n more bytes are there; otherwise records a truncation error naming the field.
  bool need(std::size_t n, std::string_view field = {}) {
    if (!ok_) return false;
    if (remaining() < n) {
      fail(field.empty() ? fmt::format("truncated: needs {} bytes, has {}", pos_ + n, buf_.size())
                         : fmt::format("truncated: needs {} bytes, has {} (reading {})", pos_ + n,
                                       buf_.size(), field));
      return false;
    }
    return true;
  }

  std::uint8_t u8(std::string_view field = {}) {
    if (!need(1, field)) return 0;
    return buf_[pos_++];
  }

  std::int32_t i32(std::string_view field = {}) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(bigEndian(4, field)));
  }

  std::int64_t i64(std::string_view field = {}) {
    return static_cast<std::int64_t>(bigEndian(8, field));
  }

  // The next n bytes as they are: text (std::string) or Bytes.
  template <class Out = std::string>
  Out raw(std::size_t n, std::string_view field = {}) {
    if (!need(n, field)) return Out();
    const auto first = buf_.begin() + static_cast<std::ptrdiff_t>(pos_);
    pos_ += n;
    return Out(first, first + static_cast<std::ptrdiff_t>(n));
  }

  // A jute buffer or ustring: int length, then that many bytes. -1 is jute's null and reads
  // as nullopt with ok() still true; any other negative length fails.
  template <class Out = std::string>
  std::optional<Out> buffer(std::string_view field = {}) {
    const std::int32_t len = i32(field);
    if (!ok_ || len == -1) return std::nullopt;
    if (!lengthIsValid(len, field)) return std::nullopt;
    Out out = raw<Out>(static_cast<std::size_t>(len), field);
    if (!ok_) return std::nullopt;
    return out;
  }

  // A length-prefixed string that must be present: null (-1) fails like any negative length.
  std::string text(std::string_view field = {}) {
    const std::int32_t len = i32(field);
    if (!ok_ || !lengthIsValid(len, field)) return {};
    return raw(static_cast<std::size_t>(len), field);
  }

  // A jute vector's element count: -1 (null) reads as 0 elements; other negatives fail.
  std::int32_t vectorCount(std::string_view field = {}) {
    const std::int32_t count = i32(field);
    if (!ok_ || count == -1) return 0;
    if (count < 0) {
      fail(fmt::format("bad vector count {} for {} at offset {}", count, field, pos_ - 4));
      return 0;
    }
    return count;
  }

 private:
  std::uint64_t bigEndian(std::size_t width, std::string_view field) {
    if (!need(width, field)) return 0;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v = (v << 8) | buf_[pos_ + i];
    pos_ += width;
    return v;
  }

  // Called just after the length's 4 bytes were read, so the length sits at pos_ - 4.
  bool lengthIsValid(std::int32_t len, std::string_view field) {
    if (len >= 0) return true;
    fail(fmt::format("bad length {} for {} at offset {}", len, field, pos_ - 4));
    return false;
  }

  const Bytes& buf_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  std::string error_;
};

}  // namespace zab
