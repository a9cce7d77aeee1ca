#include "caption_bar.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "cursor_caption.hpp"
#include "ensemble_phase.hpp"
#include "theme.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

namespace {

// Lines `text` takes as wrappedText writes it at `width` (the window's font scale included).
std::size_t wrappedLines(const std::string& text, float width) {
  if (text.empty()) return 0;
  return wrapAtSize(text, std::max(ImGui::GetFontSize() * 4, width), ImGui::GetFontSize()).size();
}

// ZAB's four phases in a row, the ensemble's own (ensemble_phase.hpp) bracketed in the text
// colour and the others muted, so that a press of Next phase visibly moves something: the cards
// show each server's state (LEADING, FOLLOWING), which a phase change often leaves as it was.
// `room`: the width left of the step counter; the heading goes first when the row is too narrow.
void drawPhaseStrip(const zab::sim::Simulation& sim, Language l, float bottom, float room) {
  const bool zh = l == Language::Chinese;
  const EnsemblePhase now = ensemblePhase(sim);
  const zab::ZabState all[] = {zab::ZabState::ELECTION, zab::ZabState::DISCOVERY, zab::ZabState::SYNCHRONIZATION,
                               zab::ZabState::BROADCAST};
  const bool noQuorum = now.leaderWithoutQuorum();
  std::string head = now.leader ? (zh ? fmt::format("ZAB 阶段（Leader S{}{}）：", *now.leader, noQuorum ? "，没有过半跟随" : "")
                                      : fmt::format("ZAB phase (leader S{}{}): ", *now.leader, noQuorum ? ", no quorum follows it" : ""))
                                : (zh ? std::string("ZAB 阶段（没有 Leader）：") : std::string("ZAB phase (no leader): "));
  std::string names[4];
  std::string row;
  for (int i = 0; i < 4; ++i) {
    names[i] = zabPhaseName(all[i], zh);
    if (all[i] == now.phase) names[i] = "[" + names[i] + "]";
    row += (i > 0 ? " > " : "") + names[i];
  }
  if (ImGui::CalcTextSize((head + row).c_str()).x > room) head.clear();
  if (ImGui::CalcTextSize(row.c_str()).x > room) return;  // no room for it at all
  ImGui::SetCursorPos(ImVec2(ImGui::GetWindowContentRegionMin().x, bottom - ImGui::GetTextLineHeight()));
  ImGui::TextDisabled("%s", head.c_str());
  for (int i = 0; i < 4; ++i) {
    const bool current = all[i] == now.phase;
    const std::string& name = names[i];
    ImGui::SameLine(0, 0);
    if (i > 0) {
      ImGui::TextDisabled(" > ");
      ImGui::SameLine(0, 0);
    }
    if (current)
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(textColor()), "%s", name.c_str());
    else
      ImGui::TextDisabled("%s", name.c_str());
  }
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
  drawPhaseStrip(session.sim(), app.language, max.y,
                 max.x - ImGui::GetWindowContentRegionMin().x - ws.x - ImGui::GetFontSize() * 2);
  ImGui::SetWindowFontScale(1.0f);
}

}  // namespace zabscope
