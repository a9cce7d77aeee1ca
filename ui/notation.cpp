#include "notation.hpp"

#include <fmt/format.h>

#include <limits>

#include "caption.hpp"
#include "zab/vote_comparison.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

namespace {
constexpr NotationEntry kLegend[] = {
    {"vote (S3, 1:2) ep1",
     "a vote: proposed leader S3, its last zxid 1:2, its peerEpoch 1 (the leader's currentEpoch). FLE compares "
     "peerEpoch first, then zxid, then the server id",
     "vote "},
    {"1:2 (zxid)", "a zxid written epoch:counter: epoch 1, the 2nd txn of that epoch (0x100000002 in ZooKeeper's logs)",
     "zxid "},
    {"round 3", "logicalclock: the FLE round (electionEpoch) this peer is in; votes from older rounds are dropped", "round "},
    {"acc 1 / cur 1", "acceptedEpoch / currentEpoch: the epoch accepted in discovery (LEADERINFO) / the epoch "
                      "sealed by NEWLEADER",
     ""},
    {"BROADCAST, SYNCHRONIZATION, DISCOVERY", "the ZAB phase of a FOLLOWING or LEADING peer", ""},
    {"+5 (on a message)", "5 more messages are queued behind this one on the same link", ""},
    {"(retry 6)", "the 6th retransmission of a message the network dropped (TCP resends it)", ""},
    {"PAUSED (SIGSTOP)", "the process is stopped, as by SIGSTOP: it keeps its connections but does nothing until "
                         "SIGCONT",
     "PAUSED"},
    {"DOWN (killed) / POWER OFF", "killed: the process died and its connections were reset; power off: the machine "
                                  "went silent, nothing is closed",
     ""},
    {"2 of 3 for S3", "the recvset tally: voters of this round whose vote equals my proposal, out of all voters", ""},
};
}  // namespace

std::span<const NotationEntry> notationLegend() { return kLegend; }

const NotationEntry* explainNotation(std::string_view text) {
  if (text.find(" acc ") != std::string_view::npos) return &kLegend[3];
  for (const auto& e : kLegend)
    if (*e.prefix && text.starts_with(e.prefix)) return &e;
  if (text.find("(retry") != std::string_view::npos) return &kLegend[6];
  if (text.starts_with("DOWN") || text.starts_with("POWER")) return &kLegend[8];
  return nullptr;
}

std::string voteMeaning(std::int64_t leader, std::int64_t zxid, std::int64_t peerEpoch, Language lang) {
  const bool zh = lang == Language::Chinese;
  if (leader == std::numeric_limits<std::int64_t>::min())
    return zh ? "Observer 的空投票：没有字段（ZooKeeper 填的是 Long.MIN_VALUE），它不参与投票。"
              : "an observer's empty vote: no fields (ZooKeeper fills them with Long.MIN_VALUE); it does not vote";
  const std::string z = zab::formatEpochCounter(zxid);
  const std::string e = voteFieldText(peerEpoch, std::to_string(peerEpoch), lang);
  return zh ? fmt::format("选票 {}：提议 S{} 当 Leader，它的最后 zxid 是 {}，peerEpoch 是 {}（它所知 Leader 的 "
                          "currentEpoch）。FLE 先比 peerEpoch，再比 zxid，最后比 myid。",
                          zab::voteNotation(leader, zxid, peerEpoch), leader, z, e)
            : fmt::format("vote {}: proposed leader S{}, its last zxid {}, its peerEpoch {} (the leader's currentEpoch). "
                          "FLE compares peerEpoch first, then zxid, then the server id",
                          zab::voteNotation(leader, zxid, peerEpoch), leader, z, e);
}

}  // namespace zabscope
