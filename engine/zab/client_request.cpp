#include "client_request.hpp"

#include "byte_io.hpp"

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
