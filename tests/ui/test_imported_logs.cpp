// The app's model of opened real logs (ui/imported_logs.hpp): read-only stepping and scrubbing
// over the failover excerpts of tests/real-logs, and what File > Open logs picks up.
#include <catch2/catch.hpp>

#include "imported_logs.hpp"

using namespace zabscope;

namespace {
std::string dir() { return std::string(ZABSCOPE_SOURCE_DIR) + "/tests/real-logs/failover/"; }
}  // namespace

TEST_CASE("imported logs: stepping, scrubbing and the leader at the cursor", "[imported]") {
  std::vector<std::string> errors;
  auto logs = ImportedLogs::open(ImportedLogs::logsBeside(dir() + "server2.log"), errors);
  REQUIRE(errors.empty());
  REQUIRE(logs);
  CHECK(logs->paths().size() == 3);
  CHECK(logs->cursor() == 0);
  CHECK_FALSE(logs->leader());
  CHECK_FALSE(logs->stepBack());
  // Until the first leader: S2 (epoch 1).
  while (!logs->leader() && logs->stepForward()) {
  }
  REQUIRE(logs->leader());
  CHECK(*logs->leader() == 2);
  const std::size_t firstLeader = logs->cursor();
  CHECK(logs->stepBack());
  CHECK(logs->cursor() == firstLeader - 1);
  // Scrubbing by time lands after every event at or before that time.
  const std::int64_t at = logs->timeline().events[firstLeader + 5].timeMs;
  logs->jumpToTime(at);
  CHECK(logs->timeMs() == at);
  CHECK((logs->cursor() == logs->size() || logs->timeline().events[logs->cursor()].timeMs > at));
  // The end: S3 leads after S2 was killed.
  logs->jumpTo(logs->size() + 10);
  CHECK(logs->cursor() == logs->size());
  CHECK(logs->leader() == 3);
  CHECK_FALSE(logs->stepForward());
  // Explanations are made on demand and say where they come from.
  CHECK_FALSE(logs->explained(0).empty());
  logs->jumpTo(0);
  CHECK(logs->stepUntil(real::EventKind::SyncSent));
  CHECK_THAT(logs->explained(logs->cursor() - 1).front(), Catch::Contains("sends DIFF"));
}

TEST_CASE("imported logs: a broken file leaves nothing opened and says why", "[imported]") {
  std::vector<std::string> errors;
  CHECK_FALSE(ImportedLogs::open({dir() + "server1.log", "/nonexistent/server9.log"}, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "/nonexistent/server9.log: cannot read the log file: no such file");
}
