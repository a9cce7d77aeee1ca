// TxnHeader + txn records in jute binary form (zookeeper.jute; SerializeUtils.deserializeTxn).
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zab/txn.hpp"
#include "wire_builder.hpp"

using zab::Bytes;
using zab::deserializeTxn;
using zab::describeTxn;
using zab::OpCode;
using zab::serializeTxn;
using zab::Txn;

namespace {

using zab::test::Builder;

// TxnHeader: clientId, cxid, zxid, time, type.
Builder hdr(std::int64_t clientId, std::int32_t cxid, std::int64_t zxid, std::int64_t time, OpCode type) {
  Builder b;
  b.i64(clientId).i32(cxid).i64(zxid).i64(time).i32(static_cast<std::int32_t>(type));
  return b;
}

Txn header(OpCode type, std::int64_t zxid = 0x100000001LL) {
  Txn t;
  t.hdr.clientId = 0x1234567890abLL;
  t.hdr.cxid = 7;
  t.hdr.zxid = zxid;
  t.hdr.time = 1700000000123LL;
  t.hdr.type = type;
  return t;
}

Txn createTxn(const std::string& path, const std::string& data, std::int32_t parentCVersion = 1) {
  Txn t = header(OpCode::create);
  t.path = path;
  t.data = data;
  t.parentCVersion = parentCVersion;
  return t;
}

Bytes prefix(const Bytes& b, std::size_t n) { return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)); }

}  // namespace

TEST_CASE("txn: TxnHeader byte layout", "[txn]") {
  Txn t = header(OpCode::closeSession);
  t.hdr.clientId = 0x0102030405060708LL;
  t.hdr.cxid = 0x090a0b0c;
  t.hdr.zxid = 0x0000000200000003LL;
  t.hdr.time = 0x1112131415161718LL;
  const Bytes b = serializeTxn(t);
  const Bytes expected = {
      0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // [0]  long clientId
      0x09, 0x0a, 0x0b, 0x0c,                          // [8]  int cxid
      0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,  // [12] long zxid
      0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,  // [20] long time
      0xff, 0xff, 0xff, 0xf5,                          // [28] int type = -11 (closeSession)
  };
  REQUIRE(b == expected);  // closeSession has no record: the header alone, 32 bytes
}

TEST_CASE("txn: record layouts", "[txn]") {
  SECTION("CreateTxn: path, data, empty acl vector, ephemeral false, parentCVersion") {
    const Txn t = createTxn("/a", "xy", 3);
    const Bytes expected =
        hdr(t.hdr.clientId, 7, t.hdr.zxid, t.hdr.time, OpCode::create).ustr("/a").ustr("xy").i32(0).u8(0).i32(3).b;
    CHECK(serializeTxn(t) == expected);
  }
  SECTION("DeleteTxn: path") {
    Txn t = header(OpCode::delete_);
    t.path = "/a/b";
    CHECK(serializeTxn(t) == hdr(t.hdr.clientId, 7, t.hdr.zxid, t.hdr.time, OpCode::delete_).ustr("/a/b").b);
  }
  SECTION("SetDataTxn: path, data, version") {
    Txn t = header(OpCode::setData);
    t.path = "/a";
    t.data = "new";
    t.version = 4;
    CHECK(serializeTxn(t) ==
          hdr(t.hdr.clientId, 7, t.hdr.zxid, t.hdr.time, OpCode::setData).ustr("/a").ustr("new").i32(4).b);
  }
  SECTION("CreateSessionTxn: timeOut") {
    Txn t = header(OpCode::createSession);
    t.sessionTimeout = 30000;
    CHECK(serializeTxn(t) == hdr(t.hdr.clientId, 7, t.hdr.zxid, t.hdr.time, OpCode::createSession).i32(30000).b);
  }
  SECTION("ErrorTxn: err") {
    Txn t = header(OpCode::error);
    t.err = -110;
    CHECK(serializeTxn(t) == hdr(t.hdr.clientId, 7, t.hdr.zxid, t.hdr.time, OpCode::error).i32(-110).b);
  }
}

TEST_CASE("txn: every kind round trips", "[txn]") {
  std::vector<Txn> txns;
  txns.push_back(createTxn("/a", "x"));
  txns.push_back(createTxn("/a/b", ""));
  txns.push_back(createTxn("/bin", std::string("\0\x01\xff", 3), -1));
  {
    Txn t = header(OpCode::delete_);
    t.path = "/a";
    txns.push_back(t);
  }
  {
    Txn t = header(OpCode::setData);
    t.path = "/a";
    t.data = "y";
    t.version = 2;
    txns.push_back(t);
  }
  {
    Txn t = header(OpCode::createSession);
    t.sessionTimeout = 30000;
    txns.push_back(t);
  }
  txns.push_back(header(OpCode::closeSession));
  {
    Txn t = header(OpCode::error);
    t.err = -101;
    txns.push_back(t);
  }
  {
    Txn t = header(OpCode::create, -1);  // negative header fields survive too
    t.hdr.clientId = -5;
    t.hdr.cxid = -2;
    t.hdr.time = -1;
    t.path = "/\xc3\xa9t\xc3\xa9";  // UTF-8 passes through untouched
    t.data = "d";
    t.parentCVersion = 0;
    txns.push_back(t);
  }

  for (const Txn& t : txns) {
    CAPTURE(describeTxn(t));
    const auto back = deserializeTxn(serializeTxn(t));
    REQUIRE(back.has_value());
    CHECK(*back == t);
  }
}

TEST_CASE("txn: fields a kind does not carry come back as defaults", "[txn]") {
  Txn t = header(OpCode::delete_);
  t.path = "/a";
  t.data = "ignored";
  t.version = 9;
  t.sessionTimeout = 5;
  const auto back = deserializeTxn(serializeTxn(t));
  REQUIRE(back.has_value());
  CHECK(back->path == "/a");
  CHECK(back->data.empty());
  CHECK(back->version == -1);
  CHECK(back->sessionTimeout == 0);
}

TEST_CASE("txn: truncated input is rejected", "[txn]") {
  std::vector<Txn> txns;
  txns.push_back(createTxn("/abc", "data"));
  {
    Txn t = header(OpCode::setData);
    t.path = "/abc";
    t.data = "v";
    t.version = 1;
    txns.push_back(t);
  }
  {
    Txn t = header(OpCode::delete_);
    t.path = "/abc";
    txns.push_back(t);
  }
  {
    Txn t = header(OpCode::error);
    t.err = -110;
    txns.push_back(t);
  }
  for (const Txn& t : txns) {
    const Bytes full = serializeTxn(t);
    for (std::size_t n = 0; n < full.size(); ++n) {
      CAPTURE(describeTxn(t), n);
      const auto d = deserializeTxn(prefix(full, n));
      if (t.hdr.type == OpCode::create && n == full.size() - 4) {
        // Exactly a CreateTxnV0 (no parentCVersion): accepted, as SerializeUtils does.
        REQUIRE(d.has_value());
        CHECK(d->parentCVersion == -1);
        CHECK(d->path == t.path);
      } else {
        CHECK_FALSE(d.has_value());
      }
    }
  }
}

TEST_CASE("txn: garbage is rejected", "[txn]") {
  const Txn base = createTxn("/a", "x");
  const Bytes good = serializeTxn(base);

  SECTION("trailing bytes") {
    Bytes b = good;
    b.push_back(0);
    CHECK_FALSE(deserializeTxn(b).has_value());
  }
  SECTION("an unknown type number") {
    CHECK_FALSE(deserializeTxn(hdr(1, 1, 1, 1, static_cast<OpCode>(77)).i32(0).b).has_value());
  }
  SECTION("op codes that are not txns") {
    for (const OpCode op : {OpCode::notification, OpCode::exists, OpCode::getData, OpCode::sync}) {
      Txn t = header(op);
      CHECK_FALSE(deserializeTxn(serializeTxn(t)).has_value());
    }
  }
  SECTION("a null path") {
    CHECK_FALSE(deserializeTxn(hdr(1, 1, 1, 1, OpCode::delete_).i32(-1).b).has_value());
  }
  SECTION("a negative length") {
    CHECK_FALSE(deserializeTxn(hdr(1, 1, 1, 1, OpCode::delete_).i32(-3).b).has_value());
  }
  SECTION("a length far past the end") {
    CHECK_FALSE(deserializeTxn(hdr(1, 1, 1, 1, OpCode::delete_).i32(0x7fffffff).ustr("x").b).has_value());
  }
  SECTION("a boolean that is neither 0 nor 1") {
    const Bytes b = hdr(1, 1, 1, 1, OpCode::create).ustr("/a").ustr("x").i32(0).u8(2).i32(1).b;
    CHECK_FALSE(deserializeTxn(b).has_value());
  }
  SECTION("all 0xff") {
    CHECK_FALSE(deserializeTxn(Bytes(64, 0xff)).has_value());
  }
  SECTION("empty") {
    CHECK_FALSE(deserializeTxn(Bytes{}).has_value());
  }
}

TEST_CASE("txn: foreign but valid forms are read", "[txn]") {
  SECTION("a CreateTxn with ACL entries (skipped) and a null data buffer") {
    const Bytes b = hdr(1, 2, 3, 4, OpCode::create)
                        .ustr("/n")
                        .i32(-1)                                      // data: null
                        .i32(1).i32(31).ustr("world").ustr("anyone")  // acl: one entry
                        .u8(0)
                        .i32(5)
                        .b;
    const auto t = deserializeTxn(b);
    REQUIRE(t.has_value());
    CHECK(t->path == "/n");
    CHECK(t->data.empty());
    CHECK(t->parentCVersion == 5);
  }
  SECTION("a null ACL vector") {
    const auto t = deserializeTxn(hdr(1, 2, 3, 4, OpCode::create).ustr("/n").ustr("d").i32(-1).u8(0).i32(0).b);
    REQUIRE(t.has_value());
    CHECK(t->parentCVersion == 0);
  }
  SECTION("a 3.8 CloseSessionTxn with paths to delete") {
    const auto t = deserializeTxn(hdr(9, 2, 3, 4, OpCode::closeSession).i32(2).ustr("/e1").ustr("/e2").b);
    REQUIRE(t.has_value());
    CHECK(t->hdr.type == OpCode::closeSession);
    CHECK(t->hdr.clientId == 9);
    // ... but a cut-short one is not.
    CHECK_FALSE(deserializeTxn(hdr(9, 2, 3, 4, OpCode::closeSession).i32(2).ustr("/e1").b).has_value());
  }
}

TEST_CASE("txn: describeTxn", "[txn]") {
  CHECK(describeTxn(createTxn("/a", "x")) == "create /a = \"x\"");
  {
    Txn t = header(OpCode::setData);
    t.path = "/a";
    t.data = "y";
    t.version = 2;
    CHECK(describeTxn(t) == "setData /a = \"y\" (version 2)");
  }
  {
    Txn t = header(OpCode::delete_);
    t.path = "/a";
    CHECK(describeTxn(t) == "delete /a");
  }
  {
    Txn t = header(OpCode::createSession);
    t.sessionTimeout = 30000;
    CHECK(describeTxn(t) == "createSession (timeout 30000)");
  }
  CHECK(describeTxn(header(OpCode::closeSession)) == "closeSession");
  {
    Txn t = header(OpCode::error);
    t.err = -110;
    CHECK(describeTxn(t) == "error NODEEXISTS");
    t.err = -101;
    CHECK(describeTxn(t) == "error NONODE");
    t.err = -8;
    CHECK(describeTxn(t) == "error BADARGUMENTS");
    t.err = -9999;
    CHECK(describeTxn(t) == "error -9999");
  }
  CHECK(describeTxn(createTxn("/b", "")) == "create /b = \"\"");
  CHECK(describeTxn(createTxn("/b", std::string("q\"\n\x01", 4))) == "create /b = \"q\\\"\\x0a\\x01\"");
  CHECK(describeTxn(createTxn("/b", std::string(40, 'z'))) ==
        "create /b = \"" + std::string(32, 'z') + "...\" (40 bytes)");
}

TEST_CASE("txn: OpCode values and names", "[txn]") {
  CHECK(static_cast<int>(OpCode::create) == 1);
  CHECK(static_cast<int>(OpCode::delete_) == 2);
  CHECK(static_cast<int>(OpCode::setData) == 5);
  CHECK(static_cast<int>(OpCode::createSession) == -10);
  CHECK(static_cast<int>(OpCode::closeSession) == -11);
  CHECK(static_cast<int>(OpCode::error) == -1);
  CHECK(zab::to_string(OpCode::notification) == "notification");
  CHECK(zab::to_string(OpCode::create) == "create");
  CHECK(zab::to_string(OpCode::delete_) == "delete");
  CHECK(zab::to_string(OpCode::exists) == "exists");
  CHECK(zab::to_string(OpCode::getData) == "getData");
  CHECK(zab::to_string(OpCode::setData) == "setData");
  CHECK(zab::to_string(OpCode::sync) == "sync");
  CHECK(zab::to_string(OpCode::createSession) == "createSession");
  CHECK(zab::to_string(OpCode::closeSession) == "closeSession");
  CHECK(zab::to_string(OpCode::error) == "error");
  CHECK(zab::to_string(static_cast<OpCode>(123)) == "unknown");
}

// deserializeTxn reads the common setData in place and leaves every other form to the field
// reader: both must find the same txn, and refuse the same bytes.
TEST_CASE("txn: setData read in place, and its edges", "[txn]") {
  const auto set = [] { return hdr(1, 2, 3, 4, OpCode::setData); };
  SECTION("path, data and version") {
    const auto d = deserializeTxn(set().ustr("/k1").ustr("v9").i32(7).b);
    REQUIRE(d.has_value());
    CHECK(d->hdr.clientId == 1);
    CHECK(d->hdr.cxid == 2);
    CHECK(d->hdr.zxid == 3);
    CHECK(d->hdr.time == 4);
    CHECK(d->path == "/k1");
    CHECK(d->data == "v9");
    CHECK(d->version == 7);
  }
  SECTION("a null data buffer reads as empty data") {
    const auto d = deserializeTxn(set().ustr("/k1").i32(-1).i32(7).b);
    REQUIRE(d.has_value());
    CHECK(d->data.empty());
    CHECK(d->version == 7);
  }
  SECTION("empty path and data") {
    const auto d = deserializeTxn(set().ustr("").ustr("").i32(0).b);
    REQUIRE(d.has_value());
    CHECK(d->path.empty());
    CHECK(d->data.empty());
  }
  SECTION("refused") {
    CHECK_FALSE(deserializeTxn(set().ustr("/k1").ustr("v9").i32(7).u8(0).b).has_value());  // trailing byte
    CHECK_FALSE(deserializeTxn(set().ustr("/k1").i32(-2).i32(7).b).has_value());  // data length -2
    CHECK_FALSE(deserializeTxn(set().i32(-1).ustr("v9").i32(7).b).has_value());  // null path
    CHECK_FALSE(deserializeTxn(set().i32(100).ustr("v9").i32(7).b).has_value());  // path runs past the end
    CHECK_FALSE(deserializeTxn(set().ustr("/k1").i32(100).i32(7).b).has_value());  // data runs past the end
    CHECK_FALSE(deserializeTxn(set().ustr("/k1").ustr("v9").b).has_value());  // no version
  }
  SECTION("the same txn as a round trip of every size of data") {
    for (std::size_t n : {0U, 1U, 15U, 16U, 100U}) {
      Txn t = header(OpCode::setData);
      t.path = "/k" + std::to_string(n);
      t.data = std::string(n, 'x');
      t.version = static_cast<std::int32_t>(n);
      CAPTURE(n);
      CHECK(deserializeTxn(serializeTxn(t)) == std::optional<Txn>(t));
    }
  }
}
