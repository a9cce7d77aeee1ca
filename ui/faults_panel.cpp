#include "faults_panel.hpp"

#include <imgui.h>

namespace zabscope {

void FaultsPanel::draw(AppState&) { ImGui::TextDisabled("(being built)"); }

}  // namespace zabscope
