#include "pending_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "theme.hpp"

namespace zabscope {

using namespace zab;

namespace {

bool isTimerLike(const sim::PendingEvent& p) {
  return p.kind == sim::EventKind::Timer || p.kind == sim::EventKind::Workload;
}

std::string endpoints(const sim::PendingEvent& p) {
  switch (p.kind) {
    case sim::EventKind::Timer: return fmt::format("S{} timer", p.to);
    case sim::EventKind::Workload: return "clients";
    default: return fmt::format("S{} -> S{}", p.from, p.to);
  }
}

std::string what(const sim::PendingEvent& p) {
  if (p.kind == sim::EventKind::Timer) return p.label.empty() ? std::string(to_string(p.timer)) : p.label;
  return p.label.empty() ? std::string(to_string(p.kind)) : p.label;
}

// A small square in the family colour, then the text.
void familyLabel(const std::string& text, Family f) {
  const float s = ImGui::GetTextLineHeight() * 0.7f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float dy = (ImGui::GetTextLineHeight() - s) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x, pos.y + dy), ImVec2(pos.x + s, pos.y + dy + s),
                                            familyColor(f), s * 0.2f);
  ImGui::Dummy(ImVec2(s, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, s * 0.35f);
  ImGui::TextUnformatted(text.c_str());
}

void syncView(AppState& s) { s.viewTimeMs = static_cast<double>(s.session.sim().now()); }

}  // namespace

void PendingPanel::draw(AppState& app) {
  const auto& sim = app.session.sim();
  const float fs = ImGui::GetFontSize();

  bool manual = app.manualDelivery;
  if (ImGui::Checkbox("manual delivery (M)", &manual))
    app.post([manual](AppState& s) {
      s.manualDelivery = manual;
      if (manual) s.playing = false;
    });
  ImGui::SameLine();
  ImGui::Checkbox("show timers", &showTimers);
  if (app.manualDelivery)
    ImGui::TextWrapped("Manual delivery is ON: Play delivers nothing. You decide what happens next, in any order. "
                       "(Step still takes the earliest event.)");
  else
    ImGui::TextWrapped("Manual delivery is off: Play takes events in time order. Turn it on to choose yourself "
                       "which message arrives next.");
  ImGui::TextWrapped("Deliver: arrives now, even ahead of older frames.  Drop: lost for good, never retransmitted.  "
                     "Duplicate: a second copy arrives right after the first.");

  std::vector<sim::PendingEvent> rows = sim.pending();
  std::set<std::uint64_t> closes;  // FIN/RST markers: frames, but there is nothing to duplicate
  for (const auto& [cid, c] : sim.connections())
    for (const auto& q : c.queue)
      for (const auto& f : q)
        if (f.close) closes.insert(f.id);
  std::size_t messages = 0, timers = 0;
  for (const auto& p : rows) (p.isMessage() ? messages : timers) += 1;
  if (!showTimers)
    rows.erase(std::remove_if(rows.begin(), rows.end(), [](const auto& p) { return !p.isMessage(); }), rows.end());
  // Messages first, then the rest; each group by time, then by id.
  std::stable_sort(rows.begin(), rows.end(), [](const sim::PendingEvent& a, const sim::PendingEvent& b) {
    if (a.isMessage() != b.isMessage()) return a.isMessage();
    if (a.timeMs != b.timeMs) return a.timeMs < b.timeMs;
    return a.id < b.id;
  });
  ImGui::Text("t = %lld ms:  %zu messages in flight, %zu timers and other events", static_cast<long long>(sim.now()),
              messages, timers);

  if (rows.empty()) {
    ImGui::TextUnformatted(showTimers ? "Nothing is pending: the run has come to rest." : "No message is in flight.");
    return;
  }

  const ImGuiStyle& style = ImGui::GetStyle();
  const float buttons = ImGui::CalcTextSize("Deliver").x + ImGui::CalcTextSize("Drop").x +
                        ImGui::CalcTextSize("Duplicate").x + style.FramePadding.x * 6 + style.ItemSpacing.x * 2;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingStretchProp;
  const float height = std::max(ImGui::GetContentRegionAvail().y, fs * 10);
  // The message column keeps room for "vote (S3, 1:2) ep1": in a narrow pane (1280x720, 15
  // peers) it had shrunk to one letter. Narrower than that, the table scrolls sideways.
  const float least = ImGui::CalcTextSize("9999999  S18 -> S18  vote (S13, 10:200) ep10  retry").x + buttons +
                      style.CellPadding.x * 10;
  if (!ImGui::BeginTable("pending", 5, flags, ImVec2(0, height), std::max(least, ImGui::GetContentRegionAvail().x))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("time (ms)", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("from -> to", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("message", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("retry", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, buttons);
  ImGui::TableHeadersRow();

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const sim::PendingEvent& p = rows[static_cast<std::size_t>(i)];
      const std::uint64_t id = p.id;
      ImGui::PushID(static_cast<int>(id));
      ImGui::TableNextRow();

      ImGui::TableNextColumn();
      const bool selected = app.selection.message && *app.selection.message == id;
      const std::int64_t delta = p.timeMs - sim.now();
      const std::string when = fmt::format("{}", p.timeMs);
      if (ImGui::Selectable(when.c_str(), selected,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
        app.post([id](AppState& s) { s.selection.message = id; });
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s %s\n%s at %lld ms (%s)\nclick to inspect it (Inspector tab)", endpoints(p).c_str(),
                          what(p).c_str(), p.isMessage() ? "earliest arrival" : "happens",
                          static_cast<long long>(p.timeMs),
                          delta > 0 ? fmt::format("in {} ms", delta).c_str() : "due now");

      ImGui::TableNextColumn();
      ImGui::TextUnformatted(endpoints(p).c_str());
      ImGui::TableNextColumn();
      familyLabel(what(p), p.family);
      ImGui::TableNextColumn();
      if (p.attempts > 0) ImGui::Text("%d", p.attempts);

      ImGui::TableNextColumn();
      const std::string desc = endpoints(p) + " " + what(p);
      if (ImGui::SmallButton(isTimerLike(p) ? "Fire" : "Deliver"))
        app.post([id, desc](AppState& s) {
          s.status = s.session.deliver(id) ? "delivered " + desc : desc + ": event is no longer pending";
          syncView(s);
        });
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", isTimerLike(p) ? "make it happen now" : "it arrives now, ahead of its turn");
      ImGui::SameLine();
      if (ImGui::SmallButton("Drop"))
        app.post([id, desc](AppState& s) {
          s.status = s.session.drop(id) ? "dropped " + desc : desc + ": event is no longer pending";
          syncView(s);
        });
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", isTimerLike(p) ? "cancel it" : "lost for good: it will never arrive");
      if (p.kind == sim::EventKind::Frame && !closes.count(id)) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Duplicate"))
          app.post([id, desc](AppState& s) {
            s.status = s.session.duplicate(id) ? "duplicated " + desc : desc + ": frame is no longer in flight";
            syncView(s);
          });
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("a second copy arrives right after this one");
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace zabscope
