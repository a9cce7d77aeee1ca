// screen_matches FILE.png: compares what the X server shows (the root window's top-left
// corner, where an undecorated window sits under a bare Xvfb) with FILE.png, pixel for pixel.
// Exit 0 when they are equal; 1, with the count and the box of the differing pixels, when not.
// Used to check that presenting only the repainted rectangles leaves the screen right.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stb_image.h>

#include <algorithm>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: screen_matches FILE.png\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* png = stbi_load(argv[1], &w, &h, &n, 3);
  if (!png) {
    std::fprintf(stderr, "%s: not a readable PNG\n", argv[1]);
    return 2;
  }
  Display* dpy = XOpenDisplay(nullptr);
  if (!dpy) {
    std::fprintf(stderr, "cannot open the X display\n");
    return 2;
  }
  XImage* img = XGetImage(dpy, DefaultRootWindow(dpy), 0, 0, static_cast<unsigned>(w), static_cast<unsigned>(h),
                          AllPlanes, ZPixmap);
  if (!img) {
    std::fprintf(stderr, "cannot read the screen\n");
    return 2;
  }
  long differing = 0;
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const unsigned long p = XGetPixel(img, x, y);
      const unsigned char* q = png + 3 * (static_cast<long>(y) * w + x);
      const bool same = ((p >> 16) & 0xff) == q[0] && ((p >> 8) & 0xff) == q[1] && (p & 0xff) == q[2];
      if (same) continue;
      ++differing;
      x0 = std::min(x0, x);
      y0 = std::min(y0, y);
      x1 = std::max(x1, x);
      y1 = std::max(y1, y);
    }
  XDestroyImage(img);
  XCloseDisplay(dpy);
  stbi_image_free(png);
  if (differing == 0) {
    std::printf("the screen matches %s (%dx%d)\n", argv[1], w, h);
    return 0;
  }
  std::printf("%ld pixels differ from %s, within x %d..%d, y %d..%d\n", differing, argv[1], x0, x1, y0, y1);
  return 1;
}
