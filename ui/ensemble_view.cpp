#include "ensemble_view.hpp"

#include "disc_label.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "disc_label.hpp"
#include "disc_sprites.hpp"
#include "fitted_text.hpp"
#include "message_labels.hpp"
#include "ensemble_scene.hpp"
#include "layout.hpp"
#include "notation.hpp"
#include "parked_pointer.hpp"
#include "leader_quorum_view.hpp"
#include "vote_comparison_view.hpp"
#include "peer_menu.hpp"
#include "theme.hpp"
#include "zab/notification_codec.hpp"
#include "zab/qcm_wire.hpp"
#include "zab/vote_comparison.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using namespace zab;

namespace {
// The vote an election frame in flight carries (its tooltip explains these numbers).
std::optional<zab::NotificationMessage> notificationVote(const zab::sim::Simulation& sim, std::uint64_t id) {
  for (const auto& [cid, c] : sim.connections()) {
    if (c.channel != zab::Channel::Election) continue;
    for (const auto& q : c.queue)
      for (const auto& f : q) {
        if (f.id != id || f.close) continue;
        auto frame = zab::decodeFrame(f.frame);
        if (!frame.payload) return std::nullopt;
        return zab::decodeNotification(*frame.payload).message;
      }
  }
  return std::nullopt;
}

// Message labels drawn at most: beyond this the view is unreadable anyway.
constexpr std::size_t kMaxMessageLabels = 16;

ImVec2 toIm(Point p, ImVec2 origin) { return ImVec2(origin.x + p.x, origin.y + p.y); }

}  // namespace

void EnsembleView::draw(AppState& app) {
  const auto& sim = app.session.sim();
  if (!app.presenter) {
    const bool zh = app.language == Language::Chinese;
    ImGui::Checkbox(zh ? "选举连接###links" : "election links###links", &showElectionLinks);
    ImGui::SameLine();
    ImGui::Checkbox(zh ? "心跳 PING###pings" : "pings###pings", &showHeartbeats);
    ImGui::SameLine();
    // In the app's language, as the "in flight" note under the canvas is.
    textDisabledFitted(app.language == Language::Chinese
                           ? "点击服务器选中它，右键注入故障；点击消息查看详情"
                           : "click a peer to select it, right-click for faults; click a message to inspect it");
  }

  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 50 || size.y < 50) return;
  ImGui::InvisibleButton("ensemble-canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  bool canvasClicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  bool canvasRightClicked = ImGui::IsItemClicked(ImGuiMouseButton_Right);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);

  const float fs = ImGui::GetFontSize();
  // Where everything goes (ensemble_scene.hpp): cards lose detail rather than overlap.
  const EnsembleScene scene = buildEnsembleScene(
      sim, size.x, size.y, fs, [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; },
      app.presenter, app.language == Language::Chinese);
  const EnsembleLayout& layout = scene.layout;
  const float r = layout.nodeRadius;
  // A parked pointer hovers nothing (parked_pointer.hpp): no tooltip over the peers in a
  // scripted screenshot.
  ImVec2 mouse = pointerHasMoved() ? ImGui::GetIO().MousePos : ImVec2(-FLT_MAX, -FLT_MAX);

  // The links, underneath everything: into their texture when there is one (see the header),
  // redrawn only when they change; straight into the window otherwise (headless tests).
  links_.active = false;
  const float linksX0 = std::floor(origin.x), linksY0 = std::floor(origin.y);
  const int linksW = static_cast<int>(std::floor(origin.x + size.x) - linksX0);
  const int linksH = static_cast<int>(std::floor(origin.y + size.y) - linksY0);
  const bool linksInTexture = links_.usable() && linksW <= links_.texWidth && linksH <= links_.texHeight;
  ImDrawList* ll = dl;
  ImVec2 linksOrigin = origin;
  if (linksInTexture) {
    if (!links_.list) links_.list = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
    ll = links_.list.get();
    ll->_ResetForNewFrame();
    ll->Flags = dl->Flags;
    ll->PushTextureID(ImGui::GetIO().Fonts->TexID);
    ll->PushClipRect(ImVec2(0, 0), ImVec2(static_cast<float>(linksW), static_cast<float>(linksH)));
    linksOrigin = ImVec2(origin.x - linksX0, origin.y - linksY0);
  }
  // Cut links (partitions) first, each with its word where the scene found room (ensemble_scene.hpp).
  for (const auto& cut : scene.cutLabels) {
    ImVec2 a = toIm(layout.centre.at(cut.a), linksOrigin), b = toIm(layout.centre.at(cut.b), linksOrigin);
    ll->AddLine(a, b, IM_COL32(220, 40, 40, 90), lineWidth(fs * 0.5f));
    // In the app's language, as the captions are (the scene made the word).
    ll->AddText(toIm(Point{cut.box.x0, cut.box.y0}, linksOrigin), inkColor(IM_COL32(200, 0, 0, 255), panelColor()),
                cut.word.c_str());
  }

  // Open connections: election ones thin and grey, quorum ones thick in the discovery colour.
  for (const auto& [id, c] : sim.connections()) {
    if (!c.openAtInitiator || !c.openAtAcceptor) continue;
    if (c.channel == Channel::Election && !showElectionLinks) continue;
    if (!layout.centre.count(c.initiator) || !layout.centre.count(c.acceptor)) continue;
    ImVec2 a = toIm(layout.centre.at(c.initiator), linksOrigin), b = toIm(layout.centre.at(c.acceptor), linksOrigin);
    if (c.channel == Channel::Election) ll->AddLine(a, b, IM_COL32(150, 150, 150, 120), lineWidth(fs * 0.1f));
    else ll->AddLine(a, b, IM_COL32(60, 90, 200, 200), lineWidth(fs * 0.22f));
  }
  if (linksInTexture) {
    // The same triangles as last frame: keep the texture (the key is their hash).
    std::uint64_t key = 0xcbf29ce484222325ULL;
    auto mix = [&key](const void* p, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) key = (key ^ static_cast<const unsigned char*>(p)[i]) * 0x100000001b3ULL;
    };
    mix(ll->VtxBuffer.Data, static_cast<std::size_t>(ll->VtxBuffer.Size) * sizeof(ImDrawVert));
    mix(ll->IdxBuffer.Data, static_cast<std::size_t>(ll->IdxBuffer.Size) * sizeof(ImDrawIdx));
    const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    mix(&bg, sizeof bg);
    links_.active = true;
    links_.clear = bg;
    links_.want = ScrollLayerState{true, key, 0, 0, linksW, linksH};
    links_.plan = links_.alwaysFull ? ScrollPlan{} : planScroll(links_.held, links_.want, linksW);
    links_.show(dl, ImVec2(linksX0, linksY0), linksW, linksH);
  }

  // Messages in flight, interpolated between sent and earliest arrival by the view clock: a dot
  // in its family's colour, or a label where one fits (message_labels.hpp).
  // A lesson step that points at a message type ("highlight: message PING"): its dots get the
  // lesson's pulsing ring, and pings are drawn while it asks for them even with "pings" off.
  const std::string highlightType = app.lesson ? app.lesson->step().highlighted("message") : std::string();
  const float pulse = lessonPulse();
  const ImU32 lessonPink = lessonHighlightColor();
  InFlightView flightView;
  flightView.viewTimeMs = app.viewTimeMs;
  flightView.fontSize = fs;
  flightView.showHeartbeats = showHeartbeats || highlightType == "PING";
  flightView.selected = app.selection.message;
  flightView.highlightedType = highlightType;
  flightView.maxLabels = kMaxMessageLabels;
  const std::vector<InFlightDot> dots = placeInFlightMessages(
      sim, scene, size.x, size.y, [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; },
      flightView);
  std::optional<std::uint64_t> hovered;
  const float dotR = fs * 0.3f;
  std::size_t labelledCount = 0;
  for (const InFlightDot& d : dots) {
    if (d.labelled) continue;
    const ImVec2 pos = toIm(d.pos, origin);
    drawDisc(dl, pos, dotR, familyColor(d.family));
    if (!highlightType.empty() && d.type == highlightType)
      dl->AddCircle(pos, dotR + fs * (0.25f + 0.2f * pulse), lessonPink, 0, lineWidth(fs * 0.15f));
    const float mx = mouse.x - pos.x, my = mouse.y - pos.y;
    if (mx * mx + my * my <= (dotR + 2) * (dotR + 2)) hovered = d.id;
  }
  for (const InFlightDot& d : dots) {
    if (!d.labelled) continue;
    ++labelledCount;
    const ImVec2 a(d.label.x0 + origin.x, d.label.y0 + origin.y), z(d.label.x1 + origin.x, d.label.y1 + origin.y);
    dl->AddRectFilled(a, z, familyColor(d.family));  // square corners: 2 triangles, not 40
    if (d.priority == 0) dl->AddRect(a, z, textColor(), 0.0f, 0, 3.0f);
    if (!highlightType.empty() && d.type == highlightType) {
      const float g = fs * (0.15f + 0.15f * pulse);
      dl->AddRect(ImVec2(a.x - g, a.y - g), ImVec2(z.x + g, z.y + g), lessonPink, 0.0f, 0, lineWidth(fs * 0.15f));
    }
    dl->AddText(ImVec2(a.x + 3, a.y + 1), onColor(familyColor(d.family)), d.text.c_str());
    if (mouse.x >= a.x && mouse.x <= z.x && mouse.y >= a.y && mouse.y <= z.y) hovered = d.id;
  }
  if (dots.size() > labelledCount) {
    // The presenter's audience cannot hover: it gets the count alone.
    const bool zh = app.language == Language::Chinese;
    const std::string note =
        app.presenter ? (zh ? fmt::format("{} 条消息在途", dots.size())
                            : fmt::format("{} {} in flight", dots.size(), dots.size() == 1 ? "message" : "messages"))
                      : (zh ? fmt::format("{} 条消息在途；鼠标悬停在圆点上可看名称", dots.size())
                            : fmt::format("{} {} in flight; hover a dot for its name", dots.size(),
                                          dots.size() == 1 ? "message" : "messages"));
    // On a plate of the background, as the cards are: dots passing under the line do not cut it.
    const ImVec2 at(origin.x + scene.note.x0, origin.y + scene.note.y0), ns = ImGui::CalcTextSize(note.c_str());
    dl->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(at.x + ns.x + 2, at.y + ns.y),
                      app.lightTheme ? IM_COL32(255, 255, 255, 230) : IM_COL32(20, 20, 20, 230));
    dl->AddText(at, mutedColor(), note.c_str());
  }

  // The vote comparison of the step at the cursor, in the middle of the ring (or the
  // presenter's column); in the presenter view, what the leader waits for, where the scene
  // put it (the column shares it with the comparison, which wins on a vote's step).
  const auto* rec = app.session.cursor() > 0 ? app.session.explained(app.session.cursor() - 1) : nullptr;
  const bool comparing = !scene.comparison.empty() && rec && rec->vote && scene.peer(rec->vote->sender) &&
                         scene.peer(rec->vote->receiver);
  auto onScreen = [&](const Box& b) { return Box{b.x0 + origin.x, b.y0 + origin.y, b.x1 + origin.x, b.y1 + origin.y}; };
  if (comparing) {
    drawVoteArrow(dl, toIm(scene.peer(rec->vote->sender)->centre, origin), toIm(scene.peer(rec->vote->receiver)->centre, origin), fs);
    drawVoteComparison(dl, *rec->vote, onScreen(scene.comparison), scene.comparisonFontSize, app.language);
  }
  bool leaderCardShown = false;
  if (!scene.leaderCard.empty() && !(comparing && (scene.comparisonInColumn || scene.leaderCard.overlaps(scene.comparison))))
    if (const auto card = leaderQuorumCard(sim, app.language)) {
      drawLeaderQuorumCard(dl, *card, onScreen(scene.leaderCard), scene.leaderCardFontSize, app.language);
      leaderCardShown = true;
    }
  // The column with nothing else in it (the connections before the first vote, the steps between
  // votes while no server leads): what goes there on a vote's step.
  if (scene.comparisonInColumn && !comparing && !leaderCardShown)
    drawVoteComparisonHint(dl, onScreen(scene.comparison), scene.comparisonFontSize, app.language);

  // Peers.
  std::optional<Sid> hoveredPeer;
  const NotationEntry* hoveredNotation = nullptr;
  const std::optional<Sid> leader = sim.leader();
  for (const PeerCard& card : scene.peers) {
    const Sid sid = card.sid;
    const auto& s = sim.peers().at(sid);
    ImVec2 c = toIm(card.centre, origin);
    bool alive = s.alive;
    ServerState st = alive ? s.peer.state() : ServerState::LOOKING;
    ImU32 col = stateColor(st, alive);
    bool selected = app.selection.peer && *app.selection.peer == sid;
    if (selected) drawDisc(dl, c, r + fs * 0.35f, textColor());  // black on light, white on dark
    drawDisc(dl, c, r, col);
    if (leader && *leader == sid) dl->AddCircle(c, r + fs * 0.2f, IM_COL32(255, 200, 0, 255), 0, lineWidth(fs * 0.2f));
    if (!card.badge.empty()) {
      // Paused (SIGSTOP): a dashed ring of two-line pause bars, seen even without the card.
      dl->AddCircle(c, r + fs * 0.28f, IM_COL32(90, 90, 90, 255), 0, lineWidth(fs * 0.12f));  // within discHalo
      const float bw = r * 0.18f, bh = r * 0.5f;
      dl->AddRectFilled(ImVec2(c.x + r * 0.55f, c.y - r - bh * 0.2f), ImVec2(c.x + r * 0.55f + bw, c.y - r + bh * 0.8f),
                        IM_COL32(40, 40, 40, 255));
      dl->AddRectFilled(ImVec2(c.x + r * 0.55f + bw * 1.8f, c.y - r - bh * 0.2f),
                        ImVec2(c.x + r * 0.55f + bw * 2.8f, c.y - r + bh * 0.8f), IM_COL32(40, 40, 40, 255));
    }
    if (app.lesson && app.lesson->step().highlight == fmt::format("peer {}", sid)) {
      // The lesson points at this peer: a pulsing ring, open at the bottom where the peer has a
      // card (it crossed out the card's state, "未启动", at 1280x720 --scale 2).
      const float ringR = r + fs * (0.6f + 0.4f * pulse);
      if (card.lines.empty()) {
        dl->AddCircle(c, ringR, lessonPink, 0, lineWidth(fs * 0.25f));
      } else {
        const float down = 1.5707964f, gap = 0.9f;  // screen angles: y grows downwards
        dl->PathArcTo(c, ringR, down + gap, down + 6.2831853f - gap, 40);
        dl->PathStroke(lessonPink, 0, lineWidth(fs * 0.25f));
      }
    }
    // The id as large as the disc allows (the presenter's back row reads it from 10 m), and
    // under it the state's letter (disc_label.hpp): black or white, whichever reads on the fill.
    ImFont* font = ImGui::GetFont();
    const DiscLabel label =
        discLabel(r, fs, font->CalcTextSizeA(1.0f, FLT_MAX, 0.0f, card.name.c_str()).x, !card.lines.empty());
    const ImVec2 ns = font->CalcTextSizeA(label.idSize, FLT_MAX, 0.0f, card.name.c_str());
    const char* letter = stateLetter(st, alive);
    const bool twoLines = label.letterSize > 0;
    const ImVec2 lsz = twoLines ? font->CalcTextSizeA(label.letterSize, FLT_MAX, 0.0f, letter) : ImVec2(0, 0);
    const float idY = twoLines ? c.y - (ns.y * 0.9f + lsz.y) * 0.5f : c.y - ns.y * 0.5f;
    dl->AddText(font, label.idSize, ImVec2(c.x - ns.x * 0.5f, idY), onColor(col), card.name.c_str());
    if (twoLines) dl->AddText(font, label.letterSize, ImVec2(c.x - lsz.x * 0.5f, idY + ns.y * 0.9f), onColor(col), letter);
    // The card under the node.
    float y = card.card.y0 + origin.y;
    ImVec2 cardMin(c.x, y), cardMax(c.x, y);
    for (std::size_t i = 0; i < card.lines.size(); ++i) {
      ImVec2 ls = ImGui::CalcTextSize(card.lines[i].c_str());
      ImU32 tc = i == 0 ? stateInk(st, alive) : textColor();
      const ImVec2 a(c.x - ls.x * 0.5f - 2, y), z(c.x + ls.x * 0.5f + 2, y + ls.y);
      dl->AddRectFilled(a, z, app.lightTheme ? IM_COL32(255, 255, 255, 220) : IM_COL32(20, 20, 20, 220));
      dl->AddText(ImVec2(c.x - ls.x * 0.5f, y), tc, card.lines[i].c_str());
      if (mouse.x >= a.x && mouse.x < z.x && mouse.y >= a.y && mouse.y < z.y) hoveredNotation = explainNotation(card.lines[i]);
      cardMin = ImVec2(std::min(cardMin.x, a.x), cardMin.y);
      cardMax = ImVec2(std::max(cardMax.x, z.x), z.y);
      y += ls.y;
    }
    // A thin frame in the state's colour: two neighbours' cards read as two ("FOLLOWING" and
    // "FOLLOWING", not one run-on line) where a crowded ring leaves little gap between them.
    if (!card.lines.empty())
      dl->AddRect(cardMin, cardMax, (stateInk(st, alive) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 110), fs * 0.15f, 0,
                  lineWidth(std::max(1.0f, fs * 0.05f)));
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
  // Tooltips wrap at about 30 font sizes: the notation's explanation ran off the screen's
  // right edge at 1280x720 --scale 1.5.
  const float tipWrap = fs * 30.0f;
  if (hoveredNotation && !hovered) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(tipWrap);
    ImGui::Text("%s: %s", hoveredNotation->term, hoveredNotation->meaning);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (hovered) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(tipWrap);
    for (const auto& p : sim.pending())
      if (p.id == *hovered) ImGui::Text("S%lld -> S%lld  %s", static_cast<long long>(p.from), static_cast<long long>(p.to), p.label.c_str());
    // The label's abbreviations, explained (notation.hpp).
    for (const auto& d : dots) {
      if (d.id != *hovered) continue;
      if (d.text.find("  +") != std::string::npos) ImGui::TextDisabled("%s: %s", notationLegend()[5].term, notationLegend()[5].meaning);
      if (d.text.find("(retry") != std::string::npos) ImGui::TextDisabled("%s: %s", notationLegend()[6].term, notationLegend()[6].meaning);
      if (d.text.find("vote ") != std::string::npos)
        if (auto v = notificationVote(sim, d.id)) ImGui::TextDisabled("%s", voteMeaning(v->leader, v->zxid, v->peerEpoch, app.language).c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace zabscope
