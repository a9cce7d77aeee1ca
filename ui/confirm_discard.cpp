#include "confirm_discard.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "popup_style.hpp"

namespace zabscope {

DiscardChoice drawConfirmDiscard(AppState& app) {
  constexpr const char* kTitle = "Discard this session?###confirm-discard";
  if (!app.discardRequest) return DiscardChoice::None;
  if (!ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
  const ImGuiIO& io = ImGui::GetIO();
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.9f, fs * 32), 0), ImGuiCond_Always);
  DiscardChoice choice = DiscardChoice::None;
  ImGui::PushStyleColor(ImGuiCol_PopupBg, opaque(ImGuiCol_WindowBg));
  const bool open = ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize);
  ImGui::PopStyleColor();
  if (!open) return choice;
  const Session& s = app.session;
  const std::size_t mine = s.length() > s.setupLength() ? s.length() - s.setupLength() : 0;
  std::string lost = fmt::format("{} action{} of yours", mine, mine == 1 ? "" : "s");
  if (!s.branches().empty())
    lost += fmt::format(" and {} other branch{}", s.branches().size(), s.branches().size() == 1 ? "" : "es");
  if (app.lesson)
    lost += fmt::format(" (lesson step {} of {})", app.lesson->stepIndex() + 1, app.lesson->lesson().steps.size());
  if (app.discardRequest->lost) lost = *app.discardRequest->lost;
  ImGui::PushTextWrapPos(0);
  ImGui::Text("To %s, the current session is replaced.", app.discardRequest->what.c_str());
  ImGui::Text("It holds %s, which will be lost.", lost.c_str());
  ImGui::TextDisabled("Save it as a scenario file to replay it later (File > Save session as scenario).");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (ImGui::Button("Save first...")) {
    choice = DiscardChoice::SaveFirst;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Discard and continue")) {
    auto request = std::move(*app.discardRequest);
    app.discardRequest.reset();
    ImGui::CloseCurrentPopup();
    app.post(std::move(request.then));
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    app.discardRequest.reset();
    app.status = "kept the session";
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
  return choice;
}

}  // namespace zabscope
