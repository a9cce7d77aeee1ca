#pragma once
// Menus and dialogs drawn opaque: the theme's popup background lets the panels behind show
// through, which a projector turns into noise under greyed-out text.
#include <imgui.h>

namespace zabscope {

inline ImVec4 opaque(ImGuiCol c) {
  ImVec4 v = ImGui::GetStyle().Colors[c];
  v.w = 1.0f;
  return v;
}

}  // namespace zabscope
