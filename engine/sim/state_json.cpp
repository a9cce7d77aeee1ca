#include "state_json.hpp"

#include "zab/zxid.hpp"

namespace zab::sim {

nlohmann::json stateToJson(const Simulation& sim) {
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
    p["accepted_epoch"] = disk.acceptedEpoch;
    p["current_epoch"] = disk.currentEpoch;
    p["last_zxid"] = formatZxid(disk.lastZxid);
    if (s.alive) {
      const auto& peer = s.peer;
      p["state"] = std::string(to_string(peer.state()));
      p["zab_phase"] = std::string(to_string(peer.zabState()));
      Vote v = peer.state() == ServerState::LOOKING ? peer.election().getVote() : peer.currentVote();
      std::int64_t round = peer.state() == ServerState::LOOKING ? peer.election().logicalclock() : v.electionEpoch;
      p["vote"] = {{"leader", v.id},
                   {"zxid", formatZxid(v.zxid)},
                   {"election_epoch", round},
                   {"peer_epoch", v.peerEpoch}};
      p["logicalclock"] = peer.election().logicalclock();
    } else {
      p["state"] = nullptr;
      p["zab_phase"] = nullptr;
      p["vote"] = nullptr;
      p["logicalclock"] = nullptr;
    }
    peers.push_back(std::move(p));
  }
  out["peers"] = std::move(peers);
  json counts = json::object();
  for (const auto& [type, n] : sim.messageCounts()) counts[type] = n;
  out["messages"] = std::move(counts);
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
  j["explanation"] = rec.explanation();
  return j;
}

}  // namespace zab::sim
