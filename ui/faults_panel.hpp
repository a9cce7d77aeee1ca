#pragma once
#include "app_state.hpp"

namespace zabscope {

struct FaultsPanel {
  void draw(AppState& app);
};

}  // namespace zabscope
