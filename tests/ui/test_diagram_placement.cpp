// Where the space-time diagram sits: the strip's height per placement, key D's cycle, and the
// GUI script's `diagram` action (issue 11 point 5).
#include <catch2/catch.hpp>

#include "app_state.hpp"
#include "diagram_placement.hpp"
#include "gui_script.hpp"

using namespace zabscope;

TEST_CASE("ui diagram placement: enlarged takes most of the window, detached none - the ensemble keeps its minimum") {
  // 900 px high, 115 px of toolbar: 785 px for the ensemble and the strip.
  CHECK(diagramDockedHeight(DiagramPlacement::Docked, 216, 785, 192) == 216);
  const float big = diagramDockedHeight(DiagramPlacement::Enlarged, 216, 785, 192);
  CHECK(big > 785 * 0.7f);
  CHECK(785 - big >= 192);
  CHECK(diagramDockedHeight(DiagramPlacement::Detached, 216, 785, 192) == 0);
  // A tiny window: enlarged never gives less than docked, and never more than there is.
  CHECK(diagramDockedHeight(DiagramPlacement::Enlarged, 100, 150, 192) == 100);
  CHECK(diagramDockedHeight(DiagramPlacement::Docked, 216, 150, 192) == 150);

  CHECK(nextPlacement(DiagramPlacement::Docked) == DiagramPlacement::Enlarged);
  CHECK(nextPlacement(DiagramPlacement::Enlarged) == DiagramPlacement::Detached);
  CHECK(nextPlacement(DiagramPlacement::Detached) == DiagramPlacement::Docked);
}

TEST_CASE("ui diagram placement: the GUI script sets it, and a wrong word names its line") {
  std::string error;
  auto script = GuiScript::parse("diagram enlarged\ndiagram detached\ndiagram docked\n", "t.script", error);
  REQUIRE(script.has_value());
  AppState app(Session::withEnsemble(3, 0, 1));
  // Each line is applied between frames: run frames until the placement changes.
  auto next = [&] {
    std::string shot;
    const DiagramPlacement before = app.diagram;
    for (int frame = 0; frame < 5 && app.diagram == before; ++frame) script->advance(app, shot);
    return app.diagram;
  };
  CHECK(next() == DiagramPlacement::Enlarged);
  CHECK(next() == DiagramPlacement::Detached);
  CHECK(next() == DiagramPlacement::Docked);

  CHECK_FALSE(GuiScript::parse("step 1\ndiagram huge\n", "t.script", error).has_value());
  CHECK(error.find("t.script:2") != std::string::npos);
  CHECK(error.find("docked, enlarged or detached") != std::string::npos);
}

TEST_CASE("ui diagram placement: the GUI script opens the graphs' large view on the Graphs tab") {
  std::string error;
  auto script = GuiScript::parse("graphs large\n", "t.script", error);
  REQUIRE(script.has_value());
  AppState app(Session::withEnsemble(3, 0, 1));
  std::string shot;
  for (int frame = 0; frame < 5 && !app.graphsLarge; ++frame) script->advance(app, shot);
  CHECK(app.graphsLarge);
  CHECK(app.selectTab == "Graphs");
  CHECK_FALSE(GuiScript::parse("graphs huge\n", "t.script", error).has_value());
  CHECK(error.find("t.script:1") != std::string::npos);
}
