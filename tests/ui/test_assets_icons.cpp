// assets/icons: the window icon decodes at every size GLFW is given (app/window_icon.cpp).
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <stb_image.h>

#include <string>

namespace {
const std::string kSource = ZABSCOPE_SOURCE_DIR;
}

TEST_CASE("assets: every window icon is an RGBA PNG of its own size") {
  for (int size : {16, 32, 48, 64}) {
    const std::string path = fmt::format("{}/assets/icons/zabscope-{}.png", kSource, size);
    int w = 0, h = 0, channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 4);
    INFO(path << ": " << (data ? "" : stbi_failure_reason()));
    REQUIRE(data != nullptr);
    CHECK(w == size);
    CHECK(h == size);
    CHECK(channels == 4);  // the corners are transparent
    CHECK(data[3] == 0);   // the top-left pixel: outside the rounded square
    stbi_image_free(data);
  }
}
