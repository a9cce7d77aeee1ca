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
  // Chinese labels keep their English ids after "###".
  const bool zh = app.language == Language::Chinese;
  if (!ImGui::BeginMenu(zh ? "帮助###Help" : "Help###Help")) return;
  if (ImGui::MenuItem(zh ? "术语表（English / 中文）###Glossary" : "Glossary (English / 中文)###Glossary", nullptr,
                      app.showGlossary))
    app.showGlossary = !app.showGlossary;
  if (ImGui::MenuItem(zh ? "按键与记号###Keys" : "Keys and notation###Keys", "?", app.showHelp)) app.showHelp = !app.showHelp;
  ImGui::EndMenu();
}

}  // namespace zabscope
