#pragma once
// What the ensemble canvas shows, before any drawing: where each peer sits, the lines of its
// card and the boxes they take, where the vote comparison and the "messages in flight" note
// go. Headless (text is measured through a function), so a test can build the scene for every
// screen size, scale and ensemble and check that no two boxes overlap and every peer is inside.
//
// A card that does not fit loses detail, most detailed first: four lines, then two, then the
// state alone, then nothing but the disc (whose id is always drawn). Every peer gets the same
// level, so a student compares like with like.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "box.hpp"
#include "layout.hpp"
#include "sim/simulation.hpp"

namespace zabscope {

using TextWidth = std::function<float(std::string_view)>;

struct PeerCard {
  zab::Sid sid = 0;
  Point centre;                    // canvas-relative
  std::string name;                // "S3"
  std::string badge;               // "PAUSED" (SIGSTOP), "" otherwise
  std::vector<std::string> lines;  // under the disc; lines[0] is the state
  Box disc, card;                  // canvas-relative; card empty when it has no lines
  Box rings;                       // the disc and its halo (discHalo): inside the canvas, off its card
};

struct EnsembleScene {
  EnsembleLayout layout;
  std::vector<PeerCard> peers;  // in the simulation's sid order
  int detail = 0;               // lines per card (4, 2, 1 or 0)
  float lineHeight = 0;
  Box note;        // the "N messages in flight" line, at the bottom edge
  Box comparison;  // where the vote comparison goes (empty: no room without covering a peer)
  // The presenter's column on the right (not the middle of the ring): between vote comparisons
  // it shows what the leader waits for (leader_quorum.hpp), with no message crossing it.
  bool comparisonInColumn = false;
  // The comparison's own font size: the canvas's, or (presenter only) a quarter smaller in a
  // corner or the middle of the ring when the full size fits nowhere and the column would cost
  // the cards their lines: a 7-peer ring at 1280x720 --scale 1.5 had no comparison at all.
  float comparisonFontSize = 0;
  // Presenter only: where the leader's quorum card goes. The column when there is one, else a
  // corner of the canvas that no peer, card or message path (the segment between two peers)
  // touches; empty when no corner is free. A corner may meet the comparison's box, which is
  // drawn on a vote's step only: the card then stays out of that step.
  Box leaderCard;
  float leaderCardFontSize = 0;  // the canvas's font size, or a quarter smaller in a corner that has no room for it
  bool presenter = false;

  // "cut" (断开) on each link a partition cut: along the link where no disc, card or other cut
  // label is (the middle first). At the middle it sat on a card's "zxid 1:9 ELECTION" line.
  struct CutLabel {
    zab::Sid a = 0, b = 0;  // a one-way cut stops a -> b only
    Box box;  // canvas-relative, one line of text
    std::string word;  // "cut", or "S5->S3 cut" for one direction (in the app's language)
  };
  std::vector<CutLabel> cutLabels;

  std::vector<Box> obstacles() const;  // discs, cards, the leader's card in a corner, cut labels: message labels keep clear of them
  const PeerCard* peer(zab::Sid sid) const;
};

// How far the rings drawn around a disc reach beyond it (the selection, the leader's gold ring,
// the paused ring): peers are placed so that this stays inside the canvas and off the card
// below, so no ring is cut by the canvas edge or drawn over the peer's state.
inline float discHalo(float fontSize) { return fontSize * 0.35f; }

// `presenter`: bigger discs and a shorter card (state and zxid), for the back row.
EnsembleScene buildEnsembleScene(const zab::sim::Simulation& sim, float width, float height, float fontSize,
                                 const TextWidth& textWidth, bool presenter, bool chinese = false);

// Box pairs that overlap, and peers outside the canvas: empty when the scene is readable.
std::vector<std::string> sceneProblems(const EnsembleScene& s, float width, float height);

}  // namespace zabscope
