// libFuzzer target: the scenario parser, and the one-line command parser the GUI and the
// lessons use, run on every line of a scenario that parsed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "fuzz_files.hpp"
#include "sim/scenario.hpp"

using namespace zab::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ScenarioParse p = parseScenario(text, "fuzz/scenario.zab", zabfuzz::readFixedFile);
  if (p.scenario.has_value() == !p.errors.empty()) std::abort();  // a scenario or errors, never both
  if (!p.scenario) return 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) (void)parseCommandLine(*p.scenario, line);
  return 0;
}
