#include "ensemble_scene.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include "ensemble_phase.hpp"
#include "zab/vote_comparison.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using namespace zab;

namespace {

std::string voteLine(const QuorumPeer& p) {
  const Vote v = p.state() == ServerState::LOOKING ? p.election().getVote() : p.currentVote();
  return "vote " + voteNotation(v.id, v.zxid, v.peerEpoch);
}

// The card's lines at the richest detail; levels below keep a prefix of them.
std::vector<std::string> cardLines(const sim::PeerSlot& s, bool presenter, bool chinese, bool phaseLine) {
  std::vector<std::string> lines;
  if (!s.alive) {
    // A kill's "DOWN" and its cause on two lines: one, "DOWN (killed)" was the widest card a
    // state can give, and a 7-peer presenter ring moved (and lost its comparison's column) when
    // a peer died.
    if (s.incarnation != 0 && s.powered) {
      lines.push_back(chinese ? "未运行" : "DOWN");  // the glossary keeps 宕机 out: it blurs kill and crash
      lines.push_back(chinese ? "（被杀掉）" : "(killed)");
    } else {
      lines.push_back(chinese ? (s.incarnation == 0 ? "未启动" : "断电") : (s.incarnation == 0 ? "not started" : "POWER OFF"));
    }
    if (!s.exitReason.empty()) lines.push_back(chinese ? "已退出：见日志" : "exited: see the log");
    return lines;
  }
  const QuorumPeer& p = s.peer;
  lines.push_back(std::string(to_string(p.state())) + (s.type == LearnerType::OBSERVER ? " (observer)" : ""));
  if (presenter) {
    lines.push_back(p.state() == ServerState::LOOKING ? voteLine(p)
                                                      : fmt::format("zxid {}", formatEpochCounter(p.lastLoggedZxid())));
    // Where the card has room, the server's own ZAB phase (QuorumPeer.ZabState): the strip under
    // the caption shows the leader's, and a follower still in SYNCHRONIZATION is what a class is
    // asked to notice after a failover.
    if (phaseLine && p.state() != ServerState::LOOKING) lines.push_back(zabPhaseName(p.zabState(), chinese));
    return lines;
  }
  lines.push_back(voteLine(p));
  lines.push_back(fmt::format("round {}  acc {} / cur {}", p.election().logicalclock(), p.acceptedEpoch(), p.currentEpoch()));
  lines.push_back(fmt::format("zxid {}  {}", formatEpochCounter(p.lastLoggedZxid()), to_string(p.zabState())));
  return lines;
}

// Half a pixel of slack: a disc that touches the edge is inside, whatever the rounding.
bool inside(const Box& b, float w, float h) {
  return b.empty() || (b.x0 >= -0.5f && b.y0 >= -0.5f && b.x1 <= w + 0.5f && b.y1 <= h + 0.5f);
}

// Cards with `detail` lines (the badge of a paused peer counts as one more).
void setLines(EnsembleScene& scene, const std::vector<std::vector<std::string>>& full, int detail) {
  scene.detail = detail;
  for (std::size_t i = 0; i < scene.peers.size(); ++i) {
    PeerCard& c = scene.peers[i];
    c.lines.assign(full[i].begin(), full[i].begin() + std::min<std::size_t>(full[i].size(), static_cast<std::size_t>(detail)));
    if (!c.badge.empty() && detail > 0) c.lines.insert(c.lines.begin() + 1, c.badge);
  }
}

// The peers' angles on an ellipse with these radii: equal chords between neighbours, not equal
// angles. On a flat ellipse equal angles crowd the peers at its two ends and equal arcs crowd
// them at its tips. A few rounds of nudging each peer toward its farther neighbour even the
// gaps out; S1 stays at the top. The nudging is a few thousand sines a call and a scene tries
// up to twelve layouts every frame, so the results for the last ellipses asked for are kept (a
// pure function of its arguments: the same angles either way).
std::vector<float> ringAngles(std::size_t count, Point centre, float radiusX, float radiusY) {
  struct Entry {
    std::size_t count;
    Point centre;
    float radiusX, radiusY;
    std::vector<float> angle;
  };
  thread_local std::vector<Entry> kept;  // a few dozen: one per layout a scene tries
  for (const Entry& e : kept)
    if (e.count == count && e.centre.x == centre.x && e.centre.y == centre.y && e.radiusX == radiusX &&
        e.radiusY == radiusY)
      return e.angle;
  constexpr float pi = 3.14159265f;
  std::vector<float> angle(count);
  for (std::size_t i = 0; i < count; ++i) angle[i] = -pi / 2.0f + 2.0f * pi * static_cast<float>(i) / static_cast<float>(count);
  auto at = [&](float a) { return Point{centre.x + radiusX * std::cos(a), centre.y + radiusY * std::sin(a)}; };
  auto chord = [&](std::size_t i, std::size_t j) {
    const Point p = at(angle[i]), q = at(angle[j] + (j < i ? 2.0f * pi : 0.0f));
    return std::hypot(q.x - p.x, q.y - p.y);
  };
  const float scale = std::max(1.0f, radiusX + radiusY);
  // A small ring keeps equal angles: symmetric, and its peers are far apart anyway.
  for (int round = 0; round < 120 && count > 5; ++round)
    for (std::size_t i = 1; i < count; ++i) {
      const float before = chord(i - 1, i), after = chord(i, (i + 1) % count);
      angle[i] = std::clamp(angle[i] + 0.25f * (after - before) / scale, angle[i - 1] + 0.01f,
                            (i + 1 < count ? angle[i + 1] : 1.5f * pi) - 0.01f);
    }
  if (kept.size() >= 32) kept.erase(kept.begin());
  kept.push_back(Entry{count, centre, radiusX, radiusY, angle});
  return angle;
}

// Puts every peer's disc (radius r) and card: participants on an ellipse as large as the area
// allows once the widest card fits at its sides and the tallest under its bottom node,
// observers in a row below (or a column on the right of a wide canvas).
void placePeers(EnsembleScene& scene, const std::vector<Sid>& participants, const std::vector<Sid>& observers, float r,
                float width, float height, float fs, const TextWidth& textWidth) {
  const float gap = 0.0f;  // the halo (discHalo) already keeps the card clear of the rings
  float cardW = 0, cardH = 0;
  std::map<Sid, float> widths;
  for (const PeerCard& c : scene.peers) {
    float w = 0;
    for (const auto& l : c.lines) w = std::max(w, textWidth(l));
    widths[c.sid] = w;
    cardW = std::max(cardW, w + 4);
    cardH = std::max(cardH, scene.lineHeight * static_cast<float>(c.lines.size()));
  }
  // The node's outer radius takes in the rings drawn around the disc (discHalo): it keeps them
  // off the canvas edge and off the card. Neighbouring rings may touch each other's halo.
  const float outer = r + discHalo(fs);
  const float nodeW = std::max(2 * outer, cardW), below = cardH > 0 ? gap + cardH : 0.0f, nodeH = 2 * outer + below;
  const bool column = !observers.empty() && width >= 1.6f * height;
  const float obsRow = observers.empty() || column ? 0.0f : nodeH + fs * 0.3f;
  const float obsCol = column ? nodeW + fs * 0.5f : 0.0f;
  const float ringW = std::max(1.0f, width - obsCol), ringH = std::max(1.0f, height - obsRow);

  EnsembleLayout& l = scene.layout;
  l.centre.clear();
  l.nodeRadius = r;
  l.ringRadiusX = std::max(0.0f, (ringW - nodeW) * 0.5f);
  l.ringRadius = std::max(0.0f, (ringH - nodeH) * 0.5f);
  l.ringRadiusX = std::min(l.ringRadiusX, std::max(l.ringRadius, 1.0f) * 3.0f);  // not flatter than 3:1
  l.ringCentre = {ringW * 0.5f, outer + l.ringRadius};
  // Equal chords between neighbours (ringAngles).
  const std::size_t count = participants.size();
  auto at = [&](float a) {
    return Point{l.ringCentre.x + l.ringRadiusX * std::cos(a), l.ringCentre.y + l.ringRadius * std::sin(a)};
  };
  const std::vector<float> angle = ringAngles(count, l.ringCentre, l.ringRadiusX, l.ringRadius);
  for (std::size_t i = 0; i < count; ++i) l.centre[participants[i]] = at(angle[i]);
  const float k = static_cast<float>(observers.size());
  for (std::size_t i = 0; i < observers.size(); ++i) {
    const float f = static_cast<float>(i);
    if (column) l.centre[observers[i]] = {width - nodeW * 0.5f, (height - nodeH) * (k > 1 ? f / (k - 1) : 0.5f) + outer};
    else l.centre[observers[i]] = {width * (f + 1.0f) / (k + 1.0f), height - nodeH + outer};
  }
  for (PeerCard& c : scene.peers) {
    c.centre = l.centre[c.sid];
    c.disc = Box{c.centre.x - r, c.centre.y - r, c.centre.x + r, c.centre.y + r};
    c.rings = Box{c.centre.x - outer, c.centre.y - outer, c.centre.x + outer, c.centre.y + outer};
    const float w = widths[c.sid], top = c.centre.y + outer + gap;
    c.card = c.lines.empty() ? Box{}
                             : Box{c.centre.x - w * 0.5f - 2, top, c.centre.x + w * 0.5f + 2,
                                   top + scene.lineHeight * static_cast<float>(c.lines.size())};
  }
}

// A ring cut flat by the canvas edge, or drawn through the peer's own state line, reads as a
// glitch. (A neighbour's card may come within the halo: the disc itself stays clear of it, and
// demanding more costs a line of every card on a 1280x720 projector.)
bool ringsClear(const EnsembleScene& scene, float width, float height) {
  for (const PeerCard& p : scene.peers)
    if (!inside(p.rings, width, height) || p.rings.overlaps(p.card)) return false;
  return true;
}

bool readable(const EnsembleScene& scene, float width, float height) {
  if (!ringsClear(scene, width, height)) return false;
  const std::vector<Box> boxes = scene.obstacles();
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    if (!inside(boxes[i], width, height)) return false;
    for (std::size_t j = i + 1; j < boxes.size(); ++j)
      if (boxes[i].overlaps(boxes[j])) return false;
  }
  return true;
}

// The presenter's fonts are large; a card of eight rows at that size fills a corner that the
// peers need, so a corner card is written a quarter smaller (still the normal view's size or more).
constexpr float kCornerCardScale = 0.75f;
constexpr float kSmallestComparisonScale = 0.65f;

// Does the segment a-b pass through the box? (Liang-Barsky clipping.)
bool segmentCrosses(Point a, Point b, const Box& box) {
  float t0 = 0, t1 = 1;
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float p[] = {-dx, dx, -dy, dy};
  const float q[] = {a.x - box.x0, box.x1 - a.x, a.y - box.y0, box.y1 - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;  // parallel to this edge and outside it
      continue;
    }
    const float t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

// The leader's card (leader_quorum.hpp) in the presenter view: the comparison's column, or a
// free corner. Messages travel on the segments between peers, so a corner that none of them
// crosses stays clear of their dots while the run plays; their labels avoid it as they avoid
// the peers (obstacles()).
// The card's box and the font size it is written at: the canvas's own where a corner has room
// for it (a 3-peer ring leaves most of the canvas free), else a quarter smaller.
std::pair<Box, float> placeLeaderCard(const EnsembleScene& scene, float width, float ringH, float fs) {
  if (scene.comparisonInColumn) return {Box{scene.comparison.x0, 0, scene.comparison.x1, ringH}, scene.comparisonFontSize};
  std::vector<Box> taken = scene.obstacles();
  taken.push_back(scene.note);
  for (const float cardFs : {fs, fs * kCornerCardScale}) {
    const float h = cardFs * 10.4f;
    if (h > ringH) continue;
    // The widest card that fits a corner: narrower ones wrap more, and slip past a link that cuts
    // close to the corner.
    for (const float columns : {19.0f, 16.0f, 13.5f}) {
      const float w = std::min(cardFs * columns, width * 0.45f);
      if (w < cardFs * 12.0f) break;
      // A pixel or two inside the canvas: a box flush with its edge lost its border to the clip.
      const float e = std::max(2.0f, cardFs * 0.1f);
      const Box corners[] = {{width - w - e, e, width - e, h + e},
                             {e, e, w + e, h + e},
                             {width - w - e, ringH - h - e, width - e, ringH - e},
                             {e, ringH - h - e, w + e, ringH - e}};
      for (const Box& c : corners) {
        bool free = std::none_of(taken.begin(), taken.end(), [&](const Box& b) { return b.overlaps(c); });
        // The dots themselves (labels move off the card: it is one of the obstacles).
        const Box margin{c.x0 - cardFs * 0.6f, c.y0 - cardFs * 0.6f, c.x1 + cardFs * 0.6f, c.y1 + cardFs * 0.6f};
        for (std::size_t i = 0; free && i < scene.peers.size(); ++i)
          for (std::size_t j = i + 1; free && j < scene.peers.size(); ++j)
            free = !segmentCrosses(scene.peers[i].centre, scene.peers[j].centre, margin);
        if (free) return {c, cardFs};
      }
    }
  }
  return {Box{}, fs};
}

}  // namespace

std::vector<Box> EnsembleScene::obstacles() const {
  std::vector<Box> out;
  for (const auto& p : peers) {
    out.push_back(p.disc);
    if (!p.card.empty()) out.push_back(p.card);
  }
  if (!leaderCard.empty() && !comparisonInColumn) out.push_back(leaderCard);  // a corner: labels keep out
  for (const auto& c : cutLabels) out.push_back(c.box);
  return out;
}

const PeerCard* EnsembleScene::peer(Sid sid) const {
  for (const auto& p : peers)
    if (p.sid == sid) return &p;
  return nullptr;
}

namespace {

EnsembleScene buildScene(const sim::Simulation& sim, float width, float height, float fs, const TextWidth& textWidth,
                         bool presenter, bool chinese, bool phaseLine) {
  EnsembleScene scene;
  scene.presenter = presenter;
  scene.lineHeight = fs;
  // The bottom line is the "messages in flight" note's: no peer goes there.
  const float noteH = fs * 1.3f;
  scene.note = Box{fs * 0.3f, height - noteH, std::max(fs * 0.3f, width - fs * 0.3f), height - fs * 0.1f};
  const float ringH = std::max(1.0f, height - noteH - 1.0f);

  std::vector<Sid> participants, observers;
  for (const auto& [sid, s] : sim.peers()) (s.type == LearnerType::OBSERVER ? observers : participants).push_back(sid);
  std::vector<std::vector<std::string>> full;
  for (const auto& [sid, s] : sim.peers()) {
    PeerCard c;
    c.sid = sid;
    c.name = fmt::format("S{}", sid);
    if (s.alive && s.pausedUntil >= 0) c.badge = "PAUSED (SIGSTOP)";
    full.push_back(cardLines(s, presenter, chinese, phaseLine));
    scene.peers.push_back(std::move(c));
  }
  // The ring is laid out for the widest lines its cards can show (a vote for the highest sid;
  // the widest state a participant takes; in the normal view also the longest phase name), not
  // for this step's, and then this step's lines are written in those places. Laid out for the
  // step's own cards, the presenter's ring jumped aside when the election ended and the cards
  // narrowed to "zxid 0:0" (the comparison's column then fitted), a 15-peer ring in the normal
  // view doubled its discs and dropped its vote lines from one step to the next, and a 7-peer
  // ring at 1280x720 --scale 2 moved when LOOKING turned FOLLOWING. Where the widest state
  // would cost the presenter its vote comparison even in a smaller column, the state line is
  // left as it is, and the ring moves by a fraction of a disc instead.
  auto widestLines = [&](bool widenState) {
    std::vector<std::vector<std::string>> laidOut = full;
    Sid maxSid = 0;
    for (const auto& [sid, s] : sim.peers()) maxSid = std::max(maxSid, sid);
    auto widen = [&](std::string& line, const std::string& candidate) {
      if (textWidth(candidate) > textWidth(line)) line = candidate;
    };
    std::size_t i = 0;
    for (const auto& [sid, s] : sim.peers()) {
      std::vector<std::string>& lines = laidOut[i++];
      const Zxid zxid = s.peer.lastLoggedZxid();
      if (lines.size() < 2) lines.resize(2);
      if (widenState && s.type != LearnerType::OBSERVER)
        for (ServerState st : {ServerState::LOOKING, ServerState::FOLLOWING, ServerState::LEADING})
          widen(lines[0], std::string(to_string(st)));
      widen(lines[1], "vote " + voteNotation(maxSid, zxid, s.peer.currentEpoch()));
      if (!presenter && lines.size() >= 4)
        for (ZabState phase : {ZabState::ELECTION, ZabState::DISCOVERY, ZabState::SYNCHRONIZATION, ZabState::BROADCAST})
          widen(lines[3], fmt::format("zxid {}  {}", formatEpochCounter(zxid), to_string(phase)));
      if (phaseLine && s.type != LearnerType::OBSERVER) {  // a participant's phase line comes and goes with LOOKING
        if (lines.size() < 3) lines.resize(3);
        for (ZabState phase : {ZabState::DISCOVERY, ZabState::SYNCHRONIZATION, ZabState::BROADCAST})
          widen(lines[2], zabPhaseName(phase, chinese));
      }
    }
    return laidOut;
  };
  std::vector<std::vector<std::string>> laidOut = widestLines(true);
  auto layOut = [&] {
    scene.comparisonInColumn = false;
    // Discs as big as the canvas suggests (bigger in the presenter view), never so small that
    // "S12" leaves its disc. The richest card that fits wins; then the bigger disc.
    auto fit = [&](float areaW) {
      const float big = std::clamp(std::min(areaW, ringH) / (presenter ? 9.0f : 12.0f), fs * 1.2f, fs * (presenter ? 3.2f : 2.6f));
      const float radii[] = {big, std::max(fs * 1.2f, big * 0.75f), fs * 1.2f};
      for (int detail : {4, 2, 1, 0}) {
        setLines(scene, laidOut, detail);
        for (float r : radii) {
          placePeers(scene, participants, observers, r, areaW, ringH, fs, textWidth);
          if (readable(scene, areaW, ringH)) return true;
        }
      }
      // Nothing fits (a tiny canvas for many peers): bare discs, as small as they go.
      setLines(scene, laidOut, 0);
      placePeers(scene, participants, observers, fs * 1.0f, areaW, ringH, fs, textWidth);
      return false;
    };
    fit(width);

    // The vote comparison goes where nothing else is drawn: the middle of the ring, else a
    // corner of the canvas; it narrows to what is free, and is left out when even its shortest
    // form (9 font sizes each side of its centre) covers a peer.
    auto placeComparison = [&](float cfs) {
      const Point c = scene.layout.ringCentre;
      const float halfH = cfs * 3.2f;
      for (float halfW = cfs * 15.0f; halfW >= cfs * 9.0f; halfW -= cfs) {
        const float w2 = 2 * halfW, h2 = 2 * halfH;
        const float e = std::max(2.0f, cfs * 0.1f);  // inside the canvas, so its border is not clipped
        const Box candidates[] = {{c.x - halfW, c.y - halfH, c.x + halfW, c.y + halfH},
                                  {e, e, w2 + e, h2 + e},
                                  {width - w2 - e, e, width - e, h2 + e},
                                  {e, ringH - h2 - e, w2 + e, ringH - e},
                                  {width - w2 - e, ringH - h2 - e, width - e, ringH - e}};
        for (const Box& cmp : candidates) {
          bool free = inside(cmp, width, ringH);
          for (const Box& b : scene.obstacles()) free = free && !b.overlaps(cmp);
          if (free) return cmp;
        }
      }
      return Box{};
    };
    scene.comparison = placeComparison(fs);
    scene.comparisonFontSize = fs;
    // The presenter view always has room for it: when the ring leaves none, the ring moves left
    // and the comparison gets a column on the right (every step, so that peers never jump).
    if (presenter && scene.comparison.empty()) {
      const int before = scene.detail;
      auto column = [&](float cfs) {  // the comparison (and the leader's card) in a column at the right
        const float w = cfs * 19.0f;
        if (width - w < ringH || !fit(width - w) || scene.detail < std::min(before, 2)) return false;
        const float top = std::max(0.0f, (ringH - cfs * 6.4f) * 0.5f);
        scene.comparison = Box{width - w + cfs * 0.5f, top, width - std::max(2.0f, cfs * 0.1f), top + cfs * 6.4f};
        scene.comparisonFontSize = cfs;
        scene.comparisonInColumn = true;
        return true;
      };
      if (!column(fs)) {
        fit(width);
        // The column would have cost the cards their lines: a smaller comparison where it fits
        // (a quarter smaller, else a third: never below the normal view's size at a projector's).
        for (const float scale : {kCornerCardScale, kSmallestComparisonScale}) {
          scene.comparison = placeComparison(fs * scale);
          scene.comparisonFontSize = fs * scale;
          if (!scene.comparison.empty()) break;
        }
        // No corner is free either (7 peers at 1280x720 --scale 2, where only the state fits):
        // a column a quarter smaller, before the state line is narrowed to this step's (the
        // ring then moved whenever a card turned FOLLOWING or DOWN, and lost the column).
        if (scene.comparison.empty() && !column(fs * kCornerCardScale)) fit(width);
      }
    }
  };
  layOut();
  if (presenter && scene.comparison.empty()) {
    laidOut = widestLines(false);
    layOut();
  }
  // This step's own lines, in the places the widest cards were given (their boxes stay: the
  // labels keep clear of what a card may grow to).
  setLines(scene, full, scene.detail);
  if (presenter) {
    std::tie(scene.leaderCard, scene.leaderCardFontSize) = placeLeaderCard(scene, width, ringH, fs);
  }
  return scene;
}

// The presenter's cards with each server's phase under its zxid cost nothing that matters more:
// the vote comparison and the leader's card keep their places and sizes, and the discs stay at
// least 0.8 of their size. At 7 peers and 1600x900 "SYNCHRONIZATION" widened every card, and the
// leader's card went to a corner at a smaller size, wrapped; there the phase stays on the strip.
bool phaseLineCostsNothing(const EnsembleScene& with, const EnsembleScene& without) {
  constexpr float eps = 0.01f;
  if (with.detail < 4) return false;  // the phase line is not shown anyway
  if (with.layout.nodeRadius < 0.8f * without.layout.nodeRadius) return false;
  if (with.comparison.empty() != without.comparison.empty() || with.comparisonInColumn != without.comparisonInColumn ||
      with.comparisonFontSize < without.comparisonFontSize - eps)
    return false;
  return with.leaderCard.empty() == without.leaderCard.empty() && with.leaderCardFontSize >= without.leaderCardFontSize - eps;
}

void placeCutLabels(EnsembleScene& scene, const sim::Simulation& sim, float fs, const TextWidth& textWidth, bool chinese) {
  const auto& cuts = sim.network().cutLinks();
  std::vector<Box> taken = scene.obstacles();
  for (const auto& [from, to] : cuts) {
    // A link cut both ways once (from its smaller sid); a one-way cut names its direction, or it
    // reads as a partition of the two.
    const bool bothWays = cuts.count({to, from}) > 0;
    if ((bothWays && from > to) || !scene.layout.centre.count(from) || !scene.layout.centre.count(to)) continue;
    const std::string word = bothWays ? std::string(chinese ? "断开" : "cut")
                                      : fmt::format("S{}->S{} {}", from, to, chinese ? "断开" : "cut");
    const float w = textWidth(word), h = fs;
    const Point a = scene.layout.centre.at(from), b = scene.layout.centre.at(to);
    // Along the link, the middle first; then just beside it (the word still touches its line).
    const float len = std::max(1.0f, std::hypot(b.x - a.x, b.y - a.y));
    const float nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
    auto at = [&](float t, float side) {
      const float x = a.x + (b.x - a.x) * t + nx * side * h * 0.6f, y = a.y + (b.y - a.y) * t + ny * side * h * 0.6f;
      return Box{x - w * 0.5f, y - h * 0.5f, x + w * 0.5f, y + h * 0.5f};
    };
    Box box = at(0.5f, 0);
    bool found = false;
    for (const float side : {0.0f, 1.0f, -1.0f}) {
      for (const float t : {0.5f, 0.42f, 0.58f, 0.34f, 0.66f, 0.26f, 0.74f, 0.2f, 0.8f}) {
        const Box candidate = at(t, side);
        if (std::none_of(taken.begin(), taken.end(), [&](const Box& o) { return o.overlaps(candidate); })) {
          box = candidate;
          found = true;
          break;
        }
      }
      if (found) break;
    }
    taken.push_back(box);
    scene.cutLabels.push_back(EnsembleScene::CutLabel{from, to, box, word});
  }
}

}  // namespace

EnsembleScene buildEnsembleScene(const sim::Simulation& sim, float width, float height, float fs,
                                 const TextWidth& textWidth, bool presenter, bool chinese) {
  EnsembleScene scene = buildScene(sim, width, height, fs, textWidth, presenter, chinese, false);
  if (presenter) {
    EnsembleScene with = buildScene(sim, width, height, fs, textWidth, presenter, chinese, true);
    if (phaseLineCostsNothing(with, scene)) scene = std::move(with);
  }
  placeCutLabels(scene, sim, fs, textWidth, chinese);
  return scene;
}

std::vector<std::string> sceneProblems(const EnsembleScene& s, float width, float height) {
  std::vector<std::string> out;
  struct Named {
    std::string name;
    Box box;
  };
  std::vector<Named> boxes;
  for (const auto& p : s.peers) {
    boxes.push_back({p.name + " disc", p.disc});
    if (!p.card.empty()) boxes.push_back({p.name + " card", p.card});
    if (!inside(p.disc, width, height)) out.push_back(p.name + " is outside the canvas");
    if (!inside(p.card, width, height)) out.push_back(p.name + "'s card is outside the canvas");
    if (!inside(p.rings, width, height)) out.push_back(p.name + "'s rings are cut by the canvas edge");
    if (p.rings.overlaps(p.card)) out.push_back(p.name + "'s rings cross its card");
  }
  boxes.push_back({"the in-flight note", s.note});
  if (!s.comparison.empty()) boxes.push_back({"the vote comparison", s.comparison});
  // The leader's card in a corner may share room with the comparison (the view leaves the card
  // out on a vote's step when they meet), not with anything else.
  if (!s.leaderCard.empty() && !s.comparisonInColumn)
    for (const auto& b : boxes)
      if (b.name != "the vote comparison" && b.box.overlaps(s.leaderCard)) out.push_back("the leader's card overlaps " + b.name);
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j)
      if (boxes[i].box.overlaps(boxes[j].box)) out.push_back(boxes[i].name + " overlaps " + boxes[j].name);
  return out;
}

}  // namespace zabscope
