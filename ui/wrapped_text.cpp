#include "wrapped_text.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "text_wrap.hpp"

namespace zabscope {

std::vector<std::string> wrapAtSize(std::string_view text, float width, float fontSize) {
  const ImFont* font = ImGui::GetFont();
  const float scale = fontSize / font->FontSize;
  return wrapLines(text, width, [&](char32_t c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * scale;
  });
}

float textWidthAtSize(std::string_view text, float fontSize) {
  return ImGui::GetFont()->CalcTextSizeA(fontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

void wrappedText(std::string_view text, float width, std::optional<ImU32> color) {
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  width = std::max(ImGui::GetFontSize() * 4, width);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  for (const auto& line : wrapAtSize(text, width, ImGui::GetFontSize())) ImGui::TextUnformatted(line.c_str());
  if (color) ImGui::PopStyleColor();
}

void wrappedTextF(const char* fmt, ...) {
  // Measured first, so a long list (every zxid being fsynced) or a client's value is never cut.
  va_list args, measure;
  va_start(args, fmt);
  va_copy(measure, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, measure);
  va_end(measure);
  std::string text(static_cast<std::size_t>(std::max(n, 0)), '\0');
  if (n > 0) std::vsnprintf(text.data(), text.size() + 1, fmt, args);
  va_end(args);
  wrappedText(text);
}

void wrappedTextDisabled(std::string_view text) {
  wrappedText(text, 0, ImGui::GetColorU32(ImGuiCol_TextDisabled));
}

}  // namespace zabscope
