#pragma once
// The Faults panel's "ZooKeeper 3.8.0 bugs" section: each bug the engine reproduces, whether
// this run hit it, and a box that replays the run from the same seed with the upstream fix
// (ui/replay_with_fixes.hpp). The engineer's question "what would the fix have done here?".
#include "app_state.hpp"

namespace zabscope {

void drawKnownBugFixes(AppState& app);

}  // namespace zabscope
