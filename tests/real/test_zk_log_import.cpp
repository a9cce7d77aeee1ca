// The real-log importer (engine/real) on logs recorded from a real ZooKeeper 3.8.0 ensemble
// (tests/real-logs/README.md says how): leader, epochs, sync modes, matched messages, a malformed
// line, clock skew (one file's timestamps shifted), other log patterns.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "log_file.hpp"
#include <sstream>

#include "real/zk_log_import.hpp"

using namespace zabscope::real;
using zabscope::loadLogFile;  // ui/log_file.hpp: the engine reads no files

namespace {

std::string fixture(const std::string& rel) { return std::string(ZABSCOPE_SOURCE_DIR) + "/tests/real-logs/" + rel; }

LogFile load(const std::string& rel) {
  std::string error;
  auto f = loadLogFile(fixture(rel), error);
  INFO(error);
  REQUIRE(f);
  return *f;
}

std::vector<LogFile> scenario(const std::string& dir) {
  return {load(dir + "/server1.log"), load(dir + "/server2.log"), load(dir + "/server3.log")};
}

ImportedTimeline imported(const std::vector<LogFile>& files, const LogPattern& p = {}) {
  auto r = importLogs(files, p);
  for (const auto& e : r.errors) UNSCOPED_INFO(e.str());
  REQUIRE(r.timeline);
  return std::move(*r.timeline);
}

// Every timestamp of a log moved by `ms` (a clock that is off).
std::string shiftTimes(const std::string& text, int seconds) {
  std::istringstream in(text);
  std::ostringstream out;
  std::string line;
  std::regex ts(R"(^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}))");
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, ts)) {
      int total = std::stoi(m[2]) * 3600 + std::stoi(m[3]) * 60 + std::stoi(m[4]) + seconds;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d,%s", m[1].str().c_str(), total / 3600, total / 60 % 60,
                    total % 60, m[5].str().c_str());
      line = buf + line.substr(static_cast<std::size_t>(m[0].length()));
    }
    out << line << '\n';
  }
  return out.str();
}

std::size_t count(const ImportedTimeline& t, EventKind k, Sid server = -1) {
  std::size_t n = 0;
  for (const auto& e : t.events) n += e.kind == k && (server < 0 || e.server == server);
  return n;
}

}  // namespace

TEST_CASE("failover logs: leader, epochs, DIFF syncs and matched messages", "[real]") {
  auto t = imported(scenario("failover"));
  CHECK(t.servers == std::vector<Sid>{1, 2, 3});
  CHECK(t.warnings.empty());
  CHECK_FALSE(t.ownLanes);
  auto out = outcomeToJson(t);
  // S2 led epoch 1; killed with -9, S1 and S3 elected S3 (same zxid, higher sid) in epoch 2.
  CHECK(out["leader"] == 3);
  CHECK(out["epoch"] == 2);
  for (const auto& p : out["peers"]) {
    CHECK(p["alive"] == true);
    CHECK(p["current_epoch"] == 2);
    CHECK(p["zab_phase"] == "BROADCAST");
    CHECK(p["state"] == (p["sid"] == 3 ? "LEADING" : "FOLLOWING"));
  }
  CHECK(out["peers"][1]["last_sync"] == "DIFF");  // the old leader came back behind: a DIFF
  CHECK(count(t, EventKind::ElectionTook) >= 5);
  CHECK(count(t, EventKind::NewEpoch, 2) == 1);
  CHECK(count(t, EventKind::NewEpoch, 3) == 1);
  // S2 was the leader until it was killed: the views say so right before S3 takes over.
  bool sawS2Lead = false;
  for (std::size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].kind == EventKind::NewEpoch && t.events[i].server == 2) sawS2Lead = viewAt(t, i)[1].state == PeerState::LEADING;
  CHECK(sawS2Lead);
  // Every matched pair: a send on one server, its receipt on another, not before it.
  std::size_t notifications = 0, diffs = 0;
  for (const auto& m : t.messages) {
    const auto& s = t.events[m.send];
    const auto& r = t.events[m.receive];
    CHECK(s.server != r.server);
    CHECK(r.timeMs + kSkewSlackMs >= s.timeMs);
    notifications += m.type == "notification";
    diffs += m.type == "DIFF";
    if (m.type == "notification") CHECK(s.vote->leader == r.vote->leader);
  }
  CHECK(notifications >= 10);
  CHECK(diffs == 5);
}

TEST_CASE("SNAP: a follower restarted with an empty data dir gets a snapshot", "[real]") {
  auto t = imported(scenario("snap"));
  auto out = outcomeToJson(t);
  CHECK(out["leader"] == 3);
  CHECK(out["epoch"] == 1);
  CHECK(out["peers"][0]["last_sync"] == "SNAP");
  bool matched = false;
  for (const auto& m : t.messages)
    if (m.type == "SNAP") matched = t.events[m.send].server == 3 && t.events[m.receive].server == 1;
  CHECK(matched);
  // The explanation says why a snapshot.
  for (std::size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].kind == EventKind::SyncSent && t.events[i].sync == SyncMode::SNAP)
      CHECK_THAT(explainEvent(t, i).front(), Catch::Contains("sends SNAP to S1"));
}

TEST_CASE("TRUNC: an old leader with a proposal no one else logged is cut back", "[real]") {
  // record-trunc.sh: S3 led epoch 1 and logged 0x10000000b alone; S1 and S2 elected S2 (epoch 2)
  // without it; S3 came back. Real 3.8.0 writes the leader's "Sending TRUNC" only at DEBUG, so
  // only the learner's "Truncating log" line and the leader's sync summary show the TRUNC.
  auto t = imported(scenario("trunc"));
  CHECK(t.warnings.empty());
  auto out = outcomeToJson(t);
  CHECK(out["leader"] == 2);
  CHECK(out["epoch"] == 2);
  CHECK(out["peers"][2]["last_sync"] == "TRUNC");
  CHECK(out["peers"][2]["state"] == "FOLLOWING");
  bool votedWithLost = false, truncatedToCommitted = false;
  for (const auto& e : t.events) {
    if (e.server != 3) continue;
    votedWithLost = votedWithLost || (e.vote && e.vote->zxid == 0x10000000bLL);
    if (e.sync == SyncMode::TRUNC && e.zxid) truncatedToCommitted = *e.zxid == 0x10000000aLL;
  }
  CHECK(votedWithLost);        // S3 came back voting with the proposal only it had
  CHECK(truncatedToCommitted);  // and was cut back to the new leader's last committed zxid
  for (std::size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].server == 3 && t.events[i].sync == SyncMode::TRUNC)
      CHECK_THAT(explainEvent(t, i).front(), Catch::Contains("TRUNC"));
  // With no "Sending TRUNC" line, the arrow runs from the leader's "Synchronizing with Learner
  // sid: 3" line, where it decided, to S3's "Truncating log".
  std::size_t truncs = 0;
  for (const auto& m : t.messages) {
    if (m.type != "TRUNC") continue;
    ++truncs;
    CHECK(t.events[m.send].server == 2);
    CHECK(t.events[m.send].kind == EventKind::SyncStart);
    CHECK(t.events[m.receive].server == 3);
    CHECK(t.events[m.receive].timeMs >= t.events[m.send].timeMs);
  }
  CHECK(truncs == 1);
  CHECK(out["messages"]["TRUNC"] == 1);

  // Without the leader's line for this sync, the TRUNC is still read, with no arrow: nothing else
  // is taken for its send.
  auto files = scenario("trunc");
  std::string& leaderLog = files[1].text;
  const auto at = leaderLog.find("Synchronizing with Learner sid: 3");
  REQUIRE(at != std::string::npos);
  const auto lineStart = leaderLog.rfind('\n', at) + 1;
  leaderLog.erase(lineStart, leaderLog.find('\n', at) + 1 - lineStart);
  auto cut = imported(files);
  CHECK(outcomeToJson(cut)["peers"][2]["last_sync"] == "TRUNC");
  for (const auto& m : cut.messages) CHECK(m.type != "TRUNC");
}

TEST_CASE("a malformed notification line gives file:line and the rest still imports", "[real]") {
  auto files = scenario("failover");
  std::string& text = files[0].text;
  auto at = text.find("n.leader:");
  REQUIRE(at != std::string::npos);
  text.replace(at, 9, "n.leadr:");
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  auto t = imported(files);
  REQUIRE(t.warnings.size() == 1);
  CHECK(t.warnings[0].str().rfind(files[0].path + ":" + std::to_string(line) + ": a FastLeaderElection notification", 0) == 0);
  CHECK(outcomeToJson(t)["leader"] == 3);
}

TEST_CASE("clock skew: one server's clock 30 s ahead is corrected from the matched messages", "[real]") {
  auto files = scenario("failover");
  files[2].text = shiftTimes(files[2].text, 30);
  auto t = imported(files);
  REQUIRE_FALSE(t.warnings.empty());
  CHECK_THAT(t.warnings[0].str(), Catch::Contains("clocks corrected"));
  CHECK_FALSE(t.ownLanes);
  // S3 is moved back by about 30 s relative to the others.
  const auto rel = t.clockOffsetMs[3] - t.clockOffsetMs[1];
  CHECK(rel <= -29900);
  CHECK(rel >= -30100);
  CHECK(t.clockOffsetMs[1] == t.clockOffsetMs[2]);
  for (const auto& m : t.messages) CHECK(t.events[m.receive].timeMs + kSkewSlackMs >= t.events[m.send].timeMs);
  CHECK(outcomeToJson(t)["leader"] == 3);
}

TEST_CASE("clock skew with a server no message links: its own lane and a warning", "[real]") {
  auto files = scenario("failover");
  files[2].text = shiftTimes(files[2].text, 30);
  LogFile lonely;
  lonely.path = "server4.log";
  lonely.text = "2026-12-05 05:23:56,296 - INFO  [QuorumPeer[myid=4](plain=[0:0:0:0:0:0:0:0]:3134)(secure=disabled):"
                "QuorumPeer@1455] - LOOKING\n";
  files.push_back(lonely);
  auto t = imported(files);
  CHECK(t.ownLanes);
  bool warned = false;
  for (const auto& w : t.warnings) warned = warned || w.str().find("S4's clock cannot be checked") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("other layouts: upstream logback with [myid:N], and an explicit --pattern", "[real]") {
  auto files = scenario("snap");
  // Upstream's conf/logback.xml puts the myid in the line; the file names carry no number.
  std::vector<LogFile> upstream;
  for (std::size_t k = 0; k < files.size(); ++k) {
    LogFile f;
    f.path = "zk-node-" + std::string(1, static_cast<char>('a' + k)) + ".log";
    std::istringstream in(files[k].text);
    std::string line;
    while (std::getline(in, line))
      f.text += line.substr(0, 23) + " [myid:" + std::to_string(k + 1) + "]" + line.substr(23) + "\n";
    upstream.push_back(f);
  }
  auto a = imported(upstream);
  CHECK(a.servers == std::vector<Sid>{1, 2, 3});
  CHECK(outcomeToJson(a)["leader"] == 3);

  // A layout of one's own: "LEVEL|date|thread|message".
  std::vector<LogFile> custom;
  std::regex re(R"(^(\S+ \S+) - (\w+) +\[(.*?):\S+@\d+\] - (.*)$)");
  for (const auto& f : files) {
    LogFile c;
    c.path = f.path;
    std::istringstream in(f.text);
    std::string line;
    while (std::getline(in, line)) c.text += std::regex_replace(line, re, "$2|$1|$3|$4") + "\n";
    custom.push_back(c);
  }
  LogPattern p;
  p.text = "%p|%d|%t|%m%n";
  p.autodetect = false;
  auto b = imported(custom, p);
  CHECK(b.events.size() == imported(files).events.size());
  CHECK(outcomeToJson(b)["leader"] == 3);
  // The default pattern does not read it: a clear error naming the file.
  auto bad = importLogs(custom);
  REQUIRE_FALSE(bad.timeline);
  CHECK_THAT(bad.errors[0].str(), Catch::Contains("matches the log pattern"));
  CHECK_THAT(bad.errors[0].str(), Catch::Contains("--pattern"));
}

TEST_CASE("bad input: unreadable files, unknown server ids, bad patterns, two logs of one server", "[real]") {
  std::string error;
  CHECK_FALSE(loadLogFile("/nonexistent/zk.log", error));
  CHECK(error == "/nonexistent/zk.log: cannot read the log file: no such file");
  // Endless input is cut off at the cap with a clear message, not read into memory for ever.
  CHECK_FALSE(loadLogFile("/dev/zero", error));
  CHECK_THAT(error, Catch::Contains("/dev/zero: larger than 64 MiB"));
  auto explicitSid = loadLogFile("7=" + fixture("snap/server1.log"), error);
  REQUIRE(explicitSid);
  CHECK(explicitSid->sid == 7);
  LogFile anon{"notes.txt", "2026-12-05 05:23:56,296 - INFO  [main:Foo@1] - hello\n", std::nullopt};
  auto r = importLogs({anon});
  REQUIRE_FALSE(r.timeline);
  CHECK_THAT(r.errors[0].str(), Catch::Contains("cannot tell which server wrote it"));
  LogPattern p;
  p.text = "%p %m";
  CHECK(importLogs(scenario("snap"), p).errors[0].str() == "--pattern: pattern: needs a timestamp (%d) and a message (%m)");
  auto twice = importLogs({load("snap/server1.log"), load("snap/server1.log")});
  REQUIRE_FALSE(twice.timeline);
  CHECK_THAT(twice.errors[0].str(), Catch::Contains("server 1 has a log already"));
  CHECK(importLogs({}).errors.size() == 1);
}

TEST_CASE("outputs: JSONL keys of run --trace, ShiViz receipts after their sends", "[real]") {
  auto t = imported(scenario("failover"));
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    auto j = eventToJson(t, i);
    for (const char* key : {"step", "time_ms", "kind", "peer", "event", "explanation", "file", "line", "raw"})
      CHECK(j.contains(key));
  }
  auto shiviz = toShiviz(t);
  std::istringstream in(shiviz);
  std::string regex, blank, text, clock;
  std::getline(in, regex);
  std::getline(in, blank);
  CHECK(blank.empty());
  std::size_t events = 0, recv = 0;
  while (std::getline(in, text) && std::getline(in, clock)) {
    ++events;
    recv += text.find("[recv m") != std::string::npos;
    CHECK(std::regex_match(clock, std::regex(R"(S\d+ \{.*\})")));
  }
  CHECK(events == t.events.size());
  CHECK(recv == t.messages.size());
}

TEST_CASE("timestamps that go back inside a file are named with file:line", "[real]") {
  auto files = scenario("snap");
  const auto lines = std::count(files[0].text.begin(), files[0].text.end(), '\n');
  files[0].text += files[0].text;  // the same log twice, as if two files were joined in the wrong order
  auto t = imported(files);
  REQUIRE_FALSE(t.warnings.empty());
  CHECK_THAT(t.warnings[0].str(), Catch::StartsWith(files[0].path + ":" + std::to_string(lines + 1) + ": the timestamps go back"));
}
