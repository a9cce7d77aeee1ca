#pragma once
// Text wrapped to the pane's width that also breaks between Chinese characters (text_wrap.hpp):
// ImGui::TextWrapped breaks only at spaces, so a Chinese sentence in the presenter's caption or
// an Inspector explanation pushed whole runs to the next line and left the first one short.
#include <imgui.h>

#include <optional>
#include <string_view>

namespace zabscope {

// Wraps at `width` pixels (0: the room left on the line), in `color` when given.
void wrappedText(std::string_view text, float width = 0, std::optional<ImU32> color = std::nullopt);
// printf-style, for the places that used ImGui::TextWrapped(fmt, ...).
void wrappedTextF(const char* fmt, ...) IM_FMTARGS(1);
// The same in the disabled (muted) colour, as ImGui::TextDisabled.
void wrappedTextDisabled(std::string_view text);

}  // namespace zabscope
