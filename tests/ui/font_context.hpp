#pragma once
// An ImGui context with DejaVu Sans at 16 px (the app's font), or ImGui's own if it is absent:
// layout tests measure text as the app does, without a window.
#include <imgui.h>

#include <filesystem>
#include <string_view>

namespace zabscope::test {

struct FontContext {
  FontContext() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    const char* dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (!std::filesystem::exists(dejavu) || !io.Fonts->AddFontFromFileTTF(dejavu, 16.0f)) io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    font = io.Fonts->Fonts[0];
  }
  ~FontContext() { ImGui::DestroyContext(); }
  FontContext(const FontContext&) = delete;
  FontContext& operator=(const FontContext&) = delete;
  // The width of a text at font size fs.
  float width(float fs, std::string_view t) const {
    return font->CalcTextSizeA(fs, FLT_MAX, 0.0f, t.data(), t.data() + t.size()).x;
  }
  ImFont* font = nullptr;
};

}  // namespace zabscope::test
