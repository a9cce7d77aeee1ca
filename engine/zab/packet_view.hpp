#pragma once
// How a quorum packet is shown: a short label ("LEADERINFO e2", "PROPOSAL 2:5") and the
// family that colours it (discovery, sync, broadcast, heartbeat, client).
#include <string>

#include "peer_io.hpp"
#include "quorum_packet.hpp"

namespace zab {

std::string packetLabel(const QuorumPacket& qp);
Family packetFamily(const QuorumPacket& qp);

}  // namespace zab
