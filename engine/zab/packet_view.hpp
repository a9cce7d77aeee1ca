#pragma once
// How a quorum packet is shown: a short label ("LEADERINFO e2", "PROPOSAL 2:5") and the
// family that colours it (discovery, sync, broadcast, heartbeat, client).
#include <string>

#include "peer_io.hpp"
#include "quorum_packet.hpp"

namespace zab {

std::string packetLabel(const QuorumPacket& qp);
// "vote(3, 0:0)" or "FOLLOWING vote(3, 1:4)": an FLE notification as the wire view shows it.
std::string notificationLabel(const Bytes& payload);
// The label of a frame on either channel, made from its bytes when somebody looks at it
// (labels are not kept on the step path). `resend`: QCM's resend of lastMessageSent.
std::string frameLabel(Channel channel, const Bytes& frame, bool resend = false);
Family packetFamily(const QuorumPacket& qp);

}  // namespace zab
