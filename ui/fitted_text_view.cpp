// The ImGui half of fitted_text.hpp (the headless half is fitted_text.cpp, in the model library).
#include <imgui.h>

#include "fitted_text.hpp"

namespace zabscope {

void textDisabledFitted(const std::string& text) {
  const float room = ImGui::GetContentRegionAvail().x;
  const std::string shown =
      fitToWidth(text, room, [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; });
  ImGui::TextDisabled("%s", shown.c_str());
  // Only once the pointer has moved: a parked pointer (a scripted screenshot under Xvfb, whose
  // pointer sits mid-screen, right on the ensemble's hint at 1280x720 --scale 2) opens nothing.
  static bool pointerMoved = false;
  const ImVec2 delta = ImGui::GetIO().MouseDelta;
  pointerMoved = pointerMoved || delta.x != 0.0f || delta.y != 0.0f;
  if (shown != text && pointerMoved && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

}  // namespace zabscope
