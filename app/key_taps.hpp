#pragma once
// Quick key taps are never lost. Dear ImGui 1.86 reads io.KeysDown once a frame, so a key
// pressed and released between two frames (a quick tap while a frame takes long: a loaded
// classroom laptop, a software renderer, a debug build) would not count as pressed. KeyTaps
// sees every GLFW press and keeps such a key down for exactly one frame.
#include <vector>

struct GLFWwindow;
struct ImGuiIO;

namespace zabscope {

class KeyTaps {
 public:
  // Call before ImGui_ImplGlfw_InitForOpenGL(window, true): ImGui's key callback then chains
  // to this one. One window per process.
  void install(GLFWwindow* window);
  // After the events are polled, before ImGui::NewFrame().
  void beforeNewFrame(ImGuiIO& io);

 private:
  static void onKey(GLFWwindow* window, int key, int scancode, int action, int mods);
  std::vector<int> pressed_;  // keys pressed since the last frame
  std::vector<int> forced_;   // keys this class held down in the last frame
};

}  // namespace zabscope
