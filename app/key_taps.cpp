#include "key_taps.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

namespace zabscope {

namespace {
KeyTaps* installed = nullptr;  // GLFW callbacks are plain functions; the window's user pointer is taken
}

void KeyTaps::install(GLFWwindow* window) {
  installed = this;
  glfwSetKeyCallback(window, &KeyTaps::onKey);
}

void KeyTaps::onKey(GLFWwindow*, int key, int, int action, int) {
  if (installed && action == GLFW_PRESS && key >= 0) installed->pressed_.push_back(key);
}

void KeyTaps::beforeNewFrame(ImGuiIO& io) {
  constexpr int kKeys = static_cast<int>(sizeof io.KeysDown / sizeof io.KeysDown[0]);
  auto pressedAgain = [&](int k) { return std::find(pressed_.begin(), pressed_.end(), k) != pressed_.end(); };
  // A key held down for one frame by a tap goes up now; a second tap of it waits a frame, so that
  // ImGui sees it go up and down again.
  std::vector<int> waiting;
  for (int k : forced_) {
    io.KeysDown[k] = false;
    if (pressedAgain(k)) waiting.push_back(k);
  }
  forced_.clear();
  for (int k : pressed_) {
    if (k >= kKeys || io.KeysDown[k] || std::find(waiting.begin(), waiting.end(), k) != waiting.end()) continue;
    io.KeysDown[k] = true;  // pressed and already released: down for this frame
    forced_.push_back(k);
  }
  pressed_ = std::move(waiting);
  io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
  io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
  io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
  io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
}

}  // namespace zabscope
