#pragma once
// One line of text cut to the room it has, ending in "..." (never inside a UTF-8 character),
// with the whole of it in a tooltip. The ensemble's hint ("click a peer to select it, ...")
// ran past the pane's edge and was clipped mid-glyph on every screen narrower than 1920 px.
#include <functional>
#include <string>
#include <string_view>

namespace zabscope {

// Headless: `width(text)` measures a string in pixels. Returns `text` when it fits.
std::string fitToWidth(std::string_view text, float room, const std::function<float(std::string_view)>& width);

// ImGui: TextDisabled of the fitted text in what is left of the current line; the tooltip shows
// the whole text when it was cut.
void textDisabledFitted(const std::string& text);

}  // namespace zabscope
