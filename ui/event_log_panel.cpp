#include "event_log_panel.hpp"

#include <imgui.h>

namespace zabscope {

void EventLogPanel::draw(AppState&) { ImGui::TextDisabled("(being built)"); }

}  // namespace zabscope
