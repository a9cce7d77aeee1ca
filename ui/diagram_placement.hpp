#pragma once
// Where the space-time diagram sits (issue 11 point 5): in its strip under the ensemble, enlarged
// to most of the window (a class reading a message exchange), or in a window of its own that
// the user moves and sizes. The layout asks diagramDockedHeight(); key D and the diagram's
// toolbar change it. Pure maths, unit-tested without a window.
#include <cstdint>
#include <optional>
#include <string_view>

namespace zabscope {

enum class DiagramPlacement : std::uint8_t { Docked, Enlarged, Detached };

// D cycles: docked -> enlarged -> detached -> docked.
constexpr DiagramPlacement nextPlacement(DiagramPlacement p) {
  return p == DiagramPlacement::Docked     ? DiagramPlacement::Enlarged
         : p == DiagramPlacement::Enlarged ? DiagramPlacement::Detached
                                           : DiagramPlacement::Docked;
}

std::string_view to_string(DiagramPlacement p);
std::optional<DiagramPlacement> parsePlacement(std::string_view word);  // docked, enlarged, detached

// The height of the diagram's strip at the bottom of the window: `normal` when docked, most
// of `available` (the height under the toolbar) when enlarged, none when detached. The
// ensemble keeps at least `ensembleMin` when enlarged, so the peers stay in sight.
float diagramDockedHeight(DiagramPlacement p, float normal, float available, float ensembleMin);

}  // namespace zabscope
