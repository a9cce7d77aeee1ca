#include "peer_menu.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "popup_style.hpp"
#include "theme.hpp"

namespace zabscope {

using namespace zab;

namespace {
// How long "Pause" stops the process (SIGSTOP, then SIGCONT): longer than syncLimit x tickTime
// with the defaults would make the leader drop it; 5 s shows the silence without that.
constexpr std::int64_t kPauseMs = 5000;
}  // namespace

std::vector<PeerAction> peerActions(const sim::Simulation& sim, Sid sid) {
  std::vector<PeerAction> out;
  const sim::PeerSlot* s = sim.slot(sid);
  if (!s) return out;
  const bool neverStarted = s->incarnation == 0;
  const bool alive = s->alive;
  const bool paused = alive && s->pausedUntil >= 0;
  const std::string down = !s->powered ? fmt::format("S{} is powered off (crashed): Restart it", sid)
                                       : fmt::format("S{} is down (killed): Restart it", sid);
  const std::string notStarted = fmt::format("S{} never started: Start it", sid);
  auto add = [&](std::string label, std::string command, bool enabled, std::string reason) {
    out.push_back(PeerAction{std::move(label), std::move(command), enabled, enabled ? std::string() : std::move(reason)});
  };
  add("Start", fmt::format("start {}", sid), neverStarted,
      alive ? fmt::format("S{} is already running", sid) : fmt::format("S{} ran before: use Restart (same disk)", sid));
  add("Kill (process crash; connections reset)", fmt::format("kill {}", sid), alive,
      neverStarted ? notStarted : fmt::format("S{} is already down", sid));
  add("Crash (power off; silence)", fmt::format("crash {}", sid), alive,
      neverStarted ? notStarted : fmt::format("S{} is already down", sid));
  add(fmt::format("Pause {} s (SIGSTOP; sockets stay open)", kPauseMs / 1000), fmt::format("pause {} {}", sid, kPauseMs),
      alive && !paused,
      neverStarted ? notStarted : paused ? fmt::format("S{} is paused already", sid) : fmt::format("S{} is down", sid));
  add("Restart (new process, same disk)", fmt::format("restart {}", sid), !alive && !neverStarted,
      neverStarted ? notStarted : fmt::format("S{} is running: kill or crash it first", sid));
  add("Relook (end its role, LOOKING again)", fmt::format("relook {}", sid),
      alive && s->peer.state() != ServerState::LOOKING,
      !alive ? (neverStarted ? notStarted : down) : fmt::format("S{} is LOOKING already", sid));
  add("Wipe disk (disk loss)", fmt::format("wipe {}", sid), !neverStarted,
      fmt::format("S{} never started: its disk is blank", sid));
  return out;
}

void drawPeerMenu(AppState& app) {
  if (app.scriptMenu == "peer" && app.selection.peer) {
    const ImVec2 at = ImGui::GetWindowPos();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(at.x + fs * 12, at.y + fs * 6));
    ImGui::OpenPopup("peer-faults");
    app.post([](AppState& s) { s.scriptMenu.clear(); });
  }
  // Opaque: the theme's popups let the canvas show through, which muddles the grey reasons.
  ImGui::PushStyleColor(ImGuiCol_PopupBg, opaque(ImGuiCol_WindowBg));
  const bool open = ImGui::BeginPopup("peer-faults");
  ImGui::PopStyleColor();
  if (!open) return;
  if (app.selection.peer) {
    const Sid sid = *app.selection.peer;
    ImGui::Text("S%lld", static_cast<long long>(sid));
    ImGui::Separator();
    for (const PeerAction& a : peerActions(app.session.sim(), sid)) {
      ImGui::BeginDisabled(!a.enabled);
      if (ImGui::MenuItem(a.label.c_str())) app.runCommand(a.command);
      ImGui::EndDisabled();
      if (!a.enabled) {
        // The reason in grey under the item, and as a tooltip: a projector shows no hover.
        ImGui::Indent();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedColor()), "%s", a.reason.c_str());
        ImGui::Unindent();
      } else if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("%s", a.command.c_str());
      }
    }
  }
  ImGui::EndPopup();
}

}  // namespace zabscope
