#pragma once
// Why a connection closed, in words a student reads on the canvas's caption and in the
// Inspector: in English the engine's own words (QuorumCnxManager's, the LearnerHandler's), in
// Chinese a sentence made from the close's cause (zab::CloseCause), with the engine's English
// words only where the cause has no sentence of its own.
#include <string>
#include <string_view>

#include "lesson.hpp"
#include "zab/close_cause.hpp"
#include "zab/types.hpp"

namespace zabscope {

// `words`: the engine's reason ("smaller sid connected; dialling back"); `from`: the server
// whose end closed. Empty when there is nothing to say (a plain FIN).
std::string closeReasonText(zab::CloseCause cause, std::string_view words, zab::Sid from, Language language);

}  // namespace zabscope
