#include "comparison_lanes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "arrow_head.hpp"
#include "theme.hpp"

namespace zabscope {

namespace {

ImU32 withAlpha(ImU32 c, float a) {
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a * 255.0f) << IM_COL32_A_SHIFT);
}

const char* stateWord(const LaneState& s) {
  if (!s.alive) return "down";
  if (!s.state) return "starting";
  switch (*s.state) {
    case zab::ServerState::LOOKING: return "LOOKING";
    case zab::ServerState::FOLLOWING: return "FOLLOWING";
    case zab::ServerState::LEADING: return "LEADING";
    case zab::ServerState::OBSERVING: return "OBSERVING";
  }
  return "";
}

ImU32 bandColor(const LaneState& s) {
  if (!s.alive) return stateColor(zab::ServerState::LOOKING, false);
  if (!s.state) return mutedColor();
  return stateColor(*s.state, true);
}

}  // namespace

ImU32 laneMessageColor(LaneMessage::Kind k) {
  switch (k) {
    case LaneMessage::Kind::Notification: return familyColor(zab::Family::Election);
    case LaneMessage::Kind::FollowerInfo: return familyColor(zab::Family::Discovery);
    case LaneMessage::Kind::Sync: return familyColor(zab::Family::Sync);
  }
  return mutedColor();
}

void drawRunLanes(ImDrawList* dl, const LaneTimeline& run, const std::vector<zab::Sid>& servers, std::int64_t anchorMs,
                  const AxisWindow& window, std::int64_t cursorMs, const LanesArea& a) {
  if (servers.empty() || a.right - a.left < 10 || a.bottom - a.top < 10) return;
  const float fs = ImGui::GetFontSize();
  const ImU32 text = textColor(), muted = mutedColor();
  const float gap = (a.bottom - a.top) / static_cast<float>(servers.size());
  const float bandH = std::min(fs * 1.35f, gap * 0.62f);
  std::map<zab::Sid, float> laneY;
  for (std::size_t k = 0; k < servers.size(); ++k) laneY[servers[k]] = a.top + gap * (static_cast<float>(k) + 0.5f);
  auto x = [&](std::int64_t own) {
    return std::clamp(window.xOf(static_cast<double>(toShared(own, anchorMs)), a.left, a.right), a.left, a.right);
  };
  const float cursorX = std::clamp(window.xOf(static_cast<double>(cursorMs), a.left, a.right), a.left, a.right);
  const std::int64_t cursorOwn = toOwn(cursorMs, anchorMs);

  // State bands, bright up to the cursor and faint after it.
  dl->PushClipRect(ImVec2(a.left, a.top), ImVec2(a.right, a.bottom), true);
  for (auto sid : servers) {
    const float y = laneY[sid];
    dl->AddLine(ImVec2(a.left, y), ImVec2(a.right, y), withAlpha(muted, 0.5f), lineWidth(1));
    std::vector<const LaneState*> mine;
    for (const auto& s : run.states)
      if (s.sid == sid) mine.push_back(&s);
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const LaneState& s = *mine[i];
      const std::int64_t until = i + 1 < mine.size() ? mine[i + 1]->timeMs : run.endMs;
      const float x0 = x(s.timeMs), x1 = x(until);
      if (x1 <= x0) continue;
      const ImU32 fill = bandColor(s);
      const float split = std::clamp(cursorX, x0, x1);
      if (split > x0) dl->AddRectFilled(ImVec2(x0, y - bandH * 0.5f), ImVec2(split, y + bandH * 0.5f), fill);
      if (x1 > split) dl->AddRectFilled(ImVec2(split, y - bandH * 0.5f), ImVec2(x1, y + bandH * 0.5f), withAlpha(fill, 0.3f));
      const char* word = stateWord(s);
      const ImVec2 ts = ImGui::CalcTextSize(word);
      if (x1 - x0 > ts.x + fs * 0.6f) {
        const bool onBright = x0 + fs * 0.3f + ts.x <= split;  // the word lies on the bright (past) part
        const ImU32 ink = onBright ? onColor(fill) : text;
        dl->AddText(ImVec2(x0 + fs * 0.3f, y - ts.y * 0.5f), ink, word);
      }
    }
  }
  // Messages: thin notifications, FOLLOWERINFO, thick labelled syncs.
  for (const auto& m : run.messages) {
    if (!laneY.count(m.from) || !laneY.count(m.to)) continue;
    const double s0 = static_cast<double>(toShared(m.sentMs, anchorMs)), s1 = static_cast<double>(toShared(m.receivedMs, anchorMs));
    if (s1 < window.startMs || s0 > window.endMs()) continue;
    const bool past = m.receivedMs <= cursorOwn;
    const bool sync = m.kind == LaneMessage::Kind::Sync;
    const ImU32 col = withAlpha(laneMessageColor(m.kind), past ? 1.0f : 0.3f);
    const float yTo = laneY[m.to], yFrom = laneY[m.from];
    ImVec2 from(window.xOf(s0, a.left, a.right), yFrom), to(window.xOf(s1, a.left, a.right), yTo);
    if (!m.sendKnown) from = ImVec2(to.x - fs * 0.5f, yTo + (yFrom < yTo ? -1.0f : 1.0f) * fs * 0.9f);
    dl->AddLine(from, to, col, lineWidth(sync ? fs * 0.18f : fs * 0.09f));
    arrowHead(dl, from, to, fs * (sync ? 0.55f : 0.42f), col);
    if (sync && !m.label.empty())
      dl->AddText(ImVec2((from.x + to.x) * 0.5f + fs * 0.25f, (from.y + to.y) * 0.5f - fs * 0.55f), past ? text : muted,
                  m.label.c_str());
  }
  dl->PopClipRect();

  // The gutter: each server's name and its state at the cursor.
  for (auto sid : servers) {
    const float y = laneY[sid];
    const std::string name = fmt::format("S{}", sid);
    dl->AddText(ImVec2(a.gutterLeft, y - fs * 0.5f), text, name.c_str());
    const float r = std::min(fs * 0.55f, gap * 0.4f);
    const ImVec2 c(a.left - r - fs * 0.35f, y);
    auto s = run.stateAt(sid, cursorOwn);
    if (!s) {
      dl->AddCircle(c, r, muted, 24, lineWidth(fs * 0.06f));
      continue;
    }
    const zab::ServerState st = s->state.value_or(zab::ServerState::LOOKING);
    const ImU32 fill = s->state || !s->alive ? stateColor(st, s->alive) : muted;
    dl->AddCircleFilled(c, r, fill);
    const char* letter = stateLetter(st, s->alive);
    const ImVec2 ls = ImGui::CalcTextSize(letter);
    dl->AddText(ImVec2(c.x - ls.x * 0.5f, c.y - ls.y * 0.5f), onColor(fill), letter);
  }
}

}  // namespace zabscope
