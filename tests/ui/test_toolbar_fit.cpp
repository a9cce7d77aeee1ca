// The main toolbar at every classroom size (issue 11 point 5): what does not fit on the row
// goes behind "More", so no button is drawn past the window's edge.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "font_context.hpp"
#include "toolbar_fit.hpp"

using namespace zabscope;

TEST_CASE("toolbar: items that do not fit go behind More, at every classroom size", "[layout]") {
  const test::FontContext font;
  // The toolbar of ui/controls_panel.cpp: its buttons, and one check box.
  struct Item {
    const char* label;
    bool checkbox;
  };
  const Item items[] = {{"Pause", false},        {"Step", false},         {"Back", false},
                        {"Next vote change", false}, {"Next phase change", false}, {"Until leader", false},
                        {"Kill leader", false},  {"manual delivery", true}, {"Presenter view", false}};
  struct Screen {
    float w, scale;
  };
  for (const Screen sc : {Screen{1280, 1.0f}, Screen{1280, 1.5f}, Screen{1280, 2.0f}, Screen{1600, 1.0f},
                          Screen{1920, 1.0f}, Screen{3840, 2.4f}}) {
    const float fs = 16.0f * sc.scale, pad = 4.0f * sc.scale, spacing = 8.0f * sc.scale;
    auto text = [&](const char* t) { return font.width(fs, t); };
    std::vector<float> widths;
    for (const Item& it : items) widths.push_back(it.checkbox ? fs + 2 * pad + 4.0f * sc.scale + text(it.label) : text(it.label) + 2 * pad);
    const float more = text("More") + 2 * pad;
    const float row = sc.w - 2 * 8.0f * sc.scale;  // the window's padding on both sides
    const std::size_t n = toolbarItemsThatFit(widths, spacing, row, more);
    float right = 0;
    for (std::size_t i = 0; i < n; ++i) right += (i ? spacing : 0.0f) + widths[i];
    if (n < widths.size()) right += spacing + more;
    INFO(fmt::format("{} px at --scale {}: {} of {} items on the row, ending at {:.0f} of {:.0f}", sc.w, sc.scale, n,
                     widths.size(), right, row));
    CHECK(right <= row);
    CHECK(n >= 3);  // Play, Step and Back stay on the row
    if (sc.w >= 1920 && sc.scale == 1.0f) CHECK(n == widths.size());
  }
  // Where the toolbar does not fit, "Presenter view" was past the window's edge.
}
