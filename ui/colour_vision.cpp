#include "colour_vision.hpp"

#include <algorithm>
#include <cmath>

namespace zabscope {

namespace {
using Matrix = std::array<std::array<double, 3>, 3>;
const Matrix& matrix(Vision v) {
  static const Matrix kNormal{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  static const Matrix kProtan{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}};
  static const Matrix kDeutan{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}};
  static const Matrix kTritan{{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};
  switch (v) {
    case Vision::Protanopia: return kProtan;
    case Vision::Deuteranopia: return kDeutan;
    case Vision::Tritanopia: return kTritan;
    case Vision::Normal: break;
  }
  return kNormal;
}
double linear(std::uint8_t v) {
  const double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double f(double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; }
}  // namespace

std::string_view to_string(Vision v) {
  switch (v) {
    case Vision::Normal: return "normal vision";
    case Vision::Protanopia: return "protanopia";
    case Vision::Deuteranopia: return "deuteranopia";
    case Vision::Tritanopia: return "tritanopia";
  }
  return "?";
}

Lab toLab(Rgb8 c, Vision v) {
  const double in[3] = {linear(c.r), linear(c.g), linear(c.b)};
  double rgb[3];
  const Matrix& m = matrix(v);
  for (int i = 0; i < 3; ++i) rgb[i] = std::clamp(m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2], 0.0, 1.0);
  const double x = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
  const double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  const double z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
  const double fx = f(x / 0.95047), fy = f(y), fz = f(z / 1.08883);
  return Lab{116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

double deltaE(Lab x, Lab y) { return std::sqrt((x.l - y.l) * (x.l - y.l) + (x.a - y.a) * (x.a - y.a) + (x.b - y.b) * (x.b - y.b)); }

}  // namespace zabscope
