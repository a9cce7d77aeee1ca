#include "leader_quorum_view.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "wrapped_text.hpp"
#include "theme.hpp"

namespace zabscope {

namespace {
// The vote comparison's colours (vote_comparison_view.cpp): 4.5:1 against the card's fill.
constexpr ImU32 kPassed = IM_COL32(0, 110, 40, 255);    // dark green: a quorum answered
constexpr ImU32 kWaiting = IM_COL32(150, 60, 0, 255);   // dark orange: the wait the leader is in

}  // namespace

void drawLeaderQuorumCard(ImDrawList* dl, const LeaderQuorumCard& card, const Box& area, float fs, Language lang) {
  const bool light = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.5f;
  const ImU32 fill = light ? IM_COL32(255, 255, 255, 240) : IM_COL32(24, 24, 24, 240);
  const ImU32 ink = textColor();
  const float pad = fs * 0.4f, row = fs * 1.2f, markW = fs * 1.1f;
  const float textW = area.x1 - area.x0 - 2 * pad;

  // Lay the rows out first: the card is as tall as they are. A gate is one line when its
  // answers fit beside it ("ACKEPOCH: S1 S2"), else two; when even that is too tall for the
  // column, a passed gate keeps only its name (its filled mark says a quorum answered).
  struct Line {
    std::string text;
    ImU32 colour;
    float indent;
    int mark;  // -1 none, 0 to come, 1 waiting now, 2 passed (drawn before the line)
  };
  auto layOut = [&](bool compact) {
    std::vector<Line> lines;
    for (const auto& t : wrapAtSize(card.title, textW, fs)) lines.push_back({t, ink, 0, -1});
    if (!compact)
      for (const auto& t : wrapAtSize(card.quorumRule, textW, fs)) lines.push_back({t, mutedColor(), 0, -1});
    for (const auto& g : card.gates) {
      const ImU32 col = g.passed ? ink : g.current ? kWaiting : mutedColor();
      const int mark = g.passed ? 2 : g.current ? 1 : 0;
      const std::string answers = compact && g.passed ? std::string() : gateAnswers(g, lang);
      const std::string oneLine = answers.empty() ? g.what : g.what + (lang == Language::Chinese ? "：" : ": ") + answers;
      if (textWidthAtSize(oneLine, fs) <= textW - markW) {
        lines.push_back({oneLine, col, markW, mark});
        continue;
      }
      bool first = true;
      for (const auto& t : wrapAtSize(g.what, textW - markW, fs)) {
        lines.push_back({t, col, markW, first ? mark : -1});
        first = false;
      }
      for (const auto& t : wrapAtSize(answers, textW - markW * 1.5f, fs))
        lines.push_back({t, g.passed ? kPassed : col, markW * 1.5f, -1});
    }
    return lines;
  };
  std::vector<Line> lines = layOut(false);
  if (2 * pad + row * static_cast<float>(lines.size()) > area.y1 - area.y0) lines = layOut(true);

  // Centred in the column's height; a card taller than the column starts at its top.
  const float h = 2 * pad + row * static_cast<float>(lines.size());
  const float top = area.y0 + std::max(0.0f, (area.y1 - area.y0 - h) * 0.5f);
  dl->PushClipRect(ImVec2(area.x0, area.y0), ImVec2(area.x1, area.y1), true);  // never over its neighbours
  dl->AddRectFilled(ImVec2(area.x0, top), ImVec2(area.x1, top + h), fill, fs * 0.3f);
  dl->AddRect(ImVec2(area.x0, top), ImVec2(area.x1, top + h), ink, fs * 0.3f, 0, 1.0f);
  float y = top + pad;
  for (const auto& l : lines) {
    const float x = area.x0 + pad + l.indent;
    if (l.mark >= 0) {
      const ImVec2 c(area.x0 + pad + markW * 0.4f, y + fs * 0.55f);
      const float r = fs * 0.32f;
      if (l.mark == 2) dl->AddCircleFilled(c, r, kPassed);
      else dl->AddCircle(c, r, l.mark == 1 ? kWaiting : mutedColor(), 0, std::max(1.5f, fs * 0.1f));
    }
    dl->AddText(ImGui::GetFont(), fs, ImVec2(x, y), l.colour, l.text.c_str());
    y += row;
  }
  dl->PopClipRect();
}

}  // namespace zabscope
