#pragma once
// The space-time diagram of imported logs: one lane per server, events in their (skew-corrected)
// order from left to right, matched messages as arrows from send to receipt (notifications
// thin, DIFF/SNAP/TRUNC thick), a receipt whose send no log shows as a short stub from the
// sender's lane. Clicking or dragging scrubs the cursor.
#include <imgui.h>

#include "app_state.hpp"

namespace zabscope {

// `tooltips`: hovering explains an event (off until the mouse has moved).
void drawImportedSpacetime(AppState& app, const ImportedLogs& logs, ImVec2 size, bool tooltips);

}  // namespace zabscope
