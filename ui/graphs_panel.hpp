#pragma once
#include "app_state.hpp"

namespace zabscope {

struct GraphsPanel {
  void draw(AppState& app);
};

}  // namespace zabscope
