#include "workload_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "theme.hpp"
#include "zab/data_tree.hpp"
#include "zab/zxid.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

using namespace zab;

namespace {

ImVec4 readableColor(ImU32 c, bool light) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  if (light) return ImVec4(v.x * 0.7f, v.y * 0.7f, v.z * 0.7f, 1.0f);
  return ImVec4(0.5f + v.x * 0.5f, 0.5f + v.y * 0.5f, 0.5f + v.z * 0.5f, 1.0f);
}

constexpr ImU32 kBad = IM_COL32(200, 30, 40, 255);
constexpr ImU32 kGood = IM_COL32(30, 150, 60, 255);

std::string serverList(const std::vector<Sid>& sids, bool zh) {
  if (sids.empty()) return zh ? "所有服务器" : "every server";
  std::string out;
  for (Sid s : sids) out += fmt::format("{}S{}", out.empty() ? "" : ", ", s);
  return out;
}

std::string opName(const sim::ClientOp& op) { return std::string(to_string(op.kind)); }

}  // namespace

void WorkloadPanel::draw(AppState& app) {
  const auto& sim = app.session.sim();
  const float fs = ImGui::GetFontSize();
  const bool light = app.lightTheme;
  // Chinese labels keep their English ids after "###" (ImGui's widget ids stay the same).
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };

  wrappedTextF("%s", tr("Writes at a follower are forwarded to the leader as REQUEST; reads are served locally "
                              "(possibly stale), after that server's client's earlier writes; observers get INFORM.",
                              "Follower 收到的写请求以 REQUEST 转发给 Leader；读请求由本机用本地数据回答（可能是旧值），"
                              "但要等同一客户端更早的写完成；Observer 通过 INFORM 得知提交。"));

  // ---- counters ----
  const std::size_t submitted = sim.clientOpCount(), answered = sim.answeredClientOps().size();
  wrappedTextF(tr("acknowledged writes: %lld     ops: %zu submitted, %zu answered, %zu failed, %zu waiting",
                        "已确认的写：%lld     操作：已发出 %zu，已回答 %zu，失败 %zu，等待中 %zu"),
                     static_cast<long long>(sim.committedWrites()), submitted, answered, sim.failedClientOps(),
                     submitted - answered);
  ImGui::Separator();

  // ---- continuous workload ----
  const sim::Workload& w = sim.workload();
  const bool running = w.writesPerSec + w.readsPerSec > 0 && (w.untilMs < 0 || w.untilMs > sim.now());
  if (running)
    ImGui::TextColored(readableColor(kGood, light),
                       tr("Workload running: %g writes/s, %g reads/s at %s, keys /k0../k%d",
                          "负载运行中：每秒 %g 次写、%g 次读，发往 %s，键 /k0../k%d"),
                       w.writesPerSec, w.readsPerSec, serverList(w.servers, zh).c_str(), w.keys - 1);
  else
    ImGui::TextUnformatted(tr("No workload running.", "没有运行中的负载。"));

  // The form follows the simulation's workload whenever that changes (a scenario command,
  // a step back in time), so what it shows is what Update would keep.
  if (w.writesPerSec != seenWrites_ || w.readsPerSec != seenReads_ || w.keys != seenKeys_ || w.servers != seenServers_) {
    seenWrites_ = w.writesPerSec;
    seenReads_ = w.readsPerSec;
    seenKeys_ = w.keys;
    seenServers_ = w.servers;
    if (running) {
      writesPerSec = static_cast<float>(w.writesPerSec);
      readsPerSec = static_cast<float>(w.readsPerSec);
      keys = w.keys;
      targets.clear();
      for (Sid sid : w.servers) targets[sid] = true;
    }
  }

  const float sliderW = fs * 11;
  ImGui::SetNextItemWidth(sliderW);
  ImGui::SliderFloat(tr("writes/s", "写/秒###writes/s"), &writesPerSec, 0.0f, 50.0f, "%.1f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(sliderW);
  ImGui::SliderFloat(tr("reads/s", "读/秒###reads/s"), &readsPerSec, 0.0f, 50.0f, "%.1f");
  ImGui::SetNextItemWidth(sliderW);
  ImGui::SliderInt(tr("keys", "键数###keys"), &keys, 1, 64);
  ImGui::SameLine();
  ImGui::Text(tr("(writes go to /k0 .. /k%d)", "（写到 /k0 .. /k%d）"), keys - 1);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("clients connect to:", "客户端连接到："));
  // Checkboxes flow onto the next line when the panel is narrow (large ensembles, big fonts).
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  auto sameLineIfFits = [&](float width) {
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
  };
  std::vector<Sid> chosen;
  for (const auto& [sid, slot] : sim.peers()) {
    const std::string label = fmt::format("S{}", sid);
    sameLineIfFits(ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label.c_str()).x);
    ImGui::PushID(static_cast<int>(sid));
    bool& on = targets[sid];
    ImGui::Checkbox(label.c_str(), &on);
    ImGui::PopID();
    if (on) chosen.push_back(sid);
  }
  if (chosen.empty()) {
    const char* all = tr("(none checked = every server)", "（都不勾选 = 所有服务器）");
    sameLineIfFits(ImGui::CalcTextSize(all).x);
    ImGui::TextUnformatted(all);
  }
  const bool rateSet = writesPerSec > 0.0f || readsPerSec > 0.0f;
  ImGui::BeginDisabled(!rateSet);
  if (ImGui::Button(running ? tr("Update workload", "更新负载###Update workload")
                            : tr("Start workload", "开始负载###Start workload"))) {
    std::string line = fmt::format("workload writes={:g} reads={:g} keys={}", static_cast<double>(writesPerSec),
                                   static_cast<double>(readsPerSec), keys);
    if (!chosen.empty()) {
      line += " peers=";
      for (std::size_t i = 0; i < chosen.size(); ++i) line += fmt::format("{}{}", i ? "," : "", chosen[i]);
    }
    app.runCommand(line);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!running);
  if (ImGui::Button(tr("Stop workload", "停止负载###Stop workload"))) app.runCommand("workload off");
  ImGui::EndDisabled();
  ImGui::Separator();

  // ---- one-off operation ----
  if (!sim.peers().count(opServer)) {
    if (app.selection.peer && sim.peers().count(*app.selection.peer)) opServer = *app.selection.peer;
    else if (!sim.peers().empty()) opServer = sim.peers().begin()->first;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("One client operation at server", "单个客户端操作，发往服务器"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 9);
  auto serverLabel = [&](Sid sid) {
    const sim::PeerSlot* s = sim.slot(sid);
    if (!s) return fmt::format("S{}", sid);
    return fmt::format("S{} {}", sid, s->alive ? std::string(to_string(s->peer.state())) : std::string(zh ? "已停止" : "down"));
  };
  if (ImGui::BeginCombo("##server", serverLabel(opServer).c_str())) {
    for (const auto& [sid, slot] : sim.peers()) {
      ImGui::PushID(static_cast<int>(sid));
      if (ImGui::Selectable(serverLabel(sid).c_str(), sid == opServer)) opServer = sid;
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("path", "路径"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 9);
  ImGui::InputText("##path", path, sizeof path);
  ImGui::SameLine();
  ImGui::TextUnformatted(tr("data", "数据"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 9);
  ImGui::InputText("##data", data, sizeof data);
  const bool pathOk = isValidPath(path);
  const bool dataOk = std::strchr(data, '#') == nullptr;
  ImGui::BeginDisabled(!pathOk || !dataOk);
  if (ImGui::Button(tr("Write", "写###Write"))) app.runCommand(fmt::format("write {} {} {}", opServer, path, data));
  ImGui::SameLine();
  if (ImGui::Button(tr("Read", "读###Read"))) app.runCommand(fmt::format("read {} {}", opServer, path));
  ImGui::SameLine();
  if (ImGui::Button(tr("Delete", "删除###Delete"))) app.runCommand(fmt::format("delete {} {}", opServer, path));
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("Sync", "同步 sync###Sync"))) app.runCommand(fmt::format("sync {}", opServer));
  if (!pathOk) {
    ImGui::SameLine();
    ImGui::TextColored(readableColor(kBad, light), "%s", tr("path must look like /app/config", "路径应形如 /app/config"));
  } else if (!dataOk) {
    ImGui::SameLine();
    ImGui::TextColored(readableColor(kBad, light), "%s", tr("data cannot contain '#'", "数据不能包含 '#'"));
  }
  ImGui::Separator();

  // ---- recent operations, newest first ----
  ImGui::TextWrapped(tr("Recent client operations (%zu), newest first", "最近的客户端操作（%zu 个），最新的在前"), submitted);
  if (submitted == 0) {
    ImGui::TextUnformatted(tr("(none yet)", "（还没有）"));
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp;
  const float height = std::max(ImGui::GetContentRegionAvail().y, fs * 10);
  if (!ImGui::BeginTable("ops", 7, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("server", "服务器"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn(tr("op", "操作"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn(tr("path", "路径"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn(tr("sent", "发出"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn(tr("answered", "回答"), ImGuiTableColumnFlags_WidthStretch, 1.1f);
  ImGui::TableSetupColumn(tr("latency", "延迟"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn(tr("result", "结果"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  ops_.update(sim);
  clipper.Begin(static_cast<int>(submitted));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const sim::ClientOp* found = ops_.find(sim, submitted - static_cast<std::size_t>(i));
      if (!found) continue;
      const sim::ClientOp& op = *found;
      ImGui::PushID(static_cast<int>(op.id));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("S%lld", static_cast<long long>(op.server));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(opName(op).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(op.kind == ClientOpKind::Sync ? "-" : op.path.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(op.submittedAt));
      ImGui::TableNextColumn();
      if (op.answeredAt) ImGui::Text("%lld", static_cast<long long>(*op.answeredAt));
      else ImGui::TextUnformatted(tr("waiting", "等待中"));
      ImGui::TableNextColumn();
      if (op.answeredAt) ImGui::Text("%lld ms", static_cast<long long>(*op.answeredAt - op.submittedAt));
      else ImGui::Text("%lld+ ms", static_cast<long long>(sim.now() - op.submittedAt));
      ImGui::TableNextColumn();
      if (!op.answeredAt) {
        ImGui::TextUnformatted("...");
      } else if (!op.ok) {
        ImGui::PushStyleColor(ImGuiCol_Text, readableColor(kBad, light));
        wrappedTextF("%s", op.result.c_str());
        ImGui::PopStyleColor();
      } else if (op.kind == ClientOpKind::Read) {
        wrappedTextF(tr("'%s' (as of %s)", "'%s'（截至 %s）"), op.result.c_str(), formatEpochCounter(op.zxid).c_str());
      } else {
        ImGui::TextColored(readableColor(kGood, light), "ok %s", formatEpochCounter(op.zxid).c_str());
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace zabscope
