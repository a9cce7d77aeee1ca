// Word wrap that breaks Chinese between characters (ui/text_wrap.hpp).
#include <catch2/catch.hpp>

#include "fitted_text.hpp"
#include "text_wrap.hpp"

using namespace zabscope;

namespace {
// Every character 10 px wide, a CJK one 20 px.
float advance(char32_t c) { return c >= 0x2E80 ? 20.0f : 10.0f; }
}  // namespace

TEST_CASE("text wrap: English breaks at spaces", "[wrap]") {
  const auto lines = wrapLines("the leader pings its followers", 100, advance);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "the leader");
  CHECK(lines[1] == "pings its");
  CHECK(lines[2] == "followers");
}

TEST_CASE("text wrap: Chinese breaks between characters, never before closing punctuation", "[wrap]") {
  // 5 characters of 20 px fit in 100 px.
  const auto lines = wrapLines("选举结束成为，领导者", 100, advance);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "选举结束成");
  CHECK(lines[1] == "为，领导者");
  // The comma would start the second line: the character before it moves down with it.
  const auto kept = wrapLines("选举结束成，为领导", 100, advance);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0] == "选举结束");
  CHECK(kept[1] == "成，为领导");
  for (const auto& l : wrapLines("这是一个很长的中文句子，没有空格也能正确换行。", 120, advance)) {
    float w = 0;
    for (std::size_t i = 0; i < l.size();) {
      const unsigned char c = static_cast<unsigned char>(l[i]);
      w += c < 0x80 ? 10.0f : 20.0f;
      i += c < 0x80 ? 1 : 3;
    }
    CHECK(w <= 140.0f);  // at most one closing mark past the width
  }
}

TEST_CASE("text wrap: explicit newlines and a word wider than the line", "[wrap]") {
  const auto lines = wrapLines("ab\ncdefghijkl", 50, advance);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "ab");
  CHECK(lines[1] == "cdefg");
  CHECK(lines[2] == "hijkl");
}

TEST_CASE("fitted text: cut to the room with dots, never inside a character, whole when it fits", "[text]") {
  // One pixel per byte: a Chinese character is three.
  auto width = [](std::string_view t) { return static_cast<float>(t.size()); };
  const std::string hint = "click a peer to select it, right-click for faults";
  CHECK(fitToWidth(hint, 100, width) == hint);
  const std::string cut = fitToWidth(hint, 30, width);
  CHECK(cut.size() <= 30);
  CHECK(cut == "click a peer to select it...");  // no ", ..." left dangling
  CHECK(fitToWidth(hint, 38, width) == "click a peer to select it...");  // not "right-cl..."
  const std::string zh = fitToWidth("鼠标悬停在圆点上", 11, width);  // room for two characters and the dots
  CHECK(zh == "鼠标...");
  CHECK(fitToWidth("abc", 2, width).empty());
}
