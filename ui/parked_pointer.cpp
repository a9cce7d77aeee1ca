#include "parked_pointer.hpp"

#include <imgui.h>

namespace zabscope {

bool pointerHasMoved() {
  static bool moved = false;
  const ImVec2 delta = ImGui::GetIO().MouseDelta;
  moved = moved || delta.x != 0.0f || delta.y != 0.0f;
  return moved;
}

}  // namespace zabscope
