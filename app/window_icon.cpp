#include "window_icon.hpp"

#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <stb_image.h>

#include <vector>

namespace zabscope {

std::string setWindowIcon(GLFWwindow* window, const std::string& assetsDir) {
  std::string problems;
  std::vector<GLFWimage> images;
  std::vector<unsigned char*> pixels;
  for (int size : {16, 32, 48, 64}) {
    const std::string path = fmt::format("{}/icons/zabscope-{}.png", assetsDir, size);
    int w = 0, h = 0, channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 4);  // RGBA, as GLFW wants
    if (!data) {
      problems += fmt::format("{}{}: {}", problems.empty() ? "" : "; ", path, stbi_failure_reason());
      continue;
    }
    if (w != size || h != size) {
      problems += fmt::format("{}{}: {}x{} pixels, expected {}x{}", problems.empty() ? "" : "; ", path, w, h, size, size);
      stbi_image_free(data);
      continue;
    }
    pixels.push_back(data);
    images.push_back(GLFWimage{w, h, data});
  }
  // Wayland has no client-side window icons; GLFW reports that as an error, not as a crash.
  if (!images.empty()) glfwSetWindowIcon(window, static_cast<int>(images.size()), images.data());
  for (unsigned char* p : pixels) stbi_image_free(p);
  return problems;
}

}  // namespace zabscope
