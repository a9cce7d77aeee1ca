// ZAB seed sweep: random ensembles (participants and observers), a lossy, duplicating
// network, a client workload and a random fault schedule (kill, crash, restart, partitions,
// heal, occasionally a lost disk). Every safety invariant is checked after every step; then
// the faults stop and every server must converge: one leader in BROADCAST followed by all,
// equal data trees, and every write acknowledged to a client present everywhere.
//
// ZABSCOPE_SEED=N replays one seed and prints its trace; ZABSCOPE_SWEEP_STATS=1 prints each
// range's totals; ZABSCOPE_SWEEP_SEEDS=A-B with the hidden tag [.zab-sweep-wide] searches further.
// ZABSCOPE_SWEEP_REPORT=FILE appends one machine-readable verdict line per seed (scripts/sweep.sh).
// ZABSCOPE_SWEEP_FAMILY=slow-leader-disk makes the wide sweep draw the SlowLeaderDisk pattern.
//
// Every seed has a step budget (kStepBudget): a seed whose events never stop (virtual time
// stalls in a message storm) fails with its seed number instead of hanging the test.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/ensemble_config.hpp"
#include "sim/invariants.hpp"
#include "sim/simulation.hpp"
#include "trace_seed.hpp"
#include "zab/known_bugs.hpp"
#include "zab/zxid.hpp"

using namespace zab;
using namespace zab::sim;

namespace {

constexpr std::int64_t kLivenessMs = 120000;  // virtual time allowed to converge after healing
// Steps one seed may take, both phases together. A passing seed needs far fewer; a seed
// past the budget is stuck (a storm at a standstill of virtual time), not slow.
constexpr std::uint64_t kStepBudget = 2'000'000;

// Which fault pattern a seed draws. SlowLeaderDisk aims at the ZOOKEEPER-2418 "Detected gap"
// fallback of syncFollower: a leader commits on its followers' ACKs while its own fsync stalls
// (Leader.processAck needs no self-ACK), so its committedLog runs ahead of its txn log; a learner
// that comes back older than minCommittedLog then finds the log ending before the committedLog
// starts. That takes a short committedLog, txn-log sync on, a write rate that fills the
// committedLog within one stall, enough voters to commit without the leader, and a fault that
// stalls the leader's disk while a follower restarts (Simulation::stallDisk). commitLogCount is
// 2 to 5 here, below ZooKeeper's floor of 500, so a stall of a second is enough to pass it.
// SlowSnapshot aims at pitfall 13: every sync is a SNAP whose snapshot takes 1 to 100 ms to write
// (snapSend), under writes, so PROPOSALs and COMMITs made meanwhile reach the learner before
// NEWLEADER and their COMMITs apply at once (writeToTxnLog is false after a SNAP).
enum class SweepFamily { Default, SlowLeaderDisk, SlowSnapshot };

struct SweepPlan {
  int participants = 3;
  int observers = 0;
  LinkConfig link;
  Workload workload;
  PeerTiming timing;
  std::int64_t faultPhaseMs = 0;
  std::int64_t maxGapMs = 1500;  // between fault actions
};

std::string peerLine(Sid sid, const PeerSlot& s) {
  if (!s.alive)
    return fmt::format("S{} {} down{}{}", sid, to_string(s.type), s.powered ? " (killed)" : " (powered off)",
                       s.exitReason.empty() ? "" : " exit: " + s.exitReason);
  const QuorumPeer& p = s.peer;
  const auto& h = p.db().history();
  std::string extra;
  if (const Leader* l = p.leader())
    extra = fmt::format(" outstanding {} lastCommitted {}", l->outstandingProposals().size(),
                        formatZxid(l->lastCommitted()));
  return fmt::format("S{} {} {} zab {} vote {} epochs cur {} acc {} lastZxid {} history {} (last {}) digest {:016x}{}",
                     sid, to_string(s.type), to_string(p.state()), to_string(p.zabState()), p.currentVote().brief(),
                     p.currentEpoch(), p.acceptedEpoch(), formatZxid(p.lastLoggedZxid()), h.size(),
                     h.empty() ? std::string("-") : formatZxid(h.back().zxid), p.db().tree().digest(), extra);
}

std::string peersSummary(const Simulation& sim) {
  std::string out;
  for (const auto& [sid, s] : sim.peers()) out += "\n  " + peerLine(sid, s);
  return out;
}

// The acknowledged writes one live server lacks (in its delivered history).
std::vector<Zxid> missingAcked(const Simulation& sim, const PeerSlot& s) {
  std::set<std::pair<Zxid, std::uint64_t>> mine;
  for (const auto& h : s.peer.db().history()) mine.insert({h.zxid, h.txnHash});
  std::vector<Zxid> out;
  for (const auto& [zxid, hash] : sim.registry().ackedLog)
    if (!mine.count({zxid, hash})) out.push_back(zxid);
  return out;
}

bool digestsEqual(const Simulation& sim) {
  std::optional<std::uint64_t> d;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive) continue;
    std::uint64_t x = s.peer.db().tree().digest();
    if (d && *d != x) return false;
    d = x;
  }
  return true;
}

bool converged(const Simulation& sim) {
  if (!sim.stable() || !digestsEqual(sim)) return false;
  for (const auto& [sid, s] : sim.peers())
    if (s.alive && !missingAcked(sim, s).empty()) return false;
  return true;
}

// Every server up, the network whole, one leader followed by all with nothing outstanding
// and every server at the same point: a participant's disk is redundant now and may be lost.
bool fullyReplicated(const Simulation& sim) {
  if (!sim.network().cutLinks().empty() || !sim.stable()) return false;
  std::optional<Zxid> z;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive) return false;
    if (const Leader* l = s.peer.leader(); l && !l->outstandingProposals().empty()) return false;
    if (!s.peer.unflushed().empty()) return false;
    Zxid x = s.peer.db().lastProcessedZxid();
    if (z && *z != x) return false;
    z = x;
  }
  return true;
}

struct SeedResult {
  bool ok = true;
  std::string failure;
  // How it failed, for scripts/sweep.sh: "safety:Name[+Name]", "known:ZOOKEEPER-NNNN",
  // "liveness" or "budget"; empty when it passed.
  std::string kind;
  // The failure is a known ZooKeeper 3.8.0 bug (known_bugs.hpp), not ours.
  bool knownBug() const { return kind.rfind("known:", 0) == 0; }
  std::uint64_t steps = 0;
  std::size_t acked = 0;
  int faults = 0;         // kill, crash, bounce, partition, wipe
  int wipes = 0;
  Epoch finalEpoch = 0;   // the converged leader's epoch: how many leaderships the seed saw
  std::int64_t virtualMs = 0;
  // Known bugs that cost a server its role but no data (ZOOKEEPER-4394), comma-separated; "-" if none.
  std::string livenessBugs = "-";
};

// The kind of a safety failure: the invariant names (the word before the first ':' of each
// violation), or the upstream issue when the checker names a known ZooKeeper 3.8.0 bug.
// "known:ZOOKEEPER-NNNN" when every violation names a known bug, else "safety:" and the names.
std::string violationKind(const std::vector<std::string>& violations) {
  constexpr std::string_view kKnown = "known ZooKeeper 3.8.0 bug ";
  std::set<std::string> names;
  std::string issue;
  bool allKnown = true;
  for (const auto& v : violations) {
    if (auto at = v.find(kKnown); at != std::string::npos) {
      issue = v.substr(at + kKnown.size());
      issue = issue.substr(0, issue.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789"));
    } else {
      allKnown = false;
    }
    names.insert(v.substr(0, v.find(':')));
  }
  if (allKnown && !issue.empty()) return "known:" + issue;
  std::string out = "safety:";
  for (const auto& n : names) out += (out.back() == ':' ? "" : "+") + n;
  return out;
}

// When set, a second checker runs every check after every step (no short cut for steps that
// changed nothing the checks read); a step where the two differ fails the seed.
bool gHoldShortCutAgainstFull = false;

SeedResult runSeed(std::uint64_t seed, bool trace, SweepFamily family = SweepFamily::Default) {
  SeedResult res;
  Prng plan(seed * 104729 + 17);
  SweepPlan p;
  p.participants = static_cast<int>(plan.uniform(3, 7));
  p.observers = plan.chance(0.3) ? static_cast<int>(plan.uniform(1, 2)) : 0;
  p.link = LinkConfig{1, plan.uniform(2, 30), static_cast<double>(plan.uniform(0, 20)) / 100.0,
                      static_cast<double>(plan.uniform(0, 10)) / 100.0};
  p.workload.writesPerSec = static_cast<double>(plan.uniform(5, 80));
  p.workload.readsPerSec = static_cast<double>(plan.uniform(0, 10));
  p.workload.keys = static_cast<int>(plan.uniform(2, 12));
  // Legal configurations that reach the other code paths: shorter ticks (more timeouts per
  // virtual second), a short committedLog (SNAP instead of DIFF), snapshot-size limits.
  const std::int64_t ticks[] = {500, 1000, 2000};
  p.timing.tickTime = static_cast<int>(ticks[plan.uniform(0, 2)]);
  const std::size_t logCounts[] = {10, 50, 500};
  p.timing.commitLogCount = logCounts[plan.uniform(0, 2)];
  const double factors[] = {0.33, 0.0, -1.0, 2.0};
  p.timing.snapshotSizeFactor = factors[plan.uniform(0, 3)];
  p.timing.forceSnapSync = plan.chance(0.1);
  // ZABSCOPE_SWEEP_FIX=ZOOKEEPER-2846,... replays the seeds with upstream fixes applied.
  if (const char* fixes = std::getenv("ZABSCOPE_SWEEP_FIX")) (void)parseKnownBugFixes(fixes, p.timing.fixes);
  // The fault model. The default is the harsher one: every fsync takes a random time with an
  // occasional stall, duplication only as TCP can produce it (a connection reset, then
  // QuorumCnxManager's resend), and the fault phase adds one-way cuts, a quorum crashed at
  // once and paused (SIGSTOP) processes. ZABSCOPE_SWEEP_MODEL=classic replays seeds recorded
  // with the first model (constant 2 ms fsync, a network that duplicates frames).
  // Seeds recorded before the engine took 3.8.0's NEWLEADER order (2026-12-07) replay with the
  // order they were recorded in, the ZOOKEEPER-4785 fix's: the classic model, and
  // ZABSCOPE_SWEEP_MODEL=fixed-newleader (today's fault model otherwise).
  const char* model = std::getenv("ZABSCOPE_SWEEP_MODEL");
  if (model) {  // a misspelt model would silently replay with every old rule on (scripts/sweep.sh lists them too)
    static const std::set<std::string> kModels = {"classic", "fixed-newleader", "shutdown-fast-forwards",
                                                  "late-txns-join-fsync", "instant-newleader-fsync",
                                                  "kill-loses-written", "observer-sync-logged-at-once",
                                                  "sync-commit-without-npe"};
    if (!kModels.count(model))
      throw std::invalid_argument(fmt::format("ZABSCOPE_SWEEP_MODEL={}: unknown model; expected one of {}", model,
                                              fmt::join(kModels, ", ")));
  }
  const bool classic = model && std::string(model) == "classic";
  // Seeds recorded before the engine took 3.8.0's early return of ZooKeeperServer.shutdown
  // (2026-12-07, sitting 19) replay as they were recorded: those models, and
  // ZABSCOPE_SWEEP_MODEL=shutdown-fast-forwards.
  // Seeds recorded before the engine took 3.8.0's fsync batches (2026-12-07, sitting 20: a txn
  // logged during an fsync waits for the next) replay as they were recorded: every model above,
  // and ZABSCOPE_SWEEP_MODEL=late-txns-join-fsync.
  if (model && (classic || std::string(model) == "fixed-newleader" || std::string(model) == "shutdown-fast-forwards" ||
                std::string(model) == "late-txns-join-fsync"))
    p.timing.fsyncTakesLateTxns = true;
  if (classic || (model && std::string(model) == "fixed-newleader")) p.timing.fixes.zk4785 = true;
  // Seeds recorded before the fixed NEWLEADER's fsync took time (2026-12-07, sitting 21) replay
  // with it instant: every model above (their fix=ZOOKEEPER-4785 runs were recorded so), and
  // ZABSCOPE_SWEEP_MODEL=instant-newleader-fsync.
  // Seeds recorded before a kill kept the running fsync's txns (the OS has them; also sitting 21)
  // replay with a kill losing them: every model above, and ZABSCOPE_SWEEP_MODEL=kill-loses-written.
  const bool npeModel = model && std::string(model) == "sync-commit-without-npe";  // today's, less one rule
  const bool observerModel = model && (std::string(model) == "observer-sync-logged-at-once" || npeModel);
  const bool killLosesWritten = model != nullptr && !observerModel;
  if (model && std::string(model) != "kill-loses-written" && !observerModel) p.timing.newLeaderFsyncAtOnce = true;
  // Seeds recorded before an observer's sync txns went through its SyncRequestProcessor at
  // UPTODATE (sitting 24) replay with them logged at once: every model above, and
  // ZABSCOPE_SWEEP_MODEL=observer-sync-logged-at-once.
  p.timing.observerSyncLoggedAtOnce = model != nullptr && !npeModel;
  // Seeds recorded before a COMMIT between NEWLEADER and UPTODATE could meet 3.8.0's
  // NullPointerException (ZOOKEEPER-4394; sitting 27) replay without it: every model above, and
  // ZABSCOPE_SWEEP_MODEL=sync-commit-without-npe.
  p.timing.syncCommitWithoutNpe = model != nullptr;
  p.timing.killLosesWrittenTxns = killLosesWritten;
  if (classic || (model && (std::string(model) == "fixed-newleader" || std::string(model) == "shutdown-fast-forwards")))
    p.timing.fixes.shutdownBeforeRunning = true;
  if (classic) {
    p.link.networkDuplicates = true;
    p.timing.leaderStartupMs = 0;  // a new leader listened the instant it decided
  } else {
    p.timing.fsyncMs = plan.uniform(1, 3);
    p.timing.fsyncMaxMs = plan.uniform(p.timing.fsyncMs, 25);
    p.timing.slowFsyncChance = 0.02;
    p.timing.slowFsyncMs = plan.uniform(200, 3000);
  }
  p.faultPhaseMs = plan.uniform(4000, 20000);
  p.maxGapMs = plan.uniform(300, 2500);
  if (family == SweepFamily::SlowLeaderDisk && !classic) {
    // Drawn after the default plan, so a default seed's plan does not change.
    p.participants = 5;
    p.observers = static_cast<int>(plan.uniform(0, 1));
    p.workload.writesPerSec = static_cast<double>(plan.uniform(60, 80));
    p.timing.commitLogCount = static_cast<std::size_t>(plan.uniform(2, 5));
    p.timing.snapshotSizeFactor = plan.chance(0.5) ? 0.0 : 0.33;
    p.timing.forceSnapSync = false;
    p.maxGapMs = plan.uniform(1000, 3000);
  }
  if (family == SweepFamily::SlowSnapshot && !classic) {
    // Drawn after the default plan, so a default seed's plan does not change.
    p.timing.forceSnapSync = true;
    p.timing.snapSendMs = plan.uniform(1, 20);
    p.timing.snapSendMaxMs = plan.uniform(p.timing.snapSendMs, 100);
    p.workload.writesPerSec = static_cast<double>(plan.uniform(50, 200));
  }
  const int n = p.participants + p.observers;
  const std::string what = fmt::format(
      "{}seed {} ({} participants + {} observers, latency 1..{} ms, loss {}, dup {}, {} w/s {} r/s on {} keys, tick {} "
      "ms, commitLogCount {}, snapshotSizeFactor {}{}, fault phase {} ms, gaps <= {} ms{})",
      family == SweepFamily::SlowLeaderDisk ? "slow-leader-disk "
      : family == SweepFamily::SlowSnapshot ? "slow-snapshot "
                                            : "",
      seed, p.participants, p.observers,
      p.link.latencyMaxMs, p.link.loss, p.link.duplication, p.workload.writesPerSec,
      p.workload.readsPerSec, p.workload.keys, p.timing.tickTime, p.timing.commitLogCount, p.timing.snapshotSizeFactor,
      p.timing.forceSnapSync ? ", forceSnapSync" : "", p.faultPhaseMs, p.maxGapMs,
      classic ? ", classic model"
              : fmt::format(", fsync {}..{} ms, stalls {} ms{}", p.timing.fsyncMs, p.timing.fsyncMaxMs,
                            p.timing.slowFsyncMs, p.timing.fixes.zk4785 ? ", NEWLEADER as fixed by ZOOKEEPER-4785" : ""));
  if (trace) fmt::print("{}\n", what);

  EnsembleSpec spec;
  spec.qv = QuorumVerifier::majority(syntheticServers(p.participants, p.observers));
  spec.seed = seed;
  spec.link = p.link;
  spec.timing = p.timing;
  Simulation sim(spec);
  sim.setExplain(trace);  // words only for a traced seed: the verdict is the same either way
  InvariantChecker checker;
  InvariantChecker full;
  full.setFullEveryStep(true);

  auto noteLivenessBugs = [&] {
    const auto& hit = sim.registry().livenessBugs;
    if (!hit.empty()) res.livenessBugs = fmt::format("{}", fmt::join(hit, ","));
  };
  auto fail = [&](const std::string& why, std::string kind) {
    noteLivenessBugs();
    res.ok = false;
    res.kind = std::move(kind);
    res.virtualMs = sim.now();
    res.failure = fmt::format("{}: {} (t={} ms, step {}){}", what, why, sim.now(), sim.stepCount(), peersSummary(sim));
  };
  auto overBudget = [&] {
    if (res.steps < kStepBudget) return false;
    fail(fmt::format("step budget exhausted ({} steps) at virtual time {} ms", res.steps, sim.now()), "budget");
    return true;
  };
  auto after = [&](const StepRecord& rec) {
    if (trace)
      fmt::print("[{} ms] #{} {}{}\n", rec.timeMs, rec.index, rec.headline,
                 rec.notes.empty() ? std::string() : " -- " + rec.explanation());
    auto bad = checker.check(sim);
    if (gHoldShortCutAgainstFull && (full.check(sim) != bad || !full.sameProgress(checker))) {
      fail(fmt::format("after step {}: the checker's short cut and the full check disagree", rec.index), "shortcut");
      return false;
    }
    if (!bad.empty()) {
      std::string all;
      for (const auto& b : bad) all += "\n  VIOLATION " + b;
      fail(fmt::format("after step {} ({}):{}", rec.index,
                       rec.explain ? rec.explanation() : fmt::format("ZABSCOPE_SEED={} prints the trace", seed), all),
           violationKind(bad));
      return false;
    }
    return true;
  };

  std::vector<Sid> all;
  for (Sid s = 1; s <= n; ++s) all.push_back(s);
  if (!after(sim.start(all))) return res;
  if (!after(sim.setWorkload(p.workload))) return res;

  // ---- fault phase ----
  const std::int64_t faultEnd = sim.now() + p.faultPhaseMs;
  std::int64_t nextAction = plan.uniform(200, p.maxGapMs);
  bool wiped = false;
  std::optional<Sid> holdFor;  // after a wipe: no faults until it has caught up again
  std::int64_t holdUntil = 0;
  auto pick = [&](const std::vector<Sid>& from) {
    return from[static_cast<std::size_t>(plan.uniform(0, static_cast<std::int64_t>(from.size()) - 1))];
  };
  while (sim.now() < faultEnd) {
    if (holdFor && (sim.now() >= holdUntil || fullyReplicated(sim))) holdFor.reset();
    if (sim.now() >= nextAction && !holdFor) {
      std::vector<Sid> up, down;
      for (const auto& [sid, s] : sim.peers()) (s.alive ? up : down).push_back(sid);
      const bool slowLeaderDisk = family == SweepFamily::SlowLeaderDisk && !classic;
      const std::int64_t r = plan.uniform(0, classic ? 99 : slowLeaderDisk ? 139 : 119);
      std::optional<StepRecord> rec;
      bool isFault = true;  // heal and client operations are not faults
      if (r >= 120) {
        // SlowLeaderDisk: the leader's disk stalls and a follower restarts at the same moment.
        // The others keep committing without the leader's own fsync; the follower comes back
        // older than the leader's committedLog, whose start is past the end of its txn log.
        if (auto lead = sim.leader()) {
          if (!after(sim.stallDisk(*lead, plan.uniform(1000, 4000)))) return res;
          std::vector<Sid> followers;
          for (Sid s : up)
            if (s != *lead) followers.push_back(s);
          if (!followers.empty()) rec = sim.restart(pick(followers));
        }
      } else if (r >= 100) {
        // The harsher model's faults.
        if (r < 106) {
          Sid from = pick(all), to = pick(all);
          if (from != to) rec = sim.cutLink(from, to);  // one direction only
        } else if (r < 111) {
          // A correlated failure: a majority of the participants lose power at one instant.
          std::vector<Sid> participants;
          for (const auto& [sid, s] : sim.peers())
            if (s.type == LearnerType::PARTICIPANT && s.alive) participants.push_back(sid);
          const std::size_t quorum = static_cast<std::size_t>(p.participants / 2 + 1);
          for (std::size_t i = participants.size(); i > 1; --i)
            std::swap(participants[i - 1],
                      participants[static_cast<std::size_t>(plan.uniform(0, static_cast<std::int64_t>(i) - 1))]);
          for (std::size_t i = 0; i < participants.size() && i < quorum; ++i) {
            if (!after(sim.crash(participants[i]))) return res;
          }
          ++res.faults;
        } else if (!up.empty()) {
          rec = sim.pause(pick(up), plan.uniform(50, 3 * p.timing.tickTime));  // SIGSTOP, then SIGCONT
        }
      } else if (r < 14 && !up.empty()) {
        rec = sim.kill(pick(up));
      } else if (r < 26 && !up.empty()) {
        rec = sim.crash(pick(up));
      } else if (r < 44 && !down.empty()) {
        rec = sim.restart(pick(down));
      } else if (r < 50 && !up.empty()) {
        rec = sim.restart(pick(up));  // a quick bounce
      } else if (r < 68) {
        std::vector<Sid> a, b;
        for (Sid s = 1; s <= n; ++s) (plan.chance(0.5) ? a : b).push_back(s);
        if (!a.empty() && !b.empty()) rec = sim.partition({a, b});
      } else if (r < 84) {
        rec = sim.heal();
        isFault = false;
      } else if (r < 90) {
        // An explicit client operation besides the workload: delete or sync somewhere.
        Sid at = pick(all);
        bool del = plan.chance(0.6);
        rec = sim.clientOp(at, del ? ClientOpKind::Delete : ClientOpKind::Sync,
                           fmt::format("/k{}", plan.uniform(0, p.workload.keys - 1)), "");
        isFault = false;
      } else if (r < 95 && !wiped) {
        // Disk loss. An observer's disk never counts towards a quorum; a participant's only
        // when the rest of the ensemble holds everything it held (otherwise real ZooKeeper
        // can lose acknowledged writes too). The server comes back at once on a blank disk.
        std::vector<Sid> observers;
        for (const auto& [sid, s] : sim.peers())
          if (s.type == LearnerType::OBSERVER) observers.push_back(sid);
        std::optional<Sid> victim;
        if (!observers.empty() && plan.chance(0.5)) victim = pick(observers);
        else if (fullyReplicated(sim)) victim = pick(all);
        if (victim) {
          wiped = true;
          ++res.wipes;
          if (!after(sim.wipeDisk(*victim))) return res;
          rec = sim.restart(*victim);
          if (sim.slot(*victim)->type == LearnerType::PARTICIPANT) {
            holdFor = *victim;
            holdUntil = sim.now() + 30000;
          }
        }
      }
      if (rec) {
        if (isFault) ++res.faults;
        if (!after(*rec)) return res;
      }
      nextAction = sim.now() + plan.uniform(50, p.maxGapMs);
    }
    auto next = sim.nextEventTime();
    std::int64_t until = holdFor ? faultEnd : std::min(nextAction, faultEnd);
    if (!next || *next > until) {
      sim.advanceClockTo(until);  // nothing happens before then
      continue;
    }
    if (overBudget()) return res;
    auto rec = sim.step();
    ++res.steps;
    if (!after(*rec)) return res;
  }

  // ---- liveness phase: the faults stop ----
  if (!after(sim.heal())) return res;
  if (!after(sim.setLink(std::nullopt, LinkConfig{1, p.link.latencyMaxMs, 0.0, 0.0}, "faults off"))) return res;
  if (!after(sim.setWorkload(Workload{}))) return res;
  for (Sid s : all)
    if (!sim.slot(s)->alive)
      if (!after(sim.restart(s))) return res;
  const std::int64_t deadline = sim.now() + kLivenessMs;
  while (!converged(sim)) {
    auto next = sim.nextEventTime();
    if (!next || *next > deadline) {
      std::string detail;
      for (const auto& [sid, s] : sim.peers()) {
        if (!s.alive) continue;
        auto miss = missingAcked(sim, s);
        if (!miss.empty())
          detail += fmt::format("\n  S{} lacks {} acknowledged writes, first {}", sid, miss.size(),
                                formatZxid(miss.front()));
      }
      // Known when every server left behind is one a known 3.8.0 bug touched (ZOOKEEPER-1549
      // keeps a learner out for good: each TRUNC fails the same way), or a follower in step
      // with a leader whose own tree a known bug changed (ZOOKEEPER-1549's dirty snapshot on
      // the server that leads later: it holds txns the others never get).
      const auto& bugs = sim.registry().knownBugs;
      const Sid lead = sim.leader().value_or(0);
      const Leader* l = lead ? sim.slot(lead)->peer.leader() : nullptr;
      const auto leaderBug = bugs.find(lead);
      bool allKnown = l != nullptr;
      std::string names, firstBug;
      for (const auto& [sid, s] : sim.peers()) {
        const bool following = s.alive && s.peer.zabState() == ZabState::BROADCAST &&
                               (sid == lead || s.peer.currentVote().id == lead);
        const bool diverged = l && s.peer.db().tree().digest() != sim.slot(lead)->peer.db().tree().digest();
        if (following && !diverged) continue;
        // ACCEPTED-EPOCH-AHEAD: a server that persisted a higher acceptedEpoch as a prospective
        // leader refuses this leader's lower epoch in registerWithLeader, as 3.8.0 does, until
        // the leadership changes (known_bugs.hpp). Judged on the state now, not on history.
        if (l && s.alive && s.peer.acceptedEpoch() > sim.slot(lead)->peer.currentEpoch()) {
          names += fmt::format(" S{}: known ZooKeeper 3.8.0 bug {} (acceptedEpoch {} > leader S{}'s epoch {});", sid,
                               zab::kAcceptedEpochAhead, s.peer.acceptedEpoch(), lead,
                               sim.slot(lead)->peer.currentEpoch());
          if (firstBug.empty()) firstBug = std::string(zab::kAcceptedEpochAhead);
          continue;
        }
        auto b = bugs.find(sid);
        if (b == bugs.end() && following && leaderBug != bugs.end()) {
          names += fmt::format(" S{}: differs from leader S{}, which known ZooKeeper 3.8.0 bug {} touched;", sid, lead,
                               leaderBug->second);
          if (firstBug.empty()) firstBug = std::string(leaderBug->second);
          continue;
        }
        if (b == bugs.end()) {
          allKnown = false;
          continue;
        }
        names += fmt::format(" S{}: known ZooKeeper 3.8.0 bug {};", sid, b->second);
        if (firstBug.empty()) firstBug = std::string(b->second);
      }
      const bool known = allKnown && !firstBug.empty();
      fail(fmt::format("no convergence within {} s after healing (stable {}, digests equal {}){}{}", kLivenessMs / 1000,
                       sim.stable(), digestsEqual(sim), known ? " [" + names + " ]" : std::string(), detail),
           known ? "known:" + firstBug : "liveness");
      return res;
    }
    if (overBudget()) return res;
    auto rec = sim.step();
    ++res.steps;
    if (!after(*rec)) return res;
  }
  for (const auto& [sid, s] : sim.peers())
    if (!s.alive) {
      // A server a known 3.8.0 bug touched may have exited for it (ZOOKEEPER-1549's TRUNC that
      // the log cannot reach exits with code 13, and so does every restart after it).
      const auto b = sim.registry().knownBugs.find(sid);
      const bool known = b != sim.registry().knownBugs.end();
      fail(fmt::format("S{} is down at the end: {}{}", sid, s.exitReason,
                       known ? fmt::format(" [S{}: known ZooKeeper 3.8.0 bug {}]", sid, b->second) : std::string()),
           known ? "known:" + std::string(b->second) : "liveness");
      return res;
    }
  res.acked = sim.registry().ackedLog.size();
  noteLivenessBugs();
  res.finalEpoch = sim.slot(*sim.leader())->peer.currentEpoch();
  res.virtualMs = sim.now();
  return res;
}

void sweep(std::uint64_t first, std::uint64_t last, SweepFamily family = SweepFamily::Default) {
  bool inRange = true;
  const std::uint64_t traceSeed = traceSeedIn(first, last, inRange);  // ZABSCOPE_SEED=N: one seed, traced
  if (!inRange) return;
  std::uint64_t steps = 0, acked = 0, passed = 0, faults = 0, wipes = 0, epochs = 0, virtualMs = 0;
  std::vector<std::string> failures;
  std::vector<std::uint64_t> knownBugSeeds;
  // One line per seed, flushed at once, so a killed process still leaves every verdict it reached.
  std::FILE* report = nullptr;
  if (const char* path = std::getenv("ZABSCOPE_SWEEP_REPORT")) report = std::fopen(path, "a");
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    const std::clock_t cpuStart = std::clock();
    SeedResult r = runSeed(seed, seed == traceSeed, family);
    if (report) {
      const double cpuMs = 1000.0 * static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
      fmt::print(report, "seed={} verdict={} kind={} steps={} faults={} wipes={} virtual_ms={} cpu_ms={:.0f} hit={}\n",
                 seed, r.ok ? "pass" : "fail", r.ok ? "-" : r.kind, r.steps, r.faults, r.wipes, r.virtualMs, cpuMs,
                 r.livenessBugs);
      std::fflush(report);
    }
    steps += r.steps;
    acked += r.acked;
    faults += static_cast<std::uint64_t>(r.faults);
    wipes += static_cast<std::uint64_t>(r.wipes);
    epochs += static_cast<std::uint64_t>(r.finalEpoch);
    virtualMs += static_cast<std::uint64_t>(r.virtualMs);
    if (r.ok) ++passed;
    else if (r.knownBug()) knownBugSeeds.push_back(seed);
    else failures.push_back(r.failure);
    if (!r.ok && r.knownBug() && seed == traceSeed) fmt::print("{}\n", r.failure);
  }
  const std::string summary =
      fmt::format("seeds {}..{}: {} passed, {} hit a known ZooKeeper 3.8.0 bug{}; {} steps, {} s virtual, {} faults "
                  "({} disk wipes), {} acknowledged writes, {} leader epochs in all",
                  first, last, passed, knownBugSeeds.size(),
                  knownBugSeeds.empty() ? std::string() : fmt::format(" ({})", fmt::join(knownBugSeeds, " ")), steps,
                  virtualMs / 1000, faults, wipes, acked, epochs);
  if (std::getenv("ZABSCOPE_SWEEP_STATS")) fmt::print("{}\n", summary);
  if (report) std::fclose(report);
  for (const auto& f : failures) UNSCOPED_INFO(f);
  INFO(summary);
  CHECK(failures.empty());
}

}  // namespace

// The incremental checker reports a violation at the step where it happens, with the words
// the full-scan checker of commit 64e9903 printed for this seed (../shared/evidence/sweep/
// seed3416-prefix-consistency.txt): the same violations at the same virtual time, 28576 ms.
// The seed replays a leader once synced by SNAP that builds a DIFF from its old txn log across
// a gap (ZOOKEEPER-2846). It is replayed with the fault model it was recorded with; the step
// count is 6620, not 6617, because a new leader's start-up is now a timer event of its own
// (0 ms in that model).
TEST_CASE("ZAB invariants: a violation is reported at the step where it happens (seed 3416)") {
  setenv("ZABSCOPE_SWEEP_MODEL", "classic", 1);
  SeedResult r = runSeed(3416, false);
  unsetenv("ZABSCOPE_SWEEP_MODEL");
  REQUIRE_FALSE(r.ok);
  INFO(r.failure);
  CHECK(r.failure.find("after step 6620 ") != std::string::npos);
  CHECK(r.failure.find("VIOLATION PrefixConsistency: S6 delivered 0x200000012 after 0x10000004b, another server after "
                       "0x200000011") != std::string::npos);
  for (const char* z : {"0x100000049", "0x10000004a", "0x10000004b"})
    CHECK(r.failure.find(fmt::format("VIOLATION PrimaryIntegrity: leader S7 (epoch 3) lacks {} which its follower S6 "
                                     "delivered",
                                     z)) != std::string::npos);
  CHECK(r.failure.find("(t=28576 ms, step 6620)") != std::string::npos);
}

// The checker returns at once after a step that changed nothing it reads. Held against the
// full check after every step: over seeds with violations (known 3.8.0 bugs, classic model)
// and clean ones, the two report the same violations at the same steps, and their cursors
// agree after every step (a step the short cut wrongly skipped leaves one behind).
TEST_CASE("ZAB invariants: the unchanged-step short cut reports what the full check reports") {
  gHoldShortCutAgainstFull = true;
  setenv("ZABSCOPE_SWEEP_MODEL", "classic", 1);
  for (std::uint64_t seed : {3416, 11308, 12577, 13043}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.failure.find("short cut") == std::string::npos);
    CHECK(r.knownBug());
  }
  setenv("ZABSCOPE_SWEEP_MODEL", "fixed-newleader", 1);  // as the STALE-ACK seeds were recorded
  for (std::uint64_t seed : {47167, 93785, 99870}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.failure.find("short cut") == std::string::npos);
    CHECK(r.knownBug());
  }
  unsetenv("ZABSCOPE_SWEEP_MODEL");
  for (std::uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.failure.find("short cut") == std::string::npos);
  }
  gHoldShortCutAgainstFull = false;
}

TEST_CASE("ZAB seed sweep: seeds 1-100 safe at every step and live after healing") { sweep(1, 100); }
TEST_CASE("ZAB seed sweep: seeds 101-200 safe at every step and live after healing") { sweep(101, 200); }
TEST_CASE("ZAB seed sweep: seeds 201-300 safe at every step and live after healing") { sweep(201, 300); }
TEST_CASE("ZAB seed sweep: seeds 301-400 safe at every step and live after healing") { sweep(301, 400); }
TEST_CASE("ZAB seed sweep: seeds 401-500 safe at every step and live after healing") { sweep(401, 500); }
TEST_CASE("ZAB seed sweep: seeds 501-600 safe at every step and live after healing") { sweep(501, 600); }
TEST_CASE("ZAB seed sweep: seeds 601-700 safe at every step and live after healing") { sweep(601, 700); }
TEST_CASE("ZAB seed sweep: seeds 701-800 safe at every step and live after healing") { sweep(701, 800); }
// The SlowLeaderDisk pattern (see SweepFamily): seeds that reach syncFollower's ZOOKEEPER-2418
// "Detected gap" fallback to SNAP with a real gap behind it, which seeds 1-800 never do (without
// the fallback, 5 of seeds 1-100 here break PrefixConsistency).
TEST_CASE("ZAB seed sweep: slow leader disk, seeds 1-100 safe at every step and live after healing") {
  sweep(1, 100, SweepFamily::SlowLeaderDisk);
}
TEST_CASE("ZAB seed sweep: slow leader disk, seeds 101-200 safe at every step and live after healing") {
  sweep(101, 200, SweepFamily::SlowLeaderDisk);
}
TEST_CASE("ZAB seed sweep: slow leader disk, seeds 201-300 safe at every step and live after healing") {
  sweep(201, 300, SweepFamily::SlowLeaderDisk);
}
TEST_CASE("ZAB seed sweep: slow snapshot writes under load, seeds 1-100 safe at every step and live after healing") {
  sweep(1, 100, SweepFamily::SlowSnapshot);
}

// Hidden: a wider search, e.g. ZABSCOPE_SWEEP_SEEDS=801-5000 zab_sim_tests "[.zab-sweep-wide]"
// (ZABSCOPE_SWEEP_STATS=1 prints each range's totals).
// Does nothing unless ZABSCOPE_SWEEP_SEEDS is set (a wildcard filter also selects hidden tests).
TEST_CASE("ZAB seed sweep: the range in ZABSCOPE_SWEEP_SEEDS=first-last", "[.zab-sweep-wide]") {
  const char* range = std::getenv("ZABSCOPE_SWEEP_SEEDS");
  if (!range) return;
  std::string r(range);
  auto dash = r.find('-');
  std::uint64_t first = std::strtoull(r.c_str(), nullptr, 10);
  std::uint64_t last = dash == std::string::npos ? first : std::strtoull(r.c_str() + dash + 1, nullptr, 10);
  // ZABSCOPE_SWEEP_FAMILY=slow-leader-disk (or slow-snapshot) sweeps that pattern instead.
  const char* family = std::getenv("ZABSCOPE_SWEEP_FAMILY");
  const std::string f = family ? family : "";
  if (!f.empty() && f != "slow-leader-disk" && f != "slow-snapshot")
    throw std::invalid_argument("ZABSCOPE_SWEEP_FAMILY=" + f + ": expected slow-leader-disk or slow-snapshot");
  sweep(first, last,
        f == "slow-leader-disk" ? SweepFamily::SlowLeaderDisk
        : f == "slow-snapshot"  ? SweepFamily::SlowSnapshot
                                : SweepFamily::Default);
}

// The sweep failures of ../shared/evidence/sweep/ that are ZooKeeper 3.8.0's own bugs
// (docs/known-bugs.md): they are named as such, and the same seeds pass with the fixes.
TEST_CASE("ZAB sweep: seeds that hit known ZooKeeper 3.8.0 bugs are named, and pass with the fix") {
  const char* before = std::getenv("ZABSCOPE_SWEEP_FIX");
  REQUIRE(before == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_MODEL", "classic", 1);  // the seeds were recorded with the first fault model
  for (std::uint64_t seed : {3416, 11308, 12577, 13043}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK_FALSE(r.ok);
    CHECK(r.knownBug());
  }
  // 5157 was the engine's own departure: with the txn log as 3.8.0's preallocated files, the
  // log file S7 opened when it restarted counts 64 MB against the size limit, and S1 gets a SNAP.
  CHECK(runSeed(5157, false).ok);
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-2846,ZOOKEEPER-1549", 1);
  for (std::uint64_t seed : {3416, 5157, 11308, 12577, 13043}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << " with the fixes: " << r.failure);
    CHECK(r.ok);
  }
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
}

// Two 3.8.0 behaviours of the 100,000-seed sweep with no upstream issue (docs/known-bugs.md).
// STALE-ACK-AFTER-TRUNC: a leader whose own fsync stalls commits on a follower's ACKs sent before
// syncFollower TRUNCated that follower's log; the leader dies and the write is gone. With the
// fix (the learner's ACKs above its TRUNC point are dropped) the seeds pass.
TEST_CASE("ZAB sweep: commits on ACKs a TRUNC made stale are named, and pass with the fix") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_MODEL", "fixed-newleader", 1);       // the order the seeds were recorded in
  for (std::uint64_t seed : {47167, 93785, 99870}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.kind == "known:STALE-ACK-AFTER-TRUNC");
  }
  setenv("ZABSCOPE_SWEEP_FIX", "STALE-ACK-AFTER-TRUNC", 1);
  for (std::uint64_t seed : {47167, 93785, 99870}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << " with the fix: " << r.failure);
    CHECK(r.ok);
  }
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
}

// ZOOKEEPER-4785: the two seeds of the 100,000-seed sweep in which a learner ACKed NEWLEADER
// (3.8.0's order: currentEpoch, then the sync's txns handed to the sync processor, then the
// ACK) and lost power before that fsync ended; it later led with its higher epoch, without
// writes clients had been told were committed. With the fix (fsync, currentEpoch, ACK) they pass.
TEST_CASE("ZAB sweep: txns ACKed with NEWLEADER before their fsync are named, and pass with the fix") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_MODEL", "shutdown-fast-forwards", 1);  // the model the seeds were recorded in
  for (std::uint64_t seed : {36379, 93224}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.kind == "known:ZOOKEEPER-4785");
    CHECK(r.failure.find("AckedWritesDurable") != std::string::npos);
  }
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-4785", 1);
  for (std::uint64_t seed : {36379, 93224}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << " with the fix: " << r.failure);
    CHECK(r.ok);
  }
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
}

// SHUTDOWN-BEFORE-RUNNING: seeds of the 100,000-seed sweep in which a learner's read timed out
// between NEWLEADER and UPTODATE; 3.8.0's ZooKeeperServer.shutdown returned early, so the txns
// its sync had logged never reached its memory, it voted with the older zxid under the newer
// epoch, won, and TRUNCed acknowledged writes away. With the fix (the role's end applies the
// logged txns, the fact sheet's behaviour) they pass. Slow-leader-disk 6783 ends with an observer
// that ZOOKEEPER-1549's failed TRUNC keeps out, on a path this bug opened; it passes with either fix.
TEST_CASE("ZAB sweep: a learner whose shutdown returned before RUNNING is named, and passes with the fix") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_MODEL", "late-txns-join-fsync", 1);  // the model the seeds were recorded in
  struct Case {
    std::uint64_t seed;
    SweepFamily family;
    const char* kind;
  };
  const Case cases[] = {{3849, SweepFamily::Default, "known:SHUTDOWN-BEFORE-RUNNING"},
                        {14426, SweepFamily::Default, "known:SHUTDOWN-BEFORE-RUNNING"},
                        {6783, SweepFamily::SlowLeaderDisk, "known:ZOOKEEPER-1549"}};
  for (const Case& c : cases) {
    SeedResult r = runSeed(c.seed, false, c.family);
    INFO("seed " << c.seed << ": " << r.failure);
    CHECK(r.kind == c.kind);
    if (c.family == SweepFamily::SlowLeaderDisk) CHECK(r.failure.find("is down at the end") != std::string::npos);
  }
  setenv("ZABSCOPE_SWEEP_FIX", "SHUTDOWN-BEFORE-RUNNING", 1);
  for (const Case& c : cases) {
    SeedResult r = runSeed(c.seed, false, c.family);
    INFO("seed " << c.seed << " with the fix: " << r.failure);
    CHECK(r.ok);
  }
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
}

// SHUTDOWN-BEFORE-RUNNING through a DIFF (SlowLeaderDisk 54026, found by sitting 24's sweep once
// observers log their sync txns through the sync processor): S2, cut off before UPTODATE, keeps
// 1:150..1:249 in its txn log but not in memory, leads epoch 4, and DIFF-syncs S5 from that log:
// S5 delivers 1:d5..1:f9, which the epoch-2 servers never had, then 2:1 after them. The
// PrefixConsistency report named no bug (only S5 and the first deliverer were looked at); it now
// also looks at S5's leader, as PrimaryIntegrity does.
TEST_CASE("ZAB sweep: a learner DIFF-synced from a SHUTDOWN-BEFORE-RUNNING leader's log is named, and passes with the fix") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_MODEL") == nullptr);  // recorded with today's model
  SeedResult r = runSeed(54026, false, SweepFamily::SlowLeaderDisk);
  INFO("seed 54026: " << r.failure);
  CHECK(r.kind == "known:SHUTDOWN-BEFORE-RUNNING");
  CHECK(r.failure.find("PrefixConsistency: S5 delivered 0x200000001 after 0x1000000f9") != std::string::npos);
  setenv("ZABSCOPE_SWEEP_FIX", "SHUTDOWN-BEFORE-RUNNING", 1);
  SeedResult fixed = runSeed(54026, false, SweepFamily::SlowLeaderDisk);
  unsetenv("ZABSCOPE_SWEEP_FIX");
  INFO("seed 54026 with the fix: " << fixed.failure);
  CHECK(fixed.ok);
}

// ZOOKEEPER-2846 on a restart: S6 led epoch 1 and logged 1:1e..1:34, which no quorum kept; synced
// by SNAP at 1:1d in epoch 2 it keeps them in its txn log after that snapshot, and when it
// restarts FileTxnSnapLog.restore applies them again, ahead of epoch 2's txns (PrefixConsistency
// against every other server). Found by the first sweep with 3.8.0's fsync batches
// (2026-12-07, sitting 20); with the fix the replaced records are skipped and the seed passes.
TEST_CASE("ZAB sweep: txns a SNAP replaced, read back from the old log at a restart, are named") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  SeedResult r = runSeed(89154, false);
  INFO("seed 89154: " << r.failure);
  CHECK(r.kind == "known:ZOOKEEPER-2846");
  CHECK(r.failure.find("PrefixConsistency") != std::string::npos);
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-2846", 1);
  SeedResult fixed = runSeed(89154, false);
  unsetenv("ZABSCOPE_SWEEP_FIX");
  INFO("seed 89154 with the fix: " << fixed.failure);
  CHECK(fixed.ok);
}

// ZOOKEEPER-2354 (liveness): with fix=ZOOKEEPER-4785 a learner synced by SNAP fsyncs the sync's
// txns between NEWLEADER's snapshot and its currentEpoch write. Seed 938: S2 is killed in that
// fsync, and every later start refuses its disk ("The current epoch, 0, is older than the last
// zxid"). Found by the first sweep with the fixed NEWLEADER's fsync taking time (2026-12-07,
// sitting 21: 295 of 100,000 seeds with every fix of the time on); with fix=ZOOKEEPER-2354 they pass.
TEST_CASE("ZAB sweep: a learner stopped between NEWLEADER's snapshot and currentEpoch is named, and passes with the fix") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_MODEL", "kill-loses-written", 1);  // the model the seeds were recorded in
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-4785", 1);
  for (std::uint64_t seed : {938, 1702}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.kind == "known:ZOOKEEPER-2354");
    CHECK(r.failure.find("is older than the last zxid") != std::string::npos);
  }
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-4785,ZOOKEEPER-2354", 1);
  for (std::uint64_t seed : {938, 1702}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << " with the fix: " << r.failure);
    CHECK(r.ok);
  }
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
}

// ZOOKEEPER-1558: seed 105241 with every other fix on. S3 led epoch 1 with 1:27 .. 1:29 logged
// alone, was elected again and snapshotted 1:29 at Leader.lead, then stopped before any learner
// acked epoch 2. S2 led epoch 3 and synced S3 by SNAP at 1:26; after a restart S3 loaded its
// snapshot of 1:29 (the highest zxid in a name) and delivered 3:1 after 1:29. Found by the
// all-fixes sweep of seeds 100,001 to 300,000 (2026-12-07, sitting 22); with the fix it passes.
TEST_CASE("ZAB sweep: a leader's start-up snapshot of uncommitted txns, loaded after a SNAP, is named") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  const std::string others =
      "ZOOKEEPER-2846,ZOOKEEPER-1549,STALE-ACK-AFTER-TRUNC,TRUNC-KEEPS-NEXT,ZOOKEEPER-4785,SHUTDOWN-BEFORE-RUNNING,"
      "ZOOKEEPER-2354";
  setenv("ZABSCOPE_SWEEP_FIX", others.c_str(), 1);
  setenv("ZABSCOPE_SWEEP_MODEL", "sync-commit-without-npe", 1);  // the model the seed was recorded in
  SeedResult r = runSeed(105241, false);
  INFO("seed 105241: " << r.failure);
  CHECK(r.kind == "known:ZOOKEEPER-1558");
  CHECK(r.failure.find("PrefixConsistency: S3 delivered 0x300000001 after 0x10000001d") != std::string::npos);
  setenv("ZABSCOPE_SWEEP_FIX", (others + ",ZOOKEEPER-1558").c_str(), 1);
  SeedResult fixed = runSeed(105241, false);
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
  INFO("seed 105241 with the fix: " << fixed.failure);
  CHECK(fixed.ok);
}

// ACCEPTED-EPOCH-AHEAD (liveness): S2 persisted acceptedEpoch 5 as a prospective leader, S3 then
// established epoch 4, and S2's registerWithLeader refuses epoch 4 for as long as S3 leads.
TEST_CASE("ZAB sweep: a server whose acceptedEpoch is above the leader's epoch is named") {
  setenv("ZABSCOPE_SWEEP_MODEL", "fixed-newleader", 1);  // the order the seed was recorded in
  SeedResult r = runSeed(92579, false);
  unsetenv("ZABSCOPE_SWEEP_MODEL");
  INFO("seed 92579: " << r.failure);
  CHECK(r.kind == "known:ACCEPTED-EPOCH-AHEAD");
  CHECK(r.failure.find("acceptedEpoch 5 > leader S3's epoch 4") != std::string::npos);
}

// The ten seeds that never finished (../shared/evidence/sweep/seed3640-notification-storm.txt):
// with the first fault model, a network that duplicates election frames multiplies FLE's
// observer <-> participant reply ping-pong without end. Such a seed now ends at the step
// budget and names itself; with duplication only as TCP can produce it (the default model)
// the same seeds pass (docs/known-bugs.md).
TEST_CASE("ZAB sweep: the notification-storm seeds end at the step budget naming the seed, and pass under TCP") {
  setenv("ZABSCOPE_SWEEP_MODEL", "classic", 1);
  SeedResult storm = runSeed(3640, false);
  unsetenv("ZABSCOPE_SWEEP_MODEL");
  CHECK_FALSE(storm.ok);
  CHECK(storm.kind == "budget");
  CHECK(storm.failure.find("seed 3640") != std::string::npos);
  for (std::uint64_t seed : {3394, 3640, 4847, 5930, 7613, 9014, 9174, 11857, 12354, 14308}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.ok);
  }
}

// SlowLeaderDisk seed 8061: S5 reloads ZOOKEEPER-1549's dirty snapshot at a TRUNC, later leads,
// and SNAPs its tree to S1, which then serves at 1:78 with txns up to 1:92 applied. The violation
// is on S1, whose data the bug reached through the SNAP: it is named (a SNAP carries the leader's
// known-bug mark to the learner), and the seed passes with the fix.
TEST_CASE("ZAB sweep: a SNAP from a leader a known bug touched carries the bug's name (slow-leader-disk 8061)") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_MODEL", "fixed-newleader", 1);       // the order the seed was recorded in
  SeedResult r = runSeed(8061, false, SweepFamily::SlowLeaderDisk);
  INFO("slow-leader-disk seed 8061: " << r.failure);
  CHECK(r.kind == "known:ZOOKEEPER-1549");
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-1549", 1);
  SeedResult fixed = runSeed(8061, false, SweepFamily::SlowLeaderDisk);
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
  INFO("with the fix: " << fixed.failure);
  CHECK(fixed.ok);
}

// With the ZOOKEEPER-1549 and TRUNC-KEEPS-NEXT fixes together (seed 50025, found by the all-fixes
// sweep): a learner SNAP-synced at 2:0 whose log holds only 2:1 and 2:2 gets a TRUNC to 1:8. The
// exact cut empties its log, the fix deletes the snapshot at 2:0, and the reload ends at 0x0,
// before the TRUNC point. The learner used to claim 1:8 over an empty tree (PrefixConsistency and
// DigestConsistency); now it refuses the sync, rejoins at 0x0 and is SNAP-synced.
TEST_CASE("ZAB sweep: with the ZOOKEEPER-1549 fix a TRUNC that leaves the database short is refused (seed 50025)") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-1549,TRUNC-KEEPS-NEXT", 1);
  setenv("ZABSCOPE_SWEEP_MODEL", "fixed-newleader", 1);  // the order the seed was recorded in
  SeedResult r = runSeed(50025, false);
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
  INFO("seed 50025 with ZOOKEEPER-1549,TRUNC-KEEPS-NEXT fixed: " << r.failure);
  CHECK(r.ok);
}

// Three liveness failures of the 100,000-seed sweep (docs/known-bugs.md): a server TRUNCated to
// before txns its newest snapshot holds reloads that dirty snapshot (ZOOKEEPER-1549), later leads
// with those txns in its tree, and its followers, in BROADCAST at the TRUNC zxid, never get them.
// The followers are named by the leader's bug; with the fix the seeds converge. (Seed 47810 was
// a third until a restart read the snapshot with the highest zxid in its name, as 3.8.0 does:
// its server now comes back with the dirty txns in its tree and its zxid alike, leads, and SNAPs
// them to everyone, which converges.)
TEST_CASE("ZAB sweep: a leader with ZOOKEEPER-1549's dirty snapshot is named, and passes with the fix") {
  REQUIRE(std::getenv("ZABSCOPE_SWEEP_FIX") == nullptr);  // this case sets the fixes itself
  setenv("ZABSCOPE_SWEEP_MODEL", "fixed-newleader", 1);       // the order the seeds were recorded in
  for (std::uint64_t seed : {48169, 48356}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << ": " << r.failure);
    CHECK(r.kind == "known:ZOOKEEPER-1549");
    CHECK(r.failure.find("which known ZooKeeper 3.8.0 bug ZOOKEEPER-1549 touched") != std::string::npos);
  }
  setenv("ZABSCOPE_SWEEP_FIX", "ZOOKEEPER-1549", 1);
  for (std::uint64_t seed : {47810, 48169, 48356}) {
    SeedResult r = runSeed(seed, false);
    INFO("seed " << seed << " with the fix: " << r.failure);
    CHECK(r.ok);
  }
  unsetenv("ZABSCOPE_SWEEP_FIX");
  unsetenv("ZABSCOPE_SWEEP_MODEL");
}
