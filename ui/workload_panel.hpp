#pragma once
#include "app_state.hpp"

namespace zabscope {

struct WorkloadPanel {
  void draw(AppState& app);
};

}  // namespace zabscope
