#include "faults_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "theme.hpp"

namespace zabscope {

using zab::Sid;

namespace {

constexpr const char* kPeerPayload = "ZAB_PEER";
constexpr const char* kGroupNames[] = {"everyone else", "group A", "group B", "group C"};

// One line, muted and wrapped: what ZooKeeper would see.
void explain(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(mutedColor()));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

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
  const float w = ImGui::CalcTextSize(nextLabel).x + style.FramePadding.x * 2;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float cellRight = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= std::min(right, cellRight + 0.5f)) ImGui::SameLine();
}

std::string processText(const zab::sim::PeerSlot& s) {
  if (s.alive) return "running";
  if (!s.powered) return "power off";
  if (!s.exitReason.empty()) return "exited";
  return s.incarnation == 0 ? "not started" : "down (killed)";
}

std::string probability(float p) { return fmt::format("{:.2f}", static_cast<double>(p)); }

std::string targetSuffix(const std::optional<std::pair<Sid, Sid>>& t) {
  return t ? fmt::format(" from={} to={}", t->first, t->second) : std::string();
}

}  // namespace

void FaultsPanel::draw(AppState& app) {
  const auto& sim = app.session.sim();
  if (sim.peers().empty()) {
    ImGui::TextDisabled("no servers");
    return;
  }
  if (ImGui::CollapsingHeader("Servers", ImGuiTreeNodeFlags_DefaultOpen)) drawServers(app);
  if (ImGui::CollapsingHeader("Partition", ImGuiTreeNodeFlags_DefaultOpen)) drawPartition(app);
  if (ImGui::CollapsingHeader("Links, one direction at a time", ImGuiTreeNodeFlags_DefaultOpen)) drawLinkMatrix(app);
  if (ImGui::CollapsingHeader("Network quality: loss, duplication, latency", ImGuiTreeNodeFlags_DefaultOpen))
    drawNetworkQuality(app);
}

// ---- servers --------------------------------------------------------------------------------

void FaultsPanel::drawServers(AppState& app) {
  const auto& sim = app.session.sim();
  const auto& timing = sim.timing();
  const std::int64_t syncMs = static_cast<std::int64_t>(timing.tickTime) * timing.syncLimit;
  const std::int64_t initMs = static_cast<std::int64_t>(timing.tickTime) * timing.initLimit;

  std::optional<Sid> leader = sim.leader();
  std::string killLeader = leader ? fmt::format("Kill leader (S{})", *leader) : std::string("Kill leader");
  if (button(killLeader.c_str(), leader.has_value(), "no leader followed by a quorum right now",
             "kill the process of the current leader"))
    app.runCommand("kill leader");
  explain("Kill leader: the followers see their connection reset at once, leave FOLLOWING and elect a new leader "
          "(a new round and, once it has a quorum, a new epoch).");

  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  // A narrow pane (a projector at --scale 2): the process goes under the state, and the fault
  // buttons wrap inside their cell, so that none is cut at the pane's edge.
  const float fs = ImGui::GetFontSize();
  const bool narrow = ImGui::GetContentRegionAvail().x < fs * 30.0f;
  if (ImGui::BeginTable("servers", narrow ? 3 : 4, flags)) {
    ImGui::TableSetupColumn("server");
    ImGui::TableSetupColumn(narrow ? "state, process" : "state");
    if (!narrow) ImGui::TableSetupColumn("process");
    ImGui::TableSetupColumn("faults", ImGuiTableColumnFlags_WidthStretch);
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
          ImGui::TextUnformatted("(leader)");
        }
      } else {
        ImGui::TextDisabled("-");
      }
      if (!narrow) ImGui::TableNextColumn();
      std::string process = processText(s);
      if (s.alive) ImGui::TextUnformatted(process.c_str());
      else ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", process.c_str());
      if (!s.exitReason.empty()) tooltip(s.exitReason.c_str());
      ImGui::TableNextColumn();
      if (button("Kill", s.alive, "not running", "process crash: the OS resets its TCP connections"))
        app.runCommand(fmt::format("kill {}", sid));
      sameLineIfFits("Crash");
      if (button("Crash", s.alive, "not running", "power off: silence, noticed only through timeouts"))
        app.runCommand(fmt::format("crash {}", sid));
      sameLineIfFits(s.alive ? "Restart" : "Start");
      if (button(s.alive ? "Restart" : "Start", true, "",
                 s.alive ? "a new process on the same disk (the running one is killed first)"
                         : "a new process on the same disk"))
        app.runCommand(fmt::format("restart {}", sid));
      sameLineIfFits("Wipe disk");
      if (button("Wipe disk", true, "", "disk loss: the process dies and the data directory comes back empty"))
        app.runCommand(fmt::format("wipe {}", sid));
      ImGui::PopID();
    }
    ImGui::EndTable();
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
  for (const auto& [sid, s] : sim.peers()) group.try_emplace(sid, 0);
  for (auto it = group.begin(); it != group.end();) it = sim.peers().count(it->first) ? std::next(it) : group.erase(it);

  ImGui::TextUnformatted("Drag servers into groups (or click one to move it to the next group):");
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
    ImGui::TextUnformatted(kGroupNames[g]);
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
        ImGui::Text("S%lld: drop it into a group", static_cast<long long>(sid));
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
  if (button("Apply partition", canApply, "put servers into at least two groups first", command.c_str()))
    app.runCommand(command);
  ImGui::SameLine();
  bool anyCut = !sim.network().cutLinks().empty();
  if (button("Heal", anyCut, "no link is cut", "heal: every link delivers again")) app.runCommand("heal");
  ImGui::SameLine();
  if (ImGui::Button("Clear groups"))
    for (auto& [sid, g] : group) g = 0;
  ImGui::SameLine();
  if (canApply) ImGui::TextDisabled("%s", command.c_str());
  else ImGui::TextDisabled("(needs two groups)");

  const auto& timing = sim.timing();
  explain(fmt::format("A partition: TCP retransmits until the link heals; followers cut off from the leader time out "
                      "after syncLimit x tickTime = {} ms and go LOOKING; only a side with a quorum can elect. Servers "
                      "in no group stay connected to all.",
                      static_cast<std::int64_t>(timing.tickTime) * timing.syncLimit));
  explain("Heal: every link delivers again; retransmitted frames arrive, and the minority rejoins the leader.");
}

// ---- link matrix ---------------------------------------------------------------------------

void FaultsPanel::drawLinkMatrix(AppState& app) {
  const auto& sim = app.session.sim();
  const auto& cuts = sim.network().cutLinks();
  std::vector<Sid> sids;
  for (const auto& [sid, s] : sim.peers()) sids.push_back(sid);
  ImGui::TextUnformatted("Ticked = cut: frames from the row's server to the column's are lost.");
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
  if (ImGui::BeginTable("links", static_cast<int>(sids.size()) + 1, flags)) {
    ImGui::TableSetupColumn("from \\ to");
    for (Sid to : sids) ImGui::TableSetupColumn(fmt::format("to S{}", to).c_str());
    ImGui::TableHeadersRow();
    for (Sid from : sids) {
      ImGui::PushID(static_cast<int>(from));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("from S%lld", static_cast<long long>(from));
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
          ImGui::SetTooltip(cut ? "S%lld -> S%lld is cut. Click to restore it (heal, then cut the others again)."
                                : "S%lld -> S%lld delivers. Click to cut this direction: cut %lld %lld",
                            static_cast<long long>(from), static_cast<long long>(to), static_cast<long long>(from),
                            static_cast<long long>(to));
        }
        ImGui::PopID();
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  explain("A one-way cut: frames from A to B are lost and retransmitted, B to A still works; no new connection "
          "either way (a TCP handshake needs both directions), so FLE votes may travel through a third server.");
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
  if (!slidersLoaded_ || loadedTarget_ != target) loadSliders(sim);

  std::string current = target ? fmt::format("S{} -> S{}", target->first, target->second) : std::string("every link");
  ImGui::SetNextItemWidth(fs * 10);
  if (ImGui::BeginCombo("applies to", current.c_str())) {
    if (ImGui::Selectable("every link", !target)) target.reset();
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
  if (ImGui::Button("Reload current values")) loadSliders(sim);
  const zab::sim::LinkConfig& now = target ? sim.network().link(target->first, target->second) : sim.network().defaults();
  ImGui::TextDisabled("now: latency %lld..%lld ms, loss %.2f, duplication %.2f", static_cast<long long>(now.latencyMinMs),
                      static_cast<long long>(now.latencyMaxMs), now.loss, now.duplication);
  const std::string suffix = targetSuffix(target);
  const float sliderW = fs * 12;

  ImGui::SetNextItemWidth(sliderW);
  ImGui::SliderFloat("##loss", &loss, 0.0f, 0.5f, "loss %.2f");
  ImGui::SameLine();
  std::string lossCmd = "loss " + probability(loss) + suffix;
  if (button("Apply loss", true, "", lossCmd.c_str())) app.runCommand(lossCmd);
  explain("Loss: a lost frame is retransmitted after 200 ms, doubling; after 6 tries TCP gives up and the connection "
          "breaks. ZooKeeper sees late votes and pings, then timeouts.");

  ImGui::SetNextItemWidth(sliderW);
  ImGui::SliderFloat("##dup", &dup, 0.0f, 0.5f, "duplication %.2f");
  ImGui::SameLine();
  std::string dupCmd = "dup " + probability(dup) + suffix;
  if (button("Apply duplication", true, "", dupCmd.c_str())) app.runCommand(dupCmd);
  explain("Duplication (election channel): a notification arrives twice; FLE counts the same vote again, which "
          "changes nothing but the message count.");

  ImGui::SetNextItemWidth(sliderW * 0.5f - ImGui::GetStyle().ItemSpacing.x * 0.5f);
  if (ImGui::SliderInt("##latmin", &latencyMin, 0, 500, "min %d ms")) latencyMax = std::max(latencyMax, latencyMin);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(sliderW * 0.5f - ImGui::GetStyle().ItemSpacing.x * 0.5f);
  if (ImGui::SliderInt("##latmax", &latencyMax, 0, 500, "max %d ms")) latencyMin = std::min(latencyMin, latencyMax);
  ImGui::SameLine();
  std::string latCmd = fmt::format("latency {}..{}{}", latencyMin, latencyMax, suffix);
  if (button("Apply latency", true, "", latCmd.c_str())) app.runCommand(latCmd);
  explain(fmt::format("Latency: each frame takes MIN..MAX ms, in order per connection; an election still waits "
                      "finalizeWait {} ms, and every commit needs a round trip to a quorum.{}",
                      sim.timing().fle.finalizeWait,
                      target ? "" : " For every link, this also clears the per-link settings."));
}

}  // namespace zabscope
