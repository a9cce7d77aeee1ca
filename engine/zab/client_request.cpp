#include "client_request.hpp"

namespace zab {

namespace {
void putInt(Bytes& b, std::int32_t v) {
  for (int i = 3; i >= 0; --i) b.push_back(static_cast<std::uint8_t>((static_cast<std::uint32_t>(v) >> (8 * i)) & 0xff));
}
void putLong(Bytes& b, std::int64_t v) {
  for (int i = 7; i >= 0; --i) b.push_back(static_cast<std::uint8_t>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff));
}
void putString(Bytes& b, const std::string& s) {
  putInt(b, static_cast<std::int32_t>(s.size()));
  b.insert(b.end(), s.begin(), s.end());
}
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
  putLong(b, r.sessionId);
  putInt(b, r.cxid);
  putInt(b, static_cast<std::int32_t>(r.op));
  putString(b, r.path);
  putString(b, r.data);
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
