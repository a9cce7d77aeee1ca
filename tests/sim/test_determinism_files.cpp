// FoundationDB-style run-twice check: every shipped scenario and example, run twice with the
// same seed, gives the same trace digest (catches any hidden nondeterminism: uninitialised
// memory, pointer order, a clock).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "read_file.hpp"

namespace {
using zab::sim::test::readFile;

std::uint64_t digestOf(const std::string& path) {
  auto text = readFile(path);
  REQUIRE(text);
  auto parsed = zab::sim::parseScenario(*text, path, readFile);
  REQUIRE(parsed.scenario);
  auto sim = zab::sim::makeSimulation(*parsed.scenario);
  return zab::sim::runScenario(*parsed.scenario, sim, {}).traceDigest;
}
}  // namespace

TEST_CASE("determinism: every scenario and example gives the same digest twice") {
  const auto files = zab::sim::test::scenarioFiles({"/tests/scenarios", "/examples"});
  REQUIRE(files.size() >= 10);
  for (const auto& f : files) {
    INFO(f);
    CHECK(digestOf(f) == digestOf(f));
  }
}
