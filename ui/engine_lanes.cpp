#include "engine_lanes.hpp"

#include <map>
#include <set>

#include "sim/scenario_runner.hpp"
#include "sim/state_json.hpp"

namespace zabscope {

namespace {

using zab::sim::Simulation;
using zab::sim::StepRecord;

// The frames a real server's INFO log shows at both ends (engine/real/zk_log_import.hpp).
std::optional<LaneMessage::Kind> shownKind(std::string_view type) {
  if (type == "notification") return LaneMessage::Kind::Notification;
  if (type == "FOLLOWERINFO") return LaneMessage::Kind::FollowerInfo;
  if (type == "DIFF" || type == "SNAP" || type == "TRUNC") return LaneMessage::Kind::Sync;
  return std::nullopt;
}

LaneState stateOf(const zab::sim::PeerSlot& slot, std::int64_t now) {
  LaneState s;
  s.timeMs = now;
  s.sid = slot.sid;
  s.alive = slot.alive;
  if (slot.alive) {
    s.state = slot.peer.state();
    s.currentEpoch = slot.peer.currentEpoch();
    s.lastZxid = slot.peer.lastLoggedZxid();
  } else {
    s.currentEpoch = slot.disk.currentEpoch.value_or(0);
    s.lastZxid = slot.disk.lastLoggedZxid();
  }
  return s;
}

}  // namespace

EngineLanes runEngineLanes(const zab::sim::Scenario& scenario) {
  EngineLanes out;
  Simulation sim = zab::sim::makeSimulation(scenario, std::nullopt);
  sim.setExplain(false);  // numbers only: nobody reads this run's words
  for (const auto& [sid, slot] : sim.peers()) out.lanes.servers.push_back(sid);

  std::map<std::uint64_t, LaneMessage> inFlight;  // frame id -> the frame as sent (shown kinds only)
  std::map<zab::Sid, LaneState> last;             // each started server's latest state
  zab::sim::RunOptions options;
  options.onRecord = [&](const StepRecord& rec) {
    if (rec.kind == "violation" || rec.kind == "note") return;
    // A delivered frame: its send time was seen while it was in flight.
    if (rec.messageId != 0) {
      if (auto it = inFlight.find(rec.messageId); it != inFlight.end()) {
        it->second.receivedMs = rec.timeMs;
        out.lanes.messages.push_back(it->second);
        inFlight.erase(it);
      }
    }
    // Frames now in flight: a frame is sent in one step and delivered in a later one.
    for (const auto& [id, c] : sim.connections())
      for (int dir = 0; dir < 2; ++dir)
        for (const auto& f : c.queue[dir]) {
          if (f.close || inFlight.count(f.id)) continue;
          auto kind = shownKind(f.type);
          if (!kind) continue;
          LaneMessage m;
          m.kind = *kind;
          m.from = dir == 0 ? c.initiator : c.acceptor;
          m.to = dir == 0 ? c.acceptor : c.initiator;
          m.sentMs = f.sentAt;
          if (m.kind == LaneMessage::Kind::Sync) m.label = std::string(f.type);
          inFlight.emplace(f.id, std::move(m));
        }
    for (const auto& [sid, slot] : sim.peers()) {
      auto it = last.find(sid);
      if (it == last.end() && !slot.alive) continue;  // not started yet: no lane state
      LaneState s = stateOf(slot, sim.now());
      if (it != last.end() && it->second.sameAs(s)) continue;
      last[sid] = s;
      out.lanes.states.push_back(s);
    }
    out.lanes.endMs = std::max(out.lanes.endMs, rec.timeMs);
  };
  zab::sim::RunResult result = zab::sim::runScenario(scenario, sim, options);
  out.lanes.endMs = std::max(out.lanes.endMs, sim.now());
  out.outcome = zab::sim::stateToJson(sim, result.violations);
  out.outcome["failures"] = nlohmann::json::array();
  for (const auto& f : result.failures) {
    out.failures.push_back(f.str());
    out.outcome["failures"].push_back(f.str());
  }
  return out;
}

}  // namespace zabscope
