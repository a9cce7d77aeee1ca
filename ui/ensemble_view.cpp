#include "ensemble_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "disc_sprites.hpp"
#include "label_placement.hpp"
#include "layout.hpp"
#include "peer_menu.hpp"
#include "theme.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using namespace zab;

namespace {
// Message labels drawn at most: beyond this the view is unreadable anyway.
constexpr std::size_t kMaxMessageLabels = 16;

ImVec2 toIm(Point p, ImVec2 origin) { return ImVec2(origin.x + p.x, origin.y + p.y); }

std::string voteText(const zab::sim::PeerSlot& s) {
  const QuorumPeer& p = s.peer;
  Vote v = p.state() == ServerState::LOOKING ? p.election().getVote() : p.currentVote();
  if (v.id == std::numeric_limits<Sid>::min()) return "vote(-)";
  return fmt::format("vote({}, {}) pE{}", v.id, formatEpochCounter(v.zxid), v.peerEpoch);
}
}  // namespace

void EnsembleView::draw(AppState& app) {
  const auto& sim = app.session.sim();
  ImGui::Checkbox("election links", &showElectionLinks);
  ImGui::SameLine();
  ImGui::Checkbox("pings", &showHeartbeats);
  ImGui::SameLine();
  ImGui::TextDisabled("click a peer to select it, right-click for faults; click a message to inspect it");

  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 50 || size.y < 50) return;
  ImGui::InvisibleButton("ensemble-canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  bool canvasClicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  bool canvasRightClicked = ImGui::IsItemClicked(ImGuiMouseButton_Right);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);

  std::vector<Sid> participants, observers;
  for (const auto& [sid, s] : sim.peers()) (s.type == LearnerType::OBSERVER ? observers : participants).push_back(sid);
  const float fs = ImGui::GetFontSize();
  EnsembleLayout layout = layoutEnsemble(participants, observers, size.x, size.y, fs);
  const float r = layout.nodeRadius;
  ImVec2 mouse = ImGui::GetIO().MousePos;

  // Cut links (partitions) first, underneath everything.
  for (const auto& [from, to] : sim.network().cutLinks()) {
    if (!layout.centre.count(from) || !layout.centre.count(to) || from > to) continue;
    ImVec2 a = toIm(layout.centre[from], origin), b = toIm(layout.centre[to], origin);
    dl->AddLine(a, b, IM_COL32(220, 40, 40, 90), lineWidth(fs * 0.5f));
    ImVec2 mid((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
    dl->AddText(ImVec2(mid.x - fs * 0.6f, mid.y - fs * 0.5f), IM_COL32(200, 0, 0, 255), "cut");
  }

  // Open connections: election ones thin and grey, quorum ones thick in the discovery colour.
  for (const auto& [id, c] : sim.connections()) {
    if (!c.openAtInitiator || !c.openAtAcceptor) continue;
    if (c.channel == Channel::Election && !showElectionLinks) continue;
    if (!layout.centre.count(c.initiator) || !layout.centre.count(c.acceptor)) continue;
    ImVec2 a = toIm(layout.centre[c.initiator], origin), b = toIm(layout.centre[c.acceptor], origin);
    if (c.channel == Channel::Election) dl->AddLine(a, b, IM_COL32(150, 150, 150, 120), lineWidth(fs * 0.1f));
    else dl->AddLine(a, b, IM_COL32(60, 90, 200, 200), lineWidth(fs * 0.22f));
  }

  // Peers' discs and cards: computed first, because message labels keep clear of them.
  struct Card {
    std::vector<std::string> lines;
    float width = 0;
  };
  std::map<Sid, Card> cards;
  std::vector<Box> peerBoxes;
  for (const auto& [sid, s] : sim.peers()) {
    Card card;
    if (!s.alive) {
      card.lines.push_back(s.incarnation == 0 ? "not started" : s.powered ? "DOWN (killed)" : "POWER OFF");
      if (!s.exitReason.empty()) card.lines.push_back("exited");
    } else {
      const QuorumPeer& p = s.peer;
      card.lines.push_back(std::string(to_string(p.state())) + (s.type == LearnerType::OBSERVER ? " (observer)" : ""));
      card.lines.push_back(voteText(s));
      card.lines.push_back(fmt::format("round {}  acc {} / cur {}", p.election().logicalclock(), p.acceptedEpoch(),
                                       p.currentEpoch()));
      card.lines.push_back(fmt::format("zxid {}  {}", formatEpochCounter(p.lastLoggedZxid()), to_string(p.zabState())));
    }
    for (const auto& l : card.lines) card.width = std::max(card.width, ImGui::CalcTextSize(l.c_str()).x);
    const ImVec2 c = toIm(layout.centre[sid], origin);
    peerBoxes.push_back(Box{c.x - r, c.y - r, c.x + r, c.y + r});
    peerBoxes.push_back(Box{c.x - card.width * 0.5f - 2, c.y + r + fs * 0.25f, c.x + card.width * 0.5f + 2,
                            c.y + r + fs * 0.25f + fs * static_cast<float>(card.lines.size())});
    cards[sid] = std::move(card);
  }

  // Messages in flight, interpolated between sent and earliest arrival by the view clock. Each
  // is a dot in its family's colour; labels go where they fit (label_placement.hpp), the
  // selected message first, then the rarer election/discovery/sync/client ones, then broadcast,
  // then pings. The first message on a link also counts the others queued behind it.
  struct InFlightDot {
    std::uint64_t id;
    ImVec2 pos;
    Family family;
    std::string text;
  };
  std::vector<InFlightDot> dots;
  std::vector<LabelRequest> requests;
  for (const auto& [id, c] : sim.connections()) {
    for (int dir = 0; dir < 2; ++dir) {
      Sid from = dir == 0 ? c.initiator : c.acceptor, to = dir == 0 ? c.acceptor : c.initiator;
      if (!layout.centre.count(from) || !layout.centre.count(to)) continue;
      std::size_t onLink = 0;
      for (const auto& f : c.queue[dir]) onLink += (f.family != Family::Heartbeat || showHeartbeats) ? 1 : 0;
      int lane = 0;
      for (const auto& f : c.queue[dir]) {
        if (f.family == Family::Heartbeat && !showHeartbeats) continue;
        double span = std::max<double>(1.0, static_cast<double>(f.readyAt - f.sentAt));
        float t = static_cast<float>((app.viewTimeMs - static_cast<double>(f.sentAt)) / span);
        Point p = alongLink(layout.centre[from], layout.centre[to], t, r);
        // Offset the two directions to either side of the link, and stack queued frames.
        float dx = layout.centre[to].x - layout.centre[from].x, dy = layout.centre[to].y - layout.centre[from].y;
        float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
        float off = fs * (0.6f + 1.1f * static_cast<float>(lane % 3));
        ImVec2 pos = toIm({p.x - dy / len * off, p.y + dx / len * off}, origin);
        std::string text = sim::frameLabel(c, f);
        if (f.attempts > 0) text += fmt::format(" (retry {})", f.attempts);
        if (lane == 0 && onLink > 1) text += fmt::format("  +{}", onLink - 1);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        const bool selected = app.selection.message && *app.selection.message == f.id;
        const int priority = selected ? 0
                             : f.family == Family::Broadcast ? 2
                             : f.family == Family::Heartbeat ? 3
                                                             : 1;
        requests.push_back(LabelRequest{Box{pos.x - ts.x * 0.5f - 3, pos.y - ts.y * 0.5f - 1, pos.x + ts.x * 0.5f + 3,
                                            pos.y + ts.y * 0.5f + 1},
                                        priority});
        dots.push_back(InFlightDot{f.id, pos, f.family, std::move(text)});
        ++lane;
      }
    }
  }
  const std::vector<bool> labelled = placeLabels(requests, peerBoxes, kMaxMessageLabels);
  std::optional<std::uint64_t> hovered;
  const float dotR = fs * 0.3f;
  for (std::size_t i = 0; i < dots.size(); ++i) {
    if (labelled[i]) continue;
    drawDisc(dl, dots[i].pos, dotR, familyColor(dots[i].family));
    const float mx = mouse.x - dots[i].pos.x, my = mouse.y - dots[i].pos.y;
    if (mx * mx + my * my <= (dotR + 2) * (dotR + 2)) hovered = dots[i].id;
  }
  for (std::size_t i = 0; i < dots.size(); ++i) {
    if (!labelled[i]) continue;
    const Box& b = requests[i].box;
    const ImVec2 a(b.x0, b.y0), z(b.x1, b.y1);
    dl->AddRectFilled(a, z, familyColor(dots[i].family));  // square corners: 2 triangles, not 40
    if (requests[i].priority == 0) dl->AddRect(a, z, textColor(), 0.0f, 0, 3.0f);
    dl->AddText(ImVec2(a.x + 3, a.y + 1), IM_COL32(255, 255, 255, 255), dots[i].text.c_str());
    if (mouse.x >= a.x && mouse.x <= z.x && mouse.y >= a.y && mouse.y <= z.y) hovered = dots[i].id;
  }
  if (dots.size() > static_cast<std::size_t>(std::count(labelled.begin(), labelled.end(), true))) {
    const std::string note = fmt::format("{} messages in flight; hover a dot for its name", dots.size());
    dl->AddText(ImVec2(origin.x + fs * 0.3f, origin.y + size.y - fs * 1.2f), mutedColor(), note.c_str());
  }

  // Peers.
  std::optional<Sid> hoveredPeer;
  const std::optional<Sid> leader = sim.leader();
  for (const auto& [sid, s] : sim.peers()) {
    ImVec2 c = toIm(layout.centre[sid], origin);
    bool alive = s.alive;
    ServerState st = alive ? s.peer.state() : ServerState::LOOKING;
    ImU32 col = stateColor(st, alive);
    bool selected = app.selection.peer && *app.selection.peer == sid;
    if (selected) drawDisc(dl, c, r + fs * 0.35f, textColor());  // black on light, white on dark
    drawDisc(dl, c, r, col);
    if (leader && *leader == sid) dl->AddCircle(c, r + fs * 0.2f, IM_COL32(255, 200, 0, 255), 0, lineWidth(fs * 0.2f));
    if (app.lesson && app.lesson->step().highlight == fmt::format("peer {}", sid)) {
      // The lesson points at this peer: a pulsing ring.
      float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 4.0f);
      dl->AddCircle(c, r + fs * (0.6f + 0.4f * pulse), IM_COL32(255, 0, 160, 255), 0, lineWidth(fs * 0.25f));
    }
    std::string name = fmt::format("S{}", sid);
    ImVec2 ns = ImGui::CalcTextSize(name.c_str());
    dl->AddText(ImVec2(c.x - ns.x * 0.5f, c.y - ns.y * 0.5f), IM_COL32(255, 255, 255, 255), name.c_str());
    // The card under the node.
    const Card& card = cards[sid];
    float y = c.y + r + fs * 0.25f;
    for (std::size_t i = 0; i < card.lines.size(); ++i) {
      ImVec2 ls = ImGui::CalcTextSize(card.lines[i].c_str());
      ImU32 tc = i == 0 ? col : textColor();
      dl->AddRectFilled(ImVec2(c.x - ls.x * 0.5f - 2, y), ImVec2(c.x + ls.x * 0.5f + 2, y + ls.y),
                        app.lightTheme ? IM_COL32(255, 255, 255, 220) : IM_COL32(20, 20, 20, 220));
      dl->AddText(ImVec2(c.x - ls.x * 0.5f, y), tc, card.lines[i].c_str());
      y += ls.y;
    }
    float dx = mouse.x - c.x, dy = mouse.y - c.y;
    if (dx * dx + dy * dy <= r * r) hoveredPeer = sid;
  }
  dl->PopClipRect();

  if (canvasClicked) {
    if (hovered) {
      std::uint64_t id = *hovered;
      app.post([id](AppState& s) { s.selection.message = id; });
    } else {
      std::optional<Sid> p = hoveredPeer;
      app.post([p](AppState& s) { s.selection.peer = p; });
    }
  }
  if (canvasRightClicked && hoveredPeer) {
    app.post([p = *hoveredPeer](AppState& s) { s.selection.peer = p; });
    ImGui::OpenPopup("peer-faults");
  }
  drawPeerMenu(app);  // ui/peer_menu.cpp
  if (hovered) {
    ImGui::BeginTooltip();
    for (const auto& p : sim.pending())
      if (p.id == *hovered) ImGui::Text("S%lld -> S%lld  %s", static_cast<long long>(p.from), static_cast<long long>(p.to), p.label.c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace zabscope
