#include "client_request.hpp"

#include "byte_io.hpp"
#include "quorum_packet.hpp"

#include <cstring>

namespace zab {

Bytes encodeClientRequest(const ClientRequest& r) {
  Bytes b;
  b.reserve(8 + 4 + 4 + 4 + r.path.size() + 4 + r.data.size());  // one allocation, not one per doubling
  putI64(b, r.sessionId);
  putI32(b, r.cxid);
  putI32(b, static_cast<std::int32_t>(r.op));
  putLengthPrefixed(b, r.path);
  putLengthPrefixed(b, r.data);
  return b;
}

Bytes encodeRequestPacket(const ClientRequest& r, Zxid zxid) {
  const std::size_t record = 8 + 4 + 4 + 4 + r.path.size() + 4 + r.data.size();
  Bytes b(4 + 8 + 4 + record + 4);  // QuorumPacket: type, zxid, data (length, bytes), authinfo
  std::uint8_t* at = storeI32(b.data(), static_cast<std::int32_t>(PacketType::REQUEST));
  at = storeI64(at, zxid);
  at = storeI32(at, static_cast<std::int32_t>(record));
  at = storeI64(at, r.sessionId);
  at = storeI32(at, r.cxid);
  at = storeI32(at, static_cast<std::int32_t>(r.op));
  for (const std::string* text : {&r.path, &r.data}) {
    at = storeI32(at, static_cast<std::int32_t>(text->size()));
    if (!text->empty()) std::memcpy(at, text->data(), text->size());
    at += text->size();
  }
  storeI32(at, 0);  // authinfo: an empty vector
  return b;
}

std::optional<ClientRequest> decodeClientRequest(const Bytes& bytes) {
  ByteReader rd(bytes);
  ClientRequest r;
  r.sessionId = rd.i64();
  r.cxid = rd.i32();
  r.op = static_cast<OpCode>(rd.i32());
  r.path = rd.text();
  r.data = rd.text();
  if (!rd.atEnd()) return std::nullopt;
  if (r.op != OpCode::setData && r.op != OpCode::delete_ && r.op != OpCode::sync) return std::nullopt;
  return r;
}

}  // namespace zab
