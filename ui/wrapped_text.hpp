#pragma once
// Text wrapped to the pane's width that also breaks between Chinese characters (text_wrap.hpp):
// ImGui::TextWrapped breaks only at spaces, so a Chinese sentence in the presenter's caption or
// an Inspector explanation pushed whole runs to the next line and left the first one short.
#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zabscope {

// The same wrap measured in the current font at `fontSize` pixels: for text drawn on a draw list
// at its own size (the presenter's cards), or counted before it is written.
std::vector<std::string> wrapAtSize(std::string_view text, float width, float fontSize);
float textWidthAtSize(std::string_view text, float fontSize);  // one line, unwrapped

// Wraps at `width` pixels (0: the room left on the line), in `color` when given.
void wrappedText(std::string_view text, float width = 0, std::optional<ImU32> color = std::nullopt);
// printf-style, for the places that used ImGui::TextWrapped(fmt, ...).
void wrappedTextF(const char* fmt, ...) IM_FMTARGS(1);
// The same in the disabled (muted) colour, as ImGui::TextDisabled.
void wrappedTextDisabled(std::string_view text);

}  // namespace zabscope
