#pragma once
// The right-click menu of a peer on the canvas: start, kill, crash, pause, restart, relook, wipe.
// Each action says whether it applies to this peer now; one that does not is shown disabled
// with the reason ("S4 never started: Start it"), so the menu teaches what each fault needs.
#include <string>
#include <vector>

#include "app_state.hpp"

namespace zabscope {

struct PeerAction {
  std::string label;    // "Kill (process crash; connections reset)"
  std::string command;  // "kill 3": a line of the scenario language
  bool enabled = true;
  std::string reason;   // why not, when disabled
};

// What can be done to `sid` in this simulation (headless: tests call it).
std::vector<PeerAction> peerActions(const zab::sim::Simulation& sim, zab::Sid sid);

// The popup "peer-faults" of the current window (ensemble_view.cpp opens it on a right click;
// a GUI script opens it with `menu peer` for a screenshot).
void drawPeerMenu(AppState& app);

}  // namespace zabscope
