#include "pending_panel.hpp"

#include <imgui.h>

namespace zabscope {

void PendingPanel::draw(AppState&) { ImGui::TextDisabled("(being built)"); }

}  // namespace zabscope
