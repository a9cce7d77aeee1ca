#include "inspector_panel.hpp"

#include <imgui.h>

namespace zabscope {

void InspectorPanel::draw(AppState&) { ImGui::TextDisabled("(being built)"); }

}  // namespace zabscope
