// png_stats FILE [--min=N] [--max=M] [--rows=A:B] [RRGGBB...]: prints width, height and how many distinct colours a PNG has, and
// fails (exit 1) when the image is blank (one colour) or unreadable, or when a colour given
// after the file covers fewer than N pixels (default 200: a filled shape, not an anti-aliased edge),
// or more than M (--max: something that must not be on screen). Used by the GUI smoke test and the log-grid test.
// --rows=A:B counts the colours only in rows A..B-1, given as percentages of the height (the
// comparison test looks at its upper and lower halves separately).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include <stb_image.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: png_stats FILE.png [RRGGBB...]\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(argv[1], &w, &h, &n, 3);
  if (!data) {
    std::fprintf(stderr, "%s: not a readable PNG\n", argv[1]);
    return 1;
  }
  long rowFrom = 0, rowTo = h;
  for (int a = 2; a < argc; ++a)
    if (std::string(argv[a]).rfind("--rows=", 0) == 0) {
      char* end = nullptr;
      const long p0 = std::strtol(argv[a] + 7, &end, 10);
      const long p1 = end && *end == ':' ? std::strtol(end + 1, nullptr, 10) : 100;
      rowFrom = static_cast<long>(h) * p0 / 100;
      rowTo = static_cast<long>(h) * p1 / 100;
    }
  std::set<unsigned> colours;
  std::map<unsigned, long> count;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    const unsigned c = static_cast<unsigned>(data[3 * i] << 16 | data[3 * i + 1] << 8 | data[3 * i + 2]);
    if (i % 7 == 0) colours.insert(c);
    const long row = i / w;
    if (argc > 2 && row >= rowFrom && row < rowTo) ++count[c];
  }
  stbi_image_free(data);
  std::printf("%s: %dx%d, %zu colours (sampled)\n", argv[1], w, h, colours.size());
  int missing = 0;
  long least = 200, most = -1;
  for (int a = 2; a < argc; ++a) {
    if (std::string(argv[a]).rfind("--rows=", 0) == 0) continue;
    if (std::string(argv[a]).rfind("--min=", 0) == 0) {
      least = std::strtol(argv[a] + 6, nullptr, 10);
      continue;
    }
    if (std::string(argv[a]).rfind("--max=", 0) == 0) {
      most = std::strtol(argv[a] + 6, nullptr, 10);
      least = 0;
      continue;
    }
    const long n = count[static_cast<unsigned>(std::strtoul(argv[a], nullptr, 16))];
    if (n < least) {
      std::printf("%s: %ld pixels of colour %s, fewer than %ld\n", argv[1], n, argv[a], least);
      ++missing;
    }
    if (most >= 0 && n > most) {
      std::printf("%s: %ld pixels of colour %s, more than %ld\n", argv[1], n, argv[a], most);
      ++missing;
    }
  }
  return colours.size() > 20 && missing == 0 ? 0 : 1;
}
