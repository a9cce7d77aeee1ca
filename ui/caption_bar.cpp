#include "caption_bar.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "cursor_caption.hpp"
#include "theme.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

namespace {

// Lines `text` takes as wrappedText writes it at `width` (the window's font scale included).
std::size_t wrappedLines(const std::string& text, float width) {
  if (text.empty()) return 0;
  return wrapAtSize(text, std::max(ImGui::GetFontSize() * 4, width), ImGui::GetFontSize()).size();
}

}  // namespace

void CaptionBar::draw(AppState& app) {
  const Session& session = app.session;
  const std::string text = cursorCaption(session, app.language);
  const std::string broken = cursorProblemsCaption(session, app.language);
  // Why the last control did nothing (Next phase on a stable ensemble, Kill leader during an
  // election), while the cursor has not moved since.
  const std::string notice = !app.notice.empty() && app.noticeAt == session.cursor() ? app.notice : std::string();
  // The (already enlarged) presenter text, wrapped, and what the step broke in red below it;
  // where we are, small, at the bottom right. A long caption is written smaller rather than cut
  // or run under "step N / M" (a sync's timeout caption took a third line at --scale 2).
  const float footer = ImGui::GetFontSize() * 0.7f + ImGui::GetStyle().ItemSpacing.y;
  const float room = ImGui::GetContentRegionAvail().y - footer;
  const float width = ImGui::GetContentRegionAvail().x;
  for (const float scale : {1.0f, 0.9f, 0.8f, 0.7f, 0.6f}) {
    ImGui::SetWindowFontScale(scale);
    const auto lines = wrappedLines(text, width) + wrappedLines(broken, width) + wrappedLines(notice, width);
    if (static_cast<float>(lines) * ImGui::GetTextLineHeightWithSpacing() <= room) break;
  }
  wrappedText(text, 0, textColor());
  if (!broken.empty()) wrappedText(broken, 0, problemColor());
  if (!notice.empty()) wrappedText(notice, 0, mutedColor());
  ImGui::SetWindowFontScale(1.0f);
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
