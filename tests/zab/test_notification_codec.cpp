// FLE notification payload: buildMsg layouts and the WorkerReceiver parsing rules
// (facts 1.4, FLEMalformedNotificationMessageTest).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "zab/notification_codec.hpp"
#include "wire_builder.hpp"

using zab::Bytes;
using zab::decodeNotification;
using zab::NotificationMessage;

namespace {

using zab::test::Builder;

std::int32_t readI32(const Bytes& b, std::size_t at) {
  std::uint32_t u = 0;
  for (std::size_t i = 0; i < 4; ++i) u = (u << 8) | b.at(at + i);
  return static_cast<std::int32_t>(u);
}

std::int64_t readI64(const Bytes& b, std::size_t at) {
  std::uint64_t u = 0;
  for (std::size_t i = 0; i < 8; ++i) u = (u << 8) | b.at(at + i);
  return static_cast<std::int64_t>(u);
}

Bytes slice(const Bytes& b, std::size_t from, std::size_t n) {
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(from),
               b.begin() + static_cast<std::ptrdiff_t>(from + n));
}

const std::string kConfig =
    "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
    "server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182\n"
    "version=0";

// FLEMalformedNotificationMessageTest's CONFIG_BYTES.
const std::string kBadConfig = "my very invalid config string";

NotificationMessage sample() {
  NotificationMessage m;
  m.state = 1;  // FOLLOWING
  m.leader = 0x0102030405060708LL;
  m.zxid = 0x1112131415161718LL;
  m.electionEpoch = 0x2122232425262728LL;
  m.peerEpoch = 0x3132333435363738LL;
  m.version = 2;
  m.config = kConfig;
  return m;
}

}  // namespace

TEST_CASE("notification codec: v2 encoding has the buildMsg byte layout", "[notification]") {
  const auto m = sample();
  const Bytes out = zab::encodeNotification(m);

  REQUIRE(out.size() == 44 + kConfig.size());
  CHECK(slice(out, 0, 4) == Bytes{0x00, 0x00, 0x00, 0x01});
  CHECK(slice(out, 4, 8) == Bytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08});
  CHECK(slice(out, 12, 8) == Bytes{0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18});
  CHECK(slice(out, 20, 8) == Bytes{0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28});
  CHECK(slice(out, 28, 8) == Bytes{0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38});
  CHECK(readI64(out, 4) == m.leader);
  CHECK(readI64(out, 28) == m.peerEpoch);
  // offsets 36..39: version 2, big-endian
  CHECK(slice(out, 36, 4) == Bytes{0x00, 0x00, 0x00, 0x02});
  CHECK(readI32(out, 40) == static_cast<std::int32_t>(kConfig.size()));
  CHECK(std::string(out.begin() + 44, out.end()) == kConfig);

  // The whole thing equals an independently built buffer.
  Builder b;
  b.i32(1).i64(m.leader).i64(m.zxid).i64(m.electionEpoch).i64(m.peerEpoch).i32(2);
  b.i32(static_cast<std::int32_t>(kConfig.size())).str(kConfig);
  CHECK(out == b.b);
}

TEST_CASE("notification codec: v2 always writes version 2 - whatever m.version says",
          "[notification]") {
  auto m = sample();
  m.version = 0;
  m.config.reset();
  const Bytes out = zab::encodeNotification(m);
  REQUIRE(out.size() == 44);
  CHECK(readI32(out, 36) == zab::kNotificationVersion);
  CHECK(readI32(out, 40) == 0);  // no config: configLen 0

  const auto d = decodeNotification(out);
  REQUIRE(d.message);
  CHECK(d.error.empty());
  CHECK(d.layout == "v2+config");
  CHECK(d.message->version == 2);
  REQUIRE(d.message->config);  // version > 1: a (here empty) config is present
  CHECK(d.message->config->empty());
}

TEST_CASE("notification codec: v2 round trip", "[notification]") {
  const auto m = sample();
  const auto d = decodeNotification(zab::encodeNotification(m));
  REQUIRE(d.message);
  CHECK(d.error.empty());
  CHECK(d.layout == "v2+config");
  CHECK(d.message->state == m.state);
  CHECK(d.message->leader == m.leader);
  CHECK(d.message->zxid == m.zxid);
  CHECK(d.message->electionEpoch == m.electionEpoch);
  CHECK(d.message->peerEpoch == m.peerEpoch);
  CHECK(d.message->version == 2);
  REQUIRE(d.message->config);
  CHECK(*d.message->config == kConfig);
}

TEST_CASE("notification codec: negative values round trip", "[notification]") {
  NotificationMessage m;
  m.state = 0;
  m.leader = -1;                                         // starter(): leader -1
  m.zxid = -1;                                           // starter(): zxid -1
  m.electionEpoch = std::numeric_limits<std::int64_t>::min();
  m.peerEpoch = -42;
  m.config = std::string("x");

  const Bytes out = zab::encodeNotification(m);
  CHECK(slice(out, 12, 8) == Bytes(8, 0xff));  // zxid -1 is all ones
  CHECK(slice(out, 20, 8) == Bytes{0x80, 0, 0, 0, 0, 0, 0, 0});

  const auto d = decodeNotification(out);
  REQUIRE(d.message);
  CHECK(d.message->leader == -1);
  CHECK(d.message->zxid == -1);
  CHECK(d.message->electionEpoch == std::numeric_limits<std::int64_t>::min());
  CHECK(d.message->peerEpoch == -42);

  // A zxid with the top bit set (epoch 0x80000001) survives too.
  m.zxid = static_cast<std::int64_t>(0x8000000100000002ULL);
  const auto d2 = decodeNotification(zab::encodeNotification(m));
  REQUIRE(d2.message);
  CHECK(d2.message->zxid == m.zxid);
  CHECK(d2.message->zxid < 0);
}

TEST_CASE("notification codec: legacy 28-byte form", "[notification]") {
  NotificationMessage m;
  m.state = 2;  // LEADING
  m.leader = 7;
  m.zxid = 0x0000000500000009LL;
  m.electionEpoch = 3;
  m.peerEpoch = 99;  // not on the wire in this form

  const Bytes out = zab::encodeNotification28(m);
  REQUIRE(out.size() == 28);
  CHECK(out == Builder{}.i32(2).i64(7).i64(0x0000000500000009LL).i64(3).b);

  const auto d = decodeNotification(out);
  REQUIRE(d.message);
  CHECK(d.error.empty());
  CHECK(d.layout == "legacy-28");
  CHECK(d.message->state == 2);
  CHECK(d.message->leader == 7);
  CHECK(d.message->zxid == 0x0000000500000009LL);
  CHECK(d.message->electionEpoch == 3);
  CHECK(d.message->peerEpoch == 5);  // zxid >> 32
  CHECK(d.message->version == 0);
  CHECK_FALSE(d.message->config);

  SECTION("peerEpoch uses an arithmetic shift of a negative zxid") {
    const auto neg = decodeNotification(Builder{}.i32(0).i64(1).i64(-1).i64(1).b);
    REQUIRE(neg.message);
    CHECK(neg.message->peerEpoch == -1);

    const auto top = decodeNotification(
        Builder{}.i32(0).i64(1).i64(static_cast<std::int64_t>(0x8000000100000002ULL)).i64(1).b);
    REQUIRE(top.message);
    CHECK(top.message->peerEpoch == static_cast<std::int64_t>(0xffffffff80000001ULL));
  }
}

TEST_CASE("notification codec: legacy 40-byte form ignores its last 4 bytes", "[notification]") {
  NotificationMessage m;
  m.state = 1;
  m.leader = 0;
  m.zxid = 0;
  m.electionEpoch = 1;
  m.peerEpoch = 1;  // FLEBackwardElectionRound's mock vote

  const Bytes out = zab::encodeNotification40(m);
  REQUIRE(out.size() == 40);
  CHECK(out == Builder{}.i32(1).i64(0).i64(0).i64(1).i64(1).i32(1).b);
  CHECK(slice(out, 36, 4) == Bytes{0, 0, 0, 1});

  const auto d = decodeNotification(out);
  REQUIRE(d.message);
  CHECK(d.layout == "legacy-40");
  CHECK(d.message->state == 1);
  CHECK(d.message->electionEpoch == 1);
  CHECK(d.message->peerEpoch == 1);
  CHECK(d.message->version == 0);  // the trailing int 1 is never read
  CHECK_FALSE(d.message->config);

  // Even a "version 2" in the last 4 bytes is not read: no configLen is expected.
  const auto d2 = decodeNotification(Builder{}.i32(0).i64(3).i64(4).i64(5).i64(6).i32(2).b);
  REQUIRE(d2.message);
  CHECK(d2.layout == "legacy-40");
  CHECK(d2.message->version == 0);
  CHECK(d2.message->peerEpoch == 6);
  CHECK_FALSE(d2.message->config);
}

TEST_CASE("notification codec: version <= 1 has no config and extra bytes are ignored",
          "[notification]") {
  // 44 bytes: version 1 followed by 4 bytes that would be configLen in version 2.
  const auto v1 = decodeNotification(Builder{}.i32(0).i64(1).i64(2).i64(3).i64(4).i32(1).i32(-7).b);
  REQUIRE(v1.message);
  CHECK(v1.layout == "v1");
  CHECK(v1.message->version == 1);
  CHECK(v1.message->peerEpoch == 4);
  CHECK_FALSE(v1.message->config);

  // 50 bytes, version 0.
  const auto v0 = decodeNotification(Builder{}.i32(3).i64(1).i64(2).i64(3).i64(4).i32(0).zeros(10).b);
  REQUIRE(v0.message);
  CHECK(v0.message->version == 0);
  CHECK(v0.message->state == 3);
  CHECK_FALSE(v0.message->config);

  // A v2 message with trailing bytes after the config still decodes.
  Bytes padded = zab::encodeNotification(sample());
  padded.insert(padded.end(), {0xde, 0xad});
  const auto p = decodeNotification(padded);
  REQUIRE(p.message);
  CHECK(*p.message->config == kConfig);
}

TEST_CASE("notification codec: FLEMalformedNotificationMessage cases are skipped",
          "[notification]") {
  SECTION("12-byte message is too short") {
    const Bytes b = Builder{}.i32(0).i64(0).b;
    REQUIRE(b.size() == 12);
    const auto d = decodeNotification(b);
    CHECK_FALSE(d.message);
    CHECK_FALSE(d.error.empty());
    CHECK(d.error.find("12") != std::string::npos);
  }
  SECTION("empty and 27-byte messages are too short") {
    CHECK_FALSE(decodeNotification(Bytes{}).message);
    CHECK_FALSE(decodeNotification(Bytes(27, 0)).message);
    CHECK_FALSE(decodeNotification(Bytes(27, 0)).error.empty());
  }
  SECTION("48-byte message with configLen -123") {
    const Bytes b = Builder{}.i32(0).i64(0).i64(0).i64(0).i64(0).i32(2).i32(-123).zeros(4).b;
    REQUIRE(b.size() == 48);
    const auto d = decodeNotification(b);
    CHECK_FALSE(d.message);
    CHECK(d.error.find("-123") != std::string::npos);
  }
  SECTION("configLen 10000 with 29 bytes of config") {
    REQUIRE(kBadConfig.size() == 29);
    const Bytes b =
        Builder{}.i32(0).i64(0).i64(0).i64(0).i64(0).i32(2).i32(10000).str(kBadConfig).zeros(4).b;
    REQUIRE(b.size() == 48 + 29);
    const auto d = decodeNotification(b);
    CHECK_FALSE(d.message);
    CHECK(d.error.find("10000") != std::string::npos);
  }
  SECTION("30-byte message: peerEpoch underflows") {
    const Bytes b = Builder{}.i32(0).i64(1).i64(0).i64(0).i16(0).b;
    REQUIRE(b.size() == 30);
    const auto d = decodeNotification(b);
    CHECK_FALSE(d.message);
    CHECK_FALSE(d.error.empty());
  }
  SECTION("36-byte message: version underflows") {
    const auto d = decodeNotification(Builder{}.i32(0).i64(1).i64(0).i64(0).i64(0).b);
    CHECK_FALSE(d.message);
    CHECK_FALSE(d.error.empty());
  }
  SECTION("42-byte version-2 message: configLen underflows") {
    const auto d = decodeNotification(Builder{}.i32(0).i64(1).i64(0).i64(0).i64(0).i32(2).i16(0).b);
    CHECK_FALSE(d.message);
    CHECK_FALSE(d.error.empty());
  }
  SECTION("configLen within the payload length but beyond the bytes left") {
    // 73 bytes; configLen 50 <= 73 passes the length check, but only 29 bytes follow.
    const Bytes b = Builder{}.i32(0).i64(0).i64(0).i64(0).i64(0).i32(2).i32(50).str(kBadConfig).b;
    REQUIRE(b.size() == 73);
    const auto d = decodeNotification(b);
    CHECK_FALSE(d.message);
    CHECK(d.error.find("underflow") != std::string::npos);
  }
  SECTION("configLen exactly the bytes left is fine") {
    const Bytes b = Builder{}.i32(0).i64(0).i64(0).i64(0).i64(0).i32(2).i32(29).str(kBadConfig).b;
    const auto d = decodeNotification(b);
    REQUIRE(d.message);
    CHECK(*d.message->config == kBadConfig);
  }
}

TEST_CASE("notification codec: an unparseable config is still delivered", "[notification]") {
  // buildMsg(LOOKING, 1, 0, 0, 0, CONFIG_BYTES): only the config parser would complain.
  NotificationMessage m;
  m.state = 0;
  m.leader = 1;
  m.config = kBadConfig;
  const auto d = decodeNotification(zab::encodeNotification(m));
  REQUIRE(d.message);
  CHECK(d.error.empty());
  CHECK(d.message->leader == 1);
  REQUIRE(d.message->config);
  CHECK(*d.message->config == kBadConfig);
}

TEST_CASE("notification codec: non-ASCII config bytes round trip", "[notification]") {
  NotificationMessage m;
  m.config = std::string("server.1=h\xc3\xa9te:1:2:participant\nversion=0");
  const Bytes out = zab::encodeNotification(m);
  CHECK(readI32(out, 40) == static_cast<std::int32_t>(m.config->size()));
  const auto d = decodeNotification(out);
  REQUIRE(d.message);
  CHECK(*d.message->config == *m.config);
}

TEST_CASE("notification codec: unknown state ordinals are skipped", "[notification]") {
  for (std::int32_t state : {0, 1, 2, 3}) {
    NotificationMessage m;
    m.state = state;
    const auto d = decodeNotification(zab::encodeNotification(m));
    REQUIRE(d.message);
    CHECK(d.message->state == state);
  }
  for (std::int32_t state : {4, -1, 0x7fffffff}) {
    NotificationMessage m;
    m.state = state;
    const auto v2 = decodeNotification(zab::encodeNotification(m));
    CHECK_FALSE(v2.message);
    CHECK(v2.error.find(std::to_string(state)) != std::string::npos);
    CHECK_FALSE(decodeNotification(zab::encodeNotification28(m)).message);
    CHECK_FALSE(decodeNotification(zab::encodeNotification40(m)).message);
  }
}

TEST_CASE("notification codec: the decoder keeps working after malformed input",
          "[notification]") {
  // The receiver must stay healthy: a valid LOOKING + FOLLOWING pair decodes afterwards.
  CHECK_FALSE(decodeNotification(Bytes(12, 0)).message);
  CHECK_FALSE(decodeNotification(Bytes(30, 0)).message);
  NotificationMessage looking;
  looking.state = 0;
  looking.leader = 0;
  looking.electionEpoch = 1;
  NotificationMessage following = looking;
  following.state = 1;
  following.leader = 1;
  const auto a = decodeNotification(zab::encodeNotification(looking));
  const auto b = decodeNotification(zab::encodeNotification(following));
  REQUIRE(a.message);
  REQUIRE(b.message);
  CHECK(a.message->state == 0);
  CHECK(b.message->state == 1);
  CHECK(b.message->leader == 1);
}

TEST_CASE("notification codec: hexDump", "[notification]") {
  CHECK(zab::hexDump(Bytes{}).empty());
  CHECK(zab::hexDump(Bytes{0x0a}) == "0a");
  CHECK(zab::hexDump(Bytes{0x0a, 0x0b, 0xff, 0x00}) == "0a 0b ff 00");
  const Bytes out = zab::encodeNotification28(NotificationMessage{});
  CHECK(zab::hexDump(out).size() == 28 * 3 - 1);
  CHECK(zab::hexDump(Builder{}.i32(2).b) == "00 00 00 02");
}
