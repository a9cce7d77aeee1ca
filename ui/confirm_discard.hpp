#pragma once
// The modal that asks before a session with the user's work in it is replaced (opening a file,
// a lesson, a new ensemble): what would be lost, and Save first / Discard / Cancel. The request
// comes from replaceSession() (file_open.hpp) as AppState::discardRequest.
#include "app_state.hpp"

namespace zabscope {

enum class DiscardChoice { None, SaveFirst };

// Draws the modal while a request waits. Discard runs the request; Cancel drops it; SaveFirst
// is returned (the request stays) for the caller to save and then run it.
DiscardChoice drawConfirmDiscard(AppState& app);

}  // namespace zabscope
