#include "state_json.hpp"

#include <fmt/format.h>

#include "zab/zxid.hpp"

namespace zab::sim {

nlohmann::json stateToJson(const Simulation& sim, const std::vector<std::string>& violations) {
  using nlohmann::json;
  json out;
  out["time_ms"] = sim.now();
  out["seed"] = sim.seed();
  auto l = sim.leader();
  out["leader"] = l ? json(*l) : json(nullptr);
  out["epoch"] = l ? json(sim.slot(*l)->peer.currentEpoch()) : json(nullptr);
  json peers = json::array();
  for (const auto& [sid, s] : sim.peers()) {
    json p;
    p["sid"] = sid;
    p["role"] = std::string(to_string(s.type));
    p["alive"] = s.alive;
    const PeerDisk& disk = s.alive ? s.peer.disk() : s.disk;
    p["accepted_epoch"] = disk.acceptedEpoch ? json(*disk.acceptedEpoch) : json(nullptr);
    p["current_epoch"] = disk.currentEpoch ? json(*disk.currentEpoch) : json(nullptr);
    if (s.alive) {
      const auto& peer = s.peer;
      p["last_zxid"] = formatZxid(peer.lastLoggedZxid());
      p["last_committed_zxid"] = formatZxid(peer.lastCommittedZxid());
      p["state"] = std::string(to_string(peer.state()));
      p["zab_phase"] = std::string(to_string(peer.zabState()));
      Vote v = peer.state() == ServerState::LOOKING ? peer.election().getVote() : peer.currentVote();
      std::int64_t round = peer.state() == ServerState::LOOKING ? peer.election().logicalclock() : v.electionEpoch;
      p["vote"] = {{"leader", v.id},
                   {"zxid", formatZxid(v.zxid)},
                   {"election_epoch", round},
                   {"peer_epoch", v.peerEpoch}};
      p["logicalclock"] = peer.election().logicalclock();
      p["last_sync"] = peer.lastSync() ? json(std::string(to_string(*peer.lastSync()))) : json(nullptr);
      p["znodes"] = peer.db().tree().nodeCount();
      p["data_digest"] = fmt::format("{:016x}", peer.db().tree().digest());
    } else {
      p["last_zxid"] = formatZxid(disk.lastLoggedZxid());
      p["last_committed_zxid"] = nullptr;
      p["state"] = nullptr;
      p["zab_phase"] = nullptr;
      p["vote"] = nullptr;
      p["logicalclock"] = nullptr;
      p["last_sync"] = nullptr;
      p["znodes"] = nullptr;
      p["data_digest"] = nullptr;
      if (!s.exitReason.empty()) p["exit_reason"] = s.exitReason;
    }
    peers.push_back(std::move(p));
  }
  out["peers"] = std::move(peers);
  json counts = json::object();
  for (const auto& [type, n] : sim.messageCounts()) counts[type] = n;
  out["messages"] = std::move(counts);
  out["committed_writes"] = sim.committedWrites();
  if (violations.empty()) out["invariants"] = "ok";
  else out["invariants"] = violations;
  return out;
}

nlohmann::json recordToJson(const StepRecord& rec) {
  nlohmann::json j;
  j["step"] = rec.index;
  j["time_ms"] = rec.timeMs;
  j["kind"] = rec.kind;
  if (rec.actor >= 0) j["peer"] = rec.actor;
  if (rec.from >= 0) j["from"] = rec.from;
  if (rec.to >= 0) j["to"] = rec.to;
  if (!rec.type.empty()) j["type"] = rec.type;
  if (!rec.label.empty()) j["label"] = rec.label;
  j["family"] = std::string(to_string(rec.family));
  j["event"] = rec.headline;
  j["explanation"] = rec.explanationLines();  // one entry per line of the text trace
  return j;
}

}  // namespace zab::sim
