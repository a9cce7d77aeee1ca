// Which parts of the screen changed: real Dear ImGui frames, built headless (no window, no
// OpenGL), compared by the damage tracker that the partial renderer relies on.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <functional>

#include "damage_tracker.hpp"

using namespace zabscope;

namespace {

// An ImGui context with a built font atlas, enough to lay out and record frames.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }

  // One frame: a left panel (always the same) and a right panel drawn by `right`.
  const ImDrawData& frame(const std::function<void()>& right) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoBackground;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 600));
    ImGui::Begin("left", nullptr, fixed);
    ImGui::TextUnformatted("a panel that never changes");
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(400, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 600));
    ImGui::Begin("right", nullptr, fixed);
    right();
    ImGui::End();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }
};

void dot(float x, float y) { ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, y), ImVec2(x + 10, y + 10), IM_COL32_WHITE); }

bool inside(const DamageRect& r, float x0, float y0, float x1, float y1) {
  return r.x0 >= x0 && r.y0 >= y0 && r.x1 <= x1 && r.y1 <= y1;
}

}  // namespace

TEST_CASE("ui damage: the first frame repaints everything - an identical frame nothing") {
  HeadlessImGui gui;
  DamageTracker tracker;
  auto still = [] { ImGui::TextUnformatted("hello"); };
  auto first = tracker.update(gui.frame(still));
  REQUIRE(first.size() == 1);
  CHECK(first[0].area() == Approx(800 * 600));
  gui.frame(still);  // ImGui settles its layout over the first frames
  tracker.update(gui.frame(still));
  CHECK(tracker.update(gui.frame(still)).empty());
}

TEST_CASE("ui damage: a moved shape damages where it was and where it is - nothing else") {
  HeadlessImGui gui;
  DamageTracker tracker;
  for (int i = 0; i < 3; ++i) tracker.update(gui.frame([] { dot(500, 100); }));
  auto damage = tracker.update(gui.frame([] { dot(500, 300); }));
  REQUIRE_FALSE(damage.empty());
  DamageRect all;
  float area = 0;
  for (const auto& r : damage) {
    CHECK(inside(r, 400, 0, 800, 600));  // never the left panel
    area += r.area();
    all = all.empty() ? r : DamageRect{std::min(all.x0, r.x0), std::min(all.y0, r.y0), std::max(all.x1, r.x1), std::max(all.y1, r.y1)};
  }
  CHECK(inside(DamageRect{500, 100, 510, 110}, all.x0, all.y0, all.x1, all.y1));  // the old place
  CHECK(inside(DamageRect{500, 300, 510, 310}, all.x0, all.y0, all.x1, all.y1));  // the new place
  CHECK(area < 2 * 20 * 20);  // two small boxes, not the space between them
}

TEST_CASE("ui damage: changed text damages its line - not the unchanged lines after it") {
  HeadlessImGui gui;
  DamageTracker tracker;
  auto lines = [](const char* middle) {
    return [middle] {
      ImGui::TextUnformatted("first line");
      ImGui::TextUnformatted(middle);
      ImGui::TextUnformatted("third line");
    };
  };
  for (int i = 0; i < 3; ++i) tracker.update(gui.frame(lines("step 10")));
  auto damage = tracker.update(gui.frame(lines("step 11")));
  REQUIRE(damage.size() == 1);
  const float lineH = ImGui::GetTextLineHeightWithSpacing();
  CHECK(damage[0].y1 - damage[0].y0 <= lineH + 2);
  CHECK(inside(damage[0], 400, 0, 800, 600));
}

TEST_CASE("ui damage: a changed toolbar label and a moving canvas - not the unchanged widgets between them") {
  HeadlessImGui gui;
  DamageTracker tracker;
  auto panel = [](const char* range, float dotY) {
    return [range, dotY] {
      ImGui::TextUnformatted(range);  // the toolbar's range, which changes as the view scrolls
      for (int i = 0; i < 6; ++i) ImGui::TextUnformatted("an unchanged toolbar widget");
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->PushClipRect(ImVec2(400, 400), ImVec2(800, 600), true);  // the canvas
      dl->AddRectFilled(ImVec2(500, dotY), ImVec2(510, dotY + 10), IM_COL32_WHITE);
      dl->PopClipRect();
    };
  };
  for (int i = 0; i < 3; ++i) tracker.update(gui.frame(panel("10987 .. 11287 ms", 450)));
  auto damage = tracker.update(gui.frame(panel("10988 .. 11288 ms", 460)));
  REQUIRE_FALSE(damage.empty());
  const float lineH = ImGui::GetTextLineHeightWithSpacing();
  bool rangeDamaged = false, dotDamaged = false;
  for (const auto& r : damage) {
    UNSCOPED_INFO("damage " << r.x0 << " " << r.y0 << " " << r.x1 << " " << r.y1);
    if (r.y0 < 400) {
      // Above the canvas only the range's line, not the six widgets under it.
      CHECK(r.y1 - r.y0 <= lineH + 2);
      rangeDamaged = true;
    }
    dotDamaged = dotDamaged || (r.y0 <= 450 && r.y1 >= 470);
  }
  CHECK(rangeDamaged);
  CHECK(dotDamaged);
}

TEST_CASE("ui damage: a tooltip that comes and goes damages only its own box") {
  HeadlessImGui gui;
  DamageTracker tracker;
  auto plain = [] { dot(450, 50); };
  auto withTip = [] {
    dot(450, 50);
    ImGui::SetNextWindowPos(ImVec2(600, 400));
    ImGui::BeginTooltip();
    ImGui::TextUnformatted("S7 -> S3  COMMIT 1:73");
    ImGui::EndTooltip();
  };
  for (int i = 0; i < 3; ++i) tracker.update(gui.frame(plain));
  // ImGui sizes a new tooltip during a hidden first frame; it shows on the next.
  std::vector<std::vector<DamageRect>> damage;
  for (int i = 0; i < 3; ++i) damage.push_back(tracker.update(gui.frame(withTip)));
  damage.push_back(tracker.update(gui.frame(plain)));  // gone
  std::size_t frames = 0;
  for (const auto& d : damage) {
    if (d.empty()) continue;
    ++frames;
    REQUIRE(d.size() == 1);
    CHECK(inside(d[0], 590, 390, 800, 460));  // the tooltip's box, not the whole screen
  }
  CHECK(frames == 2);                            // when it shows, and when it goes
  CHECK(damage.back().size() == 1);
}

TEST_CASE("ui damage: invalidate repaints everything") {
  HeadlessImGui gui;
  DamageTracker tracker;
  for (int i = 0; i < 3; ++i) tracker.update(gui.frame([] { dot(450, 50); }));
  tracker.invalidate();
  auto damage = tracker.update(gui.frame([] { dot(450, 50); }));
  REQUIRE(damage.size() == 1);
  CHECK(damage[0].area() == Approx(800 * 600));
}

TEST_CASE("ui damage: overlapping rectangles merge - panels that only touch stay apart") {
  std::vector<DamageRect> same{{0, 0, 100, 100}, {10, 0, 110, 100}};
  mergeDamage(same);
  REQUIRE(same.size() == 1);
  CHECK(same[0].x1 == 110);
  // A full-width top bar and a left panel below it, overlapping by a pixel: their bounding
  // box would take in the whole right side, so they stay two rectangles.
  std::vector<DamageRect> panels{{0, 0, 1600, 110}, {0, 109, 1000, 700}};
  mergeDamage(panels);
  CHECK(panels.size() == 2);
  // Too many rectangles become one.
  std::vector<DamageRect> many;
  for (std::size_t i = 0; i <= DamageTracker::kMaxRects; ++i)
    many.push_back({static_cast<float>(i) * 50, 0, static_cast<float>(i) * 50 + 10, 10});
  mergeDamage(many);
  REQUIRE(many.size() == 1);
  CHECK(many[0].x1 == static_cast<float>(DamageTracker::kMaxRects) * 50 + 10);
}

TEST_CASE("ui damage: dots moving all over a canvas - not the unchanged peers drawn after them") {
  // The ensemble's shape: a canvas whose dots all move every frame, then peers drawn over
  // them, one of whose cards changes. The dots' run of triangles spans the canvas, and the
  // changed card comes after the peers; the unchanged peers' boxes must keep their pixels.
  HeadlessImGui gui;
  DamageTracker tracker;
  auto canvas = [](float shift, const char* card) {
    return [shift, card] {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      for (float i = 0; i < 6; ++i) {  // dots along the canvas's left and bottom edges
        dl->AddRectFilled(ImVec2(410 + shift, 20 + 90 * i), ImVec2(416 + shift, 26 + 90 * i), IM_COL32_WHITE);
        dl->AddRectFilled(ImVec2(410 + 60 * i + shift, 560), ImVec2(416 + 60 * i + shift, 566), IM_COL32_WHITE);
      }
      dl->AddRectFilled(ImVec2(600, 150), ImVec2(660, 210), IM_COL32(200, 0, 0, 255));  // an unchanged peer
      dl->AddRectFilled(ImVec2(700, 300), ImVec2(760, 360), IM_COL32(0, 0, 200, 255));  // a peer whose card changes
      dl->AddText(ImVec2(700, 400), IM_COL32_WHITE, card);
    };
  };
  for (int i = 0; i < 3; ++i) tracker.update(gui.frame(canvas(0, "zxid 1:5")));
  auto damage = tracker.update(gui.frame(canvas(1, "zxid 1:6")));
  REQUIRE_FALSE(damage.empty());
  bool cardDamaged = false;
  for (const auto& r : damage) {
    UNSCOPED_INFO("damage " << r.x0 << " " << r.y0 << " " << r.x1 << " " << r.y1);
    CHECK_FALSE(r.overlaps(DamageRect{600, 150, 660, 210}));  // the unchanged peer
    CHECK_FALSE(r.overlaps(DamageRect{700, 300, 760, 360}));  // the other peer's disc
    cardDamaged = cardDamaged || r.overlaps(DamageRect{700, 400, 760, 410});
  }
  CHECK(cardDamaged);
  // Every pixel of the old and the new dots is inside the damage.
  auto covered = [&damage](float x, float y) {
    for (const auto& r : damage)
      if (x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) return true;
    return false;
  };
  for (float shift : {0.0f, 1.0f})
    for (float i = 0; i < 6; ++i)
      for (float d = 0; d < 6; ++d) {
        CHECK(covered(410 + shift + d, 20 + 90 * i + d));
        CHECK(covered(410 + 60 * i + shift + d, 560 + d));
      }
}
