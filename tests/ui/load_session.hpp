// The test Session of the ui tests: a scenario text loaded as the GUI loads a file (as
// "test.zab"). Fails the test case, showing the first problem, if the text has any.
#pragma once

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "session.hpp"

namespace zabscope::test {

inline Session load(const std::string& text) {
  std::vector<std::string> errors;
  auto s = Session::fromScenario(text, "test.zab", {}, std::nullopt, errors);
  INFO((errors.empty() ? std::string() : errors.front()));
  REQUIRE(errors.empty());
  REQUIRE(s.has_value());
  return std::move(*s);
}

}  // namespace zabscope::test
