// Transactions in jute binary form: TxnHeader followed by the kind's record, the layout
// SerializeUtils.deserializeTxn reads back (zookeeper.jute: TxnHeader, CreateTxn, ...).
#include "txn.hpp"

#include "byte_io.hpp"

#include <cstddef>
#include <cstring>
#include <fmt/format.h>

#include "data_tree.hpp"  // to_string(KeeperCode) for describeTxn

namespace zab {

namespace {

// ---- jute readers -------------------------------------------------------------------------
// Any failure (underflow, bad length, bad boolean) latches in the reader and fails the decode.

// jute boolean: one byte. We write 0/1 and accept nothing else (anything else is garbage).
bool readBoolean(ByteReader& r) {
  const std::uint8_t b = r.u8();
  if (b > 1) r.fail(fmt::format("bad boolean {}", b));
  return b == 1;
}

// A data buffer: null (-1) reads as empty. (A path is r.text(): it must not be null.)
std::string readData(ByteReader& r) { return r.buffer().value_or(std::string()); }

// vector<ACL>, ACL = { int perms; Id id }, Id = { ustring scheme; ustring id }: skipped.
void skipAcls(ByteReader& r) {
  const std::int32_t n = r.vectorCount();
  for (std::int32_t i = 0; i < n && r.ok(); ++i) {
    (void)r.i32();
    (void)r.buffer();
    (void)r.buffer();
  }
}

// vector<ustring> (CloseSessionTxn.paths2Delete): skipped.
void skipStrings(ByteReader& r) {
  const std::int32_t n = r.vectorCount();
  for (std::int32_t i = 0; i < n && r.ok(); ++i) (void)r.buffer();
}

// Quotes data for a one-line description: printable ASCII as is, the rest escaped, long
// values cut short.
std::string quoteData(const std::string& data) {
  constexpr std::size_t kMaxShown = 32;
  std::string out = "\"";
  const std::size_t shown = data.size() < kMaxShown ? data.size() : kMaxShown;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    }
  }
  if (shown < data.size()) out += fmt::format("...\" ({} bytes)", data.size());
  else out += '"';
  return out;
}

}  // namespace

std::string_view to_string(OpCode op) {
  switch (op) {
    case OpCode::notification: return "notification";
    case OpCode::create: return "create";
    case OpCode::delete_: return "delete";
    case OpCode::exists: return "exists";
    case OpCode::getData: return "getData";
    case OpCode::setData: return "setData";
    case OpCode::sync: return "sync";
    case OpCode::createSession: return "createSession";
    case OpCode::closeSession: return "closeSession";
    case OpCode::error: return "error";
  }
  return "unknown";
}

Bytes serializeTxn(const Txn& t) {
  // Sized first, then stored in place (the leader serializes every proposal; a push_back per
  // byte cost more than the rest of the record).
  std::size_t recordBytes = 0;
  switch (t.hdr.type) {
    case OpCode::create: recordBytes = 4 + t.path.size() + 4 + t.data.size() + 4 + 1 + 4; break;  // CreateTxn
    case OpCode::delete_: recordBytes = 4 + t.path.size(); break;                                  // DeleteTxn
    case OpCode::setData: recordBytes = 4 + t.path.size() + 4 + t.data.size() + 4; break;         // SetDataTxn
    case OpCode::createSession:                                                                    // CreateSessionTxn
    case OpCode::error: recordBytes = 4; break;                                                    // ErrorTxn
    case OpCode::closeSession:  // no record
    case OpCode::notification:
    case OpCode::exists:
    case OpCode::getData:
    case OpCode::sync:
      break;  // not txn kinds: header only, and deserializeTxn refuses them
  }
  Bytes out(32 + recordBytes);
  // TxnHeader
  std::uint8_t* at = storeI64(out.data(), t.hdr.clientId);
  at = storeI32(at, t.hdr.cxid);
  at = storeI64(at, t.hdr.zxid);
  at = storeI64(at, t.hdr.time);
  at = storeI32(at, static_cast<std::int32_t>(t.hdr.type));
  const auto storeText = [](std::uint8_t* to, const std::string& text) {  // jute ustring / buffer
    to = storeI32(to, static_cast<std::int32_t>(text.size()));
    if (!text.empty()) std::memcpy(to, text.data(), text.size());
    return to + text.size();
  };
  switch (t.hdr.type) {
    case OpCode::create:
      at = storeText(at, t.path);
      at = storeText(at, t.data);
      at = storeI32(at, 0);  // acl: no entries
      *at++ = 0;             // ephemeral: false
      storeI32(at, t.parentCVersion);
      break;
    case OpCode::delete_:
      storeText(at, t.path);
      break;
    case OpCode::setData:
      at = storeText(at, t.path);
      at = storeText(at, t.data);
      storeI32(at, t.version);
      break;
    case OpCode::createSession:
      storeI32(at, t.sessionTimeout);
      break;
    case OpCode::error:
      storeI32(at, t.err);
      break;
    case OpCode::closeSession:
    case OpCode::notification:
    case OpCode::exists:
    case OpCode::getData:
    case OpCode::sync:
      break;
  }
  return out;
}

namespace {
// TxnHeader: long clientId, int cxid, long zxid, long time, int type.
constexpr std::size_t kTxnHeaderBytes = 32;

// The common txn, a setData whose record fills the buffer exactly (path, data or null, version),
// read in place: every follower reads every proposal. Anything else returns false and takes the
// field-by-field reader, which finds the same txn or refuses it.
bool readSetDataInPlace(const Bytes& bytes, Txn& t) {
  const std::uint8_t* p = bytes.data() + kTxnHeaderBytes;
  const std::size_t left = bytes.size() - kTxnHeaderBytes;
  if (left < 12) return false;
  const std::int32_t pathLen = loadI32(p);
  if (pathLen < 0 || static_cast<std::size_t>(pathLen) > left - 12) return false;
  const std::uint8_t* d = p + 4 + pathLen;
  const std::int32_t dataLen = loadI32(d);
  const std::size_t dataSize = dataLen > 0 ? static_cast<std::size_t>(dataLen) : 0;
  if (dataLen < -1 || left != 4 + static_cast<std::size_t>(pathLen) + 4 + dataSize + 4) return false;
  t.path.assign(reinterpret_cast<const char*>(p + 4), static_cast<std::size_t>(pathLen));
  t.data.assign(reinterpret_cast<const char*>(d + 4), dataSize);
  t.version = loadI32(d + 4 + dataSize);
  return true;
}
}  // namespace

std::optional<Txn> deserializeTxn(const Bytes& bytes) {
  if (bytes.size() >= kTxnHeaderBytes && loadI32(bytes.data() + 28) == static_cast<std::int32_t>(OpCode::setData)) {
    Txn t;
    t.hdr.clientId = loadI64(bytes.data());
    t.hdr.cxid = loadI32(bytes.data() + 8);
    t.hdr.zxid = loadI64(bytes.data() + 12);
    t.hdr.time = loadI64(bytes.data() + 20);
    t.hdr.type = OpCode::setData;
    if (readSetDataInPlace(bytes, t)) return t;
  }
  ByteReader r(bytes);
  Txn t;
  t.hdr.clientId = r.i64();
  t.hdr.cxid = r.i32();
  t.hdr.zxid = r.i64();
  t.hdr.time = r.i64();
  const std::int32_t type = r.i32();
  if (!r.ok()) return std::nullopt;
  t.hdr.type = static_cast<OpCode>(type);

  switch (t.hdr.type) {
    case OpCode::create:
      t.path = r.text();
      t.data = readData(r);
      skipAcls(r);
      (void)readBoolean(r);  // ephemeral: not modelled
      // A record that ends here is a CreateTxnV0 (no parentCVersion); SerializeUtils reads it
      // as parentCVersion -1, which processTxn turns into "parent's cversion + 1".
      if (r.ok() && r.remaining() == 0) {
        t.parentCVersion = -1;
      } else {
        t.parentCVersion = r.i32();
      }
      break;
    case OpCode::delete_:
      t.path = r.text();
      break;
    case OpCode::setData:
      t.path = r.text();
      t.data = readData(r);
      t.version = r.i32();
      break;
    case OpCode::createSession:
      t.sessionTimeout = r.i32();
      break;
    case OpCode::error:
      t.err = r.i32();
      break;
    case OpCode::closeSession:
      // Our form has no record; a 3.8 CloseSessionTxn (vector<ustring> paths2Delete) is
      // accepted and its paths dropped.
      if (r.remaining() != 0) skipStrings(r);
      break;
    case OpCode::notification:
    case OpCode::exists:
    case OpCode::getData:
    case OpCode::sync:
      return std::nullopt;
    default:
      return std::nullopt;  // a type number we do not know
  }
  if (!r.atEnd()) return std::nullopt;  // truncated, malformed, or trailing bytes
  return t;
}

std::shared_ptr<const Txn> sharedTxnOf(const SharedBytes& bytes) {
  return bytes.decodedOnce<Txn>([](const Bytes& b) -> std::shared_ptr<const Txn> {
    auto t = deserializeTxn(b);
    // Not make_shared: the buffer's weak reference would keep make_shared's one block (the
    // txn's own bytes included) for as long as the buffer lives; apart, only the small
    // control block stays.
    return t ? std::shared_ptr<const Txn>(new Txn(std::move(*t))) : nullptr;
  });
}

std::string describeTxn(const Txn& t) {
  switch (t.hdr.type) {
    case OpCode::create:
      return fmt::format("create {} = {}", t.path, quoteData(t.data));
    case OpCode::delete_:
      return fmt::format("delete {}", t.path);
    case OpCode::setData:
      return fmt::format("setData {} = {} (version {})", t.path, quoteData(t.data), t.version);
    case OpCode::createSession:
      return fmt::format("createSession (timeout {})", t.sessionTimeout);
    case OpCode::closeSession:
      return "closeSession";
    case OpCode::error: {
      const std::string_view name = to_string(static_cast<KeeperCode>(t.err));
      if (name == "UNKNOWN") return fmt::format("error {}", t.err);
      return fmt::format("error {}", name);
    }
    case OpCode::notification:
    case OpCode::exists:
    case OpCode::getData:
    case OpCode::sync:
      return std::string(to_string(t.hdr.type));
  }
  return fmt::format("unknown txn type {}", static_cast<std::int32_t>(t.hdr.type));
}

}  // namespace zab
