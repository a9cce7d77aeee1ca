#pragma once
// The leader's quorum card on the canvas (leader_quorum.hpp): its title, then one row per wait
// of Leader.lead() and the oldest proposal, each with a mark (passed, waiting now, still to
// come) and who has answered, wrapped to the column's width.
#include <imgui.h>

#include "box.hpp"
#include "leader_quorum.hpp"

namespace zabscope {

// Drawn at area's width in text of fontSize, as tall as its rows need, centred in area's height.
void drawLeaderQuorumCard(ImDrawList* dl, const LeaderQuorumCard& card, const Box& area, float fontSize, Language lang);

}  // namespace zabscope
