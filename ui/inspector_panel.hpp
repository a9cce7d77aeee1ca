#pragma once
#include "app_state.hpp"

namespace zabscope {

struct InspectorPanel {
  void draw(AppState& app);
};

}  // namespace zabscope
