#include "pending_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "flow_line.hpp"
#include "theme.hpp"
#include "wrapped_text.hpp"

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
  // Chinese labels keep their English ids after "###".
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };

  bool manual = app.manualDelivery;
  if (ImGui::Checkbox(tr("manual delivery (M)", "手动投递 (M)###manual delivery (M)"), &manual))
    app.post([manual](AppState& s) {
      s.manualDelivery = manual;
      if (manual) s.playing = false;
    });
  const char* timersLabel = tr("show timers", "显示计时器###show timers");
  sameLineIfFits(boxItemWidth(timersLabel));
  ImGui::Checkbox(timersLabel, &showTimers);
  if (app.manualDelivery)
    wrappedTextF("%s", tr("Manual delivery is ON: Play delivers nothing. You decide what happens next, in any "
                                "order. (Step still takes the earliest event.)",
                                "手动投递已打开：“播放”不会投递任何消息，由你决定接下来发生什么，顺序随意。"
                                "（“单步”仍然取最早的事件。）"));
  else
    wrappedTextF("%s", tr("Manual delivery is off: Play takes events in time order. Turn it on to choose "
                                "yourself which message arrives next.",
                                "手动投递已关闭：“播放”按时间顺序处理事件。打开它，就能自己选择下一条到达的消息。"));
  wrappedTextF("%s", tr("Deliver: arrives now, even ahead of older frames.  Drop: lost for good, never "
                              "retransmitted.  Duplicate: a second copy arrives right after the first.",
                              "投递：现在就到达，哪怕排在更早的消息之前。丢弃：永久丢失，不会重传。"
                              "复制：紧接着第一份再到达一份副本。"));

  std::vector<sim::PendingEvent> rows = sim.pending();
  std::set<std::uint64_t> closes;  // FIN/RST markers: frames, but there is nothing to duplicate
  for (const auto& [cid, c] : sim.connections())
    for (const auto& q : c.queue)
      for (const auto& f : q)
        if (f.close) closes.insert(f.id);
  // Frames and connection attempts are both "messages" here (they can be delivered, dropped or
  // duplicated by hand), but the ensemble view's "N messages in flight" counts frames only: the
  // line names the two apart so the panes agree.
  std::size_t frames = 0, connects = 0, timers = 0;
  for (const auto& p : rows) {
    if (p.kind == sim::EventKind::Frame) ++frames;
    else if (p.kind == sim::EventKind::ConnectArrive || p.kind == sim::EventKind::ConnectResult) ++connects;
    else ++timers;  // timers, workload ticks, a paused process's SIGCONT
  }
  if (!showTimers)
    rows.erase(std::remove_if(rows.begin(), rows.end(), [](const auto& p) { return !p.isMessage(); }), rows.end());
  // Messages first, then the rest; each group by time, then by id.
  std::stable_sort(rows.begin(), rows.end(), [](const sim::PendingEvent& a, const sim::PendingEvent& b) {
    if (a.isMessage() != b.isMessage()) return a.isMessage();
    if (a.timeMs != b.timeMs) return a.timeMs < b.timeMs;
    return a.id < b.id;
  });
  wrappedTextF(tr("t = %lld ms:  %zu messages in flight, %zu connection attempts, %zu timers and other events",
                  "t = %lld ms：%zu 条消息在途，%zu 个连接请求，%zu 个计时器及其他事件"),
               static_cast<long long>(sim.now()), frames, connects, timers);

  if (rows.empty()) {
    ImGui::TextUnformatted(showTimers ? tr("Nothing is pending: the run has come to rest.", "没有待处理的事件：运行已静止。")
                                      : tr("No message is in flight.", "没有在途的消息。"));
    return;
  }

  const char* deliverLabel = tr("Deliver", "投递###Deliver");
  const char* fireLabel = tr("Fire", "触发###Fire");
  const char* dropLabel = tr("Drop", "丢弃###Drop");
  const char* duplicateLabel = tr("Duplicate", "复制###Duplicate");
  const ImGuiStyle& style = ImGui::GetStyle();
  const float buttons = ImGui::CalcTextSize(deliverLabel, nullptr, true).x + ImGui::CalcTextSize(dropLabel, nullptr, true).x +
                        ImGui::CalcTextSize(duplicateLabel, nullptr, true).x + style.FramePadding.x * 6 +
                        style.ItemSpacing.x * 2;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingStretchProp;
  const float height = std::max(ImGui::GetContentRegionAvail().y, fs * 10);
  // The message column keeps room for "vote (S3, 1:2) ep1": in a narrow pane (1280x720, 15
  // peers) it had shrunk to one letter. Narrower than that, the table scrolls sideways.
  const float least = ImGui::CalcTextSize("9999999  S18 -> S18  vote (S13, 10:200) ep10  retry").x + buttons +
                      style.CellPadding.x * 10;
  if (!ImGui::BeginTable("pending", 5, flags, ImVec2(0, height), std::max(least, ImGui::GetContentRegionAvail().x))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("time (ms)", "时间 (ms)"), ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(tr("from -> to", "从 -> 到"), ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(tr("message", "消息"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(tr("retry", "重传"), ImGuiTableColumnFlags_WidthFixed);
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
        ImGui::SetTooltip(tr("%s %s\n%s at %lld ms (%s)\nclick to inspect it (Inspector tab)",
                             "%s %s\n%s于 %lld ms（%s）\n点击查看详情（检查器 Inspector 标签页）"),
                          endpoints(p).c_str(), what(p).c_str(),
                          p.isMessage() ? tr("earliest arrival", "最早到达") : tr("happens", "发生"),
                          static_cast<long long>(p.timeMs),
                          delta > 0 ? (zh ? fmt::format("{} ms 后", delta) : fmt::format("in {} ms", delta)).c_str()
                                    : tr("due now", "现在到期"));

      ImGui::TableNextColumn();
      ImGui::TextUnformatted(endpoints(p).c_str());
      ImGui::TableNextColumn();
      familyLabel(what(p), p.family);
      ImGui::TableNextColumn();
      if (p.attempts > 0) ImGui::Text("%d", p.attempts);

      ImGui::TableNextColumn();
      const std::string desc = endpoints(p) + " " + what(p);
      if (ImGui::SmallButton(isTimerLike(p) ? fireLabel : deliverLabel))
        app.post([id, desc](AppState& s) {
          s.status = s.session.deliver(id) ? "delivered " + desc : desc + ": event is no longer pending";
          syncView(s);
        });
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", isTimerLike(p) ? tr("make it happen now", "让它现在发生")
                                               : tr("it arrives now, ahead of its turn", "它现在就到达，不必排队"));
      ImGui::SameLine();
      if (ImGui::SmallButton(dropLabel))
        app.post([id, desc](AppState& s) {
          s.status = s.session.drop(id) ? "dropped " + desc : desc + ": event is no longer pending";
          syncView(s);
        });
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", isTimerLike(p) ? tr("cancel it", "取消它")
                                               : tr("lost for good: it will never arrive", "永久丢失：它永远不会到达"));
      if (p.kind == sim::EventKind::Frame && !closes.count(id)) {
        ImGui::SameLine();
        if (ImGui::SmallButton(duplicateLabel))
          app.post([id, desc](AppState& s) {
            s.status = s.session.duplicate(id) ? "duplicated " + desc : desc + ": frame is no longer in flight";
            syncView(s);
          });
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s", tr("a second copy arrives right after this one", "紧接着这一份再到达一份副本"));
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace zabscope
