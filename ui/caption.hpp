#pragma once
// The presenter's caption: one or two sentences, in English or Chinese, saying what the step
// at the cursor did and why. Built from the step's numbers (the vote comparison, milestones,
// the packet type), not from the engine's English notes, so both languages say the same; a
// step with no template falls back to the engine's own headline.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lesson.hpp"
#include "sim/simulation.hpp"

namespace zabscope {

std::string captionFor(const zab::sim::StepRecord& rec, Language lang);

// A field of an observer's start-up vote, which has none (ZooKeeper fills it with
// Long.MIN_VALUE): "none" / "无"; `shown` otherwise. For the caption and the comparison panel.
std::string voteFieldText(std::int64_t field, std::string shown, Language lang);

// The vote comparison alone ("S2 got S3's vote ... -> switch"), for the canvas and the log.
std::string voteComparisonText(const zab::VoteComparison& c, Language lang);
// The outcome in a few words, for the comparison panel's corner ("SWITCH to S3", "改投 S3"); kept
// beside voteComparisonText so the panel and the caption name each outcome the same way.
std::string voteOutcomeLabel(const zab::VoteComparison& c, Language lang);

// The engine's words and the checker's reports name a bug they reproduce as "known ZooKeeper
// 3.8.0 bug NAME"; the NAME and where that phrase starts, or nothing.
struct KnownBugMention {
  std::size_t at = 0;
  std::string name;
};
std::optional<KnownBugMention> knownBugMention(std::string_view text);

}  // namespace zabscope
