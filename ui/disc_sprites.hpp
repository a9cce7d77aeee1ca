#pragma once
// Filled discs drawn as one textured quad. Dear ImGui draws a filled circle as a fan with an
// anti-aliased fringe, about 20 triangles for a small dot; a software renderer (Mesa llvmpipe)
// spends about a microsecond a triangle, so 300 messages in flight cost several milliseconds
// a frame as fans. Instead, a few anti-aliased discs are painted once into the font atlas
// (the texture every ImGui draw already samples), and a disc is then a 2-triangle quad.
#include <imgui.h>

namespace zabscope {

// Reserve the discs' space in the atlas: call after adding fonts, before the atlas is built.
void reserveDiscSprites(ImFontAtlas& atlas);
// Paint them: call once the atlas is built, before its texture is uploaded.
void paintDiscSprites(ImFontAtlas& atlas);

// A filled disc; falls back to ImGui's circle when the atlas has no discs.
void drawDisc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 colour);

}  // namespace zabscope
