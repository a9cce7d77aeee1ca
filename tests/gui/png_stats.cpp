// png_stats FILE: prints width, height and how many distinct colours a PNG has, and fails
// (exit 1) when the image is blank (one colour) or unreadable. Used by the GUI smoke test.
#include <cstdio>
#include <set>

#include <stb_image.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: png_stats FILE.png\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(argv[1], &w, &h, &n, 3);
  if (!data) {
    std::fprintf(stderr, "%s: not a readable PNG\n", argv[1]);
    return 1;
  }
  std::set<unsigned> colours;
  for (long i = 0; i < static_cast<long>(w) * h; i += 7)
    colours.insert(static_cast<unsigned>(data[3 * i] << 16 | data[3 * i + 1] << 8 | data[3 * i + 2]));
  stbi_image_free(data);
  std::printf("%s: %dx%d, %zu colours (sampled)\n", argv[1], w, h, colours.size());
  return colours.size() > 20 ? 0 : 1;
}
