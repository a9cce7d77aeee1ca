// QuorumVerifier: QuorumMaj and QuorumHierarchical quorum maths and the config text
// (facts 1.8; ZooKeeper's QuorumMajTest / QuorumHierarchical tests and FLEZeroWeightTest).
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "zab/quorum_verifier.hpp"

using namespace zab;

namespace {

QuorumServer server(Sid id, LearnerType type = LearnerType::PARTICIPANT) {
  QuorumServer s;
  s.id = id;
  s.host = "127.0.0.1";
  s.quorumPort = 2887 + static_cast<int>(id);
  s.electionPort = 3887 + static_cast<int>(id);
  s.type = type;
  return s;
}

std::vector<QuorumServer> participants(Sid first, Sid last) {
  std::vector<QuorumServer> out;
  for (Sid id = first; id <= last; ++id) out.push_back(server(id));
  return out;
}

// FLEZeroWeightTest: group.1=0:1:2, group.2=3:4:5, group.3=6:7:8; weight 1 for 0-2, 0 for 3-8.
QuorumVerifier zeroWeightLayout() {
  const std::map<std::int64_t, std::vector<Sid>> groups = {{1, {0, 1, 2}}, {2, {3, 4, 5}}, {3, {6, 7, 8}}};
  std::map<Sid, std::int64_t> weights;
  for (Sid id = 0; id <= 8; ++id) weights[id] = id <= 2 ? 1 : 0;
  return QuorumVerifier::hierarchical(participants(0, 8), groups, weights);
}

}  // namespace

TEST_CASE("quorum verifier: majority needs strictly more than half of the voters", "[quorum]") {
  SECTION("3 voters need 2") {
    const auto qv = QuorumVerifier::majority(participants(1, 3));
    CHECK_FALSE(qv.containsQuorum({1}));
    CHECK(qv.containsQuorum({1, 2}));
    CHECK(qv.containsQuorum({2, 3}));
    CHECK(qv.containsQuorum({1, 2, 3}));
  }
  SECTION("4 voters need 3") {
    const auto qv = QuorumVerifier::majority(participants(1, 4));
    CHECK_FALSE(qv.containsQuorum({1, 2}));
    CHECK_FALSE(qv.containsQuorum({3, 4}));
    CHECK(qv.containsQuorum({1, 2, 3}));
    CHECK(qv.containsQuorum({2, 3, 4}));
  }
  SECTION("5 voters need 3") {
    const auto qv = QuorumVerifier::majority(participants(1, 5));
    CHECK_FALSE(qv.containsQuorum({1, 5}));
    CHECK(qv.containsQuorum({1, 3, 5}));
    CHECK(qv.containsQuorum({1, 2, 3, 4}));
  }
  SECTION("a single voter (standaloneEnabled=false) is its own quorum") {
    const auto qv = QuorumVerifier::majority(participants(7, 7));
    CHECK(qv.containsQuorum({7}));
  }
  SECTION("every server weighs 1 in a majority verifier") {
    const auto qv = QuorumVerifier::majority(participants(1, 3));
    CHECK_FALSE(qv.isHierarchical());
    CHECK(qv.weight(1) == 1);
    CHECK(qv.weight(3) == 1);
  }
}

TEST_CASE("quorum verifier: observers are members but never count towards a quorum", "[quorum]") {
  auto servers = participants(1, 3);
  servers.push_back(server(4, LearnerType::OBSERVER));
  servers.push_back(server(5, LearnerType::OBSERVER));
  const auto qv = QuorumVerifier::majority(servers);

  CHECK(qv.votingMembers() == std::vector<Sid>{1, 2, 3});
  CHECK(qv.observingMembers() == std::vector<Sid>{4, 5});
  CHECK(qv.allMembers().size() == 5);
  CHECK(qv.isVoter(2));
  CHECK_FALSE(qv.isVoter(4));
  CHECK(qv.isMember(4));
  CHECK_FALSE(qv.isMember(6));

  // Half of the 3 voters, not of the 5 members: two observers and one voter are no quorum.
  CHECK_FALSE(qv.containsQuorum({1, 4, 5}));
  CHECK_FALSE(qv.containsQuorum({4, 5}));
  CHECK(qv.containsQuorum({1, 2}));
  CHECK(qv.containsQuorum({1, 2, 4, 5}));
  // Unknown ids do not count either.
  CHECK_FALSE(qv.containsQuorum({1, 42, 43}));
}

TEST_CASE("quorum verifier: the empty set is never a quorum", "[quorum]") {
  CHECK_FALSE(QuorumVerifier::majority(participants(1, 3)).containsQuorum({}));
  CHECK_FALSE(QuorumVerifier::majority({}).containsQuorum({}));
  CHECK_FALSE(zeroWeightLayout().containsQuorum({}));
  const auto h = QuorumVerifier::hierarchical(participants(1, 3), {{1, {1, 2, 3}}}, {});
  CHECK_FALSE(h.containsQuorum({}));
  CHECK(h.containsQuorum({1, 2}));
}

TEST_CASE("quorum verifier: hierarchical - FLEZeroWeight layout (only servers 0-2 weigh 1)", "[quorum]") {
  const auto qv = zeroWeightLayout();
  REQUIRE(qv.isHierarchical());

  SECTION("weights") {
    CHECK(qv.weight(0) == 1);
    CHECK(qv.weight(2) == 1);
    CHECK(qv.weight(3) == 0);
    CHECK(qv.weight(8) == 0);
  }
  SECTION("all nine servers vote; weight 0 does not make a server an observer") {
    CHECK(qv.votingMembers().size() == 9);
    CHECK(qv.observingMembers().empty());
  }
  SECTION("groups of total weight 0 are subtracted from numGroups") {
    // numGroups is 1, so a majority of group 1 alone is a quorum. Were the two zero-weight
    // groups counted (numGroups 3), two winning groups would be needed, which is impossible.
    CHECK(qv.containsQuorum({0, 1}));
    CHECK(qv.containsQuorum({1, 2}));
    CHECK(qv.containsQuorum({0, 1, 2}));
  }
  SECTION("zero-weight servers cannot make a quorum, however many") {
    CHECK_FALSE(qv.containsQuorum({3, 4, 5, 6, 7, 8}));
    CHECK_FALSE(qv.containsQuorum({0, 3, 4, 5, 6, 7, 8}));
    CHECK_FALSE(qv.containsQuorum({2}));
  }
  SECTION("zero-weight servers add nothing to a quorum") {
    CHECK(qv.containsQuorum({0, 2, 3, 6}));
    CHECK_FALSE(qv.containsQuorum({0, 3, 6}));
  }
}

TEST_CASE("quorum verifier: hierarchical - a majority of groups each with a weight majority", "[quorum]") {
  // The QuorumHierarchical javadoc layout: 3 groups of 3, every weight 1.
  const std::map<std::int64_t, std::vector<Sid>> groups = {{1, {1, 2, 3}}, {2, {4, 5, 6}}, {3, {7, 8, 9}}};
  const auto qv = QuorumVerifier::hierarchical(participants(1, 9), groups, {});

  CHECK(qv.weight(5) == 1);  // weights default to 1
  CHECK(qv.containsQuorum({1, 2, 4, 5}));
  CHECK(qv.containsQuorum({2, 3, 8, 9}));
  CHECK_FALSE(qv.containsQuorum({1, 2, 3}));        // one whole group is not a majority of groups
  CHECK_FALSE(qv.containsQuorum({1, 2, 3, 4, 7}));  // 5 of 9 servers, but only one winning group
  CHECK_FALSE(qv.containsQuorum({1, 4, 7}));        // a third of every group
  CHECK(qv.containsQuorum({1, 2, 4, 5, 7}));
  CHECK_FALSE(qv.containsQuorum({10, 11, 12}));     // not in any group
}

TEST_CASE("quorum verifier: hierarchical weights are summed per group with integer halving", "[quorum]") {
  // group.1=1:2:3 with weights 2,1,1 (total 4: needs > 2); group.2=4:5 with weights 1,1 (needs > 1).
  const auto qv = QuorumVerifier::hierarchical(participants(1, 5), {{1, {1, 2, 3}}, {2, {4, 5}}},
                                               {{1, 2}, {2, 1}, {3, 1}, {4, 1}, {5, 1}});
  CHECK(qv.weight(1) == 2);
  // numGroups = 2, so both groups must win.
  CHECK_FALSE(qv.containsQuorum({1, 4, 5}));     // group 1: weight 2, not > 2
  CHECK(qv.containsQuorum({1, 2, 4, 5}));        // group 1: 3 > 2, group 2: 2 > 1
  CHECK_FALSE(qv.containsQuorum({2, 3, 4, 5}));  // group 1: 2, not > 2
  CHECK_FALSE(qv.containsQuorum({1, 2, 3, 4}));  // group 2: 1, not > 1
}

TEST_CASE("quorum verifier: a zero-weight group among weighted ones lowers the groups needed", "[quorum]") {
  // Three weighted groups and one zero-weight group: numGroups = 3, so 2 winning groups suffice
  // (counting the zero-weight group would make it 4 and require 3).
  const std::map<std::int64_t, std::vector<Sid>> groups = {
      {1, {1, 2}}, {2, {3, 4}}, {3, {5, 6}}, {4, {7, 8}}};
  const auto qv = QuorumVerifier::hierarchical(participants(1, 8), groups, {{7, 0}, {8, 0}});
  CHECK(qv.weight(7) == 0);
  CHECK(qv.weight(1) == 1);
  CHECK(qv.containsQuorum({1, 2, 3, 4}));
  CHECK_FALSE(qv.containsQuorum({1, 2, 3, 7, 8}));
}

TEST_CASE("quorum verifier: toString is the config text of QuorumMaj", "[quorum]") {
  auto s1 = server(1);
  s1.clientPort = 2181;
  auto s2 = server(2);
  s2.clientPort = 2182;
  s2.clientHost = "127.0.0.1";
  auto s3 = server(3, LearnerType::OBSERVER);  // no client part

  SECTION("one line per member in id order, then version in hex") {
    const auto qv = QuorumVerifier::majority({s3, s1, s2});
    CHECK(qv.toString() ==
          "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
          "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
          "server.3=127.0.0.1:2890:3890:observer\n"
          "version=0");
  }
  SECTION("the version is written in hexadecimal") {
    const auto qv = QuorumVerifier::majority({s1}, 0x100000002);
    CHECK(qv.version() == 0x100000002);
    CHECK(qv.toString() == "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nversion=100000002");
  }
  SECTION("IPv6 hosts are bracketed, as QuorumServer.delimitedHostString does") {
    QuorumServer v6 = server(1);
    v6.host = "::1";
    v6.clientHost = "::1";
    v6.clientPort = 2181;
    CHECK(v6.addressString() == "[::1]:2888:3888:participant;[::1]:2181");
  }
  SECTION("hierarchical adds group and weight lines") {
    const auto qv = QuorumVerifier::hierarchical({s1, s2, server(4)}, {{1, {1, 2}}, {2, {4}}}, {{4, 0}}, 5);
    CHECK(qv.toString() ==
          "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
          "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
          "server.4=127.0.0.1:2891:3891:participant\n"
          "group.1=1:2\n"
          "group.2=4\n"
          "weight.1=1\n"
          "weight.2=1\n"
          "weight.4=0\n"
          "version=5");
  }
}
