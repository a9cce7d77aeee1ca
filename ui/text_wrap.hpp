#pragma once
// Word wrap that also breaks between Chinese characters. Dear ImGui 1.86 breaks lines only at
// spaces, so a Chinese paragraph (no spaces) broke at the few ASCII words in it and left a
// ragged column. Here a line may break after a space or next to any CJK character, except
// before closing punctuation (，。：；）！？、) which stays on its line. Headless, unit-tested.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zabscope {

// `advance(codepoint)` is the glyph's width in pixels. Explicit '\n' starts a new line.
std::vector<std::string> wrapLines(std::string_view text, float width, const std::function<float(char32_t)>& advance);

}  // namespace zabscope
