// Colours for a classroom: every text/background pair the themes define reaches WCAG AA
// (4.5:1) in both themes, and the state colours (and the log grid's cell kinds) stay apart
// for viewers with protanopia, deuteranopia and tritanopia, not only for normal vision.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "colour_vision.hpp"
#include "theme.hpp"

using namespace zabscope;

namespace {
Rgb8 rgb(ImU32 c) {
  return Rgb8{static_cast<std::uint8_t>((c >> IM_COL32_R_SHIFT) & 0xFF), static_cast<std::uint8_t>((c >> IM_COL32_G_SHIFT) & 0xFF),
              static_cast<std::uint8_t>((c >> IM_COL32_B_SHIFT) & 0xFF)};
}
}  // namespace

TEST_CASE("theme: contrast ratio is WCAG's") {
  CHECK(contrastRatio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == Approx(21.0));
  CHECK(contrastRatio(IM_COL32(119, 119, 119, 255), IM_COL32(255, 255, 255, 255)) == Approx(4.48).epsilon(0.01));
  // The complaint of issue 11: white ids on the amber LOOKING disc.
  CHECK(contrastRatio(IM_COL32(255, 255, 255, 255), stateColor(zab::ServerState::LOOKING, true)) < 2.5);
  CHECK(contrastRatio(onColor(stateColor(zab::ServerState::LOOKING, true)), stateColor(zab::ServerState::LOOKING, true)) >= 4.5);
  CHECK(blendOver(IM_COL32(0, 0, 0, 128), IM_COL32(255, 255, 255, 255)) == IM_COL32(127, 127, 127, 255));
}

TEST_CASE("theme: every text/background pair reaches 4.5:1 in both themes") {
  for (bool light : {true, false}) {
    const auto pairs = themeTextPairs(light);
    REQUIRE(pairs.size() > 40);
    for (const auto& p : pairs) {
      const double ratio = contrastRatio(p.text, p.background);
      INFO(fmt::format("{} theme: {}: {:08x} on {:08x} is {:.2f}:1", light ? "light" : "dark", p.what, p.text,
                       p.background, ratio));
      CHECK(ratio >= kMinTextContrast);
    }
  }
}

TEST_CASE("theme: state colours stay apart under colour-vision deficiencies") {
  for (bool light : {true, false})
    for (const auto& group : distinctColourGroups(light))
      for (Vision v : kVisions)
        for (std::size_t i = 0; i < group.size(); ++i)
          for (std::size_t j = i + 1; j < group.size(); ++j) {
            const double d = deltaE(toLab(rgb(group[i].colour), v), toLab(rgb(group[j].colour), v));
            INFO(fmt::format("{} theme, {}: {} vs {}: dE76 {:.1f}", light ? "light" : "dark", to_string(v), group[i].name,
                             group[j].name, d));
            CHECK(d >= kMinStateDeltaE);
          }
}

TEST_CASE("theme: every state has a letter, so no state rests on colour alone") {
  using zab::ServerState;
  const std::string letters = std::string(stateLetter(ServerState::LOOKING, true)) + stateLetter(ServerState::FOLLOWING, true) +
                              stateLetter(ServerState::LEADING, true) + stateLetter(ServerState::OBSERVING, true) +
                              stateLetter(ServerState::LOOKING, false);
  CHECK(letters == "?FLOX");
}

TEST_CASE("colour vision: the simulation matches known values") {
  // Pure red and green, indistinct for a deuteranope, are far apart for normal vision.
  const Rgb8 red{200, 30, 40}, green{30, 150, 90};
  CHECK(deltaE(toLab(red, Vision::Normal), toLab(green, Vision::Normal)) > 80);
  CHECK(deltaE(toLab(Rgb8{255, 0, 0}, Vision::Deuteranopia), toLab(Rgb8{0, 128, 0}, Vision::Deuteranopia)) <
        deltaE(toLab(Rgb8{255, 0, 0}, Vision::Normal), toLab(Rgb8{0, 128, 0}, Vision::Normal)) / 2);
  // Grey is grey for everybody.
  const Lab g = toLab(Rgb8{128, 128, 128}, Vision::Tritanopia);
  CHECK(std::abs(g.a) < 1.5);
  CHECK(std::abs(g.b) < 1.5);
}
