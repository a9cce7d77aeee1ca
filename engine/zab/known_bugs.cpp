#include "known_bugs.hpp"

namespace zab {

std::optional<std::string> parseKnownBugFixes(std::string_view list, KnownBugFixes& out) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    if (name == kZk2846) out.zk2846 = true;
    else if (name == kZk1549) out.zk1549 = true;
    else if (name == kStaleAckAfterTrunc) out.staleAck = true;
    else if (name == kTruncKeepsNext) out.truncKeepsNext = true;
    else if (name == kZk4785) out.zk4785 = true;
    else if (name == kShutdownBeforeRunning) out.shutdownBeforeRunning = true;
    else if (name == kZk2354) out.zk2354 = true;
    else if (name == kZk1558) out.zk1558 = true;
    else return std::string(name);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

std::string_view knownBugsWithFix() {
  return "ZOOKEEPER-2846, ZOOKEEPER-1549, STALE-ACK-AFTER-TRUNC, TRUNC-KEEPS-NEXT, ZOOKEEPER-4785, "
         "SHUTDOWN-BEFORE-RUNNING, ZOOKEEPER-2354 and ZOOKEEPER-1558";
}

std::string_view knownBugSummary(std::string_view id) {
  if (id == kZk2846) return "a DIFF/TRUNC built from a txn log that a SNAP left with a hole";
  if (id == kZk1549) return "TRUNC keeps a snapshot newer than the TRUNC point";
  if (id == kStaleAckAfterTrunc)
    return "a commit counted a learner's ACK sent before a TRUNC removed the txn from its log (no upstream issue found)";
  if (id == kTruncKeepsNext)
    return "a TRUNC to a zxid the log lacks kept the next txn (FileTxnLog.truncate; no upstream issue found)";
  if (id == kZk4785)
    return "a learner ACKed NEWLEADER before the txns of its sync were fsynced, and a crash lost them";
  if (id == kShutdownBeforeRunning)
    return "a learner cut off before UPTODATE voted with its memory's zxid, behind its txn log (no upstream issue found)";
  if (id == kZk2354)
    return "a learner stopped after NEWLEADER wrote data of the new epoch and before its currentEpoch write can never "
           "start again";
  if (id == kZk1558)
    return "a leader's start-up snapshot held its uncommitted txns, and a restart after a SNAP to a lower zxid loaded "
           "it again";
  if (id == kAcceptedEpochAhead)
    return "acceptedEpoch persisted by getEpochToPropose is above the established epoch, so registerWithLeader refuses "
           "it (no upstream issue found)";
  return "";
}

}  // namespace zab
