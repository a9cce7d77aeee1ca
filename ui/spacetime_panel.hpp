#pragma once
#include "app_state.hpp"

namespace zabscope {

struct SpaceTimePanel {
  void draw(AppState& app);
};

}  // namespace zabscope
