#include "caption_bar.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "cursor_caption.hpp"
#include "theme.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

void CaptionBar::draw(AppState& app) {
  const Session& session = app.session;
  const std::string text = cursorCaption(session, app.language);
  // Three lines of the (already enlarged) presenter text, wrapped; where we are, small, at the right.
  wrappedText(text, 0, textColor());
  const std::string where =
      app.language == Language::Chinese
          ? fmt::format("第 {} / {} 步   t = {} ms", session.cursor(), session.length(), session.sim().now())
          : fmt::format("step {} / {}   t = {} ms", session.cursor(), session.length(), session.sim().now());
  const ImVec2 max = ImGui::GetWindowContentRegionMax();
  ImGui::SetWindowFontScale(0.7f);
  const ImVec2 ws = ImGui::CalcTextSize(where.c_str());
  ImGui::SetCursorPos(ImVec2(max.x - ws.x, max.y - ws.y));
  ImGui::TextDisabled("%s", where.c_str());
  ImGui::SetWindowFontScale(1.0f);
}

}  // namespace zabscope
