#include "event_log_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>

#include "cursor_caption.hpp"
#include "fitted_text.hpp"
#include "flow_line.hpp"
#include "theme.hpp"
#include "timeline_fingerprint.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

using namespace zab;

namespace {

// A family's check box label; in Chinese the English name stays as its id.
std::string familyCheckboxLabel(std::size_t f, bool zh) {
  const auto family = static_cast<Family>(f);
  return zh ? familyName(family, true) + "###" + familyName(family, false) : familyName(family, false);
}

std::size_t familyIndex(const Entry& e) {
  return static_cast<std::size_t>(e.hasRecord() ? e.record().family : Family::Peer);
}

// What an entry without a record did, in words.
std::string actionText(const Session& s, const Action& a) {
  switch (a.kind) {
    case Action::Kind::Command: return "command: " + s.line(a);
    case Action::Kind::Step: return "step: nothing left to happen";
    case Action::Kind::Deliver: return fmt::format("deliver #{} by hand: it was no longer pending", a.id);
    case Action::Kind::Drop: return fmt::format("drop #{} by hand: it was no longer pending", a.id);
    case Action::Kind::Duplicate: return fmt::format("duplicate #{} by hand: it was no longer pending", a.id);
    case Action::Kind::AdvanceClock: return fmt::format("the clock advances to {} ms (no further event before then)", a.timeMs);
  }
  return "";
}

// The words are made on demand (the session replays and caches what is shown). In English the
// engine's own explanation; in Chinese the presenter's caption, made from the step's fields.
std::string entryText(const Session& s, std::size_t i, Language lang) {
  if (lang == Language::Chinese) return entryCaption(s, i, lang);
  if (const auto* r = s.explained(i)) return r->explanation();
  return actionText(s, s.entries()[i].action());
}

std::optional<std::int64_t> entryTime(const Entry& e) {
  if (e.hasRecord()) return e.record().timeMs;
  const Action a = e.action();
  if (a.kind == Action::Kind::AdvanceClock) return a.timeMs;
  return std::nullopt;
}

bool containsNoCase(const std::string& hay, const std::string& lowerNeedle) {
  if (lowerNeedle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), lowerNeedle.begin(), lowerNeedle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
  });
  return it != hay.end();
}

std::string lower(const char* s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool EventLogPanel::matches(const Session& s, std::size_t i) const {
  const Entry& e = s.entries()[i];
  // Problems are never hidden by the family filter: a failed expect or a violated
  // invariant must stay visible.
  if (!e.hasProblems() && !built_.families[familyIndex(e)]) return false;
  if (built_.peer != 0) {
    if (!e.hasRecord()) return false;
    const Record r = e.record();
    if (r.actor != built_.peer && r.from != built_.peer && r.to != built_.peer) return false;
  }
  if (!built_.text.empty()) {
    // Field by field. The words are made by replaying (explained), so a search scans a
    // bounded number of entries per frame (kSearchPerFrame).
    const std::string& q = built_.text;
    bool hit = containsNoCase(s.line(e.action()), q);
    if (const auto* r = s.explained(i)) {
      hit = hit || containsNoCase(r->headline, q) || containsNoCase(r->label, q) ||
            containsNoCase(std::string(r->type), q);
      for (const auto& n : r->notes) hit = hit || containsNoCase(n, q);
    } else {
      hit = hit || containsNoCase(actionText(s, e.action()), q);
    }
    // In Chinese the line shows the caption: a search finds its words too.
    if (built_.chinese) hit = hit || containsNoCase(entryCaption(s, i, Language::Chinese), q);
    for (const auto& p : s.problems(i)) hit = hit || containsNoCase(p, q);
    if (!hit) return false;
  }
  return true;
}

bool EventLogPanel::refilter(const AppState& app) {
  const auto& entries = app.session.entries();
  Key want{showFamily, peer, lower(text), timelineSignature(app.session), app.language == Language::Chinese};
  // Appending is incremental; anything else (filters, fork, branch switch, a new session)
  // rebuilds from scratch. The last entry examined must still be the same entry.
  bool same = everBuilt_ && want == built_ && scanned_ <= entries.size();
  if (same && scanned_ > 0 && entryFingerprint(entries[scanned_ - 1]) != lastFingerprint_) same = false;
  if (!same) {
    built_ = want;
    everBuilt_ = true;
    filtered_.clear();
    scanned_ = 0;
  }
  // A text search makes words for every entry it looks at: it goes on over several frames.
  const std::size_t budget = built_.text.empty() ? entries.size() : kSearchPerFrame;
  for (std::size_t n = 0; scanned_ < entries.size() && n < budget; ++scanned_, ++n)
    if (matches(app.session, scanned_)) filtered_.push_back(scanned_);
  if (scanned_ > 0) lastFingerprint_ = entryFingerprint(entries[scanned_ - 1]);
  return !same;
}

// A family's check box with its colour swatch in front (drawFamilyFilters draws both).
static float familyItemWidth(const char* label) { return ImGui::GetFontSize() * 1.05f + boxItemWidth(label); }

void EventLogPanel::drawFamilyFilters(bool zh, bool wrap) {
  const float fs = ImGui::GetFontSize();
  for (std::size_t f = 0; f < kFamilies; ++f) {
    ImGui::PushID(static_cast<int>(f));
    const std::string label = familyCheckboxLabel(f, zh);
    const char* familyLabel = label.c_str();
    if (f > 0 && wrap) sameLineIfFits(familyItemWidth(familyLabel));
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetFrameHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + fs * 0.8f, p.y + h * 0.8f),
                                              familyColor(static_cast<Family>(f)), fs * 0.15f);
    ImGui::Dummy(ImVec2(fs * 0.8f, h));
    ImGui::SameLine(0, fs * 0.25f);
    ImGui::Checkbox(familyLabel, &showFamily[f]);
    ImGui::PopID();
  }
}

void EventLogPanel::drawFollowAndClear(bool zh, bool flow) {
  const char* clearLabel = zh ? "清除###clear" : "clear";
  const char* followLabel = zh ? "跟随光标###follow cursor" : "follow cursor";
  if (flow) sameLineIfFits(buttonWidth(clearLabel));
  if (ImGui::SmallButton(clearLabel)) {
    text[0] = '\0';
    peer = 0;
    showFamily = {true, true, true, true, true, false, true, true};
  }
  if (flow) sameLineIfFits(boxItemWidth(followLabel));
  ImGui::Checkbox(followLabel, &followCursor);
}

void EventLogPanel::draw(AppState& app) {
  const auto& sim = app.session.sim();
  const auto& entries = app.session.entries();
  const float fs = ImGui::GetFontSize();
  // Chinese labels keep their English ids after "###". In Chinese a line is the step's caption
  // (made from its fields); the engine's own English notes stay in the details below.
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };

  // ---- filters: the family checkboxes double as the colour legend ----
  // On a short or narrow pane (a projector's 1280x720 at --scale 2) they would fill it and leave
  // no room for the lines: they fold into one button that opens them.
  float rowWidth = 0;
  for (std::size_t f = 0; f < kFamilies; ++f)
    rowWidth += familyItemWidth(familyCheckboxLabel(f, zh).c_str()) + ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool folded = rowWidth > avail.x * 2 || avail.y < fs * 16;
  if (folded) {
    const auto shownFamilies = std::count(showFamily.begin(), showFamily.end(), true);
    const std::string button = zh ? fmt::format("筛选 {}/{}###families", shownFamilies, kFamilies)
                                  : fmt::format("filters {}/{}###families", shownFamilies, kFamilies);
    if (ImGui::Button(button.c_str())) ImGui::OpenPopup("families-popup");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("which kinds of event to show (each has its colour), follow the cursor, clear",
                                 "显示哪些类别的事件（每类一种颜色）、跟随光标、清除筛选"));
    if (ImGui::BeginPopup("families-popup")) {
      drawFamilyFilters(zh, /*wrap=*/false);
      ImGui::Separator();
      drawFollowAndClear(zh);
      ImGui::EndPopup();
    }
  } else {
    drawFamilyFilters(zh, /*wrap=*/true);
  }
  if (folded) sameLineIfFits(fs * 6);
  ImGui::SetNextItemWidth(fs * 6);
  const char* allPeers = tr("all peers", "所有服务器");
  std::string peerName = peer == 0 ? std::string(allPeers) : fmt::format("S{}", peer);
  if (ImGui::BeginCombo("##peer", peerName.c_str())) {
    if (ImGui::Selectable(allPeers, peer == 0)) peer = 0;
    for (const auto& [sid, slot] : sim.peers()) {
      ImGui::PushID(static_cast<int>(sid));
      std::string name = fmt::format("S{}{}", sid, slot.type == LearnerType::OBSERVER ? tr(" (observer)", "（Observer）") : "");
      if (ImGui::Selectable(name.c_str(), peer == sid)) peer = sid;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("show only the events in which this peer acts, sends or receives",
                               "只显示这台服务器执行、发送或接收的事件"));
  if (folded) {
    // Two rows: the filters' button and the peer; then the search box across the pane.
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    ImGui::InputTextWithHint("##text", tr("search text", "搜索文字"), text, sizeof text);
  } else {
    sameLineIfFits(fs * 8);
    ImGui::SetNextItemWidth(std::min(fs * 12, ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("##text", tr("search text", "搜索文字"), text, sizeof text);
    drawFollowAndClear(zh, /*flow=*/true);
  }

  const bool rebuilt = refilter(app);

  const std::size_t cursor = app.session.cursor();
  // On a folded pane the count line gives way to the lines, except while a search runs.
  if (scanned_ < entries.size())
    ImGui::TextDisabled(tr("searching: %zu of %zu entries looked at, %zu match so far",
                           "搜索中：已查看 %zu / %zu 条，目前匹配 %zu 条"),
                        scanned_, entries.size(), filtered_.size());
  else if (!folded)
    ImGui::TextDisabled(tr("%zu of %zu entries shown; at step %zu. Click a line to go there.",
                           "显示 %zu / %zu 条；当前在第 %zu 步。点击一行即可跳到那里。"),
                        filtered_.size(), entries.size(), cursor);

  // ---- the list ----
  const float lineH = ImGui::GetTextLineHeightWithSpacing();
  // The details keep two lines on a short pane, five on a tall one.
  const float detailsH = std::clamp(ImGui::GetContentRegionAvail().y * 0.3f, fs * 2.6f, fs * 5.5f);
  // Rows before the cursor: the past of this branch. The last of them is kept in view.
  const std::size_t pastRows =
      static_cast<std::size_t>(std::lower_bound(filtered_.begin(), filtered_.end(), cursor) - filtered_.begin());
  const std::size_t cursorRow = pastRows > 0 ? pastRows - 1 : 0;
  if (followCursor && (cursor != lastCursor_ || rebuilt)) scrollPending_ = true;
  lastCursor_ = cursor;

  hovered_.reset();
  ImGui::BeginChild("log-lines", ImVec2(0, -detailsH), true);
  if (scrollPending_) {
    scrollPending_ = false;
    float y = static_cast<float>(cursorRow) * lineH;
    const float top = ImGui::GetScrollY(), h = ImGui::GetWindowHeight();
    // Just out of view (playing, stepping): follow it at the edge. Far away (a jump): centre it.
    if (y < top - h || y > top + 2 * h) ImGui::SetScrollY(std::max(0.0f, y - h * 0.5f + lineH * 0.5f));
    else if (y < top) ImGui::SetScrollY(y);
    else if (y > top + h - 2 * lineH) ImGui::SetScrollY(y - h + 2 * lineH);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // As wide as the latest time needs (times only grow along the timeline): the last entry that
  // has one, looking back past a few commands at most.
  std::int64_t lastTime = sim.now();
  for (std::size_t k = entries.size(), seen = 0; k > 0 && seen < 64; --k, ++seen)
    if (auto t = entryTime(entries[k - 1])) {
      lastTime = std::max(lastTime, *t);
      break;
    }
  const float timeW = ImGui::CalcTextSize(fmt::format("{} ms", lastTime).c_str()).x;
  const float chipW = fs * 0.8f;
  const ImU32 muted = mutedColor();
  const float rowRight = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(filtered_.size()), lineH);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::size_t i = filtered_[static_cast<std::size_t>(row)];
      const Entry& e = entries[i];
      const bool atCursor = cursor > 0 && i == cursor - 1;
      const bool future = i >= cursor;
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable("##line", atCursor, ImGuiSelectableFlags_None, ImVec2(0, 0))) {
        std::size_t k = i + 1;
        app.post([k](AppState& s) {
          s.session.jumpTo(k);
          s.viewTimeMs = static_cast<double>(s.session.sim().now());
          s.playing = false;
        });
      }
      if (ImGui::IsItemHovered()) hovered_ = i;
      ImVec2 a = ImGui::GetItemRectMin();
      float x = a.x + ImGui::GetStyle().FramePadding.x * 0.5f;
      // A line between the past and the future of this branch, under the cursor entry.
      if (pastRows > 0 && row == static_cast<int>(cursorRow))
        dl->AddLine(ImVec2(a.x, ImGui::GetItemRectMax().y + 1), ImVec2(a.x + ImGui::GetWindowWidth(), ImGui::GetItemRectMax().y + 1),
                    IM_COL32(220, 140, 0, 255), 2.0f);
      const ImU32 tc = future ? muted : textColor();
      if (auto t = entryTime(e)) {
        std::string ts = fmt::format("{} ms", *t);
        float w = ImGui::CalcTextSize(ts.c_str()).x;
        dl->AddText(ImVec2(x + timeW - w, a.y), muted, ts.c_str());
      }
      x += timeW + fs * 0.5f;
      ImU32 chip = familyColor(static_cast<Family>(familyIndex(e)));
      if (future) chip = (chip & 0x00FFFFFFu) | (90u << IM_COL32_A_SHIFT);
      dl->AddRectFilled(ImVec2(x, a.y + lineH * 0.15f), ImVec2(x + chipW, a.y + lineH * 0.75f), chip, fs * 0.15f);
      x += chipW + fs * 0.4f;
      if (e.hasProblems()) {
        const auto& problems = app.session.problems(i);
        std::string p = tr("PROBLEM: ", "问题：") + problems.front();
        if (problems.size() > 1) p += zh ? fmt::format("（另有 {} 个）", problems.size() - 1) : fmt::format(" (+{} more)", problems.size() - 1);
        dl->AddText(ImVec2(x, a.y), problemColor(), p.c_str());
        x += ImGui::CalcTextSize(p.c_str()).x + fs * 0.6f;
      }
      // Cut with "..." where the pane ends (the whole line is in the box below, on hover).
      const std::string body = fitToWidth(entryText(app.session, i, app.language), rowRight - x,
                                          [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; });
      dl->AddText(ImVec2(x, a.y), e.hasRecord() ? tc : muted, body.c_str());
      ImGui::PopID();
    }
  }
  clipper.End();
  if (filtered_.empty())
    ImGui::TextDisabled("%s", entries.empty() ? tr("Nothing has happened yet: press Step or Play.",
                                                   "还什么都没发生：按“单步”或“播放”。")
                                              : tr("No entry matches the filters.", "没有符合筛选条件的条目。"));
  ImGui::EndChild();

  // ---- details: the whole text of the line under the mouse, or of the cursor entry ----
  std::optional<std::size_t> shown = hovered_;
  if (!shown && cursor > 0 && cursor - 1 < entries.size()) shown = cursor - 1;
  ImGui::BeginChild("log-details", ImVec2(0, 0), true);
  if (shown) {
    const Entry& e = entries[*shown];
    const auto* r = app.session.explained(*shown);
    ImGui::PushTextWrapPos(0.0f);
    if (zh) {
      // The caption whole, then the engine's own words (English) for the decisions it names.
      std::string head = fmt::format("第 {} 步{}", *shown + 1, *shown + 1 == cursor ? "（光标处）" : "");
      if (auto t = entryTime(e)) head += fmt::format("，{} ms", *t);
      if (r) head += fmt::format("，{}", familyName(r->family, true));
      wrappedTextDisabled(head);
      for (const auto& p : app.session.problems(*shown))
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(problemColor()), "%s", p.c_str());
      wrappedText(entryCaption(app.session, *shown, Language::Chinese));
      if (r) {
        wrappedTextDisabled("引擎原文（英文）：" + r->headline);
        for (const auto& n : r->notes) ImGui::TextDisabled("%s", n.c_str());
      }
    } else {
      std::string head = fmt::format("step {}{}", *shown + 1, *shown + 1 == cursor ? " (the cursor)" : "");
      if (auto t = entryTime(e)) head += fmt::format(" at {} ms", *t);
      if (r) head += fmt::format(", {}: {}", to_string(r->family), r->headline);
      else head += ": " + actionText(app.session, e.action());
      ImGui::TextDisabled("%s", head.c_str());
      for (const auto& p : app.session.problems(*shown))
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(problemColor()), "%s", p.c_str());
      if (r) {
        for (const auto& n : r->notes) ImGui::TextUnformatted(n.c_str());
        if (r->notes.empty()) ImGui::TextUnformatted(r->headline.c_str());
      }
    }
    ImGui::PopTextWrapPos();
  } else {
    ImGui::TextDisabled("%s", tr("Hover a line to read all of it here.", "把鼠标移到一行上，在这里阅读它的全文。"));
  }
  ImGui::EndChild();
}

}  // namespace zabscope
