#pragma once
// A run as a ShiViz log (https://bestchai.bitbucket.io/shiviz/): one event per server per step,
// each with a vector clock, in ShiViz's default format:
//
//   S2 #42 t=17 ms: S1 -> S2 vote(1, 0:0) ... [recv m12] [send m15 m16]
//   S2 {"S1":3,"S2":5}
//
// The file starts with the parser's regular expression and an empty line (no delimiter for
// several executions): what ShiViz reads first when a log is loaded from a file.
//
// Causality comes from the messages: a server's clock ticks at each of its events; a frame
// carries the sender's clock at the step that sent it, and the step that delivers it merges that
// clock first. Which step sent a frame is seen from the pending set: a frame that appears after
// a step was sent by its `from` server in that step. Connection requests and their answers count
// as messages too. `[recv mN ...]` and `[send mN ...]` name them, so a reader (or a test) can
// pair them.
#include <cstdint>
#include <map>
#include <string>

#include "simulation.hpp"

namespace zab::sim {

class ShivizLog {
 public:
  static constexpr const char* kRegex = R"((?<event>.*)\n(?<host>\S*) (?<clock>{.*}))";
  static std::string header();  // the regex line and the empty delimiter line

  // The lines for one record, given the simulation as that record left it.
  std::string observe(const StepRecord& rec, const Simulation& after);

 private:
  using Clock = std::map<Sid, std::uint64_t>;
  std::string event(Sid host, const std::string& text);

  std::map<Sid, Clock> clocks_;
  std::map<std::uint64_t, Clock> sent_;  // frame id -> the sender's clock when it was sent
  std::map<std::uint64_t, Sid> pending_;  // frames pending after the previous record, and their receiver
};

}  // namespace zab::sim
