#include "caption_bar.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "caption.hpp"
#include "theme.hpp"

namespace zabscope {

void CaptionBar::draw(AppState& app) {
  const Session& session = app.session;
  std::string text;
  if (session.cursor() == 0) {
    text = app.language == Language::Chinese ? "按右方向键或“下一步”单步执行；V 跳到下一次改票，P 跳到下一个阶段。"
                                             : "Press Right or Step to take one step; V jumps to the next vote change, "
                                               "P to the next phase.";
  } else if (const auto* rec = session.explained(session.cursor() - 1)) {
    text = captionFor(*rec, app.language);
  } else {
    text = session.line(session.entries()[session.cursor() - 1].action());  // a command such as "kill 3"
  }
  // Three lines of the (already enlarged) presenter text, wrapped; where we are, small, at the right.
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(textColor()));
  ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  const std::string where = fmt::format("step {} / {}   t = {} ms", session.cursor(), session.length(), session.sim().now());
  const ImVec2 max = ImGui::GetWindowContentRegionMax();
  ImGui::SetWindowFontScale(0.7f);
  const ImVec2 ws = ImGui::CalcTextSize(where.c_str());
  ImGui::SetCursorPos(ImVec2(max.x - ws.x, max.y - ws.y));
  ImGui::TextDisabled("%s", where.c_str());
  ImGui::SetWindowFontScale(1.0f);
}

}  // namespace zabscope
