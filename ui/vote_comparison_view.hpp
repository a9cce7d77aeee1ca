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

void drawVoteComparison(ImDrawList* dl, const zab::VoteComparison& c, const Box& area, ImVec2 sender, ImVec2 receiver,
                        float fontSize, Language lang);

}  // namespace zabscope
