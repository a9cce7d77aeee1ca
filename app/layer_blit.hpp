#pragma once
// Shows a layer's texture (app/layer_texture: the space-time diagram, the ensemble's links) by
// copying its pixels into the window with glBlitFramebuffer instead of shading the quad that
// the panel drew for it. The panels keep drawing an ordinary ImGui image quad, so the damage
// tracker sees it change like any other triangles; only here, for the render, is the quad's
// command turned into a callback that blits the part of it inside the command's clip
// rectangle (which the partial renderer has cut to the rectangle being repainted).
//
// Why: under llvmpipe a textured, blended quad costs shading for every pixel it covers, and
// these quads cover about 660,000 pixels a frame while the ensemble plays; a blit from a
// texture in the window's pixel order (window_order_texture.hpp) is a memory copy. Exact: the quad maps the texture pixel for
// pixel (nearest filtering, opaque texels, white vertices), so its picture is the texture's;
// a quad that does not (a HiDPI scale, a tint, a cut) is drawn as before.
// ZABSCOPE_NO_BLIT=1 turns this off (gui/layer_blit_matches_quad compares the two).
#include <glad/gl.h>
#include <imgui.h>

#include <deque>
#include <vector>

namespace zabscope {

class LayerBlits {
 public:
  // A texture whose quads may be blitted this frame: its framebuffer and size. Offered anew
  // each frame after the layers' textures are fitted (LayerTexture::offerBlits), so that no
  // deleted texture's name stays here.
  void add(ImTextureID texture, GLuint fbo, int texWidth, int texHeight);
  void clearSources() { sources_.clear(); }

  // Turns each command of `frame` that draws one registered texture pixel for pixel into a
  // blit; the frame is rendered into a framebuffer fbHeight pixels tall. restore() undoes it.
  void convert(ImDrawData& frame, int fbHeight);
  void restore();
  // The commands converted by the last convert().
  std::size_t converted() const { return changed_.size(); }
  // The largest part of `r` (display units) that a converted command copies into whole
  // pixels when the frame is rendered with clip rectangles cut to `r`: those pixels need no
  // clearing first. Empty when there is none.
  ImVec4 coveredIn(const ImVec4& r) const;

  struct Job {
    GLuint fbo = 0;
    int fbHeight = 0;
    int srcX0 = 0, srcRow0 = 0;  // the texel at that corner
    ImVec2 displayPos;
    ImVec4 dest;  // the quad (display units, which are pixels here)
    ImVec4 clip;  // the command's clip rectangle as the panel drew it
  };

 private:
  struct Source {
    ImTextureID texture;
    GLuint fbo;
    int width, height;
  };
  struct Changed {
    ImDrawCmd* cmd;
    ImDrawCmd saved;
  };
  std::vector<Source> sources_;
  std::deque<Job> jobs_;  // stable addresses: the commands point at them
  std::vector<Changed> changed_;
};

}  // namespace zabscope
