#pragma once
// The presenter's caption for where the cursor stands. A step with a record is explained by
// captionFor; an entry without one (a command, the clock running on to the end of a scenario's
// `run 3000`, a step with nothing left to happen) gets its own short sentence, so the caption
// bar is never blank and never shows a line of the scenario file in its place.
#include <cstddef>
#include <string>
#include <vector>

#include "lesson.hpp"
#include "session.hpp"

namespace zabscope {

std::string cursorCaption(const Session& session, Language lang);
// The same words for entry i of the timeline (the event log shows them in Chinese).
std::string entryCaption(const Session& session, std::size_t i, Language lang);
// What the step at the cursor broke, for the caption's last line (empty: nothing): the first
// safety violation the checker reported there, how many more, and the known ZooKeeper 3.8.0 bug
// a report names. A known-bug example's whole point, which the class otherwise never saw.
std::string cursorProblemsCaption(const Session& session, Language lang);
// The same from a step's reports (the checker's lines, "Invariant: what... [known ...] (seed N)").
std::string problemsCaption(const std::vector<std::string>& problems, Language lang);

}  // namespace zabscope
