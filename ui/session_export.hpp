#pragma once
// The session's trace written to a file, as zabsim writes it: JSON lines (`zabsim --trace`) or a
// ShiViz log (`zabsim --shiviz`). The session is saved as a scenario (session_scenario.hpp) and
// that scenario is run headless with the writer attached, so the export is exactly what zabsim
// would write for the saved file.
#include <cstddef>
#include <string>

#include "session.hpp"

namespace zabscope {

enum class TraceFormat { JsonLines, Shiviz };

// Writes `path`; false with a message in `error` when it cannot.
bool exportTrace(const Session& session, std::size_t upTo, TraceFormat format, const std::string& path,
                 std::string& error);

// The same text, not written (tests).
std::string traceText(const Session& session, std::size_t upTo, TraceFormat format, std::string& error);

}  // namespace zabscope
