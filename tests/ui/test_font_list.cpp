// assets/fonts.txt: the fonts the app draws with, read as data (ui/font_list.hpp).
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "font_list.hpp"

using namespace zabscope;

namespace {
const std::string kSource = ZABSCOPE_SOURCE_DIR;

std::string writeTemp(const std::string& name, const std::string& text) {
  const std::string path = std::string(P_tmpdir) + "/zabscope-test-" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}
}  // namespace

TEST_CASE("font list: the shipped assets/fonts.txt names a Latin font and CJK fonts, with no problem") {
  const FontList f = readFontList(kSource + "/assets/fonts.txt");
  INFO(f.problems.size() << " problems, the first: " << (f.problems.empty() ? "" : f.problems.front()));
  CHECK(f.problems.empty());
  REQUIRE(f.latin.size() == 1);
  CHECK(f.latin[0] == "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  REQUIRE(f.cjk.size() == 2);
  CHECK(f.cjk[0] == "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
}

TEST_CASE("font list: a bad line is named with its file and line, and the good lines still count") {
  const std::string path = writeTemp("fonts.txt",
                                     "# comment\n"
                                     "latin /a/Latin.ttf\r\n"
                                     "greek /b/Greek.ttf\n"
                                     "cjk\n"
                                     "cjk /c/One.ttc trailing\n"
                                     "\n"
                                     "cjk /d/Two.ttc  # a comment after the path\n");
  const FontList f = readFontList(path);
  REQUIRE(f.latin.size() == 1);
  CHECK(f.latin[0] == "/a/Latin.ttf");  // the CR of a Windows line ending is not part of the path
  REQUIRE(f.cjk.size() == 1);
  CHECK(f.cjk[0] == "/d/Two.ttc");
  REQUIRE(f.problems.size() == 3);
  CHECK(f.problems[0] == path + ":3: unknown role 'greek' (expected latin or cjk)");
  CHECK(f.problems[1] == path + ":4: 'cjk' has no font file after it");
  CHECK(f.problems[2].find(path + ":5: unexpected 'trailing'") == 0);
  std::remove(path.c_str());
}

TEST_CASE("font list: a missing file is a problem, not a crash, and an endless file stops at its budget") {
  const FontList none = readFontList("/nonexistent/zabscope/fonts.txt");
  CHECK(none.latin.empty());
  REQUIRE(none.problems.size() == 1);
  CHECK(none.problems[0] == "/nonexistent/zabscope/fonts.txt: cannot read the font list");

  std::string many;
  for (int i = 0; i < 1500; ++i) many += "cjk /x/f" + std::to_string(i) + ".ttc\n";
  const std::string path = writeTemp("many-fonts.txt", many);
  const FontList f = readFontList(path);
  CHECK(f.cjk.size() == 1000);
  REQUIRE(f.problems.size() == 1);
  CHECK(f.problems[0].find(path + ":1001: the file is longer than 1000 lines") == 0);
  std::remove(path.c_str());
}
