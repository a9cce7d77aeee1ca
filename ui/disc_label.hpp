#pragma once
// What is written inside a peer's disc: its id ("S3") as large as the disc allows and, under it,
// the state's letter (L, F, O, ? for LOOKING, x for down). A small disc whose card sits under it
// keeps its id alone (the card names the state); a small disc with no card (15 peers at
// 1280x720 --scale 2, where the cards have no room) makes both smaller so that the state is
// still written and not only coloured.
namespace zabscope {

struct DiscLabel {
  float idSize = 0;      // font size of the id
  float letterSize = 0;  // font size of the state's letter (0: no letter)
};

// `idWidthPerPixel`: the id's width at font size 1 (widths scale with the size).
DiscLabel discLabel(float radius, float fontSize, float idWidthPerPixel, bool hasCard);

}  // namespace zabscope
