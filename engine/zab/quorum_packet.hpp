#pragma once
// QuorumPacket and LearnerInfo (zookeeper.jute; facts 3.1, 3.2): what leader and learners
// exchange on the quorum port, in jute's big-endian binary form.
#include <cstdint>
#include <optional>
#include <string>

#include "notification_codec.hpp"  // Bytes
#include "types.hpp"

namespace zab {

enum class PacketType : std::int32_t {
  REQUEST = 1,
  PROPOSAL = 2,
  ACK = 3,
  COMMIT = 4,
  PING = 5,
  REVALIDATE = 6,
  SYNC = 7,
  INFORM = 8,
  COMMITANDACTIVATE = 9,
  NEWLEADER = 10,
  FOLLOWERINFO = 11,
  UPTODATE = 12,
  DIFF = 13,
  TRUNC = 14,
  SNAP = 15,
  OBSERVERINFO = 16,
  LEADERINFO = 17,
  ACKEPOCH = 18,
  INFORMANDACTIVATE = 19,
};
std::string_view to_string(PacketType t);

// QuorumPacket { int type; long zxid; buffer data; vector<Id> authinfo } (authinfo always empty here).
struct QuorumPacket {
  PacketType type = PacketType::PING;
  Zxid zxid = 0;
  std::optional<Bytes> data;  // nullopt is jute's null buffer (length -1)
};

// int type, long zxid, buffer data (int len or -1, bytes), vector authinfo (int count; we write 0).
Bytes encodeQuorumPacket(const QuorumPacket& p);
// The same from the fields, `data` read in place (nullptr: a null buffer): a proposal's txn is
// not copied into a QuorumPacket first.
Bytes encodeQuorumPacket(PacketType type, Zxid zxid, const Bytes* data);
struct QuorumPacketDecode {
  std::optional<QuorumPacket> packet;
  std::string error;  // "truncated: needs 12 bytes, has 9", "unknown packet type 42", ...
};
QuorumPacketDecode decodeQuorumPacket(const Bytes& bytes);
// A packet without data (a null buffer) in the common layout, as ACK and COMMIT are written,
// read in place: the packet decodeQuorumPacket finds in such a frame, without its result's error
// string and buffers. Nothing for any other frame (decodeQuorumPacket reads those).
std::optional<QuorumPacket> decodeHeaderOnlyPacket(const Bytes& bytes);

// The zxid of `frame` if it is a PROPOSAL in the common layout (what decodeQuorumPacket reads in
// place: data ending where an empty or null authinfo starts, nothing after it) whose data are
// exactly `data`'s bytes; otherwise nothing. A follower then holds `data` instead of a copy.
std::optional<Zxid> proposalCarrying(const Bytes& frame, const Bytes& data);

constexpr std::int32_t kZabProtocolVersion = 0x10000;

// LearnerInfo { long serverid; int protocolVersion; long configVersion } = 20 bytes.
struct LearnerInfo {
  Sid serverid = 0;
  std::int32_t protocolVersion = kZabProtocolVersion;
  std::int64_t configVersion = 0;
};
Bytes encodeLearnerInfo(const LearnerInfo& li);
// LearnerHandler: >= 8 bytes gives the sid, >= 12 the protocol version, >= 20 the config
// version; fewer than 8 bytes is an error (the handler would invent a negative sid).
std::optional<LearnerInfo> decodeLearnerInfo(const Bytes& data);

// Big-endian int payloads (LEADERINFO's protocol version, ACKEPOCH's currentEpoch).
Bytes encodeInt(std::int32_t v);
std::optional<std::int32_t> decodeInt(const Bytes& data);
Bytes encodeLong(std::int64_t v);
std::optional<std::int64_t> decodeLong(const Bytes& data);

}  // namespace zab
