// QuorumPacket / LearnerInfo jute layouts (zookeeper.jute; facts 3.1, 3.2) and
// LearnerHandler's LearnerInfo length rules.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "zab/client_request.hpp"
#include "zab/quorum_packet.hpp"
#include "zab/shared_bytes.hpp"
#include "wire_builder.hpp"

using zab::Bytes;
using zab::decodeQuorumPacket;
using zab::encodeQuorumPacket;
using zab::PacketType;
using zab::QuorumPacket;

namespace {

using zab::test::Builder;

Bytes prefix(const Bytes& b, std::size_t n) { return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)); }

}  // namespace

TEST_CASE("quorum packet: LEADERINFO byte layout", "[quorum_packet]") {
  QuorumPacket p;
  p.type = PacketType::LEADERINFO;
  p.zxid = 0x100000000LL;
  p.data = zab::encodeInt(zab::kZabProtocolVersion);
  const Bytes bytes = encodeQuorumPacket(p);

  const Bytes expected = {
      0x00, 0x00, 0x00, 0x11,                          // [0]  int type = 17
      0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  // [4]  long zxid = 0x100000000
      0x00, 0x00, 0x00, 0x04,                          // [12] buffer length 4
      0x00, 0x01, 0x00, 0x00,                          // [16] data: int 0x10000
      0x00, 0x00, 0x00, 0x00,                          // [20] authinfo count 0
  };
  REQUIRE(bytes == expected);
  REQUIRE(bytes.size() == 24);

  const auto d = decodeQuorumPacket(bytes);
  REQUIRE(d.error.empty());
  REQUIRE(d.packet.has_value());
  CHECK(d.packet->type == PacketType::LEADERINFO);
  CHECK(d.packet->zxid == 0x100000000LL);
  REQUIRE(d.packet->data.has_value());
  CHECK(zab::decodeInt(*d.packet->data) == zab::kZabProtocolVersion);
}

TEST_CASE("quorum packet: null and empty data are distinct and round trip", "[quorum_packet]") {
  QuorumPacket nullData;
  nullData.type = PacketType::UPTODATE;
  nullData.zxid = -1;  // all ones on the wire
  const Bytes a = encodeQuorumPacket(nullData);
  REQUIRE(a.size() == 20);
  CHECK(a == Builder{}.i32(12).i64(-1).i32(-1).i32(0).b);

  QuorumPacket emptyData = nullData;
  emptyData.data = Bytes{};
  const Bytes b = encodeQuorumPacket(emptyData);
  REQUIRE(b.size() == 20);
  CHECK(b == Builder{}.i32(12).i64(-1).i32(0).i32(0).b);

  const auto da = decodeQuorumPacket(a);
  REQUIRE(da.packet.has_value());
  CHECK_FALSE(da.packet->data.has_value());
  CHECK(da.packet->zxid == -1);

  const auto db = decodeQuorumPacket(b);
  REQUIRE(db.packet.has_value());
  REQUIRE(db.packet->data.has_value());
  CHECK(db.packet->data->empty());
}

TEST_CASE("quorum packet: every packet type round trips and has its name", "[quorum_packet]") {
  struct Named {
    PacketType type;
    const char* name;
  };
  const Named all[] = {
      {PacketType::REQUEST, "REQUEST"},
      {PacketType::PROPOSAL, "PROPOSAL"},
      {PacketType::ACK, "ACK"},
      {PacketType::COMMIT, "COMMIT"},
      {PacketType::PING, "PING"},
      {PacketType::REVALIDATE, "REVALIDATE"},
      {PacketType::SYNC, "SYNC"},
      {PacketType::INFORM, "INFORM"},
      {PacketType::COMMITANDACTIVATE, "COMMITANDACTIVATE"},
      {PacketType::NEWLEADER, "NEWLEADER"},
      {PacketType::FOLLOWERINFO, "FOLLOWERINFO"},
      {PacketType::UPTODATE, "UPTODATE"},
      {PacketType::DIFF, "DIFF"},
      {PacketType::TRUNC, "TRUNC"},
      {PacketType::SNAP, "SNAP"},
      {PacketType::OBSERVERINFO, "OBSERVERINFO"},
      {PacketType::LEADERINFO, "LEADERINFO"},
      {PacketType::ACKEPOCH, "ACKEPOCH"},
      {PacketType::INFORMANDACTIVATE, "INFORMANDACTIVATE"},
  };
  for (const auto& n : all) {
    CAPTURE(n.name);
    CHECK(zab::to_string(n.type) == n.name);
    QuorumPacket p;
    p.type = n.type;
    p.zxid = 0x500000007LL;
    p.data = Bytes{1, 2, 3};
    const auto d = decodeQuorumPacket(encodeQuorumPacket(p));
    REQUIRE(d.packet.has_value());
    CHECK(d.packet->type == n.type);
    CHECK(d.packet->zxid == p.zxid);
    CHECK(d.packet->data == p.data);
  }
  CHECK(zab::to_string(static_cast<PacketType>(99)) == "UNKNOWN");
}

TEST_CASE("quorum packet: truncated input is an error", "[quorum_packet]") {
  QuorumPacket p;
  p.type = PacketType::PROPOSAL;
  p.zxid = 0x200000001LL;
  p.data = Bytes{9, 8, 7, 6, 5};
  const Bytes full = encodeQuorumPacket(p);
  REQUIRE(full.size() == 4 + 8 + 4 + 5 + 4);

  for (std::size_t n = 0; n < full.size(); ++n) {
    CAPTURE(n);
    const auto d = decodeQuorumPacket(prefix(full, n));
    CHECK_FALSE(d.packet.has_value());
    CHECK(d.error.rfind("truncated: ", 0) == 0);
  }

  CHECK(decodeQuorumPacket(prefix(full, 9)).error == "truncated: needs 12 bytes, has 9 (reading zxid)");
  CHECK(decodeQuorumPacket(prefix(full, 2)).error == "truncated: needs 4 bytes, has 2 (reading type)");
  // The length says 5 bytes of data, only 3 are there.
  CHECK(decodeQuorumPacket(prefix(full, 19)).error == "truncated: needs 21 bytes, has 19 (reading data)");
}

TEST_CASE("quorum packet: unknown type - bad lengths and trailing bytes", "[quorum_packet]") {
  SECTION("unknown type numbers") {
    for (const std::int32_t t : {0, 20, 42, -1}) {
      CAPTURE(t);
      const auto d = decodeQuorumPacket(Builder{}.i32(t).i64(0).i32(-1).i32(0).b);
      CHECK_FALSE(d.packet.has_value());
      CHECK(d.error == "unknown packet type " + std::to_string(t));
    }
  }
  SECTION("a data length below -1") {
    const auto d = decodeQuorumPacket(Builder{}.i32(5).i64(0).i32(-2).i32(0).b);
    CHECK_FALSE(d.packet.has_value());
    CHECK(d.error.find("bad length -2") != std::string::npos);
  }
  SECTION("an absurd data length is a truncation, not an allocation") {
    const auto d = decodeQuorumPacket(Builder{}.i32(5).i64(0).i32(std::numeric_limits<std::int32_t>::max()).b);
    CHECK_FALSE(d.packet.has_value());
    CHECK(d.error.rfind("truncated: ", 0) == 0);
  }
  SECTION("an authinfo count below -1") {
    const auto d = decodeQuorumPacket(Builder{}.i32(5).i64(0).i32(-1).i32(-7).b);
    CHECK_FALSE(d.packet.has_value());
    CHECK(d.error.find("bad vector count -7") != std::string::npos);
  }
  SECTION("trailing bytes") {
    Bytes b = Builder{}.i32(5).i64(0).i32(-1).i32(0).b;
    b.push_back(0);
    const auto d = decodeQuorumPacket(b);
    CHECK_FALSE(d.packet.has_value());
    CHECK(d.error == "1 trailing bytes after the packet");
  }
}

TEST_CASE("quorum packet: authinfo Ids are skipped on decode", "[quorum_packet]") {
  SECTION("one Id") {
    Builder good;
    good.i32(static_cast<std::int32_t>(PacketType::REQUEST)).i64(0x300000002LL).i32(2);
    good.b.push_back(0xab);
    good.b.push_back(0xcd);
    good.i32(1).ustr("digest").ustr("user:secret");  // authinfo: one Id

    const auto d = decodeQuorumPacket(good.b);
    REQUIRE(d.error.empty());
    REQUIRE(d.packet.has_value());
    CHECK(d.packet->type == PacketType::REQUEST);
    CHECK(d.packet->zxid == 0x300000002LL);
    CHECK(d.packet->data == Bytes{0xab, 0xcd});

    // Re-encoding drops the Id: authinfo goes out empty.
    const Bytes again = encodeQuorumPacket(*d.packet);
    CHECK(again.size() == 4 + 8 + 4 + 2 + 4);
  }
  SECTION("two Ids, one with null fields") {
    Builder b;
    b.i32(static_cast<std::int32_t>(PacketType::PING)).i64(7).i32(-1);
    b.i32(2).ustr("ip").ustr("10.0.0.1").i32(-1).i32(-1);
    const auto d = decodeQuorumPacket(b.b);
    REQUIRE(d.packet.has_value());
    CHECK(d.packet->zxid == 7);
  }
  SECTION("a null authinfo vector (-1)") {
    const auto d = decodeQuorumPacket(Builder{}.i32(5).i64(1).i32(-1).i32(-1).b);
    REQUIRE(d.packet.has_value());
    CHECK(d.packet->type == PacketType::PING);
  }
  SECTION("an Id cut short") {
    Builder b;
    b.i32(5).i64(1).i32(-1).i32(1).ustr("digest").i32(10);
    b.b.push_back('x');
    const auto d = decodeQuorumPacket(b.b);
    CHECK_FALSE(d.packet.has_value());
    CHECK(d.error.find("authinfo id") != std::string::npos);
  }
  SECTION("fewer Ids than the count claims") {
    Builder b;
    b.i32(5).i64(1).i32(-1).i32(2).ustr("ip").ustr("10.0.0.1");
    const auto d = decodeQuorumPacket(b.b);
    CHECK_FALSE(d.packet.has_value());
    CHECK(d.error.rfind("truncated: ", 0) == 0);
  }
}

TEST_CASE("quorum packet: LearnerInfo is 20 bytes", "[quorum_packet]") {
  zab::LearnerInfo li;
  li.serverid = 3;
  li.configVersion = 0x100000000LL;
  const Bytes b = zab::encodeLearnerInfo(li);
  CHECK(b == Builder{}.i64(3).i32(0x10000).i64(0x100000000LL).b);
  REQUIRE(b.size() == 20);

  const auto back = zab::decodeLearnerInfo(b);
  REQUIRE(back.has_value());
  CHECK(back->serverid == 3);
  CHECK(back->protocolVersion == zab::kZabProtocolVersion);
  CHECK(back->configVersion == 0x100000000LL);
}

TEST_CASE("quorum packet: LearnerInfo decode follows LearnerHandler's length rules", "[quorum_packet]") {
  const Bytes full = Builder{}.i64(5).i32(0x10000).i64(0x200000000LL).b;

  for (std::size_t n = 0; n < 8; ++n) {
    CAPTURE(n);
    CHECK_FALSE(zab::decodeLearnerInfo(prefix(full, n)).has_value());
  }
  for (std::size_t n = 8; n < 12; ++n) {
    CAPTURE(n);
    const auto li = zab::decodeLearnerInfo(prefix(full, n));
    REQUIRE(li.has_value());
    CHECK(li->serverid == 5);
    CHECK(li->protocolVersion == 0x1);  // LearnerHandler's default: an old learner
    CHECK(li->configVersion == 0);
  }
  for (std::size_t n = 12; n < 20; ++n) {
    CAPTURE(n);
    const auto li = zab::decodeLearnerInfo(prefix(full, n));
    REQUIRE(li.has_value());
    CHECK(li->serverid == 5);
    CHECK(li->protocolVersion == 0x10000);
    CHECK(li->configVersion == 0);
  }
  const auto li20 = zab::decodeLearnerInfo(full);
  REQUIRE(li20.has_value());
  CHECK(li20->configVersion == 0x200000000LL);

  Bytes longer = full;
  longer.push_back(0xff);
  longer.push_back(0xff);
  const auto liLong = zab::decodeLearnerInfo(longer);
  REQUIRE(liLong.has_value());
  CHECK(liLong->serverid == 5);
  CHECK(liLong->configVersion == 0x200000000LL);
}

TEST_CASE("quorum packet: encodeInt/decodeInt and encodeLong/decodeLong", "[quorum_packet]") {
  CHECK(zab::encodeInt(0x10000) == Bytes{0x00, 0x01, 0x00, 0x00});
  CHECK(zab::encodeInt(-1) == Bytes{0xff, 0xff, 0xff, 0xff});
  CHECK(zab::encodeLong(0x100000002LL) == Bytes{0, 0, 0, 1, 0, 0, 0, 2});

  for (const std::int32_t v : {0, 1, -1, 0x10000, std::numeric_limits<std::int32_t>::min(),
                               std::numeric_limits<std::int32_t>::max()}) {
    CAPTURE(v);
    CHECK(zab::decodeInt(zab::encodeInt(v)) == v);
  }
  for (const std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{0x7fffffff00000001LL},
                               std::numeric_limits<std::int64_t>::min()}) {
    CAPTURE(v);
    CHECK(zab::decodeLong(zab::encodeLong(v)) == v);
  }

  CHECK_FALSE(zab::decodeInt(Bytes{}).has_value());
  CHECK_FALSE(zab::decodeInt(Bytes{0, 0, 1}).has_value());
  CHECK(zab::decodeInt(Bytes{0, 0, 0, 2, 0xff}) == 2);  // like ByteBuffer.getInt: extra ignored
  CHECK_FALSE(zab::decodeLong(Bytes{0, 0, 0, 0, 0, 0, 1}).has_value());
}

TEST_CASE("quorum packet: a REQUEST written in one piece is the packet of its record", "[quorum_packet]") {
  zab::ClientRequest r;
  r.sessionId = zab::sessionIdFor(3);
  r.cxid = 42;
  r.op = zab::OpCode::setData;
  r.path = "/k7";
  r.data = "v123";
  CHECK(zab::encodeRequestPacket(r, -1) == encodeQuorumPacket(QuorumPacket{PacketType::REQUEST, -1, zab::encodeClientRequest(r)}));
  r.op = zab::OpCode::sync;
  r.path.clear();
  r.data.clear();
  CHECK(zab::encodeRequestPacket(r, 5) == encodeQuorumPacket(QuorumPacket{PacketType::REQUEST, 5, zab::encodeClientRequest(r)}));
}

TEST_CASE("quorum packet: a PROPOSAL that carries its txn buffer is recognised only with the same bytes",
          "[quorum_packet]") {
  // The leader frames a proposal with SharedBytes::carrying; a follower logs the named buffer
  // only when the frame holds exactly its bytes in the common layout (proposalCarrying).
  const zab::SharedBytes txn(Bytes{1, 2, 3, 4, 5, 6, 7});
  const Bytes frameBytes = encodeQuorumPacket(PacketType::PROPOSAL, 0x100000007LL, &txn.bytes());
  const zab::SharedBytes frame = zab::SharedBytes::carrying(frameBytes, txn);
  REQUIRE(frame.payload().sameBuffer(txn));
  REQUIRE(zab::SharedBytes(frameBytes).payload().empty());  // an ordinary frame names nothing
  CHECK(zab::proposalCarrying(frame, txn) == std::optional<zab::Zxid>(0x100000007LL));

  Bytes otherByte = frameBytes;
  otherByte[18] ^= 1;  // inside the data
  CHECK_FALSE(zab::proposalCarrying(otherByte, txn));
  const Bytes commit = encodeQuorumPacket(PacketType::COMMIT, 0x100000007LL, &txn.bytes());
  CHECK_FALSE(zab::proposalCarrying(commit, txn));
  Bytes trailing = frameBytes;
  trailing.push_back(0);
  CHECK_FALSE(zab::proposalCarrying(trailing, txn));
  const Bytes shorter{1, 2, 3};
  CHECK_FALSE(zab::proposalCarrying(frameBytes, shorter));

  // The hash kept with a buffer is the hash of its bytes, whoever asks first.
  CHECK(txn.fnv1aHash() == zab::SharedBytes::fnv1a(txn.data(), txn.size()));
  CHECK(frame.payload().fnv1aHash() == txn.fnv1aHash());
  CHECK(zab::SharedBytes().fnv1aHash() == 0xcbf29ce484222325ULL);
}
