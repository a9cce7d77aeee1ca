// The ShiViz log (sim/shiviz_log.hpp) is well-formed: the parser regex first, then pairs of
// lines; every clock is valid JSON naming its own host; a host's own entry counts 1, 2, 3...;
// a host's clock never goes back; and a receive's clock dominates the clock of its send.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/shiviz_log.hpp"
#include "read_file.hpp"

using namespace zab::sim;

namespace {

using zab::sim::test::readFile;

struct Checked {
  std::size_t events = 0, receives = 0, paired = 0;
  std::vector<std::string> problems;  // "line N: what is wrong"
};

// Every rule ShiViz applies, plus causality of the frames; each problem names the event's line.
Checked checkShiviz(const std::string& log) {
  Checked out;
  auto problem = [&](int line, const std::string& what) { out.problems.push_back("line " + std::to_string(line) + ": " + what); };
  std::istringstream in(log);
  std::string line;
  if (!std::getline(in, line) || line != ShivizLog::kRegex) problem(1, "the first line is not the parser regex");
  if (!std::getline(in, line) || !line.empty()) problem(2, "the second line (the delimiter) is not empty");
  const std::regex hostClock(R"((\S*) (\{.*\}))");
  std::map<std::string, nlohmann::json> last;  // per host
  std::map<std::string, nlohmann::json> sent;  // frame -> the sender's clock
  const std::regex sendMark(R"(\[send((?: m\d+)+)\])"), recvMark(R"(\[recv((?: m\d+)+)\])"), id(R"(m\d+)");
  auto dominates = [](const nlohmann::json& a, const nlohmann::json& b) {
    for (const auto& [h, v] : b.items())
      if (!a.contains(h) || a[h].get<std::uint64_t>() < v.get<std::uint64_t>()) return false;
    return true;
  };
  int lineNo = 2;
  std::string text;
  while (std::getline(in, text)) {
    ++lineNo;
    std::string clockLine;
    if (!std::getline(in, clockLine)) {
      problem(lineNo, "an event without a clock line");
      break;
    }
    ++lineNo;
    std::smatch m;
    if (!std::regex_match(clockLine, m, hostClock)) {
      problem(lineNo, "not 'host {clock}': " + clockLine);
      continue;
    }
    const std::string host = m[1];
    nlohmann::json clock = nlohmann::json::parse(m[2].str(), nullptr, false);
    if (clock.is_discarded() || !clock.is_object() || !clock.contains(host)) {
      problem(lineNo, "the clock is not a JSON object naming its host: " + clockLine);
      continue;
    }
    const auto own = clock[host].get<std::uint64_t>();
    const std::uint64_t before = last.count(host) ? last[host][host].get<std::uint64_t>() : 0;
    if (own != before + 1) problem(lineNo, host + "'s own entry goes from " + std::to_string(before) + " to " + std::to_string(own));
    if (last.count(host) && !dominates(clock, last[host])) problem(lineNo, host + "'s clock went back");
    std::smatch r;
    if (std::regex_search(text, r, recvMark)) {
      const std::string ids = r[1];
      for (std::sregex_iterator it(ids.begin(), ids.end(), id), end; it != end; ++it) {
        ++out.receives;
        if (auto s = sent.find(it->str()); s != sent.end()) {
          ++out.paired;
          if (!dominates(clock, s->second)) problem(lineNo, "the receive of " + it->str() + " does not follow its send");
        }
      }
    }
    std::smatch s;
    if (std::regex_search(text, s, sendMark)) {
      const std::string ids = s[1];
      for (std::sregex_iterator it(ids.begin(), ids.end(), id), end; it != end; ++it) sent[it->str()] = clock;
    }
    last[host] = clock;
    ++out.events;
  }
  return out;
}

Checked runExample(const std::string& name) {
  const std::string path = std::string(ZABSCOPE_SOURCE_DIR) + "/examples/" + name;
  auto text = readFile(path);
  REQUIRE(text);
  ScenarioParse parsed = parseScenario(*text, path, readFile);
  REQUIRE(parsed.scenario);
  Simulation sim = makeSimulation(*parsed.scenario, std::nullopt);
  ShivizLog log;
  std::string out = ShivizLog::header();
  RunOptions options;
  options.onRecord = [&](const StepRecord& rec) { out += log.observe(rec, sim); };
  runScenario(*parsed.scenario, sim, options);
  return checkShiviz(out);
}

}  // namespace

TEST_CASE("sim shiviz: the log of a run is well-formed - and each receive follows its send") {
  for (const char* example : {"startup-together.zab", "manual-delivery.zab", "kill-the-leader.zab",
                              "lossy-network.zab", "writes-and-observers.zab", "partition-minority-majority.zab"}) {
    INFO(example);
    Checked c = runExample(example);
    for (const auto& p : c.problems) FAIL_CHECK(p);
    CHECK(c.events > 20);
    CHECK(c.receives > 10);
    // Most deliveries pair with a send seen in the log (a frame queued behind a connection
    // request is seen when it is queued; none should be unpaired in these runs).
    CHECK(c.paired * 10 >= c.receives * 9);
  }
}

TEST_CASE("sim shiviz: the checker catches a clock that goes back and a receive before its send") {
  const std::string head = ShivizLog::header();
  CHECK(checkShiviz(head + "a\nS1 {\"S1\":1}\nb [send m1]\nS1 {\"S1\":2}\nc [recv m1]\nS2 {\"S2\":1,\"S1\":2}\n")
            .problems.empty());
  CHECK(checkShiviz(head + "a\nS1 {\"S1\":1}\nb\nS1 {\"S1\":3}\n").problems.size() == 1);  // skips a number
  CHECK(checkShiviz(head + "a\nS1 {\"S1\":1,\"S2\":4}\nb\nS1 {\"S1\":2,\"S2\":3}\n").problems.size() == 1);
  CHECK(checkShiviz(head + "b [send m1]\nS1 {\"S1\":1}\nc [recv m1]\nS2 {\"S2\":1}\n").problems.size() == 1);
  CHECK(checkShiviz(head + "a\nS1 {S1:1}\n").problems.size() == 1);
}

// Run by ctest with the file `zabsim run ... --shiviz FILE` wrote (tests/CMakeLists.txt).
TEST_CASE("sim shiviz: the file zabsim wrote is well-formed", "[.shiviz-file]") {
  const char* path = std::getenv("ZABSCOPE_SHIVIZ_FILE");
  REQUIRE(path);
  auto text = readFile(path);
  REQUIRE(text);
  Checked c = checkShiviz(*text);
  for (const auto& p : c.problems) FAIL_CHECK(p);
  CHECK(c.events > 20);
  CHECK(c.paired > 10);
}
