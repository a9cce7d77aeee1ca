// The scenario suite: every tests/scenarios/*.zab file is one test case ("scenario file:
// NAME.zab"), run through parseScenario + makeSimulation + runScenario with its own seed.
// A file passes when it parses and no expect, manual delivery or invariant check fails.
// Failures are reported as FILE:LINE: message (seed N), like `zabsim run`.
//
// The files are found when the test binary starts, so a new .zab file is picked up by the
// next run of zab_sim_tests (ctest lists it after the next build, when the tests are
// discovered again).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/simulation.hpp"
#include "read_file.hpp"

namespace {

namespace fs = std::filesystem;
using namespace zab::sim;

fs::path scenarioDir() { return fs::path(ZABSCOPE_SOURCE_DIR) / "tests" / "scenarios"; }

std::vector<fs::path> scenarioFiles() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(scenarioDir(), ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".zab") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

using zab::sim::test::readFile;

void runScenarioFile(const fs::path& path) {
  const std::string file = path.string();
  auto text = readFile(file);
  if (!text) FAIL("cannot read " << file);

  ScenarioParse parsed = parseScenario(*text, file, readFile);
  if (!parsed.errors.empty() || !parsed.scenario) {
    std::string errors;
    for (const auto& e : parsed.errors) errors += e.str() + "\n";
    FAIL("parse errors:\n" << errors);
  }

  Simulation sim = makeSimulation(*parsed.scenario);
  RunResult result = runScenario(*parsed.scenario, sim, RunOptions{});
  std::string failures;
  for (const auto& f : result.failures) failures += "FAILED " + f.str() + " (seed " + std::to_string(sim.seed()) + ")\n";
  INFO(failures);
  CHECK(result.failures.empty());
  CHECK(result.violations.empty());
}

// One Catch test case per file, registered when the binary starts.
class ScenarioFileInvoker : public Catch::ITestInvoker {
 public:
  explicit ScenarioFileInvoker(fs::path path) : path_(std::move(path)) {}
  void invoke() const override { runScenarioFile(path_); }

 private:
  fs::path path_;
};

struct ScenarioFileRegistrar {
  ScenarioFileRegistrar() {
    for (const auto& path : scenarioFiles()) {
      // makeTestCase copies the name and takes ownership of the invoker.
      const std::string name = "scenario file: " + path.filename().string();
      const Catch::AutoReg reg(new ScenarioFileInvoker(path),
                               Catch::SourceLineInfo(__FILE__, static_cast<std::size_t>(__LINE__)), Catch::StringRef(""),
                               Catch::NameAndTags{Catch::StringRef(name), "[scenario-file]"});
    }
  }
};

const ScenarioFileRegistrar registrar;

}  // namespace

TEST_CASE("scenario files: the suite exists and every file says what it shows") {
  const auto files = scenarioFiles();
  INFO("no *.zab files in " << scenarioDir().string());
  REQUIRE_FALSE(files.empty());
  for (const auto& path : files) {
    INFO(path.string() << " must start with comment lines saying what it shows and what it mirrors");
    auto text = readFile(path.string());
    REQUIRE(text.has_value());
    std::istringstream in(*text);
    std::string first, second;
    std::getline(in, first);
    std::getline(in, second);
    CHECK(first.rfind("# ", 0) == 0);
    CHECK(second.rfind("#", 0) == 0);
  }
}
