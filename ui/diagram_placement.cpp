#include "diagram_placement.hpp"

#include <algorithm>

namespace zabscope {

std::string_view to_string(DiagramPlacement p) {
  switch (p) {
    case DiagramPlacement::Docked: return "docked";
    case DiagramPlacement::Enlarged: return "enlarged";
    case DiagramPlacement::Detached: return "detached";
  }
  return "docked";
}

std::optional<DiagramPlacement> parsePlacement(std::string_view word) {
  for (auto p : {DiagramPlacement::Docked, DiagramPlacement::Enlarged, DiagramPlacement::Detached})
    if (word == to_string(p)) return p;
  return std::nullopt;
}

float diagramDockedHeight(DiagramPlacement p, float normal, float available, float ensembleMin) {
  switch (p) {
    case DiagramPlacement::Docked: return std::min(normal, available);
    case DiagramPlacement::Enlarged: return std::max(std::min(normal, available), std::min(available * 0.72f, available - ensembleMin));
    case DiagramPlacement::Detached: return 0;
  }
  return normal;
}

}  // namespace zabscope
