#include "known_bugs.hpp"

#include <iterator>
#include <utility>

namespace zab {

namespace {
// Every bug with a fix setting, in the order the messages list them, and its flag.
constexpr std::pair<std::string_view, bool KnownBugFixes::*> kFixFlags[] = {
    {kZk2846, &KnownBugFixes::zk2846},
    {kZk1549, &KnownBugFixes::zk1549},
    {kStaleAckAfterTrunc, &KnownBugFixes::staleAck},
    {kTruncKeepsNext, &KnownBugFixes::truncKeepsNext},
    {kZk4785, &KnownBugFixes::zk4785},
    {kShutdownBeforeRunning, &KnownBugFixes::shutdownBeforeRunning},
    {kZk2354, &KnownBugFixes::zk2354},
    {kZk1558, &KnownBugFixes::zk1558},
    {kZk4394, &KnownBugFixes::zk4394},
};
}  // namespace

bool* fixFlag(KnownBugFixes& fixes, std::string_view bug) {
  for (const auto& [name, flag] : kFixFlags)
    if (name == bug) return &(fixes.*flag);
  return nullptr;
}

const bool* fixFlag(const KnownBugFixes& fixes, std::string_view bug) {
  for (const auto& [name, flag] : kFixFlags)
    if (name == bug) return &(fixes.*flag);
  return nullptr;
}

std::optional<std::string> parseKnownBugFixes(std::string_view list, KnownBugFixes& out) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    bool* flag = fixFlag(out, name);
    if (!flag) return std::string(name);
    *flag = true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

std::string_view knownBugsWithFix() {
  static const std::string names = [] {
    std::string out;
    const std::size_t n = std::size(kFixFlags);
    for (std::size_t i = 0; i < n; ++i)
      out += std::string(i == 0 ? "" : i + 1 == n ? " and " : ", ") + std::string(kFixFlags[i].first);
    return out;
  }();
  return names;
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
  if (id == kZk4394)
    return "a COMMIT between NEWLEADER and UPTODATE found packetsNotCommitted empty: a NullPointerException ended the "
           "follower's sync";
  if (id == kAcceptedEpochAhead)
    return "acceptedEpoch persisted by getEpochToPropose is above the established epoch, so registerWithLeader refuses "
           "it (no upstream issue found)";
  return "";
}

}  // namespace zab
