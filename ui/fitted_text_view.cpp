// The ImGui half of fitted_text.hpp (the headless half is fitted_text.cpp, in the model library).
#include <imgui.h>

#include "fitted_text.hpp"
#include "parked_pointer.hpp"

namespace zabscope {

void textDisabledFitted(const std::string& text) {
  const float room = ImGui::GetContentRegionAvail().x;
  const std::string shown =
      fitToWidth(text, room, [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; });
  ImGui::TextDisabled("%s", shown.c_str());
  // Not for a parked pointer (parked_pointer.hpp): at 1280x720 --scale 2 it sits on this hint.
  if (shown != text && pointerHasMoved() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

}  // namespace zabscope
