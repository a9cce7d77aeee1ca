#include "client_request.hpp"

#include "byte_io.hpp"

namespace zab {

namespace {
struct Reader {
  const Bytes& b;
  std::size_t pos = 0;
  bool ok = true;
  std::uint64_t take(int n) {
    if (pos + static_cast<std::size_t>(n) > b.size()) {
      ok = false;
      return 0;
    }
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | b[pos++];
    return v;
  }
  std::int32_t i32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(take(4))); }
  std::int64_t i64() { return static_cast<std::int64_t>(take(8)); }
  std::string str() {
    std::int32_t n = i32();
    if (!ok || n < 0 || pos + static_cast<std::size_t>(n) > b.size()) {
      ok = false;
      return {};
    }
    std::string s(b.begin() + static_cast<std::ptrdiff_t>(pos), b.begin() + static_cast<std::ptrdiff_t>(pos) + n);
    pos += static_cast<std::size_t>(n);
    return s;
  }
};
}  // namespace

Bytes encodeClientRequest(const ClientRequest& r) {
  Bytes b;
  putI64(b, r.sessionId);
  putI32(b, r.cxid);
  putI32(b, static_cast<std::int32_t>(r.op));
  putLengthPrefixed(b, r.path);
  putLengthPrefixed(b, r.data);
  return b;
}

std::optional<ClientRequest> decodeClientRequest(const Bytes& bytes) {
  Reader rd{bytes};
  ClientRequest r;
  r.sessionId = rd.i64();
  r.cxid = rd.i32();
  r.op = static_cast<OpCode>(rd.i32());
  r.path = rd.str();
  r.data = rd.str();
  if (!rd.ok || rd.pos != bytes.size()) return std::nullopt;
  if (r.op != OpCode::setData && r.op != OpCode::delete_ && r.op != OpCode::sync) return std::nullopt;
  return r;
}

}  // namespace zab
