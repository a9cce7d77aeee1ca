// The trace explains every line (issue 12 point 6): over every example and test scenario,
// each event a peer handles (a frame, a close, a timer, a connection) has at least one note
// saying what the receiver did and why, and no line of the text trace or item of the JSONL
// `explanation` is longer than kMaxTraceLine.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/state_json.hpp"
#include "sim/trace_text.hpp"
#include "read_file.hpp"

namespace {
using zab::sim::test::readFile;

// Events a peer handles; the harness's own (commands, retransmissions, drops) are explained by
// their headline.
bool handledByPeer(std::string_view kind) {
  return kind == "frame" || kind == "close" || kind == "timer" || kind == "connect" || kind == "connect-result";
}
}  // namespace

TEST_CASE("trace: every event line is explained and no line is longer than 300 characters") {
  const auto files = zab::sim::test::scenarioFiles({"/tests/scenarios", "/examples", "/examples/known-bugs"});
  REQUIRE(files.size() >= 20);
  std::size_t lines = 0;
  for (const auto& file : files) {
    auto text = readFile(file);
    REQUIRE(text);
    auto parsed = zab::sim::parseScenario(*text, file, readFile);
    REQUIRE(parsed.scenario);
    auto sim = zab::sim::makeSimulation(*parsed.scenario);
    std::vector<std::string> problems;
    zab::sim::RunOptions options;
    options.onRecord = [&](const zab::sim::StepRecord& rec) {
      if (handledByPeer(rec.kind) && rec.notes.empty())
        problems.push_back(fmt::format("step {} has no explanation: {}", rec.index, rec.headline));
      for (const auto& line : zab::sim::traceLines(rec)) {
        ++lines;
        if (line.size() > zab::sim::kMaxTraceLine)
          problems.push_back(fmt::format("step {}: a {}-character line: {}", rec.index, line.size(), line));
      }
      // Bound to a local: a range-for over a member of a temporary reads freed memory.
      const auto json = zab::sim::recordToJson(rec);
      for (const auto& item : json["explanation"])
        if (item.get<std::string>().size() > zab::sim::kMaxTraceLine)
          problems.push_back(fmt::format("step {}: a long JSONL explanation item", rec.index));
    };
    zab::sim::runScenario(*parsed.scenario, sim, options);
    INFO(file);
    for (const auto& p : problems) FAIL_CHECK(p);
    CHECK(problems.empty());
  }
  CHECK(lines > 5000);
}
