#pragma once
// Basic protocol types, named as in ZooKeeper's QuorumPeer.
#include <cstdint>
#include <string_view>

namespace zab {

using Sid = std::int64_t;    // server id ("myid"); a Java long
using Zxid = std::int64_t;   // transaction id: epoch<<32 | counter; signed like Java
using Epoch = std::int64_t;

// QuorumPeer.ServerState; the ordinal is what goes on the wire.
enum class ServerState : std::int32_t { LOOKING = 0, FOLLOWING = 1, LEADING = 2, OBSERVING = 3 };

// QuorumPeer.LearnerType
enum class LearnerType { PARTICIPANT, OBSERVER };

// QuorumPeer.ZabState (monitoring only)
enum class ZabState { ELECTION, DISCOVERY, SYNCHRONIZATION, BROADCAST };

std::string_view to_string(ServerState s);
std::string_view to_string(LearnerType t);
std::string_view to_string(ZabState z);

}  // namespace zab
