#include "real/real_outcome.hpp"

#include <fmt/format.h>

#include <fstream>

#include "log_file.hpp"
#include "real/zk_log_import.hpp"

namespace zabscope::real {

namespace {

std::string zxidText(std::int64_t z) { return fmt::format("0x{:x}", z); }

bool has(const std::string& line, const char* what) { return line.find(what) != std::string::npos; }

}  // namespace

LogFacts readLogFacts(const std::string& logPath) {
  LogFacts f;
  std::ifstream in(logPath);
  for (std::string line; std::getline(in, line);) {
    // QuorumPeerConfig logs this first thing: a new process, whose state starts afresh (the log
    // file is appended to across restarts).
    if (has(line, "Reading configuration from:")) f = LogFacts{};
    // QuorumPeer.run logs the new state alone as the message: "... - LOOKING".
    for (const char* s : {"LOOKING", "FOLLOWING", "LEADING", "OBSERVING"}) {
      std::string tail = std::string("] - ") + s;
      if (line.size() >= tail.size() && line.compare(line.size() - tail.size(), tail.size(), tail) == 0) f.state = s;
    }
    // The last sync the server took part in, as the engine's last_sync: received as a learner
    // (Learner.syncWithLeader) or sent as the leader (LearnerHandler.syncFollower / run).
    if (has(line, "Getting a diff from the leader") || has(line, "Sending DIFF zxid=")) f.lastSync = "DIFF";
    else if (has(line, "Getting a snapshot from leader") || has(line, "Sending snapshot last zxid")) f.lastSync = "SNAP";
    else if (has(line, "Truncating log to get in sync with the leader") || has(line, "Sending TRUNC zxid=")) f.lastSync = "TRUNC";
    if (auto at = line.find("LEADER ELECTION TOOK - "); at != std::string::npos) {
      try {
        f.electionMs = std::stoll(line.substr(at + 23));
      } catch (...) {
      }
    }
  }
  return f;
}

std::optional<std::int64_t> readEpochFile(const std::string& path) {
  std::ifstream in(path);
  std::int64_t v = 0;
  if (in >> v) return v;
  return std::nullopt;
}

namespace {

ImportResult importServerLogs(const RealEnsemble& ensemble, nlohmann::json& problems) {
  std::vector<LogFile> files;
  for (const auto& s : ensemble.spec().servers) {
    std::string error;
    if (auto f = loadLogFile(fmt::format("{}={}", s.sid, ensemble.logPath(s.sid)), error)) files.push_back(std::move(*f));
    else if (!error.empty()) problems.push_back(error);
  }
  return files.empty() ? ImportResult{} : importLogs(files);
}

}  // namespace

std::string writeRealTimeline(const RealEnsemble& ensemble, const std::string& tracePath, const std::string& shivizPath) {
  if (tracePath.empty() && shivizPath.empty()) return "";
  nlohmann::json problems = nlohmann::json::array();
  ImportResult imported = importServerLogs(ensemble, problems);
  if (!imported.timeline) return "the servers' logs could not be imported: " + problems.dump();
  if (!tracePath.empty()) {
    std::ofstream out(tracePath);
    for (std::size_t i = 0; i < imported.timeline->events.size(); ++i) out << eventToJson(*imported.timeline, i).dump() << '\n';
    if (!out) return tracePath + ": cannot write the trace";
  }
  if (!shivizPath.empty()) {
    std::ofstream out(shivizPath);
    out << toShiviz(*imported.timeline);
    if (!out) return shivizPath + ": cannot write the ShiViz log";
  }
  return "";
}

// The logs through the importer (engine/real/zk_log_import.hpp): its outcome, kept as
// "from_logs"; it fills what the servers do not tell (votes, logical clocks, a dead server's last
// zxid), and where both tell something and disagree, "log_cross_check" says so.
void addFromLogs(const RealEnsemble& ensemble, nlohmann::json& out) {
  using nlohmann::json;
  json problems = json::array();
  ImportResult imported = importServerLogs(ensemble, problems);
  if (!imported.timeline) {
    for (const auto& e : imported.errors) problems.push_back(e.str());
    out["from_logs"] = nullptr;
    out["log_cross_check"] = problems;
    return;
  }
  json logs = outcomeToJson(*imported.timeline);
  auto byServers = [&](const std::string& what, const json& servers, const json& fromLogs) {
    if (!servers.is_null() && !fromLogs.is_null() && servers != fromLogs)
      problems.push_back(fmt::format("{}: the servers say {}, the logs say {}", what, servers.dump(), fromLogs.dump()));
  };
  byServers("leader", out["leader"], logs["leader"]);
  byServers("epoch", out["epoch"], logs["epoch"]);
  for (auto& p : out["peers"]) {
    for (const auto& l : logs["peers"]) {
      if (l["sid"] != p["sid"]) continue;
      const std::string who = fmt::format("S{}", p["sid"].get<std::int64_t>());
      if (p["alive"] == true)
        for (const char* k : {"state", "accepted_epoch", "current_epoch", "last_sync"}) byServers(who + " " + k, p[k], l[k]);
      for (const char* k : {"vote", "logicalclock", "last_zxid"})
        if (p[k].is_null() && l.contains(k) && !l[k].is_null()) p[k] = l[k];
    }
  }
  out["from_logs"] = std::move(logs);
  out["log_cross_check"] = problems;
}

nlohmann::json realOutcome(const RealEnsemble& ensemble, std::int64_t wallMs, std::int64_t committedWrites) {
  using nlohmann::json;
  json out;
  out["source"] = "real ZooKeeper 3.8 (Debian package), one JVM per server on 127.0.0.1";
  out["time_ms"] = wallMs;
  out["seed"] = nullptr;
  std::optional<std::int64_t> leader;
  json peers = json::array();
  json logs = json::object();
  for (const auto& s : ensemble.spec().servers) {
    const auto sid = s.sid;
    json p;
    p["sid"] = sid;
    p["role"] = s.observer ? "observer" : "participant";
    const auto proc = ensemble.proc(sid);
    // A stopped process (crash = SIGSTOP) is not alive, as a crashed machine in the engine.
    p["alive"] = proc == RealEnsemble::Proc::Running;
    const std::string v2 = ensemble.dataDir(sid) + "/version-2/";
    auto accepted = readEpochFile(v2 + "acceptedEpoch"), current = readEpochFile(v2 + "currentEpoch");
    p["accepted_epoch"] = accepted ? json(*accepted) : json(nullptr);
    p["current_epoch"] = current ? json(*current) : json(nullptr);
    for (const char* k : {"last_zxid", "last_committed_zxid", "state", "zab_phase", "vote", "logicalclock", "last_sync",
                          "znodes", "data_digest"})
      p[k] = nullptr;
    if (proc == RealEnsemble::Proc::Running) {
      ServerStatus st = ensemble.status(sid);
      LogFacts facts = readLogFacts(ensemble.logPath(sid));
      if (st.serving) {
        const std::string state = st.mode == "leader" ? "LEADING" : st.mode == "observer" ? "OBSERVING" : "FOLLOWING";
        p["state"] = state;
        p["zab_phase"] = "BROADCAST";
        if (state == "LEADING") leader = sid;
      } else if (facts.state) {
        p["state"] = *facts.state;  // LOOKING, or a role still in discovery / sync
        if (*facts.state == "LOOKING") p["zab_phase"] = "ELECTION";
      }
      // srvr's Zxid is the data tree's last processed zxid: the last committed one. When the
      // ensemble is quiet that is also the last logged one.
      if (st.zxid >= 0) p["last_zxid"] = p["last_committed_zxid"] = zxidText(st.zxid);
      if (facts.lastSync) p["last_sync"] = *facts.lastSync;
      // DataTree.nodes holds the root twice ("" and "/"); the engine counts it once.
      if (st.nodeCount > 0) p["znodes"] = st.nodeCount - 1;
    }
    logs[std::to_string(sid)] = ensemble.logPath(sid);
    peers.push_back(std::move(p));
  }
  out["leader"] = leader ? json(*leader) : json(nullptr);
  out["epoch"] = nullptr;
  for (const auto& p : peers)
    if (leader && p["sid"] == *leader) out["epoch"] = p["current_epoch"];
  out["peers"] = std::move(peers);
  out["messages"] = json::object();
  out["committed_writes"] = committedWrites;
  out["invariants"] = "not checked (real servers)";
  out["logs"] = std::move(logs);
  addFromLogs(ensemble, out);
  return out;
}

}  // namespace zabscope::real
