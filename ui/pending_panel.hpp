#pragma once
#include "app_state.hpp"

namespace zabscope {

struct PendingPanel {
  void draw(AppState& app);
};

}  // namespace zabscope
