#include "spacetime_panel.hpp"

#include <imgui.h>

namespace zabscope {

void SpaceTimePanel::draw(AppState&) { ImGui::TextDisabled("(being built)"); }

}  // namespace zabscope
