#pragma once
// `zabscope --script FILE`: scripted actions for smoke tests and evidence, one per line:
//   step N | back N | jump K | until leader|vote|phase | command LINE (scenario language)
//   play MS (virtual ms at the current speed) | select SID | frames N (render N frames)
//   screenshot PATH | expect-leader SID|none | theme light|dark | diagram docked|enlarged|detached
//   graphs large|small (the Graphs tab's large view)
//   open-logs FILE... (real ZooKeeper logs, read-only: step/back/jump/until/expect-leader then
//   move through them) | close-logs
// Each line is applied between frames; errors name the file and line.
#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"

namespace zabscope {

class GuiScript {
 public:
  static std::optional<GuiScript> parse(const std::string& text, const std::string& file, std::string& error);
  // Applies the next line (or waits a frame). Returns true when the script is over.
  // `screenshotPath` is set when the frame just rendered must be saved.
  bool advance(AppState& app, std::string& screenshotPath);
  const std::string& error() const { return error_; }

 private:
  struct Line {
    int number = 0;
    std::string verb;
    std::string arg;
  };
  std::string file_;
  std::vector<Line> lines_;
  std::size_t next_ = 0;
  int waitFrames_ = 1;  // let the first frame render before acting
  std::string error_;
};

}  // namespace zabscope
