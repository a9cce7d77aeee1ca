#include "help_menu.hpp"

#include <imgui.h>

#include "app_state.hpp"

namespace zabscope {

void drawHelpMenu(AppState& app) {
  // A GUI script opens the glossary for a screenshot ("menu glossary").
  if (app.scriptMenu == "glossary") {
    app.showGlossary = true;
    app.post([](AppState& s) { s.scriptMenu.clear(); });
  }
  if (!ImGui::BeginMenu("Help")) return;
  if (ImGui::MenuItem("Glossary (English / 中文)", nullptr, app.showGlossary)) app.showGlossary = !app.showGlossary;
  if (ImGui::MenuItem("Keys and notation", "?", app.showHelp)) app.showHelp = !app.showHelp;
  ImGui::EndMenu();
}

}  // namespace zabscope
