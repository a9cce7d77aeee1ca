// QuorumPacket and LearnerInfo in jute's binary form (zookeeper.jute; facts 3.1, 3.2).
// jute writes ints and longs big-endian, a buffer as an int length (-1 for null) followed by
// the bytes, and a vector as an int count (-1 for null) followed by the elements.
#include "quorum_packet.hpp"

#include "byte_io.hpp"

#include <cstddef>
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
