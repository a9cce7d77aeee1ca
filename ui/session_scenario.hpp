#pragma once
// A session saved as a scenario file (docs/scenario-language.md) that replays to the same state:
// the setup (ensemble line, seed), then every action up to a point, in the scenario language.
// Consecutive events become `step N`; a clock advance `run MS` (or `wait MS` when an event is
// due at its end); a delivery, drop or duplicate by hand names its message by from/to/type/nth,
// as the runner will count them, or a timer by `id=`.
#include <cstddef>
#include <string>

#include "session.hpp"

namespace zabscope {

// `upTo` actions (the cursor: what is on screen). `source` names where the session came from, in
// the header comment. A relative zoo.cfg path in the ensemble line is made absolute (it was
// relative to the current directory), so the file works wherever it is saved.
std::string sessionToScenario(const Session& session, std::size_t upTo, const std::string& source);

}  // namespace zabscope
