// zoo.cfg parsing (facts section 5): keys and defaults, server.N syntax, ensemble checks,
// hierarchical groups, and the dynamic-config text carried in notifications.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "zab/zoo_cfg.hpp"

using namespace zab;

namespace {

// Joins lines with '\n', so line N of the file is element N-1.
std::string lines(std::initializer_list<std::string_view> ls) {
  std::string out;
  for (std::string_view l : ls) {
    out += l;
    out += '\n';
  }
  return out;
}

std::string all(const std::vector<ConfigDiagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.str() + "\n";
  return out.empty() ? "(none)" : out;
}

// Is there a diagnostic on `line` whose message contains `needle`?
bool has(const std::vector<ConfigDiagnostic>& ds, int line, std::string_view needle) {
  for (const auto& d : ds)
    if (d.line == line && d.message.find(needle) != std::string::npos) return true;
  return false;
}

// The common head of a valid distributed config (lines 1-5).
constexpr std::string_view kTick = "tickTime=2000";
constexpr std::string_view kInit = "initLimit=10";
constexpr std::string_view kSync = "syncLimit=5";
constexpr std::string_view kDataDir = "dataDir=/var/lib/zookeeper";
constexpr std::string_view kClientPort = "clientPort=2181";
constexpr std::string_view kS1 = "server.1=127.0.0.1:2888:3888";
constexpr std::string_view kS2 = "server.2=127.0.0.1:2889:3889";
constexpr std::string_view kS3 = "server.3=127.0.0.1:2890:3890";

std::string validThree() { return lines({kTick, kInit, kSync, kDataDir, kClientPort, kS1, kS2, kS3}); }

std::string readExample(const std::string& name) {
  // Not __FILE__: a compiler cache may make it relative to the build folder.
  const auto path = std::filesystem::path(ZABSCOPE_SOURCE_DIR) / "examples" / name;
  std::ifstream in(path);
  if (!in) FAIL("cannot open " << path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// QuorumVerifier::operator== is defaulted, which needs QuorumServer::operator==. Use it when
// it exists; otherwise compare everything observable.
template <class QS = QuorumServer>
bool sameServer(const QS& a, const QS& b) {
  return a.id == b.id && a.host == b.host && a.quorumPort == b.quorumPort && a.electionPort == b.electionPort &&
         a.type == b.type && a.clientHost == b.clientHost && a.clientPort == b.clientPort;
}

template <class QS = QuorumServer, class QV = QuorumVerifier>
bool sameVerifier(const QV& a, const QV& b) {
  if constexpr (requires(const QS& s) { s == s; }) {
    return a == b;
  } else {
    if (a.isHierarchical() != b.isHierarchical() || a.version() != b.version() || a.groups() != b.groups() ||
        a.votingMembers() != b.votingMembers() || a.allMembers().size() != b.allMembers().size() ||
        a.toString() != b.toString())
      return false;
    for (const auto& [sid, s] : a.allMembers()) {
      auto it = b.allMembers().find(sid);
      if (it == b.allMembers().end() || !sameServer(s, it->second) || a.weight(sid) != b.weight(sid)) return false;
    }
    return true;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Keys and defaults (5.1)

TEST_CASE("zoo.cfg: a valid 3-server ensemble parses", "[zoo.cfg]") {
  const auto r = parseZooCfg(validThree());
  INFO(all(r.errors));
  REQUIRE(r.ok());
  const ZooCfg& c = r.config;
  CHECK(c.tickTime == 2000);
  CHECK(c.initLimit == 10);
  CHECK(c.syncLimit == 5);
  CHECK(c.connectToLearnerMasterLimit == 0);
  CHECK(c.electionAlg == 3);
  CHECK(c.peerType == "participant");
  CHECK(c.dataDir == "/var/lib/zookeeper");
  CHECK(c.clientPort == 2181);
  CHECK(c.standaloneEnabled);
  CHECK_FALSE(c.reconfigEnabled);
  CHECK_FALSE(c.multiAddressEnabled);
  CHECK(c.groups.empty());
  CHECK(c.weights.empty());
  CHECK(c.systemProperties.empty());
  INFO(all(c.warnings));
  CHECK(c.warnings.empty());

  REQUIRE(c.servers.size() == 3);
  CHECK(c.servers[0].id == 1);
  CHECK(c.servers[0].host == "127.0.0.1");
  CHECK(c.servers[0].quorumPort == 2888);
  CHECK(c.servers[0].electionPort == 3888);
  CHECK(c.servers[2].id == 3);
  CHECK(c.servers[2].quorumPort == 2890);
  for (const auto& s : c.servers) CHECK(s.type == LearnerType::PARTICIPANT);

  const QuorumVerifier qv = c.verifier();
  CHECK_FALSE(qv.isHierarchical());
  CHECK(qv.votingMembers() == std::vector<Sid>{1, 2, 3});
  CHECK(qv.containsQuorum({1, 3}));
  CHECK_FALSE(qv.containsQuorum({2}));
}

TEST_CASE("zoo.cfg: diagnostics print as file:line: message", "[zoo.cfg]") {
  CHECK(ConfigDiagnostic{"zoo.cfg", 7, "boom"}.str() == "zoo.cfg:7: boom");
  CHECK(ConfigDiagnostic{"conf/x.cfg", 0, "dataDir is not set"}.str() == "conf/x.cfg: dataDir is not set");

  const auto r = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, kS1, kS2, "server.3=127.0.0.1:2890:2890"}),
                             "zoo.cfg");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].str() == "zoo.cfg:7: server.3: quorum port and election port must be different (both 2890)");
  const auto named = parseZooCfg(lines({kTick, kInit, kSync, kS1, kS2, kS3}), "conf/zoo-test.cfg");
  REQUIRE(named.errors.size() == 1);
  CHECK(named.errors[0].str() == "conf/zoo-test.cfg: dataDir is not set");
}

TEST_CASE("zoo.cfg: tickTime defaults to 3000 and an explicit 0 is 'tickTime is not set'", "[zoo.cfg]") {
  const auto absent = parseZooCfg(lines({kInit, kSync, kDataDir, kS1, kS2, kS3}));
  INFO(all(absent.errors));
  CHECK(absent.ok());
  CHECK(absent.config.tickTime == 3000);

  const auto zero = parseZooCfg(lines({kInit, kSync, kDataDir, kS1, kS2, kS3, "tickTime=0"}));
  CHECK_FALSE(zero.ok());
  CHECK(has(zero.errors, 7, "tickTime is not set"));

  const auto negative = parseZooCfg(lines({"tickTime=-5", kInit, kSync, kDataDir, kS1, kS2, kS3}));
  CHECK(has(negative.errors, 1, "tickTime must be a positive number"));
}

TEST_CASE("zoo.cfg: initLimit and syncLimit are required in distributed mode", "[zoo.cfg]") {
  SECTION("missing: a file-level error each") {
    const auto r = parseZooCfg(lines({kTick, kDataDir, kS1, kS2, kS3}));
    CHECK(r.errors.size() == 2);
    CHECK(has(r.errors, 0, "initLimit is not set"));
    CHECK(has(r.errors, 0, "syncLimit is not set"));
  }
  SECTION("explicit 0: an error on that line") {
    const auto r = parseZooCfg(lines({kTick, "initLimit=0", "syncLimit=0", kDataDir, kS1, kS2, kS3}));
    CHECK(r.errors.size() == 2);
    CHECK(has(r.errors, 2, "initLimit is not set"));
    CHECK(has(r.errors, 3, "syncLimit is not set"));
  }
  SECTION("a non-number is reported once, not also as 'not set'") {
    const auto r = parseZooCfg(lines({kTick, "initLimit=ten", kSync, kDataDir, kS1, kS2, kS3}));
    INFO(all(r.errors));
    CHECK(r.errors.size() == 1);
    CHECK(has(r.errors, 2, "initLimit 'ten' is not a number"));
  }
  SECTION("still reported when a server line is broken") {
    const auto r = parseZooCfg(lines({kTick, kInit, kDataDir, kS1, kS2, "server.3=127.0.0.1:2890"}));
    INFO(all(r.errors));
    CHECK(r.errors.size() == 2);
    CHECK(has(r.errors, 0, "syncLimit is not set"));
  }
  SECTION("a malformed line for the key is reported once, not also as 'not set'") {
    const auto r = parseZooCfg(lines({kTick, kInit, "syncLimit 5", kDataDir, kS1, kS2, kS3}));
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 3, "expected key=value, found 'syncLimit 5'"));
  }
  SECTION("standaloneEnabled=false with one participant is distributed too") {
    const auto r = parseZooCfg(lines({kTick, kDataDir, "standaloneEnabled=false", kS1}));
    CHECK(has(r.errors, 0, "initLimit is not set"));
    CHECK(has(r.errors, 0, "syncLimit is not set"));
  }
  SECTION("connectToLearnerMasterLimit is read in ticks") {
    const auto r = parseZooCfg(validThree() + "connectToLearnerMasterLimit=20\n");
    CHECK(r.ok());
    CHECK(r.config.connectToLearnerMasterLimit == 20);
  }
}

TEST_CASE("zoo.cfg: electionAlg other than 3 is rejected", "[zoo.cfg]") {
  CHECK(parseZooCfg(validThree() + "electionAlg=3\n").ok());
  const auto r = parseZooCfg(validThree() + "electionAlg=0\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(has(r.errors, 9, "only 3 (fast leader election) is supported"));
}

TEST_CASE("zoo.cfg: peerType must be observer or participant", "[zoo.cfg]") {
  const auto obs = parseZooCfg(validThree() + "peerType=Observer\n");
  CHECK(obs.ok());
  CHECK(obs.config.peerType == "observer");
  const auto bad = parseZooCfg(validThree() + "peerType=leader\n");
  REQUIRE(bad.errors.size() == 1);
  CHECK(has(bad.errors, 9, "peerType 'leader' is not recognised"));
}

TEST_CASE("zoo.cfg: dataDir is required", "[zoo.cfg]") {
  const auto r = parseZooCfg(lines({kTick, kInit, kSync, kS1, kS2, kS3}));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 0);
  CHECK(r.errors[0].message == "dataDir is not set");
  CHECK(has(parseZooCfg(lines({kTick, kInit, kSync, "dataDir=", kS1, kS2, kS3})).errors, 4, "dataDir is empty"));
}

TEST_CASE("zoo.cfg: non-numeric and out-of-range numbers name the key - value and line", "[zoo.cfg]") {
  const auto r = parseZooCfg(lines({"tickTime=2s", kInit, "syncLimit=99999999999", kDataDir, "clientPort=70000",
                                    "maxClientCnxns=lots", "jvm.pause.sleep.time.ms=x", kS1, kS2, kS3}));
  INFO(all(r.errors));
  CHECK(has(r.errors, 1, "tickTime '2s' is not a number"));
  CHECK(has(r.errors, 3, "syncLimit 99999999999 is out of range"));
  CHECK(has(r.errors, 5, "clientPort 70000 is out of range (0..65535)"));
  CHECK(has(r.errors, 6, "maxClientCnxns 'lots' is not a number"));
  CHECK(has(r.errors, 7, "jvm.pause.sleep.time.ms 'x' is not a number"));
  CHECK(r.errors.size() == 5);

  SECTION("an inline comment is part of the value, as in java.util.Properties") {
    const auto c = parseZooCfg(lines({"tickTime=2000 # two seconds", kInit, kSync, kDataDir, kS1, kS2, kS3}));
    CHECK(has(c.errors, 1, "comments must be on a line of their own"));
  }
}

TEST_CASE("zoo.cfg: clientPortAddress needs clientPort", "[zoo.cfg]") {
  const auto bad = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, "clientPortAddress=127.0.0.1", kS1, kS2, kS3}));
  REQUIRE(bad.errors.size() == 1);
  CHECK(has(bad.errors, 5, "clientPortAddress is set but clientPort is not set"));

  const auto zero = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, "clientPort=0", "clientPortAddress=10.0.0.1",
                                       kS1, kS2, kS3}));
  CHECK(has(zero.errors, 6, "clientPortAddress is set but clientPort is not set"));

  const auto good = parseZooCfg(validThree() + "clientPortAddress=127.0.0.1\n");
  CHECK(good.ok());
  CHECK(good.config.servers[0].clientHost == "127.0.0.1");
  CHECK(good.config.servers[0].clientPort == 2181);
}

TEST_CASE("zoo.cfg: minSessionTimeout must not be larger than maxSessionTimeout", "[zoo.cfg]") {
  CHECK(parseZooCfg(validThree() + "minSessionTimeout=4000\nmaxSessionTimeout=40000\n").ok());
  const auto explicitBoth = parseZooCfg(validThree() + "minSessionTimeout=5000\nmaxSessionTimeout=4000\n");
  REQUIRE(explicitBoth.errors.size() == 1);
  CHECK(has(explicitBoth.errors, 9, "minSessionTimeout (5000) must not be larger than maxSessionTimeout (4000)"));
  // The defaults are 2 and 20 ticks: with tickTime=2000, max defaults to 40000.
  const auto againstDefault = parseZooCfg(validThree() + "minSessionTimeout=50000\n");
  CHECK(has(againstDefault.errors, 9, "maxSessionTimeout (40000, 20 x tickTime)"));
  const auto maxBelowDefaultMin = parseZooCfg(validThree() + "maxSessionTimeout=3000\n");
  CHECK(has(maxBelowDefaultMin.errors, 9, "minSessionTimeout (4000, 2 x tickTime)"));
  // Two explicit timeouts are compared even when tickTime itself is broken.
  const auto brokenTick = parseZooCfg(lines({"tickTime=0", kInit, kSync, kDataDir, kS1, kS2, kS3,
                                             "minSessionTimeout=9", "maxSessionTimeout=8"}));
  CHECK(has(brokenTick.errors, 8, "minSessionTimeout (9) must not be larger than maxSessionTimeout (8)"));
  CHECK(brokenTick.errors.size() == 2);
}

TEST_CASE("zoo.cfg: booleans are true or false - in any case", "[zoo.cfg]") {
  const auto r = parseZooCfg(validThree() + "standaloneEnabled=FALSE\nreconfigEnabled=True\nmultiAddress.enabled=true\n");
  INFO(all(r.errors));
  CHECK(r.ok());
  CHECK_FALSE(r.config.standaloneEnabled);
  CHECK(r.config.reconfigEnabled);
  CHECK(r.config.multiAddressEnabled);

  const auto bad = parseZooCfg(validThree() +
                               "standaloneEnabled=yes\nreconfigEnabled=1\nmultiAddress.enabled=\nsyncEnabled=on\n");
  INFO(all(bad.errors));
  CHECK(bad.errors.size() == 4);
  CHECK(has(bad.errors, 9, "standaloneEnabled: 'yes' is not a boolean; choose 'true' or 'false'"));
  CHECK(has(bad.errors, 10, "reconfigEnabled: '1' is not a boolean"));
  CHECK(has(bad.errors, 11, "multiAddress.enabled: '' is not a boolean"));
  CHECK(has(bad.errors, 12, "syncEnabled: 'on' is not a boolean"));
}

TEST_CASE("zoo.cfg: with dynamicConfigFile - server/group/weight lines are errors", "[zoo.cfg]") {
  const auto r = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, "dynamicConfigFile=/etc/zk/zoo.cfg.dynamic.100",
                                    kS1, "group.1=1", "weight.1=2"}));
  INFO(all(r.errors));
  CHECK(has(r.errors, 6, "server.1 must be in the separate dynamic config file"));
  CHECK(has(r.errors, 7, "group.1 must be in the separate dynamic config file"));
  CHECK(has(r.errors, 8, "weight.1 must be in the separate dynamic config file"));
  CHECK(has(r.errors, 5, "cannot load a separate dynamic config"));
  CHECK(r.errors.size() == 4);  // no "no participants" cascade
}

TEST_CASE("zoo.cfg: unknown keys become zookeeper.* system properties", "[zoo.cfg]") {
  const auto r = parseZooCfg(validThree() + "fastleader.minNotificationInterval=100\ncnxTimeout=2000\nticktime=1\n");
  INFO(all(r.errors));
  CHECK(r.ok());
  CHECK(r.config.systemProperties.size() == 3);
  CHECK(r.config.systemProperties.at("zookeeper.fastleader.minNotificationInterval") == "100");
  CHECK(r.config.systemProperties.at("zookeeper.cnxTimeout") == "2000");
  CHECK(r.config.systemProperties.at("zookeeper.ticktime") == "1");
  CHECK(r.config.tickTime == 2000);  // keys are case-sensitive...
  CHECK(has(r.config.warnings, 11, "did you mean tickTime?"));  // ...but a near miss is pointed out
  // Recognised keys that ZabScope does not model are not system properties.
  const auto known = parseZooCfg(validThree() + "dataLogDir=/var/log/zk\nautopurge.purgeInterval=1\n");
  CHECK(known.ok());
  CHECK(known.config.systemProperties.empty());
}

TEST_CASE("zoo.cfg: Properties syntax", "[zoo.cfg]") {
  SECTION("comments, blank lines, surrounding whitespace, CRLF") {
    const std::string text =
        "# ZooKeeper\r\n"
        "! also a comment\r\n"
        "\r\n"
        "   tickTime   =   2000   \r\n"
        "\tinitLimit=10\r\n"
        "syncLimit= 5\r\n"
        "dataDir =/var/lib/zookeeper\r\n"
        "server.1 = 127.0.0.1:2888:3888\r\n"
        "server.2=127.0.0.1:2889:3889\r\n"
        "server.3=127.0.0.1:2890:3890";  // no final newline
    const auto r = parseZooCfg(text);
    INFO(all(r.errors));
    CHECK(r.ok());
    CHECK(r.config.tickTime == 2000);
    CHECK(r.config.syncLimit == 5);
    CHECK(r.config.dataDir == "/var/lib/zookeeper");
    REQUIRE(r.config.servers.size() == 3);
    CHECK(r.config.servers[0].quorumPort == 2888);
  }
  SECTION("a trailing backslash continues the line; the entry keeps its first line number") {
    const auto r = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, "server.1=127.0.0.1:\\", "    2888:3888", kS2,
                                      kS3, "electionAlg=\\", "  1"}));
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 9, "electionAlg=1"));
    REQUIRE(r.config.servers.size() == 3);
    CHECK(r.config.servers[0].electionPort == 3888);
  }
  SECTION("':' and space separators are reported, naming the line") {
    const auto r = parseZooCfg(lines({kTick, "initLimit 10", "syncLimit:5", kDataDir, kS1, kS2, kS3, "=oops"}));
    INFO(all(r.errors));
    CHECK(has(r.errors, 2, "expected key=value, found 'initLimit 10'"));
    CHECK(has(r.errors, 3, "expected key=value, found 'syncLimit:5'"));
    CHECK(has(r.errors, 8, "missing key before '='"));
  }
  SECTION("a UTF-8 byte order mark does not become part of the first key") {
    const auto r = parseZooCfg("\xEF\xBB\xBF" + validThree());
    INFO(all(r.errors));
    CHECK(r.ok());
    CHECK(r.config.tickTime == 2000);
    CHECK(r.config.systemProperties.empty());
  }
  SECTION("a repeated key: the last value wins, with a warning") {
    const auto r = parseZooCfg(validThree() + "tickTime=1000\n");
    CHECK(r.ok());
    CHECK(r.config.tickTime == 1000);
    CHECK(has(r.config.warnings, 1, "tickTime is set again on line 9"));
  }
}

TEST_CASE("zoo.cfg: every error is collected - in line order", "[zoo.cfg]") {
  const auto r = parseZooCfg(lines({"tickTime=0", kInit, kSync, "electionAlg=2", "peerType=witness",
                                    "server.1=127.0.0.1:2888:2888", "server.2=127.0.0.1:2889", kS3,
                                    "standaloneEnabled=maybe"}));
  INFO(all(r.errors));
  REQUIRE(r.errors.size() == 7);
  CHECK(r.errors[0].line == 1);
  CHECK(r.errors[1].line == 4);
  CHECK(r.errors[2].line == 5);
  CHECK(r.errors[3].line == 6);
  CHECK(r.errors[4].line == 7);
  CHECK(r.errors[5].line == 9);
  CHECK(r.errors[6].line == 0);
  CHECK(r.errors[6].message == "dataDir is not set");
}

// ---------------------------------------------------------------------------------------------
// server.N syntax (5.2)

TEST_CASE("zoo.cfg: server.N accepted forms", "[zoo.cfg]") {
  QuorumServer qs;
  SECTION("host:quorumPort:electionPort") {
    REQUIRE(parseServerLine(1, "zk1.example.com:2888:3888", false, qs).empty());
    CHECK(qs.id == 1);
    CHECK(qs.host == "zk1.example.com");
    CHECK(qs.quorumPort == 2888);
    CHECK(qs.electionPort == 3888);
    CHECK(qs.type == LearnerType::PARTICIPANT);
    CHECK(qs.clientPort == -1);
    CHECK(qs.clientHost == "0.0.0.0");
  }
  SECTION("with a type, case-insensitive") {
    REQUIRE(parseServerLine(4, "127.0.0.1:2891:3891:OBSERVER", false, qs).empty());
    CHECK(qs.type == LearnerType::OBSERVER);
    REQUIRE(parseServerLine(5, "127.0.0.1:2892:3892:participant", false, qs).empty());
    CHECK(qs.type == LearnerType::PARTICIPANT);
  }
  SECTION("a client port alone: the client host is 0.0.0.0") {
    REQUIRE(parseServerLine(2, "127.0.0.1:2889:3889;2182", false, qs).empty());
    CHECK(qs.clientHost == "0.0.0.0");
    CHECK(qs.clientPort == 2182);
  }
  SECTION("client host and port") {
    REQUIRE(parseServerLine(2, "127.0.0.1:2889:3889:participant;127.0.0.2:2182", false, qs).empty());
    CHECK(qs.clientHost == "127.0.0.2");
    CHECK(qs.clientPort == 2182);
  }
  SECTION("IPv6 in brackets") {
    REQUIRE(parseServerLine(3, "[::1]:2890:3890:observer;[::1]:2183", false, qs).empty());
    CHECK(qs.host == "::1");
    CHECK(qs.quorumPort == 2890);
    CHECK(qs.electionPort == 3890);
    CHECK(qs.type == LearnerType::OBSERVER);
    CHECK(qs.clientHost == "::1");
    CHECK(qs.clientPort == 2183);
  }
  SECTION("trailing separators are dropped, as Java's String.split does") {
    REQUIRE(parseServerLine(2, "127.0.0.1:2889:3889;", false, qs).empty());
    CHECK(qs.clientPort == -1);
    REQUIRE(parseServerLine(2, "127.0.0.1:2889:3889:", false, qs).empty());
    CHECK(qs.electionPort == 3889);
    REQUIRE(parseServerLine(2, "127.0.0.1:2889:3889;2182;", false, qs).empty());
    CHECK(qs.clientPort == 2182);
  }
  SECTION("several addresses when multiAddress is enabled: the first one is kept") {
    REQUIRE(parseServerLine(1, "10.0.0.1:2888:3888|10.0.1.1:2888:3888", true, qs).empty());
    CHECK(qs.host == "10.0.0.1");
  }
}

TEST_CASE("zoo.cfg: server.N syntax errors", "[zoo.cfg]") {
  QuorumServer qs;
  qs.host = "untouched";
  const auto err = [&](std::string_view value, bool multi = false) {
    return parseServerLine(3, std::string(value), multi, qs);
  };
  using Catch::Matchers::Contains;
  CHECK_THAT(err("127.0.0.1:2890:3890;2183;2184"), Contains("server.3: more than one ';'"));
  CHECK_THAT(err("127.0.0.1:2890"), Contains("server.3: '127.0.0.1:2890' has 2 ':'-separated parts"));
  CHECK_THAT(err("127.0.0.1:2890:3890:observer:x"), Contains("has 5 ':'-separated parts"));
  CHECK_THAT(err(""), Contains("server.3: no address given"));
  CHECK_THAT(err("127.0.0.1:2890:3890;a:b:2183"), Contains("client part 'a:b:2183' has 3 ':'-separated parts"));
  CHECK_THAT(err("127.0.0.1:abc:3890"), Contains("server.3: quorum port 'abc' is not a number"));
  CHECK_THAT(err("127.0.0.1:2890:3890x"), Contains("election port '3890x' is not a number"));
  CHECK_THAT(err("127.0.0.1:2890:3890;localhost:port"), Contains("client port 'port' is not a number"));
  CHECK_THAT(err("127.0.0.1:65536:3890"), Contains("quorum port 65536 is out of range"));
  CHECK(err("127.0.0.1:2890:2890") == "server.3: quorum port and election port must be different (both 2890)");
  CHECK_THAT(err("127.0.0.1:2890:3890:leader"),
             Contains("server.3: unknown peer type 'leader' (expected participant or observer)"));
  CHECK_THAT(err("10.0.0.1:2888:3888|10.0.1.1:2888:3888"),
             Contains("server.3: 2 addresses separated by '|', but multiAddress.enabled is false"));
  CHECK_THAT(err("10.0.0.1:2888:3888:participant|10.0.1.1:2888:3888:observer", true),
             Contains("different peer types (participant and observer)"));
  CHECK_THAT(err("[::1:2890:3890"), Contains("starts with '[' but has no matching ']'"));
  CHECK_THAT(err("[::1]:"), Contains("has no port after ']:'"));
  CHECK_THAT(err(":2890:3890"), Contains("empty host name"));
  CHECK(qs.host == "untouched");  // nothing is written on failure

  SECTION("several problems on one line are all reported") {
    const std::string e = err("127.0.0.1:x:y:witness");
    CHECK_THAT(e, Contains("quorum port 'x'"));
    CHECK_THAT(e, Contains("election port 'y'"));
    CHECK_THAT(e, Contains("unknown peer type 'witness'"));
  }
  SECTION("in a file, each problem is its own diagnostic on the server's line") {
    const auto r = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, kS1, kS2, "server.3=127.0.0.1:x:y:witness"}));
    INFO(all(r.errors));
    CHECK(r.errors.size() == 3);
    CHECK(has(r.errors, 7, "server.3: quorum port 'x' is not a number"));
    CHECK(has(r.errors, 7, "server.3: unknown peer type 'witness'"));
  }
  SECTION("the id must be a number") {
    const auto r = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, kS1, kS2, kS3, "server.four=127.0.0.1:1:2"}));
    CHECK(has(r.errors, 8, "server.four: the server id 'four' is not a number"));
  }
}

TEST_CASE("zoo.cfg: servers without a client part use the static clientPort", "[zoo.cfg]") {
  const auto r = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, kClientPort, kS1,
                                    "server.2=127.0.0.1:2889:3889;2182", "server.3=127.0.0.1:2890:3890;127.0.0.3:2183"}));
  INFO(all(r.errors));
  REQUIRE(r.ok());
  const auto& s = r.config.servers;
  CHECK(s[0].clientHost == "0.0.0.0");
  CHECK(s[0].clientPort == 2181);
  CHECK(s[1].clientHost == "0.0.0.0");
  CHECK(s[1].clientPort == 2182);
  CHECK(s[2].clientHost == "127.0.0.3");
  CHECK(s[2].clientPort == 2183);
  CHECK(s[0].clientAddrFromStatic);
  CHECK_FALSE(s[1].clientAddrFromStatic);
  // QuorumServer.toString leaves out a client address that came from the static clientPort.
  CHECK(r.config.verifier().toString() ==
        "server.1=127.0.0.1:2888:3888:participant\n"
        "server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182\n"
        "server.3=127.0.0.1:2890:3890:participant;127.0.0.3:2183\n"
        "version=0");

  const auto noStatic = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, kS1, kS2, kS3}));
  REQUIRE(noStatic.ok());
  CHECK(noStatic.config.clientPort == -1);
  CHECK(noStatic.config.servers[0].clientPort == -1);
}

TEST_CASE("zoo.cfg: multiAddress.enabled applies wherever it appears in the file", "[zoo.cfg]") {
  const std::string servers = lines({"server.1=10.0.0.1:2888:3888|10.0.1.1:2888:3888", kS2, kS3});
  const auto off = parseZooCfg(lines({kTick, kInit, kSync, kDataDir}) + servers);
  CHECK(has(off.errors, 5, "multiAddress.enabled is false"));
  const auto on = parseZooCfg(lines({kTick, kInit, kSync, kDataDir}) + servers + "multiAddress.enabled=true\n");
  INFO(all(on.errors));
  CHECK(on.ok());
  CHECK(has(on.config.warnings, 5, "uses only the first of 2"));
}

// ---------------------------------------------------------------------------------------------
// Ensemble checks (5.3)

TEST_CASE("zoo.cfg: ensemble size checks", "[zoo.cfg]") {
  const std::string head = lines({kTick, kInit, kSync, kDataDir});  // lines 1-4
  constexpr std::string_view kObs = "server.9=127.0.0.1:2896:3896:observer";

  SECTION("3 participants: no warning") {
    const auto r = parseZooCfg(validThree());
    CHECK(r.ok());
    CHECK(r.config.warnings.empty());
  }
  SECTION("no server lines") {
    const auto r = parseZooCfg(head);
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 0, "ZabScope needs at least 2 participants"));
  }
  SECTION("observers without participants") {
    const auto r = parseZooCfg(head + lines({kObs}));
    CHECK(has(r.errors, 0, "Observers w/o participants"));
  }
  SECTION("no participants with standaloneEnabled=false") {
    const auto r = parseZooCfg(head + "standaloneEnabled=false\n");
    CHECK(has(r.errors, 5, "standaloneEnabled is false, so there must be at least one participant"));
  }
  SECTION("a single participant runs standalone") {
    const auto r = parseZooCfg(head + lines({kS1}));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].str() ==
          "zoo.cfg:5: a single participant runs standalone; ZabScope needs at least 2 participants");
  }
  SECTION("a single participant with observers") {
    const auto r = parseZooCfg(head + lines({kS1, kObs}));
    CHECK(has(r.errors, 5, "a single participant runs standalone"));
    CHECK(has(r.errors, 0, "Observers w/o quorum is an invalid configuration"));
  }
  SECTION("a single participant with standaloneEnabled=false is a (fragile) ensemble") {
    const auto r = parseZooCfg(head + lines({kS1, "standaloneEnabled=false"}));
    INFO(all(r.errors));
    CHECK(r.ok());
    CHECK(has(r.config.warnings, 0, "No server failure will be tolerated"));
  }
  SECTION("2 participants: no failure tolerated") {
    const auto r = parseZooCfg(head + lines({kS1, kS2}));
    CHECK(r.ok());
    REQUIRE(r.config.warnings.size() == 1);
    CHECK(has(r.config.warnings, 0, "No server failure will be tolerated"));
  }
  SECTION("4 participants: an even count is non-optimal; observers do not count") {
    const auto r = parseZooCfg(head + lines({kS1, kS2, kS3, "server.4=127.0.0.1:2891:3891", kObs}));
    CHECK(r.ok());
    REQUIRE(r.config.warnings.size() == 1);
    CHECK(has(r.config.warnings, 0, "Non-optimal configuration: 4 participants"));
    CHECK(r.config.verifier().observingMembers() == std::vector<Sid>{9});
  }
  SECTION("a negative server id, and Long.MAX_VALUE (OBSERVER_ID), are refused") {
    const auto r = parseZooCfg(head + lines({kS1, kS2, kS3, "server.-1=127.0.0.1:2999:3999",
                                             "server.9223372036854775807=127.0.0.1:2998:3998"}));
    REQUIRE(r.errors.size() == 2);
    CHECK(has(r.errors, 8, "server.-1: the server id -1 is out of range"));
    CHECK(has(r.errors, 9, "9223372036854775807 is OBSERVER_ID"));
  }
  SECTION("duplicate server ids") {
    const auto r = parseZooCfg(head + lines({kS1, kS2, kS3, "server.02=127.0.0.1:2999:3999"}));
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 8, "duplicate server id 2 (already defined on line 6)"));
    CHECK(r.config.servers.size() == 3);
    CHECK(r.config.servers[1].quorumPort == 2889);  // the first definition stays
  }
}

// ---------------------------------------------------------------------------------------------
// Hierarchical quorums

TEST_CASE("zoo.cfg: group and weight lines switch to QuorumHierarchical", "[zoo.cfg]") {
  std::string text = lines({kTick, kInit, kSync, kDataDir});
  for (int i = 0; i <= 8; ++i)
    text += "server." + std::to_string(i) + "=127.0.0.1:" + std::to_string(2888 + i) + ":" + std::to_string(3888 + i) +
            "\n";
  text += lines({"group.1=0:1:2", "group.2=3:4:5", "group.3=6:7:8"});
  for (int i = 3; i <= 8; ++i) text += "weight." + std::to_string(i) + "=0\n";

  const auto r = parseZooCfg(text);
  INFO(all(r.errors));
  REQUIRE(r.ok());
  CHECK(r.config.groups.size() == 3);
  CHECK(r.config.groups.at(2) == std::vector<Sid>{3, 4, 5});
  CHECK(r.config.weights.size() == 6);
  const auto qv = r.config.verifier();
  REQUIRE(qv.isHierarchical());
  CHECK(qv.weight(0) == 1);  // default weight
  CHECK(qv.weight(4) == 0);
  CHECK(qv.containsQuorum({0, 1}));  // the zero-weight groups do not count
  CHECK_FALSE(qv.containsQuorum({3, 4, 5, 6, 7, 8}));

  SECTION("weights alone also mean hierarchical, and then every participant lacks a group") {
    const auto w = parseZooCfg(validThree() + "weight.1=2\n");
    CHECK(w.errors.size() == 3);
    CHECK(has(w.errors, 6, "Server 1 is not in a group"));
    CHECK(has(w.errors, 8, "Server 3 is not in a group"));
  }
}

TEST_CASE("zoo.cfg: every participant is in exactly one group", "[zoo.cfg]") {
  const std::string head = lines({kTick, kInit, kSync, kDataDir, kS1, kS2, kS3,
                                  "server.4=127.0.0.1:2891:3891:observer"});  // lines 1-8
  SECTION("in two groups") {
    const auto r = parseZooCfg(head + lines({"group.1=1:2", "group.2=2:3"}));
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 10, "Server 2 is in multiple groups (group.1 on line 9 and group.2)"));
  }
  SECTION("twice in one group") {
    const auto r = parseZooCfg(head + lines({"group.1=1:2:1", "group.2=3"}));
    CHECK(has(r.errors, 9, "Server 1 is in multiple groups"));
  }
  SECTION("in no group") {
    const auto r = parseZooCfg(head + lines({"group.1=1:2"}));
    REQUIRE(r.errors.size() == 1);
    CHECK(has(r.errors, 7, "Server 3 is not in a group"));
  }
  SECTION("observers need no group, and may not be in one") {
    CHECK(parseZooCfg(head + lines({"group.1=1:2", "group.2=3"})).ok());
    const auto r = parseZooCfg(head + lines({"group.1=1:2", "group.2=3:4"}));
    CHECK(has(r.errors, 10, "server 4 is an observer"));
  }
  SECTION("members must have a server line; ids and weights must be numbers") {
    const auto r = parseZooCfg(
        head + lines({"group.1=1:2:x", "group.2=3:77", "weight.2=heavy", "weight.3=-1", "groups=1", "group.3="}));
    INFO(all(r.errors));
    CHECK(has(r.errors, 9, "group.1: 'x' is not a server id"));
    CHECK(has(r.errors, 10, "group.2: server 77 has no server.77 line"));
    CHECK(has(r.errors, 11, "weight.2 'heavy' is not a number"));
    CHECK(has(r.errors, 12, "weight.3: a weight must not be negative"));
    CHECK(has(r.errors, 13, "'groups' is not a valid group key"));
    CHECK(has(r.errors, 14, "group.3: the group has no members"));
    CHECK(r.errors.size() == 6);
  }
  SECTION("a weight for a server outside every group is ignored, with a warning") {
    const auto r = parseZooCfg(head + lines({"group.1=1:2:3", "weight.4=5"}));
    CHECK(r.ok());
    CHECK(has(r.config.warnings, 10, "weight.4: server 4 is not in any group"));
  }
  SECTION("all groups weighing 0 can never form a quorum") {
    const auto r = parseZooCfg(head + lines({"group.1=1:2:3", "weight.1=0", "weight.2=0", "weight.3=0"}));
    CHECK(r.ok());
    CHECK(has(r.config.warnings, 0, "no set of servers is a quorum"));
    CHECK_FALSE(r.config.verifier().containsQuorum({1, 2, 3}));
  }
}

// ---------------------------------------------------------------------------------------------
// The dynamic-config text of notifications

TEST_CASE("zoo.cfg: parseDynamicConfig round-trips QuorumVerifier::toString", "[zoo.cfg]") {
  std::vector<QuorumServer> servers;
  for (Sid id = 1; id <= 5; ++id) {
    QuorumServer s;
    s.id = id;
    s.quorumPort = 2887 + static_cast<int>(id);
    s.electionPort = 3887 + static_cast<int>(id);
    servers.push_back(s);
  }
  servers[1].clientPort = 2182;                 // client port, default host
  servers[2].clientPort = 2183;                 // client host and port
  servers[2].clientHost = "127.0.0.3";
  servers[3].host = "fe80::1";                  // IPv6, bracketed in the text
  servers[4].type = LearnerType::OBSERVER;

  SECTION("majority") {
    const auto qv = QuorumVerifier::majority(servers, 0x100000003);
    const auto parsed = parseDynamicConfig(qv.toString());
    INFO(qv.toString() << "\n" << parsed.error);
    REQUIRE(parsed.ok);
    CHECK(parsed.verifier.version() == 0x100000003);
    CHECK_FALSE(parsed.verifier.isHierarchical());
    CHECK(parsed.verifier.observingMembers() == std::vector<Sid>{5});
    CHECK(parsed.verifier.allMembers().at(4).host == "fe80::1");
    CHECK(sameVerifier(parsed.verifier, qv));
    CHECK(parsed.verifier.toString() == qv.toString());
  }
  SECTION("hierarchical, with a zero-weight group") {
    const auto qv = QuorumVerifier::hierarchical(servers, {{1, {1, 2}}, {2, {3}}, {7, {4}}}, {{2, 3}, {4, 0}}, 42);
    const auto parsed = parseDynamicConfig(qv.toString());
    INFO(qv.toString() << "\n" << parsed.error);
    REQUIRE(parsed.ok);
    CHECK(parsed.verifier.isHierarchical());
    CHECK(parsed.verifier.weight(2) == 3);
    CHECK(parsed.verifier.weight(4) == 0);
    CHECK(parsed.verifier.version() == 42);
    CHECK(sameVerifier(parsed.verifier, qv));
    CHECK(parsed.verifier.containsQuorum({1, 2, 3}) == qv.containsQuorum({1, 2, 3}));
    CHECK(parsed.verifier.containsQuorum({1, 3}) == qv.containsQuorum({1, 3}));
  }
  SECTION("a zoo.cfg's verifier survives the trip, except the static client address, which the text omits") {
    const auto cfg = parseZooCfg(validThree());
    REQUIRE(cfg.ok());
    const auto qv = cfg.config.verifier();
    const auto parsed = parseDynamicConfig(qv.toString());
    REQUIRE(parsed.ok);
    CHECK(parsed.verifier.toString() == qv.toString());
    CHECK(parsed.verifier.allMembers().at(1).clientPort == -1);  // clientPort=2181 was static
    const auto noStatic = parseZooCfg(lines({kTick, kInit, kSync, kDataDir, kS1, kS2, kS3}));
    REQUIRE(noStatic.ok());
    CHECK(sameVerifier(parseDynamicConfig(noStatic.config.verifier().toString()).verifier, noStatic.config.verifier()));
  }
  SECTION("sameVerifier itself tells verifiers apart") {
    auto other = servers;
    other[0].electionPort = 4000;
    CHECK_FALSE(sameVerifier(QuorumVerifier::majority(other), QuorumVerifier::majority(servers)));
    CHECK_FALSE(sameVerifier(QuorumVerifier::majority(servers, 1), QuorumVerifier::majority(servers, 2)));
  }
}

TEST_CASE("zoo.cfg: parseDynamicConfig rejects garbage", "[zoo.cfg]") {
  using Catch::Matchers::Contains;
  const auto garbage = parseDynamicConfig("hello world");
  CHECK_FALSE(garbage.ok);
  CHECK_THAT(garbage.error, Contains("line 1: expected key=value"));

  const auto empty = parseDynamicConfig("");
  CHECK_FALSE(empty.ok);
  CHECK_THAT(empty.error, Contains("no server.N lines"));

  const auto badServer = parseDynamicConfig("server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889\nversion=0");
  CHECK_FALSE(badServer.ok);
  CHECK_THAT(badServer.error, Contains("line 2: server.2:"));

  const auto badVersion = parseDynamicConfig("server.1=127.0.0.1:2888:3888\nversion=xyz");
  CHECK_FALSE(badVersion.ok);
  CHECK_THAT(badVersion.error, Contains("version 'xyz' is not a hexadecimal number"));

  const auto staticKey = parseDynamicConfig("server.1=127.0.0.1:2888:3888\ntickTime=2000\nversion=0");
  CHECK_FALSE(staticKey.ok);
  CHECK_THAT(staticKey.error, Contains("Unrecognised parameter: tickTime"));

  const auto binary = parseDynamicConfig(std::string("\x00\x01\x02\xff=\x7f", 6));
  CHECK_FALSE(binary.ok);

  const auto ok = parseDynamicConfig("server.1=127.0.0.1:2888:3888:participant\nversion=ff");
  REQUIRE(ok.ok);
  CHECK(ok.error.empty());
  CHECK(ok.verifier.version() == 255);
}

// ---------------------------------------------------------------------------------------------
// The example files

TEST_CASE("zoo.cfg: the example configurations", "[zoo.cfg]") {
  SECTION("zoo-3.cfg") {
    const auto r = parseZooCfg(readExample("zoo-3.cfg"), "zoo-3.cfg");
    INFO(all(r.errors) << all(r.config.warnings));
    REQUIRE(r.ok());
    CHECK(r.config.warnings.empty());
    CHECK(r.config.tickTime == 2000);
    CHECK(r.config.initLimit == 10);
    CHECK(r.config.syncLimit == 5);
    CHECK(r.config.clientPort == 2181);
    CHECK(r.config.verifier().votingMembers() == std::vector<Sid>{1, 2, 3});
  }
  SECTION("zoo-5-with-observer.cfg") {
    const auto r = parseZooCfg(readExample("zoo-5-with-observer.cfg"), "zoo-5-with-observer.cfg");
    INFO(all(r.errors) << all(r.config.warnings));
    REQUIRE(r.ok());
    CHECK(r.config.warnings.empty());
    const auto qv = r.config.verifier();
    CHECK(qv.votingMembers().size() == 5);
    CHECK(qv.observingMembers().size() == 1);
  }
  SECTION("zoo-hierarchical.cfg") {
    const auto r = parseZooCfg(readExample("zoo-hierarchical.cfg"), "zoo-hierarchical.cfg");
    INFO(all(r.errors) << all(r.config.warnings));
    REQUIRE(r.ok());
    CHECK(r.config.warnings.empty());
    const auto qv = r.config.verifier();
    CHECK(qv.isHierarchical());
    CHECK(qv.groups().size() == 3);
  }
  SECTION("bad-zoo.cfg has many distinct errors, one per problem") {
    const auto r = parseZooCfg(readExample("bad-zoo.cfg"), "bad-zoo.cfg");
    INFO(all(r.errors));
    const std::vector<std::string_view> expected = {
        "tickTime is not set",
        "initLimit 'ten' is not a number",
        "expected key=value, found 'syncLimit 5'",
        "only 3 (fast leader election) is supported",
        "peerType 'witness' is not recognised",
        "standaloneEnabled: 'maybe' is not a boolean",
        "clientPortAddress is set but clientPort is not set",
        "minSessionTimeout (60000) must not be larger than maxSessionTimeout (30000)",
        "server.2: quorum port and election port must be different (both 2890)",
        "server.3: unknown peer type 'leader'",
        "server.4: '127.0.0.1:2891' has 2 ':'-separated parts",
        "server.5: 2 addresses separated by '|', but multiAddress.enabled is false",
        "server.6: more than one ';'",
        "server.1: duplicate server id 1",
        "dataDir is not set",
    };
    REQUIRE(r.errors.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO(i);
      CHECK_THAT(r.errors[i].message, Catch::Matchers::Contains(std::string(expected[i])));
    }
    CHECK(r.errors.back().line == 0);
  }
}
