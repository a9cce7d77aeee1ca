#pragma once
#include "app_state.hpp"

namespace zabscope {

struct EventLogPanel {
  void draw(AppState& app);
};

}  // namespace zabscope
