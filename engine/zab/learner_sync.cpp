// The leader's sync decision for one learner (facts 3.7): LearnerHandler.syncFollower,
// queueCommittedProposals and the on-disk txn-log fallback (ZKDatabase.getProposalsFromTxnLog,
// calculateTxnLogSizeLimit), written as a pure function over a snapshot of the leader's DB.
#include "learner_sync.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "known_bugs.hpp"
#include "zxid.hpp"

namespace zab {

std::string_view to_string(SyncMode m) {
  switch (m) {
    case SyncMode::DIFF: return "DIFF";
    case SyncMode::TRUNC: return "TRUNC";
    case SyncMode::SNAP: return "SNAP";
  }
  return "?";
}

namespace {

// Java's (long) cast of a double: NaN -> 0, out of range saturates, otherwise truncates toward 0.
std::int64_t javaDoubleToLong(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
  if (v <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(v);
}

bool isNewEpochZxid(Zxid z) { return counterOf(z) == 0; }

QuorumPacket opPacket(PacketType type, Zxid zxid) { return QuorumPacket{type, zxid, std::nullopt}; }

// The txns a FileTxnIterator reads: every file from the start file on, in log order.
struct TxnLogTail {
  AppendLog<LoggedProposal>::const_iterator first, last;
  auto begin() const { return first; }
  auto end() const { return last; }
};

std::string logName(Zxid firstZxid) { return fmt::format("log.{:x}", static_cast<std::uint64_t>(firstZxid)); }

// The handler-side state syncFollower and queueCommittedProposals share: the packet queue and
// the "no op packet (DIFF/TRUNC) queued yet" flag.
struct HandlerQueue {
  std::vector<QuorumPacket> packets;
  bool needOpPacket = true;
  std::size_t txns = 0;               // PROPOSAL+COMMIT pairs queued
  std::optional<Zxid> refusedTruncTo; // set when a TRUNC would have crossed an epoch
  Zxid refusedAt = 0;                 // the first entry newer than the peer in that case

  void queueOp(PacketType type, Zxid zxid) { packets.push_back(opPacket(type, zxid)); }

  // queueCommittedProposals: queue (peer, maxZxid] from `log` in order, preceded by DIFF or TRUNC
  // if no op packet has been queued yet. Returns the last queued zxid (peer if none).
  template <class Log>  // the committedLog (a vector) or the txn log (an AppendLog)
  Zxid queueCommittedProposals(const Log& log, Zxid peer, std::optional<Zxid> maxZxid,
                               Zxid lastCommitted) {
    const bool peerNewEpoch = isNewEpochZxid(peer);
    Zxid queued = peer;
    Zxid prev = -1;  // the entry before the first one the peer lacks
    for (const LoggedProposal& p : log) {
      const Zxid z = p.zxid;
      if (maxZxid && z > *maxZxid) break;
      if (z < peer) {
        prev = z;
        continue;
      }
      if (needOpPacket) {
        if (z == peer) {  // the peer's last zxid is in our history: plain DIFF
          queueOp(PacketType::DIFF, lastCommitted);
          needOpPacket = false;
          continue;
        }
        if (peerNewEpoch) {  // (e,0) has no txn behind it: DIFF, then send this entry too
          queueOp(PacketType::DIFF, lastCommitted);
          needOpPacket = false;
        } else if (z > peer) {  // the peer has txns we never saw: roll it back to prev
          if (epochOf(z) != epochOf(peer)) {
            refusedTruncTo = prev;  // never TRUNC across an epoch; the caller ends up with SNAP
            refusedAt = z;
            return queued;
          }
          queueOp(PacketType::TRUNC, prev);
          needOpPacket = false;
        }
      }
      if (z <= queued) continue;  // already queued (duplicate entry in the log)
      packets.push_back(QuorumPacket{PacketType::PROPOSAL, z, p.data});
      queueOp(PacketType::COMMIT, z);
      queued = z;
      ++txns;
    }
    if (needOpPacket && peerNewEpoch) {  // our history ends before the peer's new epoch: empty DIFF
      queueOp(PacketType::DIFF, lastCommitted);
      needOpPacket = false;
    }
    return queued;
  }
};

// "DIFF 0x5 + 2 txns" / "TRUNC to 0x3 + 1 txn": what was queued, for the explanation line.
std::string describeQueue(const HandlerQueue& q) {
  if (q.packets.empty()) return "nothing";
  const QuorumPacket& first = q.packets.front();
  std::string head = first.type == PacketType::TRUNC ? fmt::format("TRUNC to {}", formatZxid(first.zxid))
                     : first.type == PacketType::DIFF ? fmt::format("DIFF {}", formatZxid(first.zxid))
                                                      : std::string("?");
  if (q.txns == 0) return first.type == PacketType::DIFF ? "empty " + head : head;
  return fmt::format("{} + {} txn{}", head, q.txns, q.txns == 1 ? "" : "s");
}

}  // namespace

SyncPlan syncFollower(const SyncInputs& in) {
  const Zxid peer = in.peerLastZxid;
  const Zxid lp = in.lastProcessedZxid;
  const bool peerNewEpoch = isNewEpochZxid(peer);
  const bool txnLogSyncEnabled = in.snapshotSizeFactor >= 0;
  Zxid minCL = lp;
  Zxid maxCL = lp;
  if (!in.committedLog.empty()) {
    minCL = in.committedLog.front().zxid;
    maxCL = in.committedLog.back().zxid;
  }

  HandlerQueue q;
  Zxid currentZxid = peer;
  bool needSnap = true;
  std::string why;
  std::string_view knownBug;
  std::size_t bugAt = 0;  // where the known-bug remark starts in `why` (a line of its own)
  // The words are made only when the caller explains (SyncInputs::explain): the decision never
  // reads them, and formatting zxids was a large part of a sync.
  auto said = [&](auto&& make) { return in.explain ? std::string(make()) : std::string(); };
  const std::string range = said([&] { return fmt::format("[{}, {}]", formatZxid(minCL), formatZxid(maxCL)); });

  if (in.forceSnapSync) {
    why = said([&] { return fmt::format("forceSnapSync -> SNAP at lastProcessedZxid {}", formatZxid(lp)); });
  } else if (lp == peer) {
    q.queueOp(PacketType::DIFF, peer);
    q.needOpPacket = false;
    needSnap = false;
    why = said([&] { return fmt::format("peer {} == lastProcessedZxid -> empty DIFF {}", formatZxid(peer), formatZxid(peer)); });
  } else if (peer > maxCL && !peerNewEpoch) {
    q.queueOp(PacketType::TRUNC, maxCL);
    currentZxid = maxCL;
    q.needOpPacket = false;
    needSnap = false;
    why = said([&] { return fmt::format("peer {} > maxCommittedLog {} -> TRUNC to {}", formatZxid(peer), formatZxid(maxCL),
                      formatZxid(maxCL)); });
  } else if (minCL <= peer && peer <= maxCL) {
    currentZxid = q.queueCommittedProposals(in.committedLog, peer, std::nullopt, maxCL);
    needSnap = false;
    why = said([&] { return fmt::format("peer {} within committedLog {} -> {}", formatZxid(peer), range, describeQueue(q)); });
  } else if (peer < minCL && txnLogSyncEnabled) {
    // calculateTxnLogSizeLimit, then getProposalsFromTxnLog(peer, sizeLimit): an empty iterator
    // means SNAP. The size checked is that of the log files newer than the one the iterator
    // starts in (the one holding the peer's zxid), each as long as its preallocation.
    const std::int64_t sizeLimit =
        javaDoubleToLong(static_cast<double>(in.newestSnapshotBytes) * in.snapshotSizeFactor);
    const std::string head = said([&] { return fmt::format("peer {} < minCommittedLog {}", formatZxid(peer), formatZxid(minCL)); });
    const std::ptrdiff_t start = in.txnLog.startFileFor(peer);
    const TxnLogFile* startFile = start >= 0 ? &in.txnLog.files()[static_cast<std::size_t>(start)] : nullptr;
    const std::int64_t storageSize = in.txnLog.storageSizeFrom(peer);
    std::size_t newerFiles = 0;  // the files storageSize adds up
    for (std::size_t i = 0; i < in.txnLog.files().size(); ++i)
      if (static_cast<std::ptrdiff_t>(i) != start && in.txnLog.files()[i].firstZxid >= peer) ++newerFiles;
    const std::string limitText =
        said([&] { return fmt::format("sizeLimit {} = snapshotSizeFactor {} x snapshot {} bytes", sizeLimit, in.snapshotSizeFactor,
                    in.newestSnapshotBytes); });
    bool iteratorEmpty = true;
    if (sizeLimit < 0) {
      why = said([&] { return fmt::format("{}, negative size limit: txn-log sync is disabled -> SNAP", head); });
    } else if (!startFile || in.txnLog.empty()) {
      why = said([&] { return fmt::format("{}, no txn-log file to read -> SNAP", head); });
    } else if (startFile->firstZxid > peer) {
      why = said([&] { return fmt::format("{}, Unable to find proposals from txnlog for zxid {}: the oldest file is {} -> SNAP", head,
                        formatZxid(peer), logName(startFile->firstZxid)); });
    } else if (sizeLimit > 0 && storageSize > sizeLimit) {
      why = said([&] { return fmt::format("{}, reading from {}: Txnlog size: {} exceeds sizeLimit: {} ({} newer log file{}, {}) -> SNAP",
                        head, logName(startFile->firstZxid), storageSize, sizeLimit, newerFiles,
                        newerFiles == 1 ? "" : "s", limitText); });
    } else if (in.fixZk2846 && peer <= in.txnLogHoleBefore) {
      why = said([&] { return fmt::format("{}, txn log is not one history before {} (a SNAP was loaded over it): not read "
                        "(fix ZOOKEEPER-2846) -> SNAP",
                        head, formatZxid(in.txnLogHoleBefore)); });
    } else {
      iteratorEmpty = false;
    }
    if (!iteratorEmpty) {
      const TxnLogTail tail{in.txnLog.from(startFile->firstEntry), in.txnLog.end()};
      currentZxid = q.queueCommittedProposals(tail, peer, minCL, maxCL);
      if (currentZxid < minCL) {
        // The txn log stops short of the committedLog (a slow disk): revert to a snapshot.
        if (q.refusedTruncTo) {
          why = said([&] { return fmt::format("{}, txn log: TRUNC to {} would cross epoch {} -> {} (next {}), nothing queued -> SNAP",
                            head, formatZxid(*q.refusedTruncTo), epochOf(peer), epochOf(q.refusedAt),
                            formatZxid(q.refusedAt)); });
        } else {
          why = said([&] { return fmt::format("{}, Use txnlog and committedLog, but: Detected gap between end of txnlog {} and start of "
                            "committedLog {} -> SNAP",
                            head, formatZxid(currentZxid), formatZxid(minCL)); });
        }
        currentZxid = peer;
        q.packets.clear();
        q.txns = 0;
        q.needOpPacket = true;
      } else {
        currentZxid = q.queueCommittedProposals(in.committedLog, currentZxid, std::nullopt, maxCL);
        needSnap = false;
        why = said([&] { return fmt::format("{}, Use txnlog and committedLog: from {} ({} bytes in {} newer log file{}, {}{}) then "
                          "committedLog {} -> {}",
                          head, logName(startFile->firstZxid), storageSize, newerFiles, newerFiles == 1 ? "" : "s",
                          limitText, sizeLimit == 0 ? ": no limit" : "", range, describeQueue(q)); });
        if (peer <= in.txnLogHoleBefore) {
          knownBug = kZk2846;
          bugAt = why.size();
          if (in.explain)
            why += fmt::format(" (known ZooKeeper 3.8.0 bug ZOOKEEPER-2846: the txn log is not one history before {}, "
                             "where a SNAP was loaded over it)",
                             formatZxid(in.txnLogHoleBefore));
        }
      }
    }
  } else {
    why = said([&] { return fmt::format("unhandled: peer {}{} vs committedLog {}, lastProcessedZxid {}, txn-log sync {} -> SNAP",
                      formatZxid(peer), peerNewEpoch ? " (new-epoch zxid)" : "", range, formatZxid(lp),
                      txnLogSyncEnabled ? "on" : "off"); });
  }
  if (needSnap) currentZxid = lp;
  // startForwarding(handler, currentZxid) happens here in ZooKeeper; the fallback below runs
  // after it, so a refused cross-epoch TRUNC leaves currentZxid at the peer's zxid.
  if (q.needOpPacket && !needSnap) {
    needSnap = true;
    if (q.refusedTruncTo) {
      why = said([&] { return fmt::format("peer {} within committedLog {}: TRUNC to {} would cross epoch {} -> {} (next {}), "
                        "no op packet -> SNAP",
                        formatZxid(peer), range, formatZxid(*q.refusedTruncTo), epochOf(peer), epochOf(q.refusedAt),
                        formatZxid(q.refusedAt)); });
    } else {
      why += "; no op packet queued -> SNAP";
    }
  }

  SyncPlan plan;
  plan.needSnap = needSnap;
  plan.currentZxid = currentZxid;
  if (needSnap) {
    plan.mode = SyncMode::SNAP;
  } else {
    plan.mode = q.packets.front().type == PacketType::TRUNC ? SyncMode::TRUNC : SyncMode::DIFF;
  }
  plan.packets = std::move(q.packets);
  plan.knownBug = plan.needSnap ? std::string_view() : knownBug;
  if (!in.explain) return plan;
  // Trace lines: the txn-log branch's head ("peer X < minCommittedLog Y") on one line, its
  // reading of the txn log on the next, a known bug on a third.
  const std::string headEnd = fmt::format("peer {} < minCommittedLog {}, ", formatZxid(peer), formatZxid(minCL));
  std::size_t cut = why.rfind(headEnd, 0) == 0 ? headEnd.size() : 0;
  if (cut) plan.lines.push_back(why.substr(0, cut - 2));
  plan.lines.push_back(why.substr(cut, bugAt > cut ? bugAt - cut : std::string::npos));
  if (bugAt > cut) plan.lines.push_back(why.substr(bugAt + 2, why.size() - bugAt - 3));
  if (needSnap && peer == 0 && lp != 0 && !in.forceSnapSync) {
    plan.lines.push_back(fmt::format("why SNAP: the peer is empty (0x0) but the leader is at {}{}", formatZxid(lp),
                                     counterOf(lp) == 0 ? " (set when it began serving this epoch, no txn behind it)"
                                                        : ""));
    plan.lines.push_back("a DIFF starts at a zxid both hold (lastProcessedZxid, or one in committedLog or the txn "
                         "log); no txn has zxid 0x0, so an empty late joiner always gets a SNAP");
  }
  plan.explanation = std::move(why);
  return plan;
}

}  // namespace zab
