#pragma once
// Known ZooKeeper 3.8.0 bugs that the engine reproduces on purpose, and the settings that
// apply a fix. Faithful includes ZooKeeper's own bugs: by default the engine does what 3.8.0
// does, names the upstream issue where the data goes wrong, and lets a scenario replay the
// same seed with the fix (`ensemble ... fix=ZOOKEEPER-2846`). See docs/known-bugs.md.
#include <optional>
#include <string>
#include <string_view>

namespace zab {

// ZOOKEEPER-2846 "Leader follower sync with on disk txns can possibly lead to data
// inconsistency": a server synced by SNAP keeps its old txn log, so the log has a hole (or
// stale uncommitted txns) before the snapshot's zxid. As leader it later builds a DIFF or a
// TRUNC from that log for a learner older than the hole. Upstream has no merged fix; the fix
// setting refuses to read the txn log across the hole (what snapshotSizeFactor=-1 does for
// every case), so the learner gets a SNAP.
inline constexpr std::string_view kZk2846 = "ZOOKEEPER-2846";
// ZOOKEEPER-1549 "Data inconsistency when follower is receiving a DIFF with a dirty
// snapshot": TRUNC cuts only the txn log (FileTxnSnapLog.truncateLog). A snapshot newer than
// the TRUNC point survives and is loaded again, with txns the leader never committed; when
// the log does not even reach the TRUNC point, truncate throws "No log files found to
// truncate!" and the learner can never rejoin. The fix setting deletes the snapshots newer
// than the TRUNC point and refuses a TRUNC the reloaded database cannot honour, so the
// learner rejoins with its true last zxid.
inline constexpr std::string_view kZk1549 = "ZOOKEEPER-1549";

struct KnownBugFixes {
  bool zk2846 = false;
  bool zk1549 = false;
  bool operator==(const KnownBugFixes&) const = default;
};

// "ZOOKEEPER-2846,ZOOKEEPER-1549" -> fixes; returns the first unknown name on error.
std::optional<std::string> parseKnownBugFixes(std::string_view list, KnownBugFixes& out);

// One line saying what goes wrong, for invariant reports ("" for an unknown id).
std::string_view knownBugSummary(std::string_view id);

}  // namespace zab
