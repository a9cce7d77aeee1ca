#include "imported_spacetime.hpp"

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

}  // namespace

void drawImportedSpacetime(AppState& app, const ImportedLogs& logs, ImVec2 size, bool tooltips) {
  const auto& t = logs.timeline();
  const float fs = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  if (t.servers.empty() || size.x < fs * 8 || size.y < fs * 3) return;

  // The window of events drawn: about one per 0.9 font sizes, around the cursor.
  const std::size_t n = logs.size();
  const std::size_t capacity = std::max<std::size_t>(8, static_cast<std::size_t>((size.x - fs * 4) / (fs * 0.9f)));
  std::size_t first = 0;
  if (n > capacity) first = std::min(n - capacity, logs.cursor() > capacity / 2 ? logs.cursor() - capacity / 2 : 0);
  const std::size_t last = std::min(n, first + capacity);  // exclusive
  const float left = origin.x + fs * 3.2f, right = origin.x + size.x - fs * 0.8f;
  const float top = origin.y + fs * 1.6f, bottom = origin.y + size.y - fs * 0.6f;
  const float span = std::max<float>(1.0f, static_cast<float>(last - first));
  auto xOf = [&](std::size_t i) { return left + (right - left) * (static_cast<float>(i - first) + 0.5f) / span; };
  std::map<zab::Sid, float> laneY;
  const float laneGap = (bottom - top) / static_cast<float>(t.servers.size());
  for (std::size_t k = 0; k < t.servers.size(); ++k) laneY[t.servers[k]] = top + laneGap * (static_cast<float>(k) + 0.5f);

  const ImU32 text = textColor(), muted = mutedColor();
  // Lanes, with each server's state as the lane's colour at the cursor.
  const auto views = logs.servers();
  for (std::size_t k = 0; k < t.servers.size(); ++k) {
    const auto& v = views[k];
    const float y = laneY[v.sid];
    const ImU32 col = v.state ? stateColor(static_cast<zab::ServerState>(*v.state), v.alive) : muted;
    dl->AddText(ImVec2(origin.x + fs * 0.3f, y - fs * 0.5f), text, fmt::format("S{}", v.sid).c_str());
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), withAlpha(muted, 0.6f), lineWidth(1));
    dl->AddCircleFilled(ImVec2(origin.x + fs * 2.4f, y), fs * 0.35f, col);
  }
  // Time labels: the first event's time, then where the time jumps by a second or more.
  float lastLabelX = -1e9f;
  for (std::size_t i = first; i < last; ++i) {
    const float x = xOf(i);
    const bool jump = i == first || t.events[i].timeMs / 1000 != t.events[i - 1].timeMs / 1000;
    if (!jump || x - lastLabelX < fs * 5) continue;
    dl->AddText(ImVec2(x, origin.y + fs * 0.2f), muted, fmt::format("{:.1f} s", static_cast<double>(t.events[i].timeMs) / 1000.0).c_str());
    dl->AddLine(ImVec2(x, origin.y + fs * 1.3f), ImVec2(x, bottom), withAlpha(muted, 0.25f), 1);
    lastLabelX = x;
  }
  // Matched messages.
  std::vector<bool> received(n, false);
  for (const auto& m : t.messages) {
    received[m.receive] = true;
    if (m.send >= last && m.receive >= last) continue;
    if (m.send < first && m.receive < first) continue;
    const std::size_t a = std::clamp(m.send, first, last - 1), b = std::clamp(m.receive, first, last - 1);
    const ImVec2 from(xOf(a), laneY[t.events[m.send].server]), to(xOf(b), laneY[t.events[m.receive].server]);
    const bool sync = m.type != "notification" && m.type != "FOLLOWERINFO";
    const bool past = m.receive < logs.cursor();
    ImU32 col = sync ? familyColor(zab::Family::Sync) : familyColor(zab::Family::Election);
    if (m.type == "FOLLOWERINFO") col = familyColor(zab::Family::Discovery);
    col = withAlpha(col, past ? 1.0f : 0.3f);
    dl->AddLine(from, to, col, lineWidth(sync ? fs * 0.18f : fs * 0.08f));
    arrowHead(dl, from, to, fs * (sync ? 0.55f : 0.4f), col);
    if (sync) {
      const ImVec2 mid((from.x + to.x) * 0.5f + fs * 0.2f, (from.y + to.y) * 0.5f - fs * 0.5f);
      dl->AddText(mid, past ? text : muted, m.type.c_str());
    }
  }
  // Events: dots; an unmatched receipt gets a stub from its sender's lane.
  for (std::size_t i = first; i < last; ++i) {
    const auto& e = t.events[i];
    const float x = xOf(i), y = laneY[e.server];
    const bool past = i < logs.cursor();
    if (e.kind == real::EventKind::NotificationReceived && e.from != e.server && !received[i] && laneY.count(e.from)) {
      const float dir = laneY[e.from] < y ? -1.0f : 1.0f;
      const ImVec2 from(x - fs * 0.5f, y + dir * fs * 0.9f), to(x, y);
      const ImU32 col = withAlpha(familyColor(zab::Family::Election), past ? 0.9f : 0.3f);
      dl->AddLine(from, to, col, lineWidth(fs * 0.08f));
      arrowHead(dl, from, to, fs * 0.35f, col);
    }
    ImU32 col = muted;
    if (e.kind == real::EventKind::StateChange && e.state) col = stateColor(static_cast<zab::ServerState>(*e.state), true);
    else if (e.kind == real::EventKind::NewEpoch || e.kind == real::EventKind::SyncSent ||
             e.kind == real::EventKind::LearnerSync)
      col = familyColor(zab::Family::Sync);
    else if (e.kind == real::EventKind::ServerStart) col = text;
    else if (e.kind == real::EventKind::ConnectionBroken || e.kind == real::EventKind::LearnerGone)
      col = stateColor(zab::ServerState::LOOKING, false);
    const float r = e.kind == real::EventKind::StateChange || e.kind == real::EventKind::ServerStart ? fs * 0.32f : fs * 0.2f;
    dl->AddCircleFilled(ImVec2(x, y), r, withAlpha(col, past ? 1.0f : 0.35f));
    if (e.kind == real::EventKind::StateChange && e.state && x - lastLabelX > -1e8f) {
      const char* letter = stateLetter(static_cast<zab::ServerState>(*e.state), true);
      dl->AddText(ImVec2(x - fs * 0.3f, y + fs * 0.35f), past ? text : muted, letter);
    }
  }
  // The cursor.
  if (logs.cursor() > first && logs.cursor() <= last) {
    const float x = xOf(logs.cursor() - 1) + (right - left) / span * 0.5f;
    dl->AddLine(ImVec2(x, origin.y + fs * 1.3f), ImVec2(x, bottom), text, lineWidth(fs * 0.1f));
  }
  // Scrubbing: click or drag to move the cursor.
  ImGui::InvisibleButton("imported-spacetime", size);
  if (ImGui::IsItemActive() || ImGui::IsItemClicked()) {
    const float mx = ImGui::GetIO().MousePos.x;
    const float f = std::clamp((mx - left) / (right - left), 0.0f, 1.0f);
    const std::size_t k = first + static_cast<std::size_t>(std::lround(f * span));
    if (k != logs.cursor()) app.post([k](AppState& s) {
        if (s.imported) s.imported->jumpTo(k);
      });
  }
  if (tooltips && ImGui::IsItemHovered()) {
    const float mx = ImGui::GetIO().MousePos.x, my = ImGui::GetIO().MousePos.y;
    std::size_t best = n;
    float bestD = fs * 0.8f;
    for (std::size_t i = first; i < last; ++i) {
      const float d = std::hypot(xOf(i) - mx, laneY[t.events[i].server] - my);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best < n) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(fs * 36);
      for (const auto& line : logs.explained(best)) ImGui::TextUnformatted(line.c_str());
      ImGui::TextDisabled("%s:%d", t.events[best].source.file.c_str(), t.events[best].source.line);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
}

}  // namespace zabscope
