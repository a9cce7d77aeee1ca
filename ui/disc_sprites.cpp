#include "disc_sprites.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace zabscope {

namespace {
// Diameters in texels; a disc is drawn from the smallest sprite at least as large, so it is
// only ever shrunk (by at most 2x) by the bilinear filter, never blown up into blur.
constexpr std::array<int, 4> kSizes{16, 32, 64, 128};
std::array<int, 4> gRects{-1, -1, -1, -1};  // atlas custom-rect ids
bool gPainted = false;

// A disc of the sprite's size less one texel of transparent border on each side.
float discRadius(int size) { return static_cast<float>(size) * 0.5f - 1.0f; }
}  // namespace

void reserveDiscSprites(ImFontAtlas& atlas) {
  gPainted = false;
  for (std::size_t i = 0; i < kSizes.size(); ++i) gRects[i] = atlas.AddCustomRectRegular(kSizes[i], kSizes[i]);
}

void paintDiscSprites(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &width, &height);
  if (!pixels) return;
  for (std::size_t i = 0; i < kSizes.size(); ++i) {
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(gRects[i]);
    if (!rect || !rect->IsPacked()) return;
    const float c = static_cast<float>(kSizes[i]) * 0.5f, r = discRadius(kSizes[i]);
    for (int y = 0; y < kSizes[i]; ++y)
      for (int x = 0; x < kSizes[i]; ++x) {
        const float dx = static_cast<float>(x) + 0.5f - c, dy = static_cast<float>(y) + 0.5f - c;
        // Coverage of the texel by the disc, to about a texel: the anti-aliased edge.
        const float cover = std::clamp(r - std::sqrt(dx * dx + dy * dy) + 0.5f, 0.0f, 1.0f);
        unsigned char* p = pixels + 4 * ((rect->Y + y) * width + rect->X + x);
        p[0] = p[1] = p[2] = 255;
        p[3] = static_cast<unsigned char>(std::lround(cover * 255.0f));
      }
  }
  gPainted = true;
}

void drawDisc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 colour) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (!gPainted || radius <= 0.0f) {
    dl->AddCircleFilled(centre, radius, colour);
    return;
  }
  std::size_t i = 0;
  while (i + 1 < kSizes.size() && discRadius(kSizes[i]) < radius) ++i;
  const ImFontAtlasCustomRect* rect = atlas->GetCustomRectByIndex(gRects[i]);
  ImVec2 uv0, uv1;
  atlas->CalcCustomRectUV(rect, &uv0, &uv1);
  // The quad covers the whole sprite, border included, scaled so the disc has `radius`.
  const float half = radius * static_cast<float>(kSizes[i]) * 0.5f / discRadius(kSizes[i]);
  dl->AddImage(atlas->TexID, ImVec2(centre.x - half, centre.y - half), ImVec2(centre.x + half, centre.y + half), uv0,
               uv1, colour);
}

}  // namespace zabscope
