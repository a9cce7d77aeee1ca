#include "wrapped_text.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "text_wrap.hpp"

namespace zabscope {

void wrappedText(std::string_view text, float width, std::optional<ImU32> color) {
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  width = std::max(ImGui::GetFontSize() * 4, width);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  for (const auto& line : wrapLines(text, width, [&](char32_t c) {
         return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * scale;
       }))
    ImGui::TextUnformatted(line.c_str());
  if (color) ImGui::PopStyleColor();
}

void wrappedTextF(const char* fmt, ...) {
  char buf[2048];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  wrappedText(buf);
}

void wrappedTextDisabled(std::string_view text) {
  wrappedText(text, 0, ImGui::GetColorU32(ImGuiCol_TextDisabled));
}

}  // namespace zabscope
