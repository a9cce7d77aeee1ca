#pragma once
// The ensemble view: peers on a ring (observers apart), their state, vote, epochs and ZAB
// phase; the election and quorum connections; messages moving along the links.
#include "app_state.hpp"

namespace zabscope {

struct EnsembleView {
  bool showElectionLinks = true;
  bool showHeartbeats = true;
  void draw(AppState& app);
};

}  // namespace zabscope
