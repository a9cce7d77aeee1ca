// Log lines are bytes; what the importer keeps of them is valid UTF-8 (engine/real/valid_utf8.hpp).
// Found by fuzz_log_import: a line with a 0xFF byte made `zabsim import-log --jsonl` abort in
// nlohmann::json's dump (invalid UTF-8).
#include <catch2/catch.hpp>

#include "real/valid_utf8.hpp"
#include "real/zk_log_import.hpp"

using namespace zabscope::real;

TEST_CASE("invalid UTF-8 becomes U+FFFD byte by byte, and valid text is kept", "[real]") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(validUtf8("LOOKING") == "LOOKING");
  CHECK(validUtf8("\xE4\xB8\xAD\xE6\x96\x87") == "\xE4\xB8\xAD\xE6\x96\x87");  // 中文
  CHECK(isValidUtf8("\xF0\x9F\x98\x80"));                                         // U+1F600
  CHECK(validUtf8("a\xFF" "b") == "a" + fffd + "b");
  CHECK(validUtf8("\xE4\xB8") == fffd + fffd);          // a character cut off at the end of a log
  CHECK(validUtf8("\xC0\xAF") == fffd + fffd);          // an overlong '/'
  CHECK(validUtf8("\xED\xA0\x80") == fffd + fffd + fffd);  // a surrogate
  CHECK(validUtf8("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // above U+10FFFF
  CHECK_FALSE(isValidUtf8("\x80"));
}

TEST_CASE("a log line with bytes that are not UTF-8 imports, and its JSON can be written", "[real]") {
  // Bytes in a thread name (a host name) that are not UTF-8: 0xFF, and a character cut in two.
  const std::string text =
      "2026-12-05 05:23:56,296 [myid:1] - INFO  [QuorumPeer[myid=1](plain=h\xFF:2181):QuorumPeer@1455] - LOOKING\n"
      "2026-12-05 05:23:56,300 [myid:1] - INFO  [QuorumPeer[myid=1](plain=h\xE4\xB8:2181):FastLeaderElection@946] - "
      "New election. My id = 1, proposed zxid=0x0\n";
  auto r = importLogs({LogFile{"server1\xFF.log", text, std::nullopt}});
  REQUIRE(r.timeline);
  const auto& t = *r.timeline;
  REQUIRE(t.events.size() == 2);
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    CHECK(isValidUtf8(t.events[i].source.text));
    CHECK(isValidUtf8(t.events[i].source.file));
    CHECK_NOTHROW(eventToJson(t, i).dump());
  }
  CHECK_NOTHROW(outcomeToJson(t).dump());
  CHECK(t.events[0].source.text.find("plain=h\xEF\xBF\xBD:2181") != std::string::npos);
}
