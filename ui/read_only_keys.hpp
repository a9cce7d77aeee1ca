#pragma once
// What the read-only timelines (imported logs, engine vs real) share: their panes are fixed in
// place, and the same keys move the cursor in both.
#include <imgui.h>

namespace zabscope {

// Panes laid out by the view itself: not moved, resized, folded or remembered between runs.
inline constexpr ImGuiWindowFlags kFixedPaneFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBackground |
                                                    ImGuiWindowFlags_NoSavedSettings;

// Right / Left step (held down, they repeat), Home / End jump to the first / last event. None while
// a text field has the keyboard.
enum class CursorKey { None, Forward, Back, First, Last };

inline CursorKey pressedCursorKey() {
  if (ImGui::GetIO().WantTextInput) return CursorKey::None;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) return CursorKey::Forward;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) return CursorKey::Back;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) return CursorKey::First;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) return CursorKey::Last;
  return CursorKey::None;
}

}  // namespace zabscope
