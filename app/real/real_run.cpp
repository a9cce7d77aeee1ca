#include "real/real_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "real/real_ensemble.hpp"
#include "real/real_outcome.hpp"
#include "real/zk_wire_client.hpp"
#include "zab/known_bugs.hpp"
#include "zab/quorum_peer.hpp"

namespace zabscope::real {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t toInt(const std::string& s) {
  try {
    return std::stoll(s);
  } catch (...) {
    return 0;
  }
}

// Why a command cannot be played on real servers, or "" when it can.
std::string whyUnmappable(const zab::sim::ScenarioCommand& c) {
  const std::string& v = c.verb;
  if (v == "partition" || v == "cut" || v == "heal")
    return "network partitions need iptables or network namespaces (root, and changes outside the processes "
           "zabsim started); zabsim real changes nothing but its own servers";
  if ((v == "loss" || v == "dup") && !c.args.empty() && std::stod(c.args[0]) != 0)
    return "loopback TCP neither loses nor duplicates frames, and injecting loss needs tc/netem (root)";
  if (v == "step" || v == "deliver" || v == "drop" || v == "duplicate" || v == "wait")
    return "real servers cannot be stepped one event at a time: their messages are not ours to hold";
  if (v == "history") return "writing txn logs and epoch files in ZooKeeper's binary format is not done; start from blank disks";
  if (v == "diskfault") return "failing one write of an epoch file needs fault injection inside the JVM";
  if (v == "relook") return "a real server has no command to end its role (only a restart or a lost quorum does that)";
  if (v == "workload") return "a steady workload is not mapped; write the operations one by one";
  return "";
}

class Player {
 public:
  Player(const zab::sim::Scenario& sc, RealEnsemble& ens, const RealRunOptions& opt)
      : sc_(sc), ens_(ens), opt_(opt), begin_(Clock::now()),
        deadline_(begin_ + std::chrono::milliseconds(static_cast<std::int64_t>(opt.timeoutS * 1000))) {}

  std::int64_t elapsedMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin_).count();
  }

  // Plays every command; false when the budget ran out.
  bool play(std::vector<std::string>& problems, std::vector<std::string>& notes) {
    for (const auto& c : sc_.commands) {
      line_ = c.line;
      if (interruptedBy()) {
        problems.push_back(where(fmt::format("interrupted by signal {}: the servers were killed", interruptedBy())));
        return false;
      }
      if (Clock::now() >= deadline_) {
        problems.push_back(where(fmt::format("the budget of {} s is spent; the rest is not played", opt_.timeoutS)));
        timedOut_ = true;
        return false;
      }
      if (opt_.verbose) fmt::print(stderr, "[{:>7} ms] {}\n", elapsedMs(), c.text);
      const std::string& v = c.verb;
      if (v == "seed" || v == "latency" || v == "loss" || v == "dup") {
        notes.push_back(where(fmt::format("'{}' only shapes the engine's run; loopback has its own timing", c.text)));
      } else if (v == "start") {
        for (const auto& a : c.args) startServer(toInt(a), problems);
      } else if (v == "kill" || v == "crash" || v == "restart" || v == "wipe" || v == "pause") {
        std::vector<std::int64_t> targets;
        const std::size_t n = v == "pause" ? 1 : c.args.size();
        for (std::size_t i = 0; i < n; ++i) {
          if (c.args[i] == "leader") {
            auto l = currentLeader();
            if (!l) {
              problems.push_back(where("no server is leading now: '" + c.text + "' has no target"));
              continue;
            }
            targets.push_back(*l);
          } else {
            targets.push_back(toInt(c.args[i]));
          }
        }
        for (auto sid : targets) {
          if (v == "kill") ens_.kill(sid);
          // crash: SIGSTOP. The process goes silent with its sockets open, as a machine that lost
          // power: peers notice only by their timeouts. (Unlike a dead machine, the kernel still
          // accepts TCP connections for it.)
          else if (v == "crash") ens_.stop(sid);
          else if (v == "wipe") ens_.wipe(sid);
          else if (v == "pause") {
            ens_.stop(sid);
            resumeAt_[sid] = Clock::now() + std::chrono::milliseconds(toInt(c.args[1]));
          } else {  // restart: a crashed (stopped) or killed server comes back as a new JVM on its disk
            ens_.kill(sid);
            resumeAt_.erase(sid);
            startServer(sid, problems);
          }
        }
      } else if (v == "write" || v == "delete" || v == "read" || v == "sync") {
        clientOp(c, problems);
      } else if (v == "run") {
        if (!runCommand(c, problems)) return false;
      } else if (v == "expect") {
        notes.push_back(where("'" + c.text + "' is the engine's expectation; `zabsim compare` checks the real outcome against it"));
      }
    }
    return true;
  }

  std::int64_t committedWrites() const { return committedWrites_; }
  const nlohmann::json& clientOps() const { return clientOps_; }
  bool timedOut() const { return timedOut_; }

 private:
  std::string where(const std::string& m) const { return fmt::format("{}:{}: {}", sc_.file, line_, m); }

  void startServer(std::int64_t sid, std::vector<std::string>& problems) {
    std::string error;
    if (!ens_.start(sid, error)) problems.push_back(where(fmt::format("S{} did not start: {}", sid, error)));
  }

  std::optional<std::int64_t> currentLeader() {
    for (const auto& s : ens_.spec().servers) {
      auto st = ens_.status(s.sid);
      if (st.serving && st.mode == "leader") return s.sid;
    }
    return std::nullopt;
  }

  // Sleeps until `until` (or the budget's end), resuming paused servers on time.
  void sleepUntil(Clock::time_point until) {
    until = std::min(until, deadline_);
    while (true) {
      auto now = Clock::now();
      for (auto it = resumeAt_.begin(); it != resumeAt_.end();) {
        if (it->second <= now) {
          ens_.resume(it->first);
          it = resumeAt_.erase(it);
        } else {
          ++it;
        }
      }
      if (now >= until || interruptedBy()) return;
      auto next = until;
      for (const auto& [sid, t] : resumeAt_) next = std::min(next, t);
      std::this_thread::sleep_until(std::min(next, now + std::chrono::milliseconds(100)));
    }
  }

  // The engine's conditions, as far as `srvr` shows them. stable: a leader, and every live
  // server serving (BROADCAST) as its follower or observer; quiet: stable, and every live server
  // at the same zxid (nothing left in flight).
  bool condition(const std::string& until) {
    std::optional<std::int64_t> leader;
    bool allServing = true;
    std::set<std::int64_t> learnerZxids;
    std::int64_t leaderZxid = -1;
    for (const auto& s : ens_.spec().servers) {
      if (ens_.proc(s.sid) != RealEnsemble::Proc::Running) continue;
      auto st = ens_.status(s.sid);
      if (!st.serving) allServing = false;
      else if (st.mode == "leader") leader = s.sid, leaderZxid = st.zxid;
      else learnerZxids.insert(st.zxid);
    }
    if (until == "leader") return leader.has_value() || leaderInLogs();
    if (until == "stable") return leader && allServing;
    // The leader's srvr zxid is its new epoch's (0xE00000000) until the first write of that
    // epoch; the learners show the last txn they applied.
    const bool leaderCaughtUp = learnerZxids.empty() || leaderZxid == *learnerZxids.begin() ||
                                ((leaderZxid & 0xffffffffLL) == 0 && leaderZxid > *learnerZxids.begin());
    return leader && allServing && learnerZxids.size() <= 1 && leaderCaughtUp;
  }

  // The engine's until=leader holds as soon as a LEADING peer has a quorum of participants
  // LEADING or FOLLOWING, before any of them serves; `srvr` answers only once they serve. The
  // state lines of the logs tell it sooner.
  bool leaderInLogs() const {
    int voters = 0, inRole = 0;
    bool leading = false;
    for (const auto& s : ens_.spec().servers) {
      if (s.observer) continue;
      ++voters;
      if (ens_.proc(s.sid) != RealEnsemble::Proc::Running) continue;
      auto state = readLogFacts(ens_.logPath(s.sid)).state;
      if (state == "LEADING") leading = true;
      if (state == "LEADING" || state == "FOLLOWING") ++inRole;
    }
    return leading && 2 * inRole > voters;
  }

  bool runCommand(const zab::sim::ScenarioCommand& c, std::vector<std::string>& problems) {
    if (!c.kv.count("until")) {
      sleepUntil(Clock::now() + std::chrono::milliseconds(toInt(c.args.at(0))));
    } else {
      const std::string until = c.kv.at("until");
      const auto cap = Clock::now() + std::chrono::milliseconds(c.kv.count("max") ? toInt(c.kv.at("max")) : 60000);
      // A JVM needs about a second to start: the engine's max= (virtual ms from the command) is
      // given that much more in wall time.
      const auto limit = cap + std::chrono::seconds(5);
      while (!condition(until) && !interruptedBy()) {
        if (Clock::now() >= std::min(limit, deadline_)) {
          problems.push_back(where(fmt::format("run until={} did not hold within {} ms of wall time", until,
                                               elapsedMs())));
          return Clock::now() < deadline_;
        }
        sleepUntil(Clock::now() + std::chrono::milliseconds(100));
      }
    }
    return true;
  }

  void clientOp(const zab::sim::ScenarioCommand& c, std::vector<std::string>& problems) {
    const std::int64_t sid = toInt(c.args.at(0));
    const std::string path = c.args.size() > 1 ? c.args[1] : "/";
    std::string data;
    if (c.verb == "write") {  // the data is the rest of the line, as the engine reads it
      auto at = c.text.find(path);
      if (at != std::string::npos && at + path.size() < c.text.size()) data = c.text.substr(at + path.size() + 1);
      if (auto hash = data.find('#'); hash != std::string::npos) data = data.substr(0, hash);
      while (!data.empty() && (data.back() == ' ' || data.back() == '\t' || data.back() == '\r')) data.pop_back();
    }
    const ZkOp op = c.verb == "write" ? ZkOp::CreateOrSet : c.verb == "delete" ? ZkOp::Delete
                    : c.verb == "read"  ? ZkOp::GetData : ZkOp::Sync;
    ZkReply r;
    // A server that is still syncing refuses sessions: retry for a while, as a client library would.
    const auto giveUp = std::min(deadline_, Clock::now() + std::chrono::seconds(10));
    do {
      r = zkRequest(ens_.clientPort(sid), op, path, data, 5000);
      // Only a refused session is retried: a request that went out may have been acted on, and
      // the engine's client does not send it twice either.
      if (r.ok || r.err != 0 || r.sent) break;
      sleepUntil(Clock::now() + std::chrono::milliseconds(200));
    } while (Clock::now() < giveUp && !interruptedBy());
    nlohmann::json j = {{"line", c.line}, {"op", c.verb}, {"sid", sid}, {"path", path}, {"ok", r.ok},
                        {"zxid", fmt::format("0x{:x}", r.zxid)}};
    if (!r.ok) j["error"] = r.message;
    clientOps_.push_back(j);
    if (r.ok && (c.verb == "write" || c.verb == "delete")) ++committedWrites_;
    if (!r.ok && c.verb != "read") problems.push_back(where(fmt::format("{} on S{} failed: {}", c.verb, sid, r.message)));
    if (opt_.verbose)
      fmt::print(stderr, "           -> {} (zxid 0x{:x})\n", r.ok ? "ok" : r.message, r.zxid);
  }

  const zab::sim::Scenario& sc_;
  RealEnsemble& ens_;
  const RealRunOptions& opt_;
  Clock::time_point begin_, deadline_;
  int line_ = 0;
  std::map<std::int64_t, Clock::time_point> resumeAt_;
  std::int64_t committedWrites_ = 0;
  nlohmann::json clientOps_ = nlohmann::json::array();
  bool timedOut_ = false;
};

}  // namespace

std::vector<std::string> unmappableCommands(const zab::sim::Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& c : scenario.commands) {
    std::string why = whyUnmappable(c);
    if (!why.empty()) out.push_back(fmt::format("{}:{}: '{}' cannot be played on real servers: {}", scenario.file, c.line, c.text, why));
  }
  for (const auto& [sid, server] : scenario.spec.qv.allMembers())
    if (sid < 1 || sid > 999)
      out.push_back(fmt::format("{}: server id {} is outside 1..999, the range zabsim real gives ports to", scenario.file, sid));
  if (scenario.spec.qv.isHierarchical())
    out.push_back(fmt::format("{}: hierarchical quorums (group/weight lines) are not written to the real zoo.cfg", scenario.file));
  if (scenario.spec.timing.fle.finalizeWait != 200)
    out.push_back(fmt::format("{}: finalizeWait={} cannot be set on real servers (FastLeaderElection.finalizeWait is 200 ms, a constant)",
                              scenario.file, scenario.spec.timing.fle.finalizeWait));
  return out;
}

RealRunResult runReal(const zab::sim::Scenario& scenario, const RealRunOptions& options) {
  RealRunResult result;
  if (auto bad = unmappableCommands(scenario); !bad.empty()) {
    result.problems = bad;
    result.exitCode = 2;
    return result;
  }
  JavaSetup java = findJava();
  if (!java.problem.empty()) {
    result.problems.push_back("zabsim real needs Java and ZooKeeper: " + java.problem);
    result.exitCode = 77;
    return result;
  }
  RealEnsembleSpec spec;
  for (const auto& [sid, server] : scenario.spec.qv.allMembers())
    spec.servers.push_back({sid, server.type == zab::LearnerType::OBSERVER});
  const auto& t = scenario.spec.timing;
  spec.tickTime = t.tickTime;
  spec.initLimit = t.initLimit;
  spec.syncLimit = t.syncLimit;
  spec.connectToLearnerMasterLimit = t.connectToLearnerMasterLimit;
  spec.minNotificationInterval = t.fle.minNotificationInterval;
  spec.maxNotificationInterval = t.fle.maxNotificationInterval;
  spec.portBase = options.portBase;
  // The engine's ZooKeeper settings that are system properties of the real server.
  const zab::PeerTiming defaults;
  auto property = [&](const char* name, const std::string& value) { spec.systemProperties.push_back(fmt::format("-D{}={}", name, value)); };
  if (t.snapCount != defaults.snapCount) property("zookeeper.snapCount", std::to_string(t.snapCount));
  if (t.commitLogCount != defaults.commitLogCount) property("zookeeper.commitLogCount", std::to_string(t.commitLogCount));
  if (t.snapshotSizeFactor != defaults.snapshotSizeFactor) property("zookeeper.snapshotSizeFactor", fmt::format("{}", t.snapshotSizeFactor));
  if (t.forceSnapSync) property("zookeeper.forceSnapshotSync", "true");
  if (t.initialZxidCounter >= 0) property("zookeeper.testingonly.initialZxid", std::to_string(t.initialZxidCounter));
  std::vector<std::string> settingNotes;
  if (t.commitLogCount < 500)
    settingNotes.push_back(fmt::format("{}: commitLogCount={}: ZooKeeper raises it to 500, its floor", scenario.file, t.commitLogCount));
  if (!(t.fixes == zab::KnownBugFixes{}))
    settingNotes.push_back(fmt::format("{}: fix=...: the real servers are 3.8.0 as packaged, without the upstream fixes", scenario.file));
  const bool keep = !options.keepDir.empty();
  spec.dir = keep ? options.keepDir : fmt::format("{}/zabsim-real-{}", fs::temp_directory_path().string(), ::getpid());
  if (keep && fs::exists(spec.dir) && !fs::is_empty(spec.dir)) {
    result.problems.push_back(spec.dir + ": --keep wants a new or empty directory (its data dirs start blank)");
    result.exitCode = 2;
    return result;
  }
  installCleanupOnSignals();
  std::vector<std::string> notes = settingNotes;
  {
    RealEnsemble ensemble(spec, java);
    std::string error;
    if (!ensemble.prepare(error)) {
      result.problems.push_back(error);
      result.exitCode = 3;
      std::error_code ec;
      if (!keep) fs::remove_all(spec.dir, ec);
      return result;
    }
    Player player(scenario, ensemble, options);
    player.play(result.problems, notes);
    result.outcome = realOutcome(ensemble, player.elapsedMs(), player.committedWrites());
    result.outcome["client_ops"] = player.clientOps();
    if (auto problem = writeRealTimeline(ensemble, options.tracePath, options.shivizPath); !problem.empty())
      result.problems.push_back(problem);
    result.exitCode = interruptedBy() ? 128 + interruptedBy() : player.timedOut() ? 3 : result.problems.empty() ? 0 : 1;
    ensemble.killAll();
  }
  result.outcome["notes"] = notes;
  result.outcome["setting_notes"] = settingNotes;
  result.outcome["failures"] = result.problems;
  if (keep) {
    result.outcome["dir"] = spec.dir;
  } else {
    std::error_code ec;
    fs::remove_all(spec.dir, ec);
    result.outcome.erase("logs");  // removed with the directory
  }
  return result;
}

}  // namespace zabscope::real
