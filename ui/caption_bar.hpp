#pragma once
// The presenter view's caption bar: what the step at the cursor did and why, in large type,
// in the app's language (caption.hpp makes the sentences).
#include "app_state.hpp"

namespace zabscope {

struct CaptionBar {
  void draw(AppState& app);
};

}  // namespace zabscope
