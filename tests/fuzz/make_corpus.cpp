// Writes the binary seed corpora (notification, quorum_packet, connection_header) with the
// engine's own encoders, so the seeds are the bytes the simulation really sends, plus a few
// malformed variants. Run from the repository root after building the fuzz preset:
//   build-fuzz/tests/fuzz/make_corpus tests/fuzz
#include <cstdio>
#include <fstream>
#include <string>

#include "sim/ensemble_config.hpp"
#include "zab/notification_codec.hpp"
#include "zab/qcm_wire.hpp"
#include "zab/quorum_packet.hpp"
#include "zab/zxid.hpp"

using namespace zab;

namespace {

std::string root;

void put(const std::string& dir, const std::string& name, const Bytes& bytes) {
  const std::string path = root + "/" + dir + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) std::fprintf(stderr, "cannot write %s\n", path.c_str());
}

Bytes cut(Bytes b, std::size_t n) {
  b.resize(n);
  return b;
}

void notifications() {
  const QuorumVerifier three = QuorumVerifier::majority(sim::syntheticServers(3, 0));
  const QuorumVerifier withObserver = QuorumVerifier::majority(sim::syntheticServers(3, 1));
  NotificationMessage m{0, 3, makeZxid(1, 5), 2, 1, kNotificationVersion, three.toString()};
  put("notification", "v2-looking", encodeNotification(m));
  m.state = 2;  // LEADING
  m.config = withObserver.toString();
  put("notification", "v2-leading-observer-config", encodeNotification(m));
  put("notification", "legacy-28", encodeNotification28(m));
  put("notification", "legacy-40", encodeNotification40(m));
  Bytes v1 = cut(encodeNotification(m), 40);
  v1.insert(v1.end(), {0, 0, 0, 1});  // version 1: no config follows
  put("notification", "v1", v1);
  put("notification", "truncated-config", cut(encodeNotification(m), 50));
  Bytes badLen = encodeNotification(m);
  badLen[40] = 0xff;  // configLen negative
  put("notification", "bad-config-length", badLen);
  Bytes badState = encodeNotification(m);
  badState[3] = 7;
  put("notification", "bad-state", badState);
  put("notification", "too-short", cut(encodeNotification(m), 20));
}

void quorumPackets() {
  put("quorum_packet", "followerinfo",
      encodeQuorumPacket({PacketType::FOLLOWERINFO, makeZxid(1, 0), encodeLearnerInfo({2, kZabProtocolVersion, 0})}));
  put("quorum_packet", "leaderinfo", encodeQuorumPacket({PacketType::LEADERINFO, makeZxid(2, 0), encodeInt(kZabProtocolVersion)}));
  put("quorum_packet", "ackepoch", encodeQuorumPacket({PacketType::ACKEPOCH, makeZxid(1, 7), encodeInt(1)}));
  put("quorum_packet", "ping-null-data", encodeQuorumPacket({PacketType::PING, 0, std::nullopt}));
  put("quorum_packet", "proposal", encodeQuorumPacket({PacketType::PROPOSAL, makeZxid(2, 1), Bytes{'/', 'k', '1', '=', 'v'}}));
  put("quorum_packet", "commit", encodeQuorumPacket({PacketType::COMMIT, makeZxid(2, 1), Bytes{}}));
  put("quorum_packet", "trunc", encodeQuorumPacket({PacketType::TRUNC, makeZxid(1, 3), std::nullopt}));
  put("quorum_packet", "truncated", cut(encodeQuorumPacket({PacketType::DIFF, makeZxid(1, 3), Bytes{1, 2, 3}}), 14));
  Bytes unknown = encodeQuorumPacket({PacketType::PING, 0, std::nullopt});
  unknown[3] = 42;
  put("quorum_packet", "unknown-type", unknown);
  // authinfo with one Id {scheme "ip", id "1"}.
  Bytes auth = cut(encodeQuorumPacket({PacketType::UPTODATE, 0, std::nullopt}), 16);
  auth.insert(auth.end(), {0, 0, 0, 1, 0, 0, 0, 2, 'i', 'p', 0, 0, 0, 1, '1'});
  put("quorum_packet", "authinfo", auth);
}

void connectionHeaders() {
  put("connection_header", "v1", encodeInitialMessage({kProtocolVersionV1, 2, {"127.0.0.1:3888"}}));
  put("connection_header", "v2-two-addresses",
      encodeInitialMessage({kProtocolVersionV2, 3, {"10.0.0.3:3888", "[::1]:3889"}}));
  put("connection_header", "v2-wildcard", encodeInitialMessage({kProtocolVersionV2, 4, {"0.0.0.0:3888"}}));
  put("connection_header", "legacy-sid", encodeInitialMessage({5, 5, {}}));
  put("connection_header", "bad-port", encodeInitialMessage({kProtocolVersionV1, 2, {"host:99999"}}));
  put("connection_header", "no-colon", encodeInitialMessage({kProtocolVersionV1, 2, {"host"}}));
  put("connection_header", "unknown-version", encodeInitialMessage({-7, 2, {"h:1"}}));
  put("connection_header", "truncated", cut(encodeInitialMessage({kProtocolVersionV1, 2, {"127.0.0.1:3888"}}), 22));
  // A framed notification, as RecvWorker reads it.
  NotificationMessage m{0, 1, 0, 1, 0, kNotificationVersion, std::string("version=0")};
  put("connection_header", "frame", encodeFrame(encodeNotification(m)));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_corpus tests/fuzz\n");
    return 2;
  }
  root = argv[1];
  notifications();
  quorumPackets();
  connectionHeaders();
  return 0;
}
