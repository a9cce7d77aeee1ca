#pragma once
// The menu bar's Help menu: the glossary and the keys-and-notation overlay.
namespace zabscope {
struct AppState;
void drawHelpMenu(AppState& app);
}  // namespace zabscope
