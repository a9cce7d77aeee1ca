#include "flow_line.hpp"

#include <imgui.h>

namespace zabscope {

void sameLineIfFits(float width) {
  const float lastRight = ImGui::GetItemRectMax().x;
  const float rowRight = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (lastRight + ImGui::GetStyle().ItemSpacing.x + width <= rowRight) ImGui::SameLine();
}

float boxItemWidth(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float buttonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

}  // namespace zabscope
