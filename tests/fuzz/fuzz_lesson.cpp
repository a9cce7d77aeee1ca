// libFuzzer target: the lesson parser (ui/lesson.cpp): narrative, the scenario block and the
// steps' auto/do/expect lines, each checked as a scenario command.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lesson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const zabscope::LessonParse p = zabscope::parseLesson(text, "fuzz.lesson");
  if (p.lesson.has_value() == !p.errors.empty()) std::abort();  // a lesson or errors, never both
  return 0;
}
