// QuorumCnxManager wire pieces: the initial message and the int-length framing
// (facts 2.3, 2.4; CnxManagerTest.testInitialMessage, testWildcardAddressRecognition).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "zab/qcm_wire.hpp"
#include "wire_builder.hpp"

using zab::Bytes;
using zab::decodeFrame;
using zab::decodeInitialMessage;
using zab::InitialMessage;

namespace {

using zab::test::Builder;

// protocolVersion, sid, n = text length, text
Bytes initial(std::int64_t version, std::int64_t sid, const std::string& text) {
  return Builder{}.i64(version).i64(sid).i32(static_cast<std::int32_t>(text.size())).str(text).b;
}

Bytes v1(const std::string& text) { return initial(zab::kProtocolVersionV1, 5, text); }
Bytes v2(const std::string& text) { return initial(zab::kProtocolVersionV2, 5, text); }

std::vector<std::string> addressesOf(const Bytes& bytes) {
  const auto d = decodeInitialMessage(bytes);
  REQUIRE(d.message);
  return d.message->addresses;
}

}  // namespace

// ---- initial message ------------------------------------------------------------------------

TEST_CASE("qcm wire: protocol version constants", "[qcm]") {
  CHECK(zab::kProtocolVersionV1 == -65536);
  CHECK(zab::kProtocolVersionV2 == -65535);
  CHECK(zab::kPacketMaxSize == 524288);
  CHECK(zab::kMaxInitialAddressLength == 2048);
}

TEST_CASE("qcm wire: V1 initial message byte layout and round trip", "[qcm]") {
  InitialMessage m;
  m.protocolVersion = zab::kProtocolVersionV1;
  m.sid = 5;
  m.addresses = {"10.0.0.2:3888"};
  const Bytes out = zab::encodeInitialMessage(m);

  REQUIRE(out.size() == 8 + 8 + 4 + 13);
  CHECK(Bytes(out.begin(), out.begin() + 8) == Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00});
  CHECK(Bytes(out.begin() + 8, out.begin() + 16) == Bytes{0, 0, 0, 0, 0, 0, 0, 5});
  CHECK(Bytes(out.begin() + 16, out.begin() + 20) == Bytes{0, 0, 0, 13});
  CHECK(std::string(out.begin() + 20, out.end()) == "10.0.0.2:3888");
  CHECK(out == v1("10.0.0.2:3888"));

  const auto d = decodeInitialMessage(out);
  REQUIRE(d.message);
  CHECK(d.error.empty());
  CHECK_FALSE(d.legacy);
  CHECK(d.message->protocolVersion == zab::kProtocolVersionV1);
  CHECK(d.message->sid == 5);
  CHECK(d.message->addresses == std::vector<std::string>{"10.0.0.2:3888"});
}

TEST_CASE("qcm wire: V2 initial message with several addresses", "[qcm]") {
  InitialMessage m;
  m.protocolVersion = zab::kProtocolVersionV2;
  m.sid = 3;
  m.addresses = {"1.1.1.1:9999", "2.2.2.2:8888", "3.3.3.3:7777"};
  const Bytes out = zab::encodeInitialMessage(m);
  CHECK(Bytes(out.begin(), out.begin() + 8) == Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01});
  CHECK(std::string(out.begin() + 20, out.end()) == "1.1.1.1:9999|2.2.2.2:8888|3.3.3.3:7777");

  const auto d = decodeInitialMessage(out);
  REQUIRE(d.message);
  CHECK(d.message->protocolVersion == zab::kProtocolVersionV2);
  CHECK(d.message->sid == 3);
  CHECK(d.message->addresses == m.addresses);
}

TEST_CASE("qcm wire: legacy initial message is a bare sid", "[qcm]") {
  const auto d = decodeInitialMessage(Builder{}.i64(5).b);
  REQUIRE(d.message);
  CHECK(d.legacy);
  CHECK(d.message->sid == 5);
  CHECK(d.message->addresses.empty());

  // Nothing after the sid is read, even bytes that look like a length and an address.
  const auto t = decodeInitialMessage(Builder{}.i64(0).i32(-1).str("junk").b);
  REQUIRE(t.message);
  CHECK(t.legacy);
  CHECK(t.message->sid == 0);

  // OBSERVER_ID (Long.MAX_VALUE) is a legal legacy sid; replacing it is the manager's job.
  const auto obs = decodeInitialMessage(Builder{}.i64(zab::kObserverId).b);
  REQUIRE(obs.message);
  CHECK(obs.legacy);
  CHECK(obs.message->sid == zab::kObserverId);

  // Encoding a non-negative protocolVersion writes the 8-byte legacy form.
  InitialMessage m;
  m.protocolVersion = 0;
  m.sid = 9;
  CHECK(zab::encodeInitialMessage(m) == Builder{}.i64(9).b);
}

TEST_CASE("qcm wire: initial message with a bad protocol version is rejected", "[qcm]") {
  for (std::int64_t version : {std::int64_t{-65530}, std::int64_t{-1}, std::int64_t{-65537},
                               std::int64_t{-65534}, INT64_MIN}) {
    const auto d = decodeInitialMessage(initial(version, 5, "10.0.0.2:3888"));
    CHECK_FALSE(d.message);
    CHECK_FALSE(d.legacy);
    CHECK(d.error.find(std::to_string(version)) != std::string::npos);
  }
}

TEST_CASE("qcm wire: initial message with a bad address length is rejected", "[qcm]") {
  SECTION("n = 0 and negative n") {
    CHECK_FALSE(decodeInitialMessage(Builder{}.i64(zab::kProtocolVersionV1).i64(5).i32(0).b).message);
    const auto neg = decodeInitialMessage(Builder{}.i64(zab::kProtocolVersionV1).i64(5).i32(-4).str("a:1").b);
    CHECK_FALSE(neg.message);
    CHECK(neg.error.find("-4") != std::string::npos);
  }
  SECTION("n above 2048 (CnxManagerTest sends 1 MiB)") {
    const auto big = decodeInitialMessage(v1(std::string(1048576, 'x')));
    CHECK_FALSE(big.message);
    CHECK(big.error.find("1048576") != std::string::npos);
    CHECK_FALSE(decodeInitialMessage(v1(std::string(2044, 'h') + ":3888")).message);  // 2049
  }
  SECTION("n exactly 2048 is accepted") {
    const std::string host(2043, 'h');
    const auto d = decodeInitialMessage(v1(host + ":3888"));
    REQUIRE(d.message);
    CHECK(d.message->addresses == std::vector<std::string>{host + ":3888"});
  }
  SECTION("fewer than n bytes follow") {
    const auto d = decodeInitialMessage(Builder{}.i64(zab::kProtocolVersionV1).i64(5).i32(13).str("10.0.").b);
    CHECK_FALSE(d.message);
    CHECK(d.error.find("13") != std::string::npos);
    // one byte short
    CHECK_FALSE(decodeInitialMessage(Builder{}.i64(zab::kProtocolVersionV1).i64(5).i32(13).str("10.0.0.2:388").b).message);
  }
  SECTION("truncated header") {
    CHECK_FALSE(decodeInitialMessage(Bytes{}).message);
    CHECK_FALSE(decodeInitialMessage(Bytes{0xff, 0xff, 0xff}).message);
    CHECK_FALSE(decodeInitialMessage(Builder{}.i64(zab::kProtocolVersionV1).b).message);
    CHECK_FALSE(decodeInitialMessage(Builder{}.i64(zab::kProtocolVersionV1).i64(5).b).message);
  }
}

TEST_CASE("qcm wire: initial message with a malformed address is rejected", "[qcm]") {
  for (const char* bad : {
           "what's going on here?",  // CnxManagerTest: no ':'
           "10.0.0.2",               // no port
           "10.0.0.2:",              // empty port (Java's split drops it)
           "10.0.0.2:abc",           // non-numeric port
           "10.0.0.2:38 88",
           "10.0.0.2:3888:1",        // three parts
           "::1:3888",               // unbracketed IPv6
           "[::1:3888",              // '[' without ']'
           "[::1]:",                 // no port after the colon
           "[::1]",                  // no port at all
           "10.0.0.2:99999999999",   // does not fit an int
           "10.0.0.2:70000",         // fits an int, but not a port
           "10.0.0.2:-1",
       }) {
    INFO("address: " << bad);
    const auto d = decodeInitialMessage(v1(bad));
    CHECK_FALSE(d.message);
    CHECK_FALSE(d.error.empty());
  }
  // One bad address in a V2 list rejects the whole message, as does an empty entry.
  CHECK_FALSE(decodeInitialMessage(v2("1.1.1.1:1|nope|2.2.2.2:2")).message);
  CHECK_FALSE(decodeInitialMessage(v2("1.1.1.1:1||2.2.2.2:2")).message);
}

TEST_CASE("qcm wire: IPv6 and other accepted address spellings", "[qcm]") {
  CHECK(addressesOf(v1("[::1]:3888")) == std::vector<std::string>{"[::1]:3888"});
  CHECK(addressesOf(v2("[fe80::1%eth0]:3888|10.0.0.1:3889")) ==
        std::vector<std::string>{"[fe80::1%eth0]:3888", "10.0.0.1:3889"});
  CHECK(addressesOf(v1("zk1.example.com:3888")) == std::vector<std::string>{"zk1.example.com:3888"});
  // Quirks of ZooKeeper's Java string handling, followed on purpose:
  CHECK(addressesOf(v1("10.0.0.2:3888:")) == std::vector<std::string>{"10.0.0.2:3888"});  // trailing ':' dropped
  CHECK(addressesOf(v2("10.0.0.2:3888|")) == std::vector<std::string>{"10.0.0.2:3888"});  // trailing '|' dropped
  CHECK(addressesOf(v1("10.0.0.2:+3888")) == std::vector<std::string>{"10.0.0.2:3888"});  // parseInt takes '+'
  // V1 is split on '|' as well (ZooKeeper does not check the count per version).
  CHECK(addressesOf(v1("1.1.1.1:1|2.2.2.2:2")).size() == 2);
}

TEST_CASE("qcm wire: wildcard hosts are dropped from the address list", "[qcm]") {
  CHECK(addressesOf(v2("0.0.0.0:3888|10.0.0.1:3888")) == std::vector<std::string>{"10.0.0.1:3888"});
  CHECK(addressesOf(v2("10.0.0.1:3888|[::]:3888")) == std::vector<std::string>{"10.0.0.1:3888"});
  CHECK(addressesOf(v2("[0:0:0:0:0:0:0:0]:1|[::ffff:0.0.0.0]:2|0:3|1.2.3.4:4")) ==
        std::vector<std::string>{"1.2.3.4:4"});

  // Not wildcards (testWildcardAddressRecognition).
  CHECK(addressesOf(v2("127.0.0.1:1|255.255.255.255:2|1.2.3.4:3|some.unresolvable.host.com:4|[::1]:5"))
            .size() == 5);

  SECTION("only wildcards: accepted with an empty list (the manager then dials the configured address)") {
    const auto d = decodeInitialMessage(v1("0.0.0.0:3888"));
    REQUIRE(d.message);
    CHECK(d.error.empty());
    CHECK(d.message->sid == 5);
    CHECK(d.message->addresses.empty());
  }
  SECTION("a wildcard's port must still be numeric, but is never range-checked") {
    CHECK_FALSE(decodeInitialMessage(v1("0.0.0.0:abc")).message);
    const auto d = decodeInitialMessage(v1("0.0.0.0:70000"));
    REQUIRE(d.message);
    CHECK(d.message->addresses.empty());
  }
}

// ---- framing --------------------------------------------------------------------------------

TEST_CASE("qcm wire: frame layout and round trip", "[qcm]") {
  const Bytes payload{0x01, 0x02, 0x03};
  const Bytes frame = zab::encodeFrame(payload);
  CHECK(frame == Bytes{0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0x03});

  const auto d = decodeFrame(frame);
  REQUIRE(d.payload);
  CHECK(d.error.empty());
  CHECK(*d.payload == payload);

  // A 300-byte payload: the length crosses a byte boundary.
  const Bytes big(300, 0xab);
  const Bytes bigFrame = zab::encodeFrame(big);
  CHECK(Bytes(bigFrame.begin(), bigFrame.begin() + 4) == Bytes{0x00, 0x00, 0x01, 0x2c});
  const auto bd = decodeFrame(bigFrame);
  REQUIRE(bd.payload);
  CHECK(*bd.payload == big);

  // Bytes after the frame (the next frame) are not part of this payload.
  Bytes two = frame;
  two.insert(two.end(), {0x00, 0x00, 0x00, 0x01, 0x09});
  const auto first = decodeFrame(two);
  REQUIRE(first.payload);
  CHECK(*first.payload == payload);
}

TEST_CASE("qcm wire: frame with a non-positive length closes the connection", "[qcm]") {
  const auto neg = decodeFrame(Builder{}.i32(-5).str("abcde").b);
  CHECK_FALSE(neg.payload);
  CHECK(neg.error == "frame length -5 <= 0");

  const auto zero = decodeFrame(Builder{}.i32(0).b);
  CHECK_FALSE(zero.payload);
  CHECK(zero.error == "frame length 0 <= 0");

  CHECK_FALSE(decodeFrame(Builder{}.i32(INT32_MIN).b).payload);
}

TEST_CASE("qcm wire: frame above PACKETMAXSIZE closes the connection", "[qcm]") {
  const auto over = decodeFrame(Builder{}.i32(600000).b);
  CHECK_FALSE(over.payload);
  CHECK(over.error == "frame length 600000 > PACKETMAXSIZE");

  // The limit itself is allowed; one more byte is not.
  const Bytes max(static_cast<std::size_t>(zab::kPacketMaxSize), 0x5a);
  const auto atMax = decodeFrame(zab::encodeFrame(max));
  REQUIRE(atMax.payload);
  CHECK(atMax.payload->size() == max.size());

  const Bytes tooBig(static_cast<std::size_t>(zab::kPacketMaxSize) + 1, 0x5a);
  const auto d = decodeFrame(zab::encodeFrame(tooBig));
  CHECK_FALSE(d.payload);
  CHECK(d.error.find("PACKETMAXSIZE") != std::string::npos);
}

TEST_CASE("qcm wire: short frames are rejected", "[qcm]") {
  CHECK_FALSE(decodeFrame(Bytes{}).payload);
  CHECK_FALSE(decodeFrame(Bytes{0x00, 0x00, 0x01}).payload);
  const auto d = decodeFrame(Builder{}.i32(10).str("only5").b);
  CHECK_FALSE(d.payload);
  CHECK_FALSE(d.error.empty());
  CHECK_FALSE(decodeFrame(Builder{}.i32(5).str("only").b).payload);  // one byte short
  CHECK(decodeFrame(Builder{}.i32(4).str("only").b).payload == Bytes{'o', 'n', 'l', 'y'});
}

TEST_CASE("qcm wire: a framed notification survives the trip", "[qcm]") {
  zab::NotificationMessage m;
  m.state = 0;
  m.leader = 2;
  m.zxid = 0x100000003LL;
  m.electionEpoch = 4;
  m.peerEpoch = 1;
  m.config = std::string("version=0");
  const auto framed = decodeFrame(zab::encodeFrame(zab::encodeNotification(m)));
  REQUIRE(framed.payload);
  const auto n = zab::decodeNotification(*framed.payload);
  REQUIRE(n.message);
  CHECK(n.message->leader == 2);
  CHECK(n.message->zxid == 0x100000003LL);
  CHECK(*n.message->config == "version=0");
}

TEST_CASE("qcm wire: decoding without addresses accepts and rejects exactly what the full decode does", "[qcm]") {
  // decodeInitialMessage(bytes, false) (the acceptor's) takes a shortcut for one plain
  // "host:port"; it must agree with the full decode, error words included, on every spelling.
  const char* texts[] = {"127.0.0.1:3888", "10.0.0.7:1", ":3888", "host:65535", "host:65536", "host:00001",
                         "host:123456", "0.0.0.0:99999", "0.0.0.0:70000", "a:b:c", "h:+1", "h:-1", "h:",
                         "h:1x", "[::1]:3888", "[::1]:99999", "x|y:1", "x:1|y:2", "x:1|", "|x:1", "h:0",
                         "::3888", "h::1", "h:1:"};
  for (const char* t : texts) {
    zab::InitialMessage m;
    m.protocolVersion = zab::kProtocolVersionV2;
    m.sid = 4;
    m.addresses = {t};
    const Bytes bytes = zab::encodeInitialMessage(m);
    const zab::InitialMessageDecode quick = zab::decodeInitialMessage(bytes, false);
    const zab::InitialMessageDecode full = zab::decodeInitialMessage(bytes, true);
    INFO(t);
    REQUIRE(quick.message.has_value() == full.message.has_value());
    CHECK(quick.error == full.error);
    if (quick.message) {
      CHECK(quick.message->sid == 4);
      CHECK(quick.message->protocolVersion == zab::kProtocolVersionV2);
      CHECK(quick.message->addresses.empty());
    }
  }
}
