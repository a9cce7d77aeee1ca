#include "vote_comparison_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>
#include <string>

#include "caption.hpp"
#include "wrapped_text.hpp"
#include "theme.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using namespace zab;

namespace {
// Fixed colours with at least 4.5:1 contrast against the panel's white/near-black fill.
constexpr ImU32 kDecided = IM_COL32(196, 0, 110, 255);   // the field that decided: magenta frame
constexpr ImU32 kSwitch = IM_COL32(0, 110, 40, 255);     // switch: dark green
constexpr ImU32 kKeep = IM_COL32(20, 60, 160, 255);      // keep: dark blue
constexpr ImU32 kDrop = IM_COL32(150, 60, 0, 255);       // drop: dark orange

// Written at the comparison's own size `fs`, which may be smaller than the current font's.
void text(ImDrawList* dl, ImVec2 at, ImU32 col, const std::string& s, float fs) {
  dl->AddText(ImGui::GetFont(), fs, at, col, s.c_str());
}
}  // namespace

void drawVoteArrow(ImDrawList* dl, ImVec2 sender, ImVec2 receiver, float fs) {
  const ImVec2 d(receiver.x - sender.x, receiver.y - sender.y);
  const float len = std::max(1.0f, std::sqrt(d.x * d.x + d.y * d.y));
  const ImVec2 u(d.x / len, d.y / len);
  const ImVec2 tip(receiver.x - u.x * fs * 2.2f, receiver.y - u.y * fs * 2.2f);
  dl->AddLine(ImVec2(sender.x + u.x * fs * 2.2f, sender.y + u.y * fs * 2.2f), tip, kDecided, std::round(fs * 0.25f));
  dl->AddTriangleFilled(ImVec2(tip.x + u.x * fs * 0.8f, tip.y + u.y * fs * 0.8f),
                        ImVec2(tip.x - u.y * fs * 0.5f, tip.y + u.x * fs * 0.5f),
                        ImVec2(tip.x + u.y * fs * 0.5f, tip.y - u.x * fs * 0.5f), kDecided);
}

void drawVoteComparison(ImDrawList* dl, const VoteComparison& c, const Box& area, float fs, Language lang) {
  const bool zh = lang == Language::Chinese;
  const bool light = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.5f;
  const ImU32 fill = light ? IM_COL32(255, 255, 255, 240) : IM_COL32(24, 24, 24, 240);
  const ImU32 ink = textColor();
  dl->AddRectFilled(ImVec2(area.x0, area.y0), ImVec2(area.x1, area.y1), fill, fs * 0.3f);
  dl->AddRect(ImVec2(area.x0, area.y0), ImVec2(area.x1, area.y1), ink, fs * 0.3f, 0, 1.0f);
  const float pad = fs * 0.4f, row = fs * 1.25f;
  float y = area.y0 + pad;

  // Title and outcome.
  const ImU32 outCol = c.outcome == VoteOutcome::Switch ? kSwitch : c.outcome == VoteOutcome::Keep ? kKeep : kDrop;
  const std::string outcome = voteOutcomeLabel(c, lang);
  text(dl, ImVec2(area.x0 + pad, y), ink, zh ? fmt::format("S{} 比较投票", c.receiver) : fmt::format("S{} compares", c.receiver), fs);
  const float ow = textWidthAtSize(outcome, fs);
  text(dl, ImVec2(area.x1 - pad - ow, y), outCol, outcome, fs);
  y += row;

  // Two rows of cells in FLE's order of comparison.
  const char* heads[] = {"epoch", "zxid", "myid"};
  const float labelW = std::min((area.x1 - area.x0) * 0.34f, fs * 8.5f);
  const float cellW = (area.x1 - area.x0 - 2 * pad - labelW) / 3.0f;
  const int decided = c.decider == VoteDecider::ByPeerEpoch ? 0
                      : c.decider == VoteDecider::ByZxid    ? 1
                      : c.decider == VoteDecider::BySid     ? 2
                                                            : -1;
  for (int k = 0; k < 3; ++k) {
    const float x = area.x0 + pad + labelW + cellW * static_cast<float>(k);
    text(dl, ImVec2(x + fs * 0.2f, y), mutedColor(), heads[k], fs);
  }
  y += fs * 1.05f;
  auto cells = [&](const VoteFields& v, const std::string& label, float yy) {
    text(dl, ImVec2(area.x0 + pad, yy), ink, label, fs);
    const std::string vals[] = {voteFieldText(v.peerEpoch, std::to_string(v.peerEpoch), lang),
                                voteFieldText(v.zxid, formatEpochCounter(v.zxid), lang),
                                voteFieldText(v.leader, fmt::format("S{}", v.leader), lang)};
    for (int k = 0; k < 3; ++k) {
      const float x = area.x0 + pad + labelW + cellW * static_cast<float>(k);
      text(dl, ImVec2(x + fs * 0.2f, yy), ink, vals[k], fs);
    }
  };
  const float y1 = y, y2 = y + row;
  cells(c.received, zh ? fmt::format("收到 S{}", c.sender) : fmt::format("from S{}", c.sender), y1);
  cells(c.mine, c.outcome == VoteOutcome::NewerRound ? (zh ? "初始投票" : "initial") : (zh ? "自己的" : "own"), y2);
  if (decided >= 0) {
    const float x = area.x0 + pad + labelW + cellW * static_cast<float>(decided);
    // Between the header's descenders ("myid") and the cells' capitals, and clear of the
    // cells' first glyph (drawn 0.2 fs in): the frame used to strike through both at --scale 2.
    dl->AddRect(ImVec2(x - fs * 0.02f, y1 + fs * 0.02f), ImVec2(x + cellW - fs * 0.2f, y2 + fs * 1.1f), kDecided, fs * 0.2f,
                0, std::max(1.0f, std::round(fs * 0.12f)));
  }
  y = y2 + row;

  // The tally toward a quorum: one square per voter, filled for each supporter.
  if (c.outcome != VoteOutcome::DropOlderRound && c.voters > 0) {
    const std::string t = c.needed > 0 ? (zh ? fmt::format("{}/{} 票投 S{}（过半需 {}）", c.supporters, c.voters, c.proposal.leader, c.needed)
                                             : fmt::format("{} of {} for S{} (quorum {})", c.supporters, c.voters, c.proposal.leader, c.needed))
                                       : fmt::format("{} for S{}", c.supporters, c.proposal.leader);
    text(dl, ImVec2(area.x0 + pad, y), ink, t, fs);
    // Every voter gets a square, so that the quorum mark is always drawn: with many voters the
    // squares shrink to the room beside the words, or go under them when that is too little.
    float x = area.x0 + pad + textWidthAtSize(t, fs) + fs * 0.6f;
    float step = std::min(fs * 0.91f, (area.x1 - pad - x) / static_cast<float>(c.voters));
    if (step < fs * 0.45f && y + row * 2 <= area.y1) {  // too small to read: a line of their own
      x = area.x0 + pad;
      y += row;
      step = std::min(fs * 0.91f, (area.x1 - pad - x) / static_cast<float>(c.voters));
    }
    const float sq = step / 1.3f;
    for (int i = 0; i < c.voters; ++i, x += step) {
      const ImVec2 a(x, y + fs * 0.15f), b(x + sq, y + fs * 0.15f + sq);
      if (i < c.supporters) dl->AddRectFilled(a, b, c.quorum ? kSwitch : kKeep);
      else dl->AddRect(a, b, ink);
      if (i + 1 == c.needed) dl->AddLine(ImVec2(b.x + sq * 0.15f, a.y - 2), ImVec2(b.x + sq * 0.15f, b.y + 2), kDecided, 2.0f);
    }
  }
}

void drawVoteComparisonHint(ImDrawList* dl, const Box& area, float fs, Language lang) {
  const bool zh = lang == Language::Chinese;
  const bool light = ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.5f;
  const ImU32 fill = light ? IM_COL32(255, 255, 255, 240) : IM_COL32(24, 24, 24, 240);
  const ImU32 ink = textColor();
  const float pad = fs * 0.4f, row = fs * 1.25f, textW = area.x1 - area.x0 - 2 * pad;
  const std::vector<std::string> title = wrapAtSize(zh ? "下一张选票在这里比较" : "The next vote is compared here", textW, fs);
  const std::vector<std::string> rule = wrapAtSize(zh ? "按此顺序，第一个不同的字段决定：大者胜。旧一轮（logicalclock 更小）的选票被丢弃。"
                                                   : "in this order; the first field that differs decides: the higher wins. A vote of an "
                                                     "older round (a smaller logicalclock) is dropped.",
                                                textW, fs);
  const float h = pad * 2 + row * static_cast<float>(title.size() + rule.size()) + fs * 1.05f + row;
  // As tall as its words, centred where the comparison's box is (the middle of the column).
  const float top = std::max(0.0f, (area.y0 + area.y1) * 0.5f - h * 0.5f);
  dl->AddRectFilled(ImVec2(area.x0, top), ImVec2(area.x1, top + h), fill, fs * 0.3f);
  dl->AddRect(ImVec2(area.x0, top), ImVec2(area.x1, top + h), mutedColor(), fs * 0.3f, 0, 1.0f);
  float y = top + pad;
  for (const auto& t : title) text(dl, ImVec2(area.x0 + pad, y), ink, t, fs), y += row;
  // The comparison's own columns, numbered in FLE's order (totalOrderPredicate).
  const char* heads[] = {"epoch", "zxid", "myid"};
  const char* order[] = {"1", "2", "3"};
  const float labelW = std::min((area.x1 - area.x0) * 0.34f, fs * 8.5f);
  const float cellW = (area.x1 - area.x0 - 2 * pad - labelW) / 3.0f;
  for (int k = 0; k < 3; ++k) {
    const float x = area.x0 + pad + labelW + cellW * static_cast<float>(k);
    text(dl, ImVec2(x + fs * 0.2f, y), mutedColor(), heads[k], fs);
    text(dl, ImVec2(x + fs * 0.2f, y + fs * 1.05f), ink, order[k], fs);
  }
  text(dl, ImVec2(area.x0 + pad, y + fs * 1.05f), ink, zh ? "比较顺序" : "order", fs);
  y += fs * 1.05f + row;
  for (const auto& t : rule) text(dl, ImVec2(area.x0 + pad, y), mutedColor(), t, fs), y += row;
}

}  // namespace zabscope
