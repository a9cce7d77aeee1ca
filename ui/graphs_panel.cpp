#include "graphs_panel.hpp"

#include <imgui.h>

namespace zabscope {

void GraphsPanel::draw(AppState&) { ImGui::TextDisabled("(being built)"); }

}  // namespace zabscope
