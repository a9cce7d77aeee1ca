// The importer against what the real servers said at the end of the same run
// (tests/real-logs/kill-leader-restart: `zabsim real tests/real/kill-leader-restart.zab`; the
// servers' srvr output and epoch files are in servers-outcome.json). Each case is one of the
// four places where the logs and the servers disagreed: a learner's epochs, a leader's last sync,
// clock skew on one machine, and the state at the end of the logs.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "real/zk_log_import.hpp"

using namespace zabscope::real;

namespace {

const std::string kDir = std::string(ZABSCOPE_SOURCE_DIR) + "/tests/real-logs/kill-leader-restart/";

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Lines [from, to] (1-based, inclusive) of a fixture file.
std::string excerpt(const std::string& name, std::size_t from, std::size_t to) {
  const auto lines = linesOf(readAll(kDir + name));
  REQUIRE(to <= lines.size());
  std::string out;
  for (std::size_t i = from; i <= to; ++i) out += lines[i - 1] + "\n";
  return out;
}

// The lines of a fixture file whose timestamp is before `hhmmss_mmm` ("06:35:11,475").
std::string before(const std::string& name, const std::string& time) {
  std::string out;
  for (const auto& l : linesOf(readAll(kDir + name)))
    if (l.size() > 23 && l.substr(11, 12) < time) out += l + "\n";
  return out;
}

std::vector<LogFile> run() {
  std::vector<LogFile> out;
  for (int s = 1; s <= 3; ++s) out.push_back({kDir + "server" + std::to_string(s) + ".log",
                                              readAll(kDir + "server" + std::to_string(s) + ".log"), std::nullopt});
  return out;
}

ImportedTimeline imported(const std::vector<LogFile>& files) {
  auto r = importLogs(files);
  for (const auto& e : r.errors) UNSCOPED_INFO(e.str());
  REQUIRE(r.timeline);
  return std::move(*r.timeline);
}

const ServerView& viewOf(const std::vector<ServerView>& views, Sid s) {
  for (const auto& v : views)
    if (v.sid == s) return v;
  FAIL("no view of S" << s);
  return views.front();
}

}  // namespace

TEST_CASE("real run: the importer's outcome agrees with the servers' srvr output and epoch files", "[real]") {
  const auto t = imported(run());
  const auto logs = outcomeToJson(t);
  const auto servers = nlohmann::json::parse(readAll(kDir + "servers-outcome.json"));
  CHECK(logs["leader"] == servers["leader"]);
  CHECK(logs["epoch"] == servers["epoch"]);
  for (const auto& want : servers["peers"]) {
    const nlohmann::json* got = nullptr;
    for (const auto& p : logs["peers"])
      if (p["sid"] == want["sid"]) got = &p;
    REQUIRE(got);
    for (const char* key : {"state", "accepted_epoch", "current_epoch", "last_sync", "last_zxid"}) {
      INFO("S" << want["sid"] << " " << key);
      CHECK((*got)[key] == want[key]);
    }
  }
}

TEST_CASE("real run: a learner that follows a new leader without restarting takes the new epoch", "[real]") {
  // S1 followed S2 (epoch 1), then S3 (epoch 2) without a restart. 3.8.0's learner logs no epoch;
  // S3's "Have quorum of supporters, sids: [[1, 3]] ... 0x200000000" says S1 acked NEWLEADER.
  const auto t = imported(run());
  bool checked = false;
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto& e = t.events[i];
    if (e.server == 1 && e.kind == EventKind::NewLeaderReceived && e.logTimeMs > 3000) {
      // On NEWLEADER S3 has not established epoch 2 yet: S1 must not take S3's old epoch 1 as new.
      CHECK(viewOf(t.after[i], 1).currentEpoch == 1);
    }
    if (e.server == 3 && e.kind == EventKind::NewEpoch) {
      CHECK(e.epoch == 2);
      CHECK(viewOf(t.after[i], 1).acceptedEpoch == 2);
      CHECK(viewOf(t.after[i], 1).currentEpoch == 2);
      checked = true;
    }
  }
  CHECK(checked);
  // S2, synced after S3 established epoch 2, takes it on NEWLEADER.
  CHECK(viewOf(t.after.back(), 2).currentEpoch == 2);
}

TEST_CASE("real run: a leader's last sync is the one it sent", "[real]") {
  const auto t = imported(run());
  bool sawSnap = false;
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto& e = t.events[i];
    if (e.kind == EventKind::SyncSent && e.server == 2 && e.sync == SyncMode::SNAP) {
      CHECK(viewOf(t.after[i], 2).lastSync == SyncMode::SNAP);  // S2 (leader, epoch 1) sent S3 a SNAP
      sawSnap = true;
    }
  }
  CHECK(sawSnap);
  // S3 got that SNAP as a learner, then led and sent DIFFs: its last sync is DIFF, as srvr says.
  CHECK(viewOf(t.after.back(), 3).lastSync == SyncMode::DIFF);
}

TEST_CASE("real run excerpt: a receipt before the sender's own copy is no clock skew on one machine", "[real]") {
  // S3's "New election" (10,506), S1's receipt of S3's vote (10,511), S3's own copy (10,552): S3's
  // WorkerSender queued its own copy after trying to reach the dead S2.
  const std::vector<LogFile> files{{"server1.log", excerpt("server1.log", 145, 145), std::nullopt},
                                   {"server3.log", excerpt("server3.log", 143, 147), std::nullopt}};
  const auto t = imported(files);
  REQUIRE(t.messages.size() == 1);
  const auto& m = t.messages.front();
  CHECK(t.events[m.send].source.line == 5);
  CHECK(t.events[m.sentAfter].kind == EventKind::NewElection);
  CHECK(t.events[m.receive].server == 1);
  CHECK(t.warnings.empty());
  CHECK_FALSE(t.ownLanes);
  for (const auto& [s, off] : t.clockOffsetMs) CHECK(off == 0);
}

TEST_CASE("real run: one clock gives one timeline, every receipt after the earliest possible send", "[real]") {
  const auto t = imported(run());
  CHECK(t.warnings.empty());
  CHECK_FALSE(t.ownLanes);
  for (const auto& [s, off] : t.clockOffsetMs) CHECK(off == 0);
  CHECK(t.messages.size() >= 20);
  for (const auto& m : t.messages) {
    INFO(t.events[m.sentAfter].source.file << ":" << t.events[m.sentAfter].source.line << " -> "
                                           << t.events[m.receive].source.file << ":" << t.events[m.receive].source.line);
    CHECK(t.events[m.receive].timeMs + kSkewSlackMs >= t.events[m.sentAfter].timeMs);
  }
}

TEST_CASE("real run: the end of the logs keeps the last known state unless a shutdown shows", "[real]") {
  SECTION("the runner's kill -9 at the end leaves only the leader's GOODBYE lines: all stay up") {
    const auto t = imported(run());
    CHECK(viewOf(t.after.back(), 1).alive);
    CHECK(viewOf(t.after.back(), 1).state == PeerState::FOLLOWING);
    CHECK(viewOf(t.after.back(), 2).state == PeerState::FOLLOWING);
    CHECK(viewOf(t.after.back(), 3).state == PeerState::LEADING);
    CHECK(outcomeToJson(t)["leader"] == 3);
  }
  SECTION("a shutdown line in a server's own log: it is down") {
    auto files = run();
    files[0].text += "2026-12-05 06:35:12,200 [myid:1] - WARN  [QuorumPeer[myid=1](plain=127.0.0.1:2481)"
                     "(secure=disabled):QuorumPeer@1527] - QuorumPeer main thread exited\n";
    const auto t = imported(files);
    CHECK_FALSE(viewOf(t.after.back(), 1).alive);
    CHECK_FALSE(viewOf(t.after.back(), 1).state);
    CHECK(t.events.back().kind == EventKind::ServerShutdown);
  }
  SECTION("a leader killed and never back, the others elect without it: it is down") {
    // The logs cut before S2's restart (06:35:11,475).
    const std::vector<LogFile> files{{"server1.log", before("server1.log", "06:35:11,475"), std::nullopt},
                                     {"server2.log", before("server2.log", "06:35:11,475"), std::nullopt},
                                     {"server3.log", before("server3.log", "06:35:11,475"), std::nullopt}};
    const auto t = imported(files);
    CHECK_FALSE(viewOf(t.after.back(), 2).alive);
    CHECK(viewOf(t.after.back(), 1).state == PeerState::FOLLOWING);
    CHECK(viewOf(t.after.back(), 3).state == PeerState::LEADING);
    CHECK(outcomeToJson(t)["leader"] == 3);
  }
}
