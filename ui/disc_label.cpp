#include "disc_label.hpp"

#include <algorithm>

namespace zabscope {

namespace {
// Two lines (the id at 0.9 of its size, then the letter) fit where their height is at most
// 1/0.62 of the radius: they stay inside the disc's round part, clear of its rim.
constexpr float kLinesPerRadius = 1.0f / 0.62f;
constexpr float kIdLineStep = 0.9f;
bool twoLinesFit(float radius, float idSize, float letterSize) {
  return radius * kLinesPerRadius > idSize * kIdLineStep + letterSize;
}
}  // namespace

DiscLabel discLabel(float radius, float fontSize, float idWidthPerPixel, bool hasCard) {
  DiscLabel label;
  label.idSize = std::clamp(radius * 0.8f, fontSize, fontSize * 2.2f);
  if (twoLinesFit(radius, label.idSize, fontSize)) {
    label.letterSize = fontSize;
    return label;
  }
  if (hasCard) return label;
  // No card: the id and the letter share the disc, both a little smaller than the text, but
  // never so small that the back row loses them (then the colour alone has to do).
  const float letterSize = fontSize * 0.8f;
  const float byHeight = (radius * kLinesPerRadius - letterSize) / kIdLineStep;
  const float byWidth = idWidthPerPixel > 0 ? 2.0f * radius * 0.85f / idWidthPerPixel : byHeight;
  const float idSize = std::min({label.idSize, byHeight, byWidth});
  if (idSize < fontSize * 0.6f) return label;
  label.idSize = idSize;
  label.letterSize = letterSize;
  return label;
}

}  // namespace zabscope
