#pragma once
// The REQUEST packet's data (Learner.request): long sessionId, int cxid, int opType, then the
// request record. Our record: ustring path, buffer data. "write" travels as setData and the
// leader turns it into a create when the node does not exist (ZabScope's create-or-set).
#include <optional>
#include <string>

#include "notification_codec.hpp"
#include "txn.hpp"

namespace zab {

struct ClientRequest {
  std::int64_t sessionId = 0;
  std::int32_t cxid = 0;
  OpCode op = OpCode::setData;  // setData (write), delete_, sync
  std::string path;
  std::string data;
};

Bytes encodeClientRequest(const ClientRequest& r);
// The whole REQUEST packet, encodeQuorumPacket({REQUEST, zxid, encodeClientRequest(r)}), written
// into one buffer: a learner forwards every client write, and the record was copied twice.
Bytes encodeRequestPacket(const ClientRequest& r, Zxid zxid);
std::optional<ClientRequest> decodeClientRequest(const Bytes& bytes);

// A server's client session id: (sid << 56) | 1, as ZooKeeper's session ids start with the sid.
constexpr std::int64_t sessionIdFor(Sid sid) { return static_cast<std::int64_t>((static_cast<std::uint64_t>(sid) << 56) | 1ULL); }

}  // namespace zab
