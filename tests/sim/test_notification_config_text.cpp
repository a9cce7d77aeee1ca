// The config text inside every FLE notification, byte for byte as ZooKeeper 3.8 sends it
// (QuorumMaj.toString, QuorumServer.toString): a client address that came from the static
// clientPort is never written; one given in the server line is, as host:port.
#include <catch2/catch.hpp>

#include <string>

#include "peer_harness.hpp"
#include "sim/ensemble_config.hpp"
#include "zab/zoo_cfg.hpp"

using zabtest::ByteWriter;
using zabtest::MockNet;
using zabtest::outputsOf;

namespace {

// The first frame S2 sends to S3 once S3's connection is up: its LOOKING notification for
// itself in round 1 (a fresh server: zxid 0, currentEpoch 0).
zab::Bytes firstNotificationToS3(const std::string& zooCfg) {
  const auto parsed = zab::parseZooCfg(zooCfg, "zoo.cfg");
  INFO((parsed.errors.empty() ? std::string() : parsed.errors.front().str()));
  REQUIRE(parsed.ok());
  MockNet net(2, parsed.config.verifier());
  net.start();
  net.connect(3);
  for (const auto& f : outputsOf<zab::OutSendFrame>(net.log))
    if (f.to == 3) return f.frame;
  FAIL("S2 sent nothing to S3");
  return {};
}

// QuorumCnxManager's frame: int length, then buildMsg's 44 bytes and the config text.
zab::Bytes expectedFrame(const std::string& config) {
  ByteWriter payload;
  payload.i32(0).i64(2).i64(0).i64(1).i64(0).i32(2);  // LOOKING, leader 2, zxid 0, round 1, peerEpoch 0, version 2
  payload.i32(static_cast<std::int32_t>(config.size())).str(config);
  return ByteWriter{}.i32(static_cast<std::int32_t>(payload.b.size())).str(std::string(payload.b.begin(), payload.b.end())).b;
}

const std::string kHead = "tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=/var/lib/zookeeper\n";

}  // namespace

TEST_CASE("notification config text: a static clientPort is not written", "[notification][realzk]") {
  const std::string cfg = kHead +
                          "clientPort=2181\n"
                          "server.1=127.0.0.1:2888:3888\n"
                          "server.2=127.0.0.1:2889:3889\n"
                          "server.3=127.0.0.1:2890:3890\n";
  const std::string config =
      "server.1=127.0.0.1:2888:3888:participant\n"
      "server.2=127.0.0.1:2889:3889:participant\n"
      "server.3=127.0.0.1:2890:3890:participant\n"
      "version=0";
  const zab::Bytes frame = firstNotificationToS3(cfg);
  CHECK(frame.size() == 4 + 44 + 132);
  CHECK(frame == expectedFrame(config));
}

TEST_CASE("notification config text: a client address from the server line is written as host:port",
          "[notification][realzk]") {
  // Dynamic-config style: the ;client part is in the server lines (server.1 gives only a port,
  // so its host is 0.0.0.0). The observer has none, so it takes the static clientPort, which
  // is not written.
  const std::string cfg = kHead +
                          "clientPort=2181\n"
                          "server.1=127.0.0.1:2888:3888:participant;2181\n"
                          "server.2=127.0.0.1:2889:3889;127.0.0.1:2182\n"
                          "server.3=127.0.0.1:2890:3890:participant;127.0.0.1:2183\n"
                          "server.4=127.0.0.1:2891:3891:observer\n";
  const std::string config =
      "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
      "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
      "server.3=127.0.0.1:2890:3890:participant;127.0.0.1:2183\n"
      "server.4=127.0.0.1:2891:3891:observer\n"
      "version=0";
  const zab::Bytes frame = firstNotificationToS3(cfg);
  CHECK(frame == expectedFrame(config));
}

TEST_CASE("notification config text: participants=N writes no client address either", "[notification][realzk]") {
  // The scenario language's synthetic ensemble stands for servers with a static clientPort each.
  const auto servers = zab::sim::syntheticServers(3, 1);
  const auto qv = zab::QuorumVerifier::majority(servers);
  CHECK(qv.toString() ==
        "server.1=127.0.0.1:2888:3888:participant\n"
        "server.2=127.0.0.1:2889:3889:participant\n"
        "server.3=127.0.0.1:2890:3890:participant\n"
        "server.4=127.0.0.1:2891:3891:observer\n"
        "version=0");
  CHECK(servers[0].clientPort == 2181);  // still served on, just not written
}
