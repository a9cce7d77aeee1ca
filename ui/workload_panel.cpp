#include "workload_panel.hpp"

#include <imgui.h>

namespace zabscope {

void WorkloadPanel::draw(AppState&) { ImGui::TextDisabled("(being built)"); }

}  // namespace zabscope
