#pragma once
// Manual delivery: everything that will happen unless somebody intervenes (frames in
// flight, connection attempts, timers), each with Deliver / Drop / Duplicate.
#include "app_state.hpp"

namespace zabscope {

struct PendingPanel {
  void draw(AppState& app);

  bool showTimers = true;  // timers and workload ticks, listed after the messages
};

}  // namespace zabscope
