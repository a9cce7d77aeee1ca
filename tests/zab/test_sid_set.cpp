// zab::SidSet (a proposal's acks) against std::set: the same members in the same order through
// inserts, erases and clears, inline and after it outgrows its inline room; and the quorum
// verifier answers the same for both.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>

#include "zab/quorum_verifier.hpp"
#include "zab/sid_set.hpp"

using zab::Sid;
using zab::SidSet;

namespace {
std::vector<Sid> members(const SidSet& s) { return {s.begin(), s.end()}; }
std::vector<Sid> members(const std::set<Sid>& s) { return {s.begin(), s.end()}; }
}  // namespace

TEST_CASE("sid set: follows std::set inline and spilled", "[sid_set]") {
  SidSet mine;
  std::set<Sid> ref;
  // A fixed pseudo-random walk over sids 0..19: inserts and erases, past the inline room and back.
  std::uint64_t x = 12345;
  for (int step = 0; step < 2000; ++step) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const Sid sid = static_cast<Sid>((x >> 33) % 20);
    const bool insert = ((x >> 20) & 3) != 0 || ref.size() < 3;
    if (insert) {
      REQUIRE(mine.insert(sid) == ref.insert(sid).second);
    } else {
      REQUIRE(mine.erase(sid) == ref.erase(sid));
    }
    REQUIRE(mine.size() == ref.size());
    REQUIRE(members(mine) == members(ref));
    REQUIRE(mine.count(sid) == ref.count(sid));
    if (step % 500 == 499) {
      mine.clear();
      ref.clear();
      REQUIRE(mine.empty());
    }
  }
  SidSet a, b;
  for (Sid s : {5, 1, 3}) a.insert(s);
  for (Sid s : {3, 5, 1}) b.insert(s);
  CHECK(a == b);
  b.erase(5);
  CHECK_FALSE(a == b);
}

TEST_CASE("sid set: containsQuorum answers as for std::set", "[sid_set]") {
  std::vector<zab::QuorumServer> servers;
  for (Sid s = 1; s <= 9; ++s) {
    zab::QuorumServer server;
    server.id = s;
    server.quorumPort = 2887 + static_cast<int>(s);
    server.electionPort = 3887 + static_cast<int>(s);
    servers.push_back(server);
  }
  const auto qv = zab::QuorumVerifier::majority(servers);
  SidSet acks;
  std::set<Sid> ref;
  for (Sid s : {9, 2, 42, 7, 4, 1}) {  // 42 is no voter: it does not count
    acks.insert(s);
    ref.insert(s);
    CHECK(qv.containsQuorumOf(acks) == qv.containsQuorum(ref));
  }
  CHECK(qv.containsQuorumOf(acks));
}
