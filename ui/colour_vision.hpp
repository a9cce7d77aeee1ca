#pragma once
// Colour-vision deficiency checks, headless: simulate how a colour looks with protanopia,
// deuteranopia or tritanopia (Machado, Oliveira and Fernandes 2009, severity 1.0, applied in
// linear sRGB), and the CIE76 distance between two colours in CIELAB. The theme test uses them
// to require that every pair of state colours stays apart for every viewer.
#include <array>
#include <cstdint>
#include <string_view>

namespace zabscope {

enum class Vision : std::uint8_t { Normal, Protanopia, Deuteranopia, Tritanopia };
constexpr std::array<Vision, 4> kVisions{Vision::Normal, Vision::Protanopia, Vision::Deuteranopia, Vision::Tritanopia};
std::string_view to_string(Vision v);

struct Rgb8 {
  std::uint8_t r = 0, g = 0, b = 0;
};
struct Lab {
  double l = 0, a = 0, b = 0;
};

Lab toLab(Rgb8 c, Vision v);  // as a viewer with `v` sees c, in CIELAB (D65)
double deltaE(Lab x, Lab y);  // CIE76
// The smallest distance needed between two state colours: clearly different at a glance on
// a small disc (ΔE76 of 2.3 is "just noticeable"; 20 reads as another colour).
constexpr double kMinStateDeltaE = 20.0;

}  // namespace zabscope
