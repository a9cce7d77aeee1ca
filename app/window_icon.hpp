#pragma once
// The window's icon (the task bar, alt-tab): assets/icons/zabscope-{16,32,48,64}.png.
#include <string>

struct GLFWwindow;

namespace zabscope {

// Sets the icons found in `assetsDir`/icons; returns what went wrong ("" when every size loaded):
// a missing or unreadable PNG is named, and the window keeps the sizes that did load.
std::string setWindowIcon(GLFWwindow* window, const std::string& assetsDir);

}  // namespace zabscope
