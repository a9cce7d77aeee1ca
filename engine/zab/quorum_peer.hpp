#pragma once
// QuorumPeer: one ZooKeeper server process as a pure state machine. It owns the election
// transport (QuorumCnxManager), the election (FastLeaderElection), the database, and the
// role it plays once elected (Leader, or Learner for followers and observers). This object
// is the process's memory; PeerDisk is what a kill leaves behind.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "fast_leader_election.hpp"
#include "fifo.hpp"
#include "flat_map.hpp"
#include "known_bugs.hpp"
#include "leader.hpp"
#include "learner.hpp"
#include "peer_io.hpp"
#include "quorum_cnx_manager.hpp"
#include "quorum_verifier.hpp"
#include "vote.hpp"
#include "zk_database.hpp"

namespace zab {

struct PeerTiming {
  int tickTime = 2000;
  int initLimit = 10;
  int syncLimit = 5;
  // connectToLearnerMasterLimit (ticks): a learner's budget to connect to its leader, all
  // retries included; 0 (the default) means initLimit (Learner.LeaderConnector).
  int connectToLearnerMasterLimit = 0;
  FleTimeouts fle;
  std::int64_t fsyncMs = 2;                    // simulated fsync latency of the txn log (the least)
  std::int64_t fsyncMaxMs = -1;                // > fsyncMs: each fsync takes uniform [fsyncMs, fsyncMaxMs]
  double slowFsyncChance = 0;                  // an occasional slow fsync (a disk stall) ...
  std::int64_t slowFsyncMs = 0;                // ... takes this much longer
  std::size_t commitLogCount = ZKDatabase::kDefaultCommitLogCount;  // zookeeper.commitLogCount
  double snapshotSizeFactor = ZKDatabase::kDefaultSnapshotSizeFactor;  // as configured (see QuorumPeer)
  bool forceSnapSync = false;                  // zookeeper.forceSnapshotSync
  std::int64_t observerElectionDelayMs = 200;  // zookeeper.observer.election.DelayMs
  std::int64_t leaderConnectDelayMs = 100;     // zookeeper.leaderConnectDelayDuringRetryMs
  // From the LEADING decision to the quorum port listening: QuorumPeer.run's makeLeader (the
  // LeaderZooKeeperServer and the Leader, whose constructor binds the port). ZooKeeper 3.8.0 on
  // loopback logs 3 to 9 ms for it; a learner that dials sooner is refused and retries
  // leaderConnectDelayMs later. It takes this long plus a random part below it.
  std::int64_t leaderStartupMs = 5;
  std::int64_t snapCount = 100000;             // zookeeper.snapCount (at least 2)
  // How long a LearnerHandler takes to write a SNAP's snapshot onto the socket (ms; with
  // snapSendMaxMs > snapSendMs, uniform in between). Not a ZooKeeper setting: a small tree takes
  // well under a millisecond, hence 0. Meanwhile the leader's proposals and commits for that
  // learner queue behind the snapshot, ahead of NEWLEADER (the fact sheet's pitfall 13).
  std::int64_t snapSendMs = 0;
  std::int64_t snapSendMaxMs = -1;
  std::int64_t initialZxidCounter = -1;        // zookeeper.testingonly.initialZxid (-1: unset)
  KnownBugFixes fixes;                         // upstream fixes applied on top of 3.8.0 (known_bugs.hpp)
  // Replays of runs recorded before 2026-12-07 (sitting 20) only: a txn logged while an fsync
  // runs is durable when that fsync ends. 3.8.0's SyncRequestProcessor leaves it in its queue
  // until the fsync returns, and it waits for the next one.
  bool fsyncTakesLateTxns = false;
  // Replays of runs recorded before 2026-12-07 (sitting 21) only: with fix=ZOOKEEPER-4785,
  // NEWLEADER's fsync of the sync's txns took no time. The fix's ZKDatabase.commit blocks the
  // learner thread for an fsync like any other.
  bool newLeaderFsyncAtOnce = false;
  // Replays of runs recorded before 2026-12-07 (sitting 21) only: a kill lost the txns of the
  // running fsync, as a power cut does. FileTxnLog.commit hands them to the OS (flush) before
  // its fsync (force), so a killed process's OS still writes them (keepWrittenAtKill).
  bool killLosesWrittenTxns = false;
  // Replays of runs recorded before 2026-12-07 (sitting 24) only: an observer wrote the txns of
  // its sync to its txn log at UPTODATE, durable at once. 3.8.0's ObserverZooKeeperServer.
  // commitRequest hands each to the SyncRequestProcessor, as it does an INFORM's.
  bool observerSyncLoggedAtOnce = false;
  // Replays of runs recorded before 2026-12-08 (sitting 27) only: a COMMIT during sync that found
  // packetsNotCommitted empty was queued. 3.8.0 throws a NullPointerException there (ZOOKEEPER-4394).
  bool syncCommitWithoutNpe = false;
  // Memory only, never behaviour: old txn-log files no path reads again leave the simulator's
  // memory (QuorumPeer::forgetUnreadableLogFiles). Tests turn it off to show that nothing changes.
  bool forgetUnreadableLogFiles = true;
};

class QuorumPeer {
 public:
  QuorumPeer() = default;
  QuorumPeer(Sid myid, QuorumVerifier qv, PeerTiming timing, PeerDisk disk);

  // The simulation sets the virtual clock before each call (time enters from outside).
  void setClock(std::int64_t nowMs) { now_ = nowMs; }
  std::int64_t now() const { return now_; }

  // QuorumPeer.start(): loadDataBase, startLeaderElection, then LOOKING -> lookForLeader.
  void start(Effects& fx);
  // One input, its immediate consequences appended to fx.
  void step(const Input& in, Effects& fx);
  // The role ended (QuorumPeer.run after an exception): LOOKING again with the same FLE.
  void relook(const std::string& why, Effects& fx);
  // The process is killed, its machine stays up: the txns it had handed to the OS reach the
  // disk; those still queued in its memory do not. (A power cut keeps neither: not called.)
  void keepWrittenAtKill();

  Sid myid() const { return myid_; }
  LearnerType learnerType() const { return learnerType_; }
  bool isParticipant() const { return learnerType_ == LearnerType::PARTICIPANT; }
  const QuorumVerifier& quorumVerifier() const { return qv_; }
  const PeerTiming& timing() const { return timing_; }
  // zookeeper.snapshotSizeFactor as ZKDatabase's constructor reads it: a value above 1 is
  // "invalid" and the default 0.33 is used instead (with a WARN, noted at start-up).
  double snapshotSizeFactor() const {
    return timing_.snapshotSizeFactor > 1 ? ZKDatabase::kDefaultSnapshotSizeFactor : timing_.snapshotSizeFactor;
  }
  const PeerDisk& disk() const { return disk_; }
  ServerState state() const { return state_; }
  ZabState zabState() const { return zabState_; }
  const Vote& currentVote() const { return currentVote_; }
  Zxid lastLoggedZxid() const { return db_.lastProcessedZxid(); }
  Epoch currentEpoch() const { return disk_.currentEpoch.value_or(0); }
  Epoch acceptedEpoch() const { return disk_.acceptedEpoch.value_or(0); }
  const QuorumCnxManager& qcm() const { return qcm_; }
  const FastLeaderElection& election() const { return fle_; }
  const ZKDatabase& db() const { return db_; }
  const Leader* leader() const { return leader_ ? &*leader_ : nullptr; }
  const Learner* learner() const { return learner_ ? &*learner_ : nullptr; }
  std::int64_t electionsCompleted() const { return electionsCompleted_; }
  std::optional<SyncMode> lastSync() const { return lastSync_; }
  bool isServing() const;  // a leader in BROADCAST, or a learner after UPTODATE
  bool acceptsLearners() const { return leader_.has_value() && !leader_->isShutdown(); }
  Zxid lastCommittedZxid() const;
  const std::vector<LoggedProposal>& unflushed() const { return pendingFlush_; }
  // How many of unflushed() are in the fsync that runs now; the rest wait for the next one.
  std::size_t txnsInFsync() const { return std::min(inFsync_, pendingFlush_.size()); }

  // ---- used by FastLeaderElection, Leader and Learner (QuorumPeer is their "self") ----
  QuorumCnxManager& qcmMut() { return qcm_; }
  ZKDatabase& db() { return db_; }
  PeerDisk& diskMut() { return disk_; }
  void setPeerState(ServerState s) { state_ = s; }
  void setCurrentVote(const Vote& v) { currentVote_ = v; }
  void setZabState(ZabState z) { zabState_ = z; }
  void updateElectionVote(Epoch newEpoch) { currentVote_.peerEpoch = newEpoch; }
  void onElectionFinished(Effects& fx);
  void noteSync(SyncMode m) { lastSync_ = m; }
  // SyncRequestProcessor: append to the log; durable (and acked) when the fsync completes.
  void logProposal(const LoggedProposal& p, Effects& fx);
  // ZKDatabase.append as SyncRequestProcessor does it: after the append, roll the log and take
  // a snapshot once more than snapCount/2 + randRoll txns went into the current file.
  void appendToTxnLog(const LoggedProposal& p);
  // One fsync of this server's txn log, ending when a timer of `kind` fires: its latency, jitter
  // and slow spikes are the disk's (PeerTiming), whoever waits for it.
  OutSetTimer fsyncTimer(TimerKind kind) const;
  // The seed of this process's own random draws (SyncRequestProcessor's randRoll), given by
  // the simulation: ZooKeeper draws them from ThreadLocalRandom.
  void seedRandom(std::uint64_t seed) { rngState_ = seed; }
  // The current role ends: shut it down and go LOOKING (observers after a random delay).
  void roleEnded(std::string why, Effects& fx);  // by value: `why` may live in the role being destroyed
  // SHUTDOWN-BEFORE-RUNNING: the early return of shutdown; `runsFrom` says when the role would run.
  void keepMemoryBehindLog(const char* runsFrom, Effects& fx);
  void respondToClient(std::uint64_t opId, bool ok, Zxid zxid, const std::string& data, const std::string& error,
                       Effects& fx);
  std::int32_t registerClientOp(std::uint64_t opId);
  // A txn was applied: if our own client asked for it, answer that client.
  void txnApplied(const Txn& txn, Effects& fx);
  // A request of this server's client session that needed a commit (a write; a learner's sync)
  // was answered: CommitProcessor then serves the reads that waited behind it.
  void sessionRequestDone(std::uint64_t opId, Effects& fx);
  std::size_t waitingSessionRequests() const { return sessionQueue_.size(); }
  // ZOOKEEPER-1558 on a restore (a start, a role's end, a TRUNC's reload): names the bug when the
  // load read back a leader's start-up snapshot that a SNAP had rolled back.
  void markUncommittedSnapshot(const LoadResult& load, Effects& fx);

 private:
  void drainReceiveQueue(Effects& fx);
  void flush(Effects& fx);
  void markStaleReplay(const std::vector<Zxid>& stale, Effects& fx);  // ZOOKEEPER-2846 on restore
  void markKnownBugTxns(std::string_view bug, const std::vector<Zxid>& txns, Effects& fx);
  void startFsync(std::size_t txns, Effects& fx);  // the first `txns` of pendingFlush_ go into it
  static constexpr std::size_t kMaxFsyncBatch = 1000;  // zookeeper.maxBatchSize
  void clientRequest(const InClientRequest& in, Effects& fx);
  void failPendingClientOps(const std::string& why, Effects& fx);
  void serveRead(std::uint64_t opId, const std::string& path, Effects& fx);  // FinalRequestProcessor, getData
  void startRole(Effects& fx);
  void resetSnapshotStats();
  void forgetUnreadableLogFiles();  // memory only: what no restore, sync or TRUNC reads again

  Sid myid_ = 0;
  LearnerType learnerType_ = LearnerType::PARTICIPANT;
  QuorumVerifier qv_;
  PeerTiming timing_;
  PeerDisk disk_;
  ZKDatabase db_;
  std::int64_t now_ = 0;
  ServerState state_ = ServerState::LOOKING;
  ZabState zabState_ = ZabState::ELECTION;
  Vote currentVote_;
  QuorumCnxManager qcm_;
  FastLeaderElection fle_;
  std::optional<Leader> leader_;
  std::optional<Learner> learner_;
  // SyncRequestProcessor: every txn handed to it and not yet durable, in order. The first
  // inFsync_ are in the fsync that runs now (appended before the thread found its queue empty);
  // the rest arrived during it and wait in queuedRequests for the next one.
  std::vector<LoggedProposal> pendingFlush_;
  std::size_t inFsync_ = 0;
  std::int64_t fsyncStartedAt_ = -1;
  std::vector<Zxid> flushedZxids_;  // flush()'s buffer, kept for the next fsync (speed only, no state)
  // SyncRequestProcessor / ZKDatabase: txns appended since the last roll, and this round's
  // random part of the roll point.
  std::int64_t txnCount_ = 0;
  std::int64_t randRoll_ = 0;
  std::uint64_t rngState_ = 0;
  // cxid -> the simulation's op id. Sorted vector: cxids grow, so a new op is an append and the
  // oldest (the next to commit) is first; a std::map made a node per client write.
  FlatMap<std::int32_t, std::uint64_t> pendingClientOps_;
  std::int32_t nextCxid_ = 1;
  // CommitProcessor's pendingRequests for this server's one client session: its requests that
  // need a commit (writes; syncs at a learner, where matchSyncs is true), in arrival order, and
  // the reads (and, at the leader, syncs) that arrived after one of them. A session's requests
  // are answered in its order, so a read waits until the writes before it are applied: a
  // client reads its own writes.
  struct SessionRequest {
    std::uint64_t opId = 0;
    ClientOpKind kind = ClientOpKind::Read;
    std::string path;
    bool needsCommit = false;
  };
  Fifo<SessionRequest> sessionQueue_;
  std::optional<SyncMode> lastSync_;
  std::int64_t electionsCompleted_ = 0;
  bool stopped_ = false;  // fatal: the process exited
};

}  // namespace zab
