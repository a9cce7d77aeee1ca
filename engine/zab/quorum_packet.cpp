// QuorumPacket and LearnerInfo in jute's binary form (zookeeper.jute; facts 3.1, 3.2).
// jute writes ints and longs big-endian, a buffer as an int length (-1 for null) followed by
// the bytes, and a vector as an int count (-1 for null) followed by the elements.
#include "quorum_packet.hpp"

#include "byte_io.hpp"

#include <cstddef>
#include <fmt/format.h>

namespace zab {

namespace {

// ---- big-endian writers -------------------------------------------------------------------



std::int32_t readI32At(const Bytes& buf, std::size_t pos) {
  std::uint32_t u = 0;
  for (std::size_t i = 0; i < 4; ++i) u = (u << 8) | buf[pos + i];
  return static_cast<std::int32_t>(u);
}

std::int64_t readI64At(const Bytes& buf, std::size_t pos) {
  std::uint64_t u = 0;
  for (std::size_t i = 0; i < 8; ++i) u = (u << 8) | buf[pos + i];
  return static_cast<std::int64_t>(u);
}

// A jute BinaryInputArchive over a byte buffer. The first failure is remembered in `error`
// and every later read fails too, so a decoder can read straight through and check once.
class JuteReader {
 public:
  explicit JuteReader(const Bytes& buf) : buf_(buf) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t pos() const { return pos_; }
  std::size_t remaining() const { return buf_.size() - pos_; }

  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }

  // Makes sure n more bytes are there; otherwise records a truncation error naming the field.
  bool need(std::size_t n, std::string_view field) {
    if (!ok()) return false;
    if (remaining() < n) {
      fail(fmt::format("truncated: needs {} bytes, has {} (reading {})", pos_ + n, buf_.size(), field));
      return false;
    }
    return true;
  }

  std::int32_t i32(std::string_view field) {
    if (!need(4, field)) return 0;
    const auto v = readI32At(buf_, pos_);
    pos_ += 4;
    return v;
  }

  std::int64_t i64(std::string_view field) {
    if (!need(8, field)) return 0;
    const auto v = readI64At(buf_, pos_);
    pos_ += 8;
    return v;
  }

  // A buffer or ustring: int length (-1 is null), then that many bytes.
  std::optional<Bytes> buffer(std::string_view field) {
    const std::int32_t len = i32(field);
    if (!ok() || len == -1) return std::nullopt;
    if (len < 0) {
      fail(fmt::format("bad length {} for {} at offset {}", len, field, pos_ - 4));
      return std::nullopt;
    }
    const auto n = static_cast<std::size_t>(len);
    if (!need(n, field)) return std::nullopt;
    const auto first = buf_.begin() + static_cast<std::ptrdiff_t>(pos_);
    Bytes out(first, first + static_cast<std::ptrdiff_t>(n));
    pos_ += n;
    return out;
  }

  // A vector's element count: -1 (null) reads as 0 elements.
  std::int32_t vectorCount(std::string_view field) {
    const std::int32_t count = i32(field);
    if (!ok()) return 0;
    if (count == -1) return 0;
    if (count < 0) {
      fail(fmt::format("bad vector count {} for {} at offset {}", count, field, pos_ - 4));
      return 0;
    }
    return count;
  }

 private:
  const Bytes& buf_;
  std::size_t pos_ = 0;
  std::string error_;
};

bool isKnownPacketType(std::int32_t t) {
  return t >= static_cast<std::int32_t>(PacketType::REQUEST) &&
         t <= static_cast<std::int32_t>(PacketType::INFORMANDACTIVATE);
}

// LearnerHandler's protocol version before it reads one from LearnerInfo.
constexpr std::int32_t kLearnerHandlerDefaultVersion = 0x1;

constexpr std::size_t kLearnerInfoBytes = 20;

}  // namespace

std::string_view to_string(PacketType t) {
  switch (t) {
    case PacketType::REQUEST: return "REQUEST";
    case PacketType::PROPOSAL: return "PROPOSAL";
    case PacketType::ACK: return "ACK";
    case PacketType::COMMIT: return "COMMIT";
    case PacketType::PING: return "PING";
    case PacketType::REVALIDATE: return "REVALIDATE";
    case PacketType::SYNC: return "SYNC";
    case PacketType::INFORM: return "INFORM";
    case PacketType::COMMITANDACTIVATE: return "COMMITANDACTIVATE";
    case PacketType::NEWLEADER: return "NEWLEADER";
    case PacketType::FOLLOWERINFO: return "FOLLOWERINFO";
    case PacketType::UPTODATE: return "UPTODATE";
    case PacketType::DIFF: return "DIFF";
    case PacketType::TRUNC: return "TRUNC";
    case PacketType::SNAP: return "SNAP";
    case PacketType::OBSERVERINFO: return "OBSERVERINFO";
    case PacketType::LEADERINFO: return "LEADERINFO";
    case PacketType::ACKEPOCH: return "ACKEPOCH";
    case PacketType::INFORMANDACTIVATE: return "INFORMANDACTIVATE";
  }
  return "UNKNOWN";
}

Bytes encodeQuorumPacket(const QuorumPacket& p) {
  Bytes out;
  out.reserve(4 + 8 + 4 + (p.data ? p.data->size() : 0) + 4);
  putI32(out, static_cast<std::int32_t>(p.type));
  putI64(out, p.zxid);
  if (p.data) {
    putI32(out, static_cast<std::int32_t>(p.data->size()));
    out.insert(out.end(), p.data->begin(), p.data->end());
  } else {
    putI32(out, -1);
  }
  putI32(out, 0);  // authinfo: an empty vector
  return out;
}

QuorumPacketDecode decodeQuorumPacket(const Bytes& bytes) {
  QuorumPacketDecode d;
  JuteReader r(bytes);
  QuorumPacket p;

  const std::int32_t type = r.i32("type");
  if (r.ok() && !isKnownPacketType(type)) {
    d.error = fmt::format("unknown packet type {}", type);
    return d;
  }
  p.type = static_cast<PacketType>(type);
  p.zxid = r.i64("zxid");
  p.data = r.buffer("data");

  // authinfo: vector<Id>, Id = { ustring scheme; ustring id }. Read and dropped.
  const std::int32_t ids = r.vectorCount("authinfo count");
  for (std::int32_t i = 0; i < ids && r.ok(); ++i) {
    (void)r.buffer("authinfo scheme");
    (void)r.buffer("authinfo id");
  }

  if (!r.ok()) {
    d.error = r.error();
    return d;
  }
  if (r.remaining() != 0) {
    d.error = fmt::format("{} trailing bytes after the packet", r.remaining());
    return d;
  }
  d.packet = std::move(p);
  return d;
}

Bytes encodeLearnerInfo(const LearnerInfo& li) {
  Bytes out;
  out.reserve(kLearnerInfoBytes);
  putI64(out, li.serverid);
  putI32(out, li.protocolVersion);
  putI64(out, li.configVersion);
  return out;
}

std::optional<LearnerInfo> decodeLearnerInfo(const Bytes& data) {
  if (data.size() < 8) return std::nullopt;
  LearnerInfo li;
  li.serverid = readI64At(data, 0);
  li.protocolVersion = data.size() >= 12 ? readI32At(data, 8) : kLearnerHandlerDefaultVersion;
  li.configVersion = data.size() >= kLearnerInfoBytes ? readI64At(data, 12) : 0;
  return li;
}

Bytes encodeInt(std::int32_t v) {
  Bytes out;
  putI32(out, v);
  return out;
}

std::optional<std::int32_t> decodeInt(const Bytes& data) {
  // ByteBuffer.wrap(data).getInt(): needs 4 bytes, ignores any more.
  if (data.size() < 4) return std::nullopt;
  return readI32At(data, 0);
}

Bytes encodeLong(std::int64_t v) {
  Bytes out;
  putI64(out, v);
  return out;
}

std::optional<std::int64_t> decodeLong(const Bytes& data) {
  if (data.size() < 8) return std::nullopt;
  return readI64At(data, 0);
}

}  // namespace zab
