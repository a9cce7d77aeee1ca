// The glossary the app shows (Help > Glossary) is the lessons' own file, parsed row by row.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "glossary.hpp"

using namespace zabscope;

TEST_CASE("glossary: the lessons' glossary parses, one row per concept", "[glossary]") {
  const std::string file = std::string(ZABSCOPE_SOURCE_DIR) + "/lessons/glossary.tsv";
  std::ifstream in(file);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const Glossary g = parseGlossary(text.str(), file);
  CHECK(g.errors.empty());
  REQUIRE(g.entries.size() >= 30);
  bool quorum = false;
  for (const auto& e : g.entries) {
    CHECK(!e.english.empty());
    CHECK(!e.chinese.empty());
    if (e.english == "quorum") quorum = e.chinese == "过半数" && e.zookeeper == "QuorumMaj.containsQuorum";
  }
  CHECK(quorum);
}

TEST_CASE("glossary: a bad row names its file and line, the good rows stay", "[glossary]") {
  const Glossary g = parseGlossary("# comment\nEnglish\tChinese\tZooKeeper\tNote\nvote\t选票\tVote\t\nno chinese here\n"
                                   "a\tb\tc\td\te\n",
                                   "g.tsv");
  REQUIRE(g.entries.size() == 1);
  CHECK(g.entries[0].english == "vote");
  CHECK(g.entries[0].line == 3);
  REQUIRE(g.errors.size() == 2);
  CHECK(g.errors[0] == "g.tsv:4: a glossary row needs an English and a Chinese term, separated by a tab");
  CHECK(g.errors[1].starts_with("g.tsv:5: 5 columns"));
}

TEST_CASE("glossary: the filter finds a term by either language or by its Java name", "[glossary]") {
  GlossaryEntry e{"election round", "选举轮次", "logicalclock / electionEpoch", "not the third field of the vote", 1};
  CHECK(glossaryMatches(e, ""));
  CHECK(glossaryMatches(e, "ROUND"));
  CHECK(glossaryMatches(e, "轮次"));
  CHECK(glossaryMatches(e, "logicalclock"));
  CHECK_FALSE(glossaryMatches(e, "snapshot"));
}
