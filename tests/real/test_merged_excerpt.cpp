// Merged excerpts (engine/real/merged_excerpt.hpp): several servers' lines in one file, each
// prefixed "s1: ". tests/real-logs/excerpts holds thirteen, recorded from real ZooKeeper 3.8.0
// ensembles (Debian's package, 3 to 5 servers on loopback, tickTime 200; the project's evidence).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "log_file.hpp"
#include "real/merged_excerpt.hpp"
#include "real/zk_log_import.hpp"

using namespace zabscope::real;

namespace {

std::string excerptPath(const std::string& name) {
  return std::string(ZABSCOPE_SOURCE_DIR) + "/tests/real-logs/excerpts/" + name + ".log";
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("a merged excerpt splits by its prefixes and keeps the merged file's line numbers", "[real]") {
  const std::string text =
      "\n"
      "s2: 2026-11-22 02:17:39,691 [myid:2] - INFO  [main:QuorumPeer@1455] - LOOKING\n"
      "s10: 2026-11-22 02:17:39,700 [myid:10] - INFO  [main:QuorumPeer@1455] - LOOKING\n"
      "    at org.apache.zookeeper.Foo(Foo.java:1)\r\n"
      "s2: 2026-11-22 02:17:39,800 [myid:2] - INFO  [main:QuorumPeer@1549] - LEADING\n";
  auto parts = splitMergedExcerpt(text);
  REQUIRE(parts);
  REQUIRE(parts->size() == 2);
  CHECK((*parts)[0].sid == 2);  // in the order the servers first appear
  CHECK((*parts)[0].lineNumbers == std::vector<int>{2, 5});
  CHECK((*parts)[0].text ==
        "2026-11-22 02:17:39,691 [myid:2] - INFO  [main:QuorumPeer@1455] - LOOKING\n"
        "2026-11-22 02:17:39,800 [myid:2] - INFO  [main:QuorumPeer@1549] - LEADING\n");
  CHECK((*parts)[1].sid == 10);
  CHECK((*parts)[1].lineNumbers == std::vector<int>{3, 4});  // the stack line goes with the line above
  CHECK((*parts)[1].text.find("    at org.apache") != std::string::npos);

  // Plain logs, and prefixes that are not one.
  CHECK_FALSE(splitMergedExcerpt("2026-11-22 02:17:39,691 - INFO  [main:QuorumPeer@1455] - LOOKING\n"));
  CHECK_FALSE(splitMergedExcerpt(""));
  std::string_view rest;
  CHECK_FALSE(excerptPrefix("s1:2026-11-22", rest));
  CHECK_FALSE(excerptPrefix("sx: LOOKING", rest));
  CHECK_FALSE(excerptPrefix("s: LOOKING", rest));
  CHECK_FALSE(excerptPrefix("s1234567890: too long an id", rest));
  REQUIRE(excerptPrefix("s7: x", rest) == 7);
  CHECK(rest == "x");
}

TEST_CASE("the thirteen real excerpts import: leader, epoch, and file:line into the merged file", "[real]") {
  struct Expected {
    const char* name;
    std::size_t servers;
    std::optional<Sid> leader;
    std::optional<std::int64_t> epoch;
  };
  // What the real servers' lines say at the end of each excerpt. failover3-slow-562ms leaves out
  // S1's switch to S2's vote; S2's lines (it synchronizes learner 1 and counts it a supporter)
  // show S1 following S2.
  // observers-run1: S3 led, was killed (kill -9 leaves no line), S2 leads epoch 2 with S1; the two
  // observers do not count toward the quorum.
  const std::vector<Expected> expected = {
      {"boot3-run1", 3, 3, 1},           {"boot5-run1", 5, 5, 1},
      {"failover3-run1", 2, 2, 2},       {"failover3-slow-562ms", 2, 2, 2},
      {"failover5-run1", 3, 3, 3},       {"majority4-run1", 4, 4, 2},
      {"observers-run1", 5, 2, 2},       {"order123-run1", 3, 2, 1},
      {"order12345-run1", 5, 3, 1},      {"order321-run1", 3, 3, 1},
      {"zxid_stale_follower-run1", 3, 3, 2}, {"zxid_stale_maxsid-run1", 3, 2, 3},
      {"zxid_stale_maxsid_order312-run1", 3, 1, 3},
  };
  for (const auto& x : expected) {
    INFO(x.name);
    std::string error;
    auto file = zabscope::loadLogFile(excerptPath(x.name), error);
    INFO(error);
    REQUIRE(file);
    auto r = importLogs({*file});
    for (const auto& e : r.errors) UNSCOPED_INFO(e.str());
    REQUIRE(r.timeline);
    const auto& t = *r.timeline;
    CHECK(t.servers.size() == x.servers);
    // A follower or observer never follows itself, after any event, and its vote (QuorumPeer's
    // currentVote) names the leader it follows.
    for (std::size_t i = 0; i < t.after.size(); ++i)
      for (const auto& v : t.after[i])
        if (v.state == PeerState::FOLLOWING || v.state == PeerState::OBSERVING) {
          INFO("after event " << i << " (" << t.events[i].source.text << "), S" << v.sid);
          CHECK(v.leader != std::optional<Sid>(v.sid));
          if (v.leader && v.vote) CHECK(v.vote->leader == *v.leader);
        }
    const auto outcome = outcomeToJson(t);
    CHECK(outcome["leader"] == (x.leader ? nlohmann::json(*x.leader) : nlohmann::json(nullptr)));
    CHECK(outcome["epoch"] == (x.epoch ? nlohmann::json(*x.epoch) : nlohmann::json(nullptr)));
    // Each event names the line of the merged file it came from: that line is the event's
    // server's prefix and the raw line.
    const auto merged = linesOf(file->text);
    for (const auto& e : t.events) {
      REQUIRE(e.source.line >= 1);
      REQUIRE(static_cast<std::size_t>(e.source.line) <= merged.size());
      CHECK(e.source.file == file->path);
      CHECK(merged[static_cast<std::size_t>(e.source.line) - 1] == "s" + std::to_string(e.server) + ": " + e.source.text);
    }
  }
}

TEST_CASE("a merged excerpt given with SID= is refused: it names its servers itself", "[real]") {
  std::string error;
  auto file = zabscope::loadLogFile("2=" + excerptPath("boot3-run1"), error);
  REQUIRE(file);
  auto r = importLogs({*file});
  REQUIRE_FALSE(r.timeline);
  REQUIRE(r.errors.size() == 1);
  CHECK_THAT(r.errors[0].str(), Catch::Contains("boot3-run1.log: it is a merged excerpt"));
  CHECK_THAT(r.errors[0].str(), Catch::Contains("give it without 2="));
  // The same excerpt twice holds each server twice: one log per server.
  auto plain = zabscope::loadLogFile(excerptPath("boot3-run1"), error);
  REQUIRE(plain);
  auto twice = importLogs({*plain, *plain});
  REQUIRE_FALSE(twice.timeline);
  CHECK_THAT(twice.errors[0].str(), Catch::Contains("server 1 has a log already"));
}
