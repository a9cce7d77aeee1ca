#include "faults_panel.hpp"

#include "cut_summary.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "known_bug_fixes_view.hpp"
#include "theme.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

using zab::Sid;

namespace {

constexpr const char* kPeerPayload = "ZAB_PEER";
constexpr const char* kGroupNames[] = {"everyone else", "group A", "group B", "group C"};
constexpr const char* kGroupNamesZh[] = {"其他所有", "A 组", "B 组", "C 组"};

// Chinese labels keep their English ids after "###", so ImGui's widget ids do not change.
const char* tr(bool zh, const char* en, const char* cn) { return zh ? cn : en; }
bool chinese(const AppState& app) { return app.language == Language::Chinese; }

// One line, muted and wrapped: what ZooKeeper would see.
void explain(const std::string& text) { wrappedText(text, 0, mutedColor()); }

void tooltip(const char* text) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// A button that is greyed out (and says why on hover) when it would do nothing.
bool button(const char* label, bool enabled, const char* why, const char* what) {
  ImGui::BeginDisabled(!enabled);
  bool pressed = ImGui::Button(label);
  ImGui::EndDisabled();
  tooltip(enabled ? what : why);
  return pressed && enabled;
}

// Before a button that follows another in a row of buttons: on the same line when it fits
// in what is left of the line (a table cell, a narrow pane), else on the next.
void sameLineIfFits(const char* nextLabel) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(nextLabel, nullptr, true).x + style.FramePadding.x * 2;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float cellRight = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= std::min(right, cellRight + 0.5f)) ImGui::SameLine();
}

std::string processText(const zab::sim::PeerSlot& s, std::int64_t now, bool zh) {
  if (s.alive && s.pausedUntil > now)
    return zh ? fmt::format("暂停（SIGSTOP）到 {} ms", s.pausedUntil) : fmt::format("paused (SIGSTOP) until {} ms", s.pausedUntil);
  if (s.alive) return tr(zh, "running", "运行中");
  if (!s.powered) return tr(zh, "power off", "断电");
  if (!s.exitReason.empty()) return tr(zh, "exited", "已退出");
  return s.incarnation == 0 ? tr(zh, "not started", "未启动") : tr(zh, "down (killed)", "已停止（被杀）");
}

std::string probability(float p) { return fmt::format("{:.2f}", static_cast<double>(p)); }

std::string targetSuffix(const std::optional<std::pair<Sid, Sid>>& t) {
  return t ? fmt::format(" from={} to={}", t->first, t->second) : std::string();
}

}  // namespace

void FaultsPanel::draw(AppState& app) {
  const auto& sim = app.session.sim();
  const bool zh = chinese(app);
  if (sim.peers().empty()) {
    ImGui::TextDisabled("%s", tr(zh, "no servers", "没有服务器"));
    return;
  }
  drawInForce(app);
  if (ImGui::CollapsingHeader(tr(zh, "Servers", "服务器###Servers"), ImGuiTreeNodeFlags_DefaultOpen)) drawServers(app);
  if (ImGui::CollapsingHeader(tr(zh, "Partition", "网络分区###Partition"), ImGuiTreeNodeFlags_DefaultOpen)) drawPartition(app);
  if (ImGui::CollapsingHeader(tr(zh, "Links, one direction at a time", "单向链路###Links, one direction at a time"),
                              ImGuiTreeNodeFlags_DefaultOpen))
    drawLinkMatrix(app);
  if (ImGui::CollapsingHeader(tr(zh, "Network quality: loss, duplication, latency",
                                 "网络质量：丢包、重复、延迟###Network quality: loss, duplication, latency"),
                              ImGuiTreeNodeFlags_DefaultOpen))
    drawNetworkQuality(app);
  if (ImGui::CollapsingHeader(tr(zh, "ZooKeeper 3.8.0 bugs: replay with the fix###ZooKeeper 3.8.0 bugs", "ZooKeeper 3.8.0 的缺陷：带修复重放###ZooKeeper 3.8.0 bugs")))
    drawKnownBugFixes(app);
}

// ---- what is in force ------------------------------------------------------------------------

// One line on top, before the controls: the cut links as a partition and one-way cuts, and the
// paused servers. The editors below show what the user is building, not what the network does.
void FaultsPanel::drawInForce(AppState& app) {
  const auto& sim = app.session.sim();
  const bool zh = chinese(app);
  std::vector<Sid> servers;
  std::string paused;
  for (const auto& [sid, s] : sim.peers()) {
    servers.push_back(sid);
    if (s.alive && s.pausedUntil > sim.now())
      paused += fmt::format("{}S{} {} {} ms", paused.empty() ? "" : ", ", sid, zh ? "到" : "until", s.pausedUntil);
  }
  std::string text = fmt::format("{}{}", tr(zh, "In force: ", "当前故障："), cutSummaryText(summarizeCuts(sim.network(), servers), zh));
  if (!paused.empty()) text += fmt::format("{}{}", tr(zh, "; paused (SIGSTOP): ", "；暂停（SIGSTOP）："), paused);
  ImGui::TextWrapped("%s", text.c_str());
}

// ---- servers --------------------------------------------------------------------------------

void FaultsPanel::drawServers(AppState& app) {
  const auto& sim = app.session.sim();
  const auto& timing = sim.timing();
  const std::int64_t syncMs = static_cast<std::int64_t>(timing.tickTime) * timing.syncLimit;
  const std::int64_t initMs = static_cast<std::int64_t>(timing.tickTime) * timing.initLimit;
  const bool zh = chinese(app);

  std::optional<Sid> leader = sim.leader();
  std::string killLeader = leader ? (zh ? fmt::format("杀掉 Leader（S{}）###Kill leader", *leader)
                                        : fmt::format("Kill leader (S{})###Kill leader", *leader))
                                  : std::string(tr(zh, "Kill leader###Kill leader", "杀掉 Leader###Kill leader"));
  if (button(killLeader.c_str(), leader.has_value(),
             tr(zh, "no leader followed by a quorum right now", "现在没有被过半成员跟随的 Leader"),
             tr(zh, "kill the process of the current leader", "杀掉当前 Leader 的进程")))
    app.runCommand("kill leader");
  explain(tr(zh,
             "Kill leader: the followers see their connection reset at once, leave FOLLOWING and elect a new leader "
             "(a new round and, once it has a quorum, a new epoch).",
             "杀掉 Leader：Follower 立刻看到连接被重置，离开 FOLLOWING，选出新的 Leader"
             "（新的一轮选举；凑齐过半成员后进入新的 epoch）。"));

  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  // A narrow pane (a projector at --scale 2): the process goes under the state, and the fault
  // buttons wrap inside their cell, so that none is cut at the pane's edge.
  const float fs = ImGui::GetFontSize();
  const bool narrow = ImGui::GetContentRegionAvail().x < fs * 30.0f;
  if (ImGui::BeginTable("servers", narrow ? 3 : 4, flags)) {
    ImGui::TableSetupColumn(tr(zh, "server", "服务器"));
    ImGui::TableSetupColumn(narrow ? tr(zh, "state, process", "状态、进程") : tr(zh, "state", "状态"));
    if (!narrow) ImGui::TableSetupColumn(tr(zh, "process", "进程"));
    ImGui::TableSetupColumn(tr(zh, "faults", "故障"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& [sid, s] : sim.peers()) {
      ImGui::PushID(static_cast<int>(sid));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      bool selected = app.selection.peer && *app.selection.peer == sid;
      std::string name = fmt::format("S{}{}", sid, s.type == zab::LearnerType::OBSERVER ? " (obs)" : "");
      if (ImGui::Selectable(name.c_str(), selected)) app.post([sid = sid](AppState& a) { a.selection.peer = sid; });
      ImGui::TableNextColumn();
      if (s.alive) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(stateInk(s.peer.state(), true)), "%s",
                           std::string(zab::to_string(s.peer.state())).c_str());
        if (leader && *leader == sid) {
          ImGui::SameLine();
          ImGui::TextUnformatted(tr(zh, "(leader)", "（Leader）"));
        }
      } else {
        ImGui::TextDisabled("-");
      }
      if (!narrow) ImGui::TableNextColumn();
      std::string process = processText(s, sim.now(), zh);
      if (s.alive) ImGui::TextUnformatted(process.c_str());
      else ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", process.c_str());
      if (!s.exitReason.empty()) tooltip(s.exitReason.c_str());
      ImGui::TableNextColumn();
      const char* notRunning = tr(zh, "not running", "没有在运行");
      if (button(tr(zh, "Kill", "杀进程###Kill"), s.alive, notRunning,
                 tr(zh, "process crash: the OS resets its TCP connections", "进程崩溃：操作系统重置它的 TCP 连接")))
        app.runCommand(fmt::format("kill {}", sid));
      const char* crashLabel = tr(zh, "Crash", "断电###Crash");
      sameLineIfFits(crashLabel);
      if (button(crashLabel, s.alive, notRunning,
                 tr(zh, "power off: silence, noticed only through timeouts", "断电：悄无声息，别人只能靠超时发现")))
        app.runCommand(fmt::format("crash {}", sid));
      const char* restartLabel = s.alive ? tr(zh, "Restart", "重启###Restart") : tr(zh, "Start", "启动###Start");
      sameLineIfFits(restartLabel);
      if (button(restartLabel, true, "",
                 s.alive ? tr(zh, "a new process on the same disk (the running one is killed first)",
                              "在同一块磁盘上启动新进程（先杀掉正在运行的）")
                         : tr(zh, "a new process on the same disk", "在同一块磁盘上启动新进程")))
        app.runCommand(fmt::format("restart {}", sid));
      // SIGSTOP a little longer than syncLimit x tickTime: long enough for its peers to give up
      // on it, which is what a long GC pause or a stopped VM does to a real server.
      const char* pauseLabel = tr(zh, "Pause", "暂停###Pause");
      sameLineIfFits(pauseLabel);
      const std::string pauseTip =
          zh ? fmt::format("SIGSTOP {} ms（syncLimit x tickTime 再加 1 秒）：进程不死，连接不断，只是一声不响；"
                           "其他成员靠超时才发现，它恢复后才处理积压的消息和到期的计时器",
                           syncMs + 1000)
             : fmt::format("SIGSTOP for {} ms (syncLimit x tickTime and a second): the process lives and its "
                           "connections stay open, but it is silent; peers notice only by timeouts, and it handles "
                           "what waited for it when it resumes",
                           syncMs + 1000);
      if (button(pauseLabel, s.alive && s.pausedUntil <= sim.now(), tr(zh, "not running, or paused already", "没有在运行，或已暂停"),
                 pauseTip.c_str()))
        app.runCommand(fmt::format("pause {} {}", sid, syncMs + 1000));
      const char* wipeLabel = tr(zh, "Wipe disk", "清空磁盘###Wipe disk");
      sameLineIfFits(wipeLabel);
      if (button(wipeLabel, true, "",
                 tr(zh, "disk loss: the process dies and the data directory comes back empty",
                    "磁盘丢失：进程退出，数据目录恢复为空")))
        app.runCommand(fmt::format("wipe {}", sid));
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (zh) {
    explain("杀进程：进程退出，操作系统重置它的每条 TCP 连接，其他成员立刻察觉（Follower 与 Leader 的连接断开，"
            "它转入 LOOKING）。");
    explain(fmt::format("断电：没有 FIN 也没有 RST，其他成员只能靠超时发现：Follower 在 syncLimit x tickTime = {} ms "
                        "收不到 Leader 消息后察觉；Leader 在过半成员不再回应它的 PING 时察觉。",
                        syncMs));
    explain(fmt::format("重启：同一块磁盘上的新进程加载快照和事务日志，转入 LOOKING，再由 Leader 通过 DIFF、TRUNC 或 "
                        "SNAP 同步（在 initLimit x tickTime = {} ms 之内）。",
                        initMs));
    explain("清空磁盘：服务器以空白状态回来（epoch 0，没有日志），必须从 Leader 获取 SNAP；已确认的写只有在过半成员"
            "仍然保存时才不会丢。");
    return;
  }
  explain("Kill: the process dies; its OS resets every TCP connection, so peers notice at once (a follower's leader "
          "link breaks, it goes LOOKING).");
  explain(fmt::format("Crash: power off, no FIN and no RST; peers notice only by timeouts: followers after syncLimit x "
                      "tickTime = {} ms without the leader, the leader when a quorum stops acking its pings.",
                      syncMs));
  explain(fmt::format("Restart: a new process on the same disk loads its snapshot and txn log, goes LOOKING and "
                      "syncs from the leader by DIFF, TRUNC or SNAP (within initLimit x tickTime = {} ms).",
                      initMs));
  explain("Wipe disk: the server comes back blank (epoch 0, no log) and must SNAP from the leader; acked writes "
          "survive only if a quorum still holds them.");
}

// ---- partition editor ----------------------------------------------------------------------

void FaultsPanel::drawPartition(AppState& app) {
  const auto& sim = app.session.sim();
  const float fs = ImGui::GetFontSize();
  const bool zh = chinese(app);
  for (const auto& [sid, s] : sim.peers()) group.try_emplace(sid, 0);
  for (auto it = group.begin(); it != group.end();) it = sim.peers().count(it->first) ? std::next(it) : group.erase(it);

  ImGui::TextUnformatted(tr(zh, "Drag servers into groups (or click one to move it to the next group):",
                            "把服务器拖进各组（或点击一台，把它移到下一组）："));
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float boxW = std::max(fs * 6.0f, (ImGui::GetContentRegionAvail().x - spacing * 3) / 4.0f);
  const float chipW = fs * 2.6f;
  const int perRow = std::max(1, static_cast<int>((boxW - fs) / (chipW + spacing)));
  int rows = 1;
  for (int g = 0; g < 4; ++g) {
    int n = 0;
    for (const auto& [sid, gg] : group) n += gg == g ? 1 : 0;
    rows = std::max(rows, (n + perRow - 1) / perRow);
  }
  const float boxH = ImGui::GetFrameHeightWithSpacing() * static_cast<float>(rows) + fs * 2.2f;

  std::optional<std::pair<Sid, int>> move;
  for (int g = 0; g < 4; ++g) {
    if (g > 0) ImGui::SameLine();
    ImGui::PushID(g);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, g == 0 ? ImVec4(0.94f, 0.94f, 0.94f, 0.35f) : ImVec4(0.85f, 0.9f, 1.0f, 0.35f));
    ImGui::BeginChild("group", ImVec2(boxW, boxH), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::TextUnformatted(zh ? kGroupNamesZh[g] : kGroupNames[g]);
    int placed = 0;
    for (const auto& [sid, gg] : group) {
      if (gg != g) continue;
      const auto* s = sim.slot(sid);
      if (placed % perRow != 0) ImGui::SameLine();
      ++placed;
      ImGui::PushID(static_cast<int>(sid));
      ImU32 col = s ? stateColor(s->alive ? s->peer.state() : zab::ServerState::LOOKING, s->alive)
                    : stateColor(zab::ServerState::LOOKING, false);
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(col));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::ColorConvertU32ToFloat4(col));
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(onColor(col)));
      std::string chip = fmt::format("S{}", sid);
      if (ImGui::Button(chip.c_str(), ImVec2(chipW, 0))) move = std::make_pair(sid, (g + 1) % 4);
      ImGui::PopStyleColor(3);
      if (ImGui::BeginDragDropSource()) {
        Sid payload = sid;
        ImGui::SetDragDropPayload(kPeerPayload, &payload, sizeof(payload));
        ImGui::Text(tr(zh, "S%lld: drop it into a group", "S%lld：放进某一组"), static_cast<long long>(sid));
        ImGui::EndDragDropSource();
      }
      ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    if (ImGui::BeginDragDropTarget()) {
      if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kPeerPayload)) {
        Sid sid = 0;
        std::memcpy(&sid, p->Data, sizeof(sid));
        move = std::make_pair(sid, g);
      }
      ImGui::EndDragDropTarget();
    }
    ImGui::PopID();
  }
  if (move) group[move->first] = move->second;  // panel state only, not the model

  // "partition 1,2 | 3,4,5" from the non-empty groups.
  std::vector<std::string> parts;
  for (int g = 1; g < 4; ++g) {
    std::string part;
    for (const auto& [sid, gg] : group)
      if (gg == g) part += fmt::format("{}{}", part.empty() ? "" : ",", sid);
    if (!part.empty()) parts.push_back(part);
  }
  std::string command = "partition";
  for (std::size_t i = 0; i < parts.size(); ++i) command += (i ? " | " : " ") + parts[i];
  bool canApply = parts.size() >= 2;
  if (button(tr(zh, "Apply partition", "应用分区###Apply partition"), canApply,
             tr(zh, "put servers into at least two groups first", "先把服务器分进至少两个组"), command.c_str()))
    app.runCommand(command);
  ImGui::SameLine();
  bool anyCut = !sim.network().cutLinks().empty();
  if (button(tr(zh, "Heal", "恢复网络###Heal"), anyCut, tr(zh, "no link is cut", "没有被切断的链路"),
             tr(zh, "heal: every link delivers again", "恢复：每条链路重新送达消息")))
    app.runCommand("heal");
  ImGui::SameLine();
  if (ImGui::Button(tr(zh, "Clear groups", "清空分组###Clear groups")))
    for (auto& [sid, g] : group) g = 0;
  ImGui::SameLine();
  if (canApply) ImGui::TextDisabled("%s", command.c_str());
  else ImGui::TextDisabled("%s", tr(zh, "(needs two groups)", "（需要两个组）"));

  const auto& timing = sim.timing();
  const std::int64_t syncMs = static_cast<std::int64_t>(timing.tickTime) * timing.syncLimit;
  if (zh) {
    explain(fmt::format("网络分区：TCP 不断重传，直到链路恢复；与 Leader 断开的 Follower 在 syncLimit x tickTime = {} ms "
                        "后超时并转入 LOOKING；只有拥有过半成员的一侧能选出 Leader。不在任何组里的服务器与所有人保持连通。",
                        syncMs));
    explain("恢复网络：每条链路重新送达消息；重传的消息陆续到达，少数派重新加入 Leader。");
    return;
  }
  explain(fmt::format("A partition: TCP retransmits until the link heals; followers cut off from the leader time out "
                      "after syncLimit x tickTime = {} ms and go LOOKING; only a side with a quorum can elect. Servers "
                      "in no group stay connected to all.",
                      syncMs));
  explain("Heal: every link delivers again; retransmitted frames arrive, and the minority rejoins the leader.");
}

// ---- link matrix ---------------------------------------------------------------------------

void FaultsPanel::drawLinkMatrix(AppState& app) {
  const auto& sim = app.session.sim();
  const auto& cuts = sim.network().cutLinks();
  std::vector<Sid> sids;
  for (const auto& [sid, s] : sim.peers()) sids.push_back(sid);
  const bool zh = chinese(app);
  ImGui::TextUnformatted(tr(zh, "Ticked = cut: frames from the row's server to the column's are lost.",
                            "勾选 = 切断：从该行服务器发往该列服务器的消息会丢失。"));
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
  if (ImGui::BeginTable("links", static_cast<int>(sids.size()) + 1, flags)) {
    ImGui::TableSetupColumn(tr(zh, "from \\ to", "从 \\ 到"));
    for (Sid to : sids) ImGui::TableSetupColumn((zh ? fmt::format("到 S{}", to) : fmt::format("to S{}", to)).c_str());
    ImGui::TableHeadersRow();
    for (Sid from : sids) {
      ImGui::PushID(static_cast<int>(from));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text(tr(zh, "from S%lld", "从 S%lld"), static_cast<long long>(from));
      for (Sid to : sids) {
        ImGui::TableNextColumn();
        if (from == to) {
          ImGui::TextDisabled("-");
          continue;
        }
        ImGui::PushID(static_cast<int>(to));
        bool cut = cuts.count({from, to}) > 0;
        bool value = cut;
        if (cut) {
          ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.9f, 0.25f, 0.25f, 1));
          ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, ImVec4(1.0f, 0.4f, 0.4f, 1));
          ImGui::PushStyleColor(ImGuiCol_CheckMark, ImVec4(1, 1, 1, 1));
        }
        bool clicked = ImGui::Checkbox("##cut", &value);
        if (cut) ImGui::PopStyleColor(3);
        if (clicked) {
          if (!cut) {
            app.runCommand(fmt::format("cut {} {}", from, to));
          } else {
            // The language has no "uncut": heal, then cut the other links again.
            std::vector<std::pair<Sid, Sid>> keep;
            for (const auto& c : cuts)
              if (c != std::make_pair(from, to)) keep.push_back(c);
            app.runCommand("heal");
            for (const auto& [a, b] : keep) app.runCommand(fmt::format("cut {} {}", a, b));
          }
        }
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip(cut ? tr(zh, "S%lld -> S%lld is cut. Click to restore it (heal, then cut the others again).",
                                     "S%lld -> S%lld 已切断。点击恢复它（先恢复网络，再重新切断其他链路）。")
                                : tr(zh, "S%lld -> S%lld delivers. Click to cut this direction: cut %lld %lld",
                                     "S%lld -> S%lld 畅通。点击切断这个方向：cut %lld %lld"),
                            static_cast<long long>(from), static_cast<long long>(to), static_cast<long long>(from),
                            static_cast<long long>(to));
        }
        ImGui::PopID();
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  explain(tr(zh,
             "A one-way cut: frames from A to B are lost and retransmitted, B to A still works; no new connection "
             "either way (a TCP handshake needs both directions), so FLE votes may travel through a third server.",
             "单向切断：A 发往 B 的消息丢失并被重传，B 到 A 仍然正常；两个方向都建不了新连接（TCP 握手需要双向），"
             "所以 FLE 的选票可能要经第三台服务器转达。"));
}

// ---- loss, duplication, latency ---------------------------------------------------------------

void FaultsPanel::loadSliders(const zab::sim::Simulation& sim) {
  const zab::sim::LinkConfig& cfg = target ? sim.network().link(target->first, target->second) : sim.network().defaults();
  loss = static_cast<float>(cfg.loss);
  dup = static_cast<float>(cfg.duplication);
  latencyMin = static_cast<int>(cfg.latencyMinMs);
  latencyMax = static_cast<int>(cfg.latencyMaxMs);
  slidersLoaded_ = true;
  loadedTarget_ = target;
}

void FaultsPanel::drawNetworkQuality(AppState& app) {
  const auto& sim = app.session.sim();
  const float fs = ImGui::GetFontSize();
  const bool zh = chinese(app);
  if (!slidersLoaded_ || loadedTarget_ != target) loadSliders(sim);

  const char* everyLink = tr(zh, "every link", "所有链路");
  std::string current = target ? fmt::format("S{} -> S{}", target->first, target->second) : std::string(everyLink);
  ImGui::SetNextItemWidth(fs * 10);
  if (ImGui::BeginCombo(tr(zh, "applies to", "作用于###applies to"), current.c_str())) {
    if (ImGui::Selectable(everyLink, !target)) target.reset();
    for (const auto& [a, sa] : sim.peers())
      for (const auto& [b, sb] : sim.peers()) {
        if (a == b) continue;
        std::string name = fmt::format("S{} -> S{}", a, b);
        bool sel = target && *target == std::make_pair(a, b);
        if (ImGui::Selectable(name.c_str(), sel)) target = std::make_pair(a, b);
      }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(zh, "Reload current values", "读回当前值###Reload current values"))) loadSliders(sim);
  const zab::sim::LinkConfig& now = target ? sim.network().link(target->first, target->second) : sim.network().defaults();
  ImGui::TextDisabled(tr(zh, "now: latency %lld..%lld ms, loss %.2f, duplication %.2f",
                         "当前：延迟 %lld..%lld ms，丢包 %.2f，重复 %.2f"),
                      static_cast<long long>(now.latencyMinMs),
                      static_cast<long long>(now.latencyMaxMs), now.loss, now.duplication);
  const std::string suffix = targetSuffix(target);
  const float sliderW = fs * 12;

  ImGui::SetNextItemWidth(sliderW);
  ImGui::SliderFloat("##loss", &loss, 0.0f, 0.5f, tr(zh, "loss %.2f", "丢包 %.2f"));
  ImGui::SameLine();
  std::string lossCmd = "loss " + probability(loss) + suffix;
  if (button(tr(zh, "Apply loss", "应用丢包###Apply loss"), true, "", lossCmd.c_str())) app.runCommand(lossCmd);
  explain(tr(zh,
             "Loss: a lost frame is retransmitted after 200 ms, doubling; after 6 tries TCP gives up and the connection "
             "breaks. ZooKeeper sees late votes and pings, then timeouts.",
             "丢包：丢失的消息在 200 ms 后重传，间隔逐次加倍；重试 6 次后 TCP 放弃，连接断开。ZooKeeper 看到的是"
             "迟到的选票和 PING，然后是超时。"));

  ImGui::SetNextItemWidth(sliderW);
  ImGui::SliderFloat("##dup", &dup, 0.0f, 0.5f, tr(zh, "duplication %.2f", "重复 %.2f"));
  ImGui::SameLine();
  std::string dupCmd = "dup " + probability(dup) + suffix;
  if (button(tr(zh, "Apply duplication", "应用重复###Apply duplication"), true, "", dupCmd.c_str()))
    app.runCommand(dupCmd);
  explain(tr(zh,
             "Duplication (election channel): a notification arrives twice; FLE counts the same vote again, which "
             "changes nothing but the message count.",
             "重复（选举通道）：一条通知到达两次；FLE 再记一次同一张选票，除了消息数之外什么也不改变。"));

  ImGui::SetNextItemWidth(sliderW * 0.5f - ImGui::GetStyle().ItemSpacing.x * 0.5f);
  if (ImGui::SliderInt("##latmin", &latencyMin, 0, 500, tr(zh, "min %d ms", "最小 %d ms"))) latencyMax = std::max(latencyMax, latencyMin);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(sliderW * 0.5f - ImGui::GetStyle().ItemSpacing.x * 0.5f);
  if (ImGui::SliderInt("##latmax", &latencyMax, 0, 500, tr(zh, "max %d ms", "最大 %d ms"))) latencyMin = std::min(latencyMin, latencyMax);
  ImGui::SameLine();
  std::string latCmd = fmt::format("latency {}..{}{}", latencyMin, latencyMax, suffix);
  if (button(tr(zh, "Apply latency", "应用延迟###Apply latency"), true, "", latCmd.c_str())) app.runCommand(latCmd);
  if (zh) {
    explain(fmt::format("延迟：每条消息耗时 MIN..MAX ms，同一连接上按顺序到达；选举仍要等待 finalizeWait {} ms，"
                        "每次提交都需要与过半成员往返一次。{}",
                        sim.timing().fle.finalizeWait, target ? "" : "作用于所有链路时，也会清除单条链路的设置。"));
    return;
  }
  explain(fmt::format("Latency: each frame takes MIN..MAX ms, in order per connection; an election still waits "
                      "finalizeWait {} ms, and every commit needs a round trip to a quorum.{}",
                      sim.timing().fle.finalizeWait,
                      target ? "" : " For every link, this also clears the per-link settings."));
}

}  // namespace zabscope
