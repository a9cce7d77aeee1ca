#pragma once
// QuorumCnxManager on-the-wire pieces (facts section 2.3, 2.4): the initial message a
// connecting peer sends, and the int-length framing of every election message.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "notification_codec.hpp"
#include "types.hpp"

namespace zab {

constexpr std::int64_t kProtocolVersionV1 = -65536;  // PROTOCOL_VERSION_V1
constexpr std::int64_t kProtocolVersionV2 = -65535;  // PROTOCOL_VERSION_V2 (multiAddress)
constexpr std::int32_t kMaxInitialAddressLength = 2048;  // maxBuffer
constexpr std::int32_t kPacketMaxSize = 512 * 1024;      // PACKETMAXSIZE
constexpr Sid kObserverId = INT64_MAX;                   // QuorumPeer.OBSERVER_ID

struct InitialMessage {
  std::int64_t protocolVersion = kProtocolVersionV1;
  Sid sid = 0;
  std::vector<std::string> addresses;  // "host:port"; V2 joins several with '|'
};

// long protocolVersion, long sid, int n, n bytes of UTF-8 "host:port".
Bytes encodeInitialMessage(const InitialMessage& m);

struct InitialMessageDecode {
  std::optional<InitialMessage> message;  // empty: the connection is closed
  std::string error;
  bool legacy = false;  // first long >= 0: it is the bare sid (old protocol)
};
// Rejects unknown versions, n <= 0 or n > 2048, short reads and malformed addresses
// (no ':' / non-numeric port / unbalanced '['); wildcard hosts are dropped.
// withAddresses false: the same checks and errors, but `addresses` stays empty (the acceptor
// reads only the sid, and writing out every address was most of the cost of a connect).
InitialMessageDecode decodeInitialMessage(const Bytes& bytes, bool withAddresses = true);

// int len + payload, as SendWorker.send writes it.
Bytes encodeFrame(const Bytes& payload);

struct FrameDecode {
  std::optional<Bytes> payload;  // empty: RecvWorker closes the connection
  std::string error;             // e.g. "frame length -5 <= 0", "frame length 600000 > PACKETMAXSIZE"
};
// RecvWorker: a length <= 0 or above PACKETMAXSIZE closes the connection; so does a short frame.
FrameDecode decodeFrame(const Bytes& frame);

}  // namespace zab
