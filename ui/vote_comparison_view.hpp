#pragma once
// The vote comparison on the canvas: the received vote and the receiver's own, side by side
// as (myid, zxid) with their epoch, in the order FLE compares them (epoch, zxid, myid); the
// field that decided is framed, the outcome named (switch, keep, drop an older round), and
// the recvset tally drawn toward a quorum ("2 of 3 for S3").
#include <imgui.h>

#include "box.hpp"
#include "lesson.hpp"
#include "zab/vote_comparison.hpp"

namespace zabscope {

// The message that caused it: a thick arrow from the sender's disc to the receiver's, sized by
// the canvas's font (the discs'), whatever the size the comparison is written at.
void drawVoteArrow(ImDrawList* dl, ImVec2 sender, ImVec2 receiver, float canvasFontSize);
void drawVoteComparison(ImDrawList* dl, const zab::VoteComparison& c, const Box& area, float fontSize, Language lang);
// The presenter's column before the election has a vote to compare (no leader's card yet):
// where the comparison will appear, and the order of its fields, so a class can predict it.
void drawVoteComparisonHint(ImDrawList* dl, const Box& area, float fontSize, Language lang);

}  // namespace zabscope
