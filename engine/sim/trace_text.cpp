#include "trace_text.hpp"

#include <fmt/format.h>

namespace zab::sim {

std::vector<std::string> traceLines(const StepRecord& rec) {
  std::vector<std::string> out;
  for (const auto& line : rec.explanationLines()) {
    if (out.empty()) out.push_back(fmt::format("[{:>7} ms #{:<5}] {}", rec.timeMs, rec.index, line));
    else out.push_back(fmt::format("{:{}}  {}", "", kTracePrefixWidth, line));
  }
  return out;
}

}  // namespace zab::sim
