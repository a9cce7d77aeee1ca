#include "packet_view.hpp"

#include <fmt/format.h>

#include <limits>

#include "client_request.hpp"
#include "notification_codec.hpp"
#include "qcm_wire.hpp"
#include "vote_comparison.hpp"
#include "zxid.hpp"

namespace zab {

namespace {
Family familyOf(PacketType t) {
  switch (t) {
    case PacketType::FOLLOWERINFO:
    case PacketType::OBSERVERINFO:
    case PacketType::LEADERINFO:
    case PacketType::ACKEPOCH: return Family::Discovery;
    case PacketType::DIFF:
    case PacketType::TRUNC:
    case PacketType::SNAP:
    case PacketType::NEWLEADER:
    case PacketType::UPTODATE: return Family::Sync;
    case PacketType::PING: return Family::Heartbeat;
    case PacketType::REQUEST:
    case PacketType::SYNC:
    case PacketType::REVALIDATE: return Family::Client;
    default: return Family::Broadcast;
  }
}

}  // namespace

// A short label for a quorum packet, as the wire view shows it.
std::string packetLabel(const QuorumPacket& qp) {
  switch (qp.type) {
    case PacketType::FOLLOWERINFO:
    case PacketType::OBSERVERINFO:
    case PacketType::LEADERINFO:
    case PacketType::NEWLEADER: return fmt::format("{} e{}", to_string(qp.type), epochOf(qp.zxid));
    case PacketType::ACKEPOCH: {
      auto e = qp.data ? decodeInt(*qp.data) : std::nullopt;
      return fmt::format("ACKEPOCH e{} {}", e ? *e : -1, formatEpochCounter(qp.zxid));
    }
    case PacketType::UPTODATE:
    case PacketType::PING:
    case PacketType::SYNC: return std::string(to_string(qp.type));
    case PacketType::REQUEST: {
      auto r = qp.data ? decodeClientRequest(*qp.data) : std::nullopt;
      return r ? fmt::format("REQUEST {} {}", r->op == OpCode::setData ? "write" : std::string(to_string(r->op)), r->path)
               : std::string("REQUEST");
    }
    default: return fmt::format("{} {}", to_string(qp.type), formatEpochCounter(qp.zxid));
  }
}

std::string notificationLabel(const Bytes& payload) {
  NotificationDecode d = decodeNotification(payload);
  if (!d.message) return "notification (malformed)";
  const NotificationMessage& m = *d.message;
  auto state = static_cast<ServerState>(m.state);
  const std::string vote = voteNotation(m.leader, m.zxid, m.peerEpoch);
  if (state == ServerState::LOOKING) return "vote " + vote;
  return fmt::format("{} vote {}", to_string(state), vote);
}

std::string frameLabel(Channel channel, const Bytes& frame, bool resend) {
  std::string out;
  if (channel == Channel::Election) {
    FrameDecode f = decodeFrame(frame);
    out = f.payload ? notificationLabel(*f.payload) : std::string("frame (malformed)");
  } else {
    QuorumPacketDecode q = decodeQuorumPacket(frame);
    out = q.packet ? packetLabel(*q.packet) : std::string("packet (malformed)");
  }
  return resend ? out + " (resend)" : out;
}

Family packetFamily(const QuorumPacket& qp) {
  if (qp.type == PacketType::ACK && counterOf(qp.zxid) == 0) return Family::Sync;  // NEWLEADER/UPTODATE ack
  return familyOf(qp.type);
}

}  // namespace zab
