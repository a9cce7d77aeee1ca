// QuorumPacket and LearnerInfo in jute's binary form (zookeeper.jute; facts 3.1, 3.2).
// jute writes ints and longs big-endian, a buffer as an int length (-1 for null) followed by
// the bytes, and a vector as an int count (-1 for null) followed by the elements.
#include "quorum_packet.hpp"

#include "byte_io.hpp"

#include <cstddef>
#include <cstring>
#include <fmt/format.h>

namespace zab {

namespace {

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

Bytes encodeQuorumPacket(const QuorumPacket& p) { return encodeQuorumPacket(p.type, p.zxid, p.data ? &*p.data : nullptr); }

Bytes encodeQuorumPacket(PacketType type, Zxid zxid, const Bytes* data) {
  const std::size_t dataSize = data ? data->size() : 0;
  Bytes out(4 + 8 + 4 + dataSize + 4);
  std::uint8_t* at = storeI32(out.data(), static_cast<std::int32_t>(type));
  at = storeI64(at, zxid);
  at = storeI32(at, data ? static_cast<std::int32_t>(dataSize) : -1);
  if (dataSize > 0) std::memcpy(at, data->data(), dataSize);
  storeI32(at + dataSize, 0);  // authinfo: an empty vector
  return out;
}

QuorumPacketDecode decodeQuorumPacket(const Bytes& bytes) {
  // The common packet, read in place: a known type, a data buffer (or null) that ends where the
  // authinfo count starts, an empty (0) or null (-1) authinfo, nothing after it. Anything else
  // takes the field-by-field reader below, which finds the same packet or names the error.
  if (bytes.size() >= 20) {
    const std::uint8_t* b = bytes.data();
    const std::int32_t type = loadI32(b);
    const std::int32_t len = loadI32(b + 12);
    const std::size_t dataSize = len > 0 ? static_cast<std::size_t>(len) : 0;
    if (isKnownPacketType(type) && len >= -1 && bytes.size() == 20 + dataSize) {
      const std::int32_t ids = loadI32(b + 16 + dataSize);
      if (ids == 0 || ids == -1) {
        QuorumPacketDecode d;
        QuorumPacket& p = d.packet.emplace();
        p.type = static_cast<PacketType>(type);
        p.zxid = loadI64(b + 4);
        if (len >= 0) p.data.emplace(b + 16, b + 16 + dataSize);
        return d;
      }
    }
  }
  QuorumPacketDecode d;
  ByteReader r(bytes);
  QuorumPacket p;

  const std::int32_t type = r.i32("type");
  if (r.ok() && !isKnownPacketType(type)) {
    d.error = fmt::format("unknown packet type {}", type);
    return d;
  }
  p.type = static_cast<PacketType>(type);
  p.zxid = r.i64("zxid");
  p.data = r.buffer<Bytes>("data");

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

std::optional<QuorumPacket> decodeHeaderOnlyPacket(const Bytes& bytes) {
  // decodeQuorumPacket's in-place case with a data length of -1: 20 bytes, a known type, an
  // empty (0) or null (-1) authinfo.
  if (bytes.size() != 20) return std::nullopt;
  const std::uint8_t* b = bytes.data();
  const std::int32_t type = loadI32(b);
  if (!isKnownPacketType(type) || loadI32(b + 12) != -1) return std::nullopt;
  const std::int32_t ids = loadI32(b + 16);
  if (ids != 0 && ids != -1) return std::nullopt;
  return QuorumPacket{static_cast<PacketType>(type), loadI64(b + 4), std::nullopt};
}

std::optional<Zxid> proposalCarrying(const Bytes& frame, const Bytes& data) {
  if (frame.size() != 20 + data.size()) return std::nullopt;
  const std::uint8_t* b = frame.data();
  if (loadI32(b) != static_cast<std::int32_t>(PacketType::PROPOSAL)) return std::nullopt;
  if (loadI32(b + 12) != static_cast<std::int32_t>(data.size())) return std::nullopt;
  const std::int32_t ids = loadI32(b + 16 + data.size());
  if (ids != 0 && ids != -1) return std::nullopt;
  if (!data.empty() && std::memcmp(b + 16, data.data(), data.size()) != 0) return std::nullopt;
  return loadI64(b + 4);
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
  // Older learners send a shorter record: each missing trailing field takes its default.
  ByteReader r(data);
  LearnerInfo li;
  li.serverid = r.i64();
  if (!r.ok()) return std::nullopt;
  li.protocolVersion = r.remaining() >= 4 ? r.i32() : kLearnerHandlerDefaultVersion;
  li.configVersion = r.remaining() >= 8 ? r.i64() : 0;
  return li;
}

Bytes encodeInt(std::int32_t v) {
  Bytes out;
  putI32(out, v);
  return out;
}

std::optional<std::int32_t> decodeInt(const Bytes& data) {
  // ByteBuffer.wrap(data).getInt(): needs 4 bytes, ignores any more.
  ByteReader r(data);
  const std::int32_t v = r.i32();
  if (!r.ok()) return std::nullopt;
  return v;
}

Bytes encodeLong(std::int64_t v) {
  Bytes out;
  putI64(out, v);
  return out;
}

std::optional<std::int64_t> decodeLong(const Bytes& data) {
  ByteReader r(data);
  const std::int64_t v = r.i64();
  if (!r.ok()) return std::nullopt;
  return v;
}

}  // namespace zab
