// zoo.cfg parsing (QuorumPeerConfig.parseProperties / parseDynamicConfig and
// QuorumServer.initializeWithAddressString, ZooKeeper branch-3.8), facts section 5.
//
// Pure: text in, values and diagnostics out. Java's Properties is a hash table, so ZooKeeper
// reads keys in no particular order and stops at the first exception; here every check is
// order-independent and all problems are collected, each naming its line.
#include "zoo_cfg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

namespace zab {

std::string ConfigDiagnostic::str() const {
  if (line > 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}: {}", file, message);
}

namespace {

constexpr std::string_view kServerSyntax =
    "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]";
constexpr std::int64_t kIntMin = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kIntMax = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t kLongMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kLongMax = std::numeric_limits<std::int64_t>::max();

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\n' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Java's String.split on a single character: inner empty pieces stay, trailing empty pieces go.
std::vector<std::string_view> javaSplit(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  while (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

// Integer.parseInt / Long.parseLong: optional sign, decimal digits, in [lo, hi].
std::optional<std::int64_t> parseInteger(std::string_view s, std::int64_t lo, std::int64_t hi, int base = 10) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v, base);
  if (ec != std::errc{} || ptr != end || v < lo || v > hi) return std::nullopt;
  return v;
}

// Why a value is not an integer of the given range, in plain words.
std::string badInteger(std::string_view what, std::string_view value, std::int64_t lo, std::int64_t hi) {
  const bool digits = !value.empty() && value.find_first_not_of("+-0123456789") == std::string_view::npos;
  std::string msg;
  if (value.empty())
    msg = fmt::format("{} is empty; expected a number", what);
  else if (digits && value.find_first_of("0123456789") != std::string_view::npos)
    msg = fmt::format("{} {} is out of range ({}..{})", what, value, lo, hi);
  else
    msg = fmt::format("{} '{}' is not a number", what, value);
  if (value.find('#') != std::string_view::npos || value.find('!') != std::string_view::npos)
    msg += " (comments must be on a line of their own)";
  return msg;
}

// ---------------------------------------------------------------------------------------------
// Properties-style lexing

struct Entry {
  std::string key;
  std::string value;
  int line = 0;
};

struct Diag {
  int line = 0;
  std::string message;
};

// Splits the text into key=value entries. Comments start with '#' or '!'; a line ending in an
// odd number of backslashes continues on the next line (as in java.util.Properties).
// `malformed` receives the leading word of each rejected line (e.g. "syncLimit" of "syncLimit 5").
std::vector<Entry> lexProperties(std::string_view text, std::vector<Diag>& errors,
                                 std::set<std::string>* malformed = nullptr) {
  if (startsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  std::vector<std::string_view> lines;
  {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view l = text.substr(start, nl - start);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      lines.push_back(l);
      start = nl + 1;
    }
  }
  std::vector<Entry> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int lineNo = static_cast<int>(i) + 1;
    std::string_view first = trim(lines[i]);
    if (first.empty() || first.front() == '#' || first.front() == '!') continue;

    std::string logical(first);
    auto continues = [](const std::string& s) {
      std::size_t n = 0;
      for (auto it = s.rbegin(); it != s.rend() && *it == '\\'; ++it) ++n;
      return n % 2 == 1;
    };
    while (continues(logical) && i + 1 < lines.size()) {
      logical.pop_back();
      logical += trim(lines[++i]);
    }

    const std::size_t eq = logical.find('=');
    if (malformed && (eq == std::string::npos || logical.find_first_of(" \t\f:") < eq))
      malformed->insert(logical.substr(0, logical.find_first_of(" \t\f:=")));
    if (eq == std::string::npos) {
      errors.push_back({lineNo, fmt::format("expected key=value, found '{}' (only '=' is accepted as the "
                                            "separator)",
                                            logical)});
      continue;
    }
    const std::string_view key = trim(std::string_view(logical).substr(0, eq));
    const std::string_view value = trim(std::string_view(logical).substr(eq + 1));
    if (key.empty()) {
      errors.push_back({lineNo, fmt::format("missing key before '=' in '{}'", logical)});
      continue;
    }
    if (key.find_first_of(" \t\f:") != std::string_view::npos) {
      errors.push_back({lineNo, fmt::format("expected key=value, found '{}' (a key cannot contain spaces or "
                                            "':'; only '=' is accepted as the separator)",
                                            logical)});
      continue;
    }
    out.push_back({std::string(key), std::string(value), lineNo});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// server.N values

// ConfigUtils.getHostAndPort: "[v6addr]:p1:p2" keeps the bracketed host whole.
std::vector<std::string_view> hostAndPort(std::string_view s, std::string& error) {
  if (startsWith(s, "[")) {
    const std::size_t close = s.find(']');
    if (close == std::string_view::npos) {
      error = fmt::format("'{}' starts with '[' but has no matching ']'", s);
      return {};
    }
    std::vector<std::string_view> parts{s.substr(1, close - 1)};
    std::string_view rest = s.substr(close + 1);
    if (rest.empty()) return parts;
    if (rest.front() != ':') {
      error = fmt::format("'{}': expected ':' after ']'", s);
      return {};
    }
    rest.remove_prefix(1);
    if (rest.empty()) {
      error = fmt::format("'{}' has no port after ']:'", s);
      return {};
    }
    for (std::string_view p : javaSplit(rest, ':')) parts.push_back(p);
    return parts;
  }
  return javaSplit(s, ':');
}

std::optional<int> parsePort(std::string_view text, std::string_view what, std::vector<std::string>& problems) {
  const auto v = parseInteger(text, 0, 65535);
  if (!v) {
    problems.push_back(badInteger(what, text, 0, 65535));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

// QuorumServer.initializeWithAddressString. Every problem of the value is reported (ZooKeeper
// stops at the first); each message already starts with "server.N: ".
std::vector<std::string> serverProblems(Sid id, std::string_view value, bool multiAddressEnabled,
                                        QuorumServer& out, std::size_t* addressCount = nullptr) {
  std::vector<std::string> problems;
  QuorumServer qs;
  qs.id = id;
  if (addressCount) *addressCount = 0;

  const auto withPrefix = [&] {
    for (auto& p : problems) p = fmt::format("server.{}: {}", id, p);
    return problems;
  };

  if (value.empty()) {
    problems.push_back(fmt::format("no address given; expected {}", kServerSyntax));
    return withPrefix();
  }
  const auto serverClient = javaSplit(value, ';');
  if (serverClient.size() > 2) {
    problems.push_back(fmt::format("more than one ';' in '{}'; expected {}", value, kServerSyntax));
    return withPrefix();
  }

  if (serverClient.size() == 2) {
    std::string err;
    const auto clientParts = hostAndPort(serverClient[1], err);
    if (!err.empty()) {
      problems.push_back("client address " + err);
    } else if (clientParts.size() > 2) {
      problems.push_back(fmt::format("client part '{}' has {} ':'-separated parts; expected [clientHost:]clientPort",
                                     serverClient[1], clientParts.size()));
    } else {
      if (clientParts.size() == 2) qs.clientHost = std::string(clientParts[0]);
      if (auto p = parsePort(clientParts.back(), "client port", problems)) qs.clientPort = *p;
    }
  }

  const auto addresses = javaSplit(serverClient[0], '|');
  if (addresses.size() > 1 && !multiAddressEnabled)
    problems.push_back(fmt::format("{} addresses separated by '|', but multiAddress.enabled is false",
                                   addresses.size()));

  std::optional<LearnerType> type;
  bool haveAddress = false;
  for (std::string_view address : addresses) {
    std::string err;
    const auto parts = hostAndPort(address, err);
    if (!err.empty()) {
      problems.push_back(err);
      continue;
    }
    if (parts.size() < 3 || parts.size() > 4) {
      problems.push_back(fmt::format("'{}' has {} ':'-separated part{}; expected {}", address, parts.size(),
                                     parts.size() == 1 ? "" : "s", kServerSyntax));
      continue;
    }
    bool good = true;
    if (parts[0].empty()) {
      problems.push_back(fmt::format("'{}' has an empty host name", address));
      good = false;
    }
    const auto quorumPort = parsePort(parts[1], "quorum port", problems);
    const auto electionPort = parsePort(parts[2], "election port", problems);
    if (!quorumPort || !electionPort) good = false;
    if (quorumPort && electionPort && *quorumPort == *electionPort) {
      problems.push_back(fmt::format("quorum port and election port must be different (both {})", *quorumPort));
      good = false;
    }
    if (parts.size() == 4) {
      const std::string t = lower(trim(parts[3]));
      std::optional<LearnerType> thisType;
      if (t == "participant") thisType = LearnerType::PARTICIPANT;
      else if (t == "observer") thisType = LearnerType::OBSERVER;
      else problems.push_back(fmt::format("unknown peer type '{}' (expected participant or observer)", parts[3]));
      if (thisType && type && *thisType != *type)
        problems.push_back(fmt::format("addresses separated by '|' have different peer types ({} and {})",
                                       to_string(*type), to_string(*thisType)));
      if (thisType && !type) type = thisType;
    }
    if (good && !haveAddress) {
      haveAddress = true;
      qs.host = std::string(parts[0]);
      qs.quorumPort = *quorumPort;
      qs.electionPort = *electionPort;
    }
    if (addressCount) ++*addressCount;
  }
  if (type) qs.type = *type;
  if (problems.empty()) out = qs;
  return withPrefix();
}

// ---------------------------------------------------------------------------------------------
// Membership: server.N, group.x and weight.x (shared by zoo.cfg and the dynamic config)

struct Membership {
  std::vector<QuorumServer> servers;             // parsed servers, in file order
  std::map<Sid, int> serverLine;                 // every declared sid (even unparsable) -> line
  std::set<Sid> unparsable;                      // declared sids whose value had errors
  std::map<std::int64_t, std::vector<Sid>> groups;
  std::map<Sid, std::int64_t> weights;
  bool hierarchical = false;                     // any group* or weight* key
};

bool isMembershipKey(std::string_view key) {
  return startsWith(key, "server.") || startsWith(key, "group") || startsWith(key, "weight");
}

void parseMembership(const std::vector<const Entry*>& entries, bool multiAddressEnabled, Membership& m,
                     std::vector<Diag>& errors, std::vector<Diag>& warnings) {
  std::map<std::int64_t, int> groupLine;  // gid -> line
  std::map<Sid, std::pair<std::int64_t, int>> memberOf;  // sid -> (gid, line)
  std::map<Sid, int> weightLine;

  for (const Entry* e : entries) {
    const std::string_view key = e->key;
    if (startsWith(key, "server.")) {
      const std::string_view idText = key.substr(7);
      const auto id = parseInteger(idText, kLongMin, kLongMax);
      if (!id) {
        errors.push_back({e->line, fmt::format("{}: the server id '{}' is not a number", key, idText)});
        continue;
      }
      // A negative id is not a server, and Long.MAX_VALUE is QuorumPeer.OBSERVER_ID, the id an
      // observer without one announces itself with: neither can name a server.
      if (*id < 0 || *id == kLongMax) {
        errors.push_back({e->line, fmt::format("{}: the server id {} is out of range (0 .. 9223372036854775806; "
                                               "9223372036854775807 is OBSERVER_ID)",
                                               key, *id)});
        continue;
      }
      if (auto prev = m.serverLine.find(*id); prev != m.serverLine.end()) {
        errors.push_back({e->line, fmt::format("{}: duplicate server id {} (already defined on line {})", key, *id,
                                               prev->second)});
        continue;
      }
      m.serverLine[*id] = e->line;
      QuorumServer qs;
      std::size_t addressCount = 0;
      const auto problems = serverProblems(*id, e->value, multiAddressEnabled, qs, &addressCount);
      for (const auto& p : problems) errors.push_back({e->line, p});
      if (!problems.empty()) {
        m.unparsable.insert(*id);
        continue;
      }
      if (addressCount > 1)
        warnings.push_back({e->line, fmt::format("server.{}: ZabScope models one address per server and uses only "
                                                 "the first of {}",
                                                 *id, addressCount)});
      m.servers.push_back(qs);
    } else if (startsWith(key, "group")) {
      m.hierarchical = true;
      const auto gid = startsWith(key, "group.") ? parseInteger(key.substr(6), kLongMin, kLongMax) : std::nullopt;
      if (!gid) {
        errors.push_back({e->line, fmt::format("'{}' is not a valid group key; expected group.<number>", key)});
        continue;
      }
      if (auto prev = groupLine.find(*gid); prev != groupLine.end()) {
        errors.push_back({e->line, fmt::format("{}: group {} is already defined on line {}", key, *gid, prev->second)});
        continue;
      }
      groupLine[*gid] = e->line;
      std::vector<Sid>& members = m.groups[*gid];
      if (e->value.empty()) {
        errors.push_back({e->line, fmt::format("{}: the group has no members; expected server ids separated by ':'",
                                               key)});
        continue;
      }
      for (std::string_view part : javaSplit(e->value, ':')) {
        const auto sid = parseInteger(part, kLongMin, kLongMax);
        if (!sid) {
          errors.push_back({e->line, fmt::format("{}: '{}' is not a server id", key, part)});
          continue;
        }
        if (auto prev = memberOf.find(*sid); prev != memberOf.end()) {
          errors.push_back({e->line, fmt::format("Server {} is in multiple groups (group.{} on line {} and {})", *sid,
                                                 prev->second.first, prev->second.second, key)});
          continue;
        }
        memberOf[*sid] = {*gid, e->line};
        members.push_back(*sid);
      }
    } else {  // weight*
      m.hierarchical = true;
      const auto sid = startsWith(key, "weight.") ? parseInteger(key.substr(7), kLongMin, kLongMax) : std::nullopt;
      if (!sid) {
        errors.push_back({e->line, fmt::format("'{}' is not a valid weight key; expected weight.<server id>", key)});
        continue;
      }
      if (auto prev = weightLine.find(*sid); prev != weightLine.end()) {
        errors.push_back({e->line, fmt::format("{}: the weight of server {} is already set on line {}", key, *sid,
                                               prev->second)});
        continue;
      }
      weightLine[*sid] = e->line;
      const auto w = parseInteger(e->value, kLongMin, kLongMax);
      if (!w) {
        errors.push_back({e->line, badInteger(key, e->value, kLongMin, kLongMax)});
        continue;
      }
      if (*w < 0) {
        errors.push_back({e->line, fmt::format("{}: a weight must not be negative (got {})", key, *w)});
        continue;
      }
      m.weights[*sid] = *w;
    }
  }

  if (!m.hierarchical) return;
  // QuorumHierarchical.parse: every participant in exactly one group.
  for (const auto& qs : m.servers) {
    if (qs.type == LearnerType::PARTICIPANT && !memberOf.count(qs.id))
      errors.push_back({m.serverLine[qs.id], fmt::format("Server {} is not in a group", qs.id)});
  }
  // Group members must be declared participants (ZooKeeper fails with a NullPointerException
  // on an unknown or observer member that has no weight, and counts it if it has one).
  for (const auto& [sid, where] : memberOf) {
    if (m.unparsable.count(sid)) continue;
    auto decl = m.serverLine.find(sid);
    if (decl == m.serverLine.end()) {
      errors.push_back({where.second, fmt::format("group.{}: server {} has no server.{} line", where.first, sid, sid)});
      continue;
    }
    for (const auto& qs : m.servers)
      if (qs.id == sid && qs.type == LearnerType::OBSERVER)
        errors.push_back({where.second, fmt::format("group.{}: server {} is an observer; only participants vote, so "
                                                    "only they belong in a group",
                                                    where.first, sid)});
  }
  for (const auto& [sid, line] : weightLine) {
    if (!memberOf.count(sid) && m.weights.count(sid))
      warnings.push_back({line, fmt::format("weight.{}: server {} is not in any group, so this weight is ignored", sid,
                                            sid)});
  }
  if (!m.groups.empty()) {
    bool anyWeight = false;
    for (const auto& [gid, members] : m.groups)
      for (Sid sid : members) {
        auto w = m.weights.find(sid);
        if (w == m.weights.end() || w->second != 0) anyWeight = true;
      }
    if (!anyWeight)
      warnings.push_back({0, "every group has total weight 0, so no set of servers is a quorum"});
  }
}

// ---------------------------------------------------------------------------------------------
// Static keys

enum class Kind { Int, Long, Bool, String };

// Keys QuorumPeerConfig.parseProperties recognises but ZabScope does not model: validated only.
std::optional<Kind> unmodelledKey(std::string_view key) {
  static const std::map<std::string_view, Kind> keys = {
      {"dataLogDir", Kind::String},
      {"localSessionsEnabled", Kind::Bool},
      {"localSessionsUpgradingEnabled", Kind::Bool},
      {"secureClientPort", Kind::Int},
      {"secureClientPortAddress", Kind::String},
      {"observerMasterPort", Kind::Int},
      {"clientPortListenBacklog", Kind::Int},
      {"maxClientCnxns", Kind::Int},
      {"quorumListenOnAllIPs", Kind::Bool},
      {"syncEnabled", Kind::Bool},
      {"autopurge.snapRetainCount", Kind::Int},
      {"autopurge.purgeInterval", Kind::Int},
      {"sslQuorum", Kind::Bool},
      {"portUnification", Kind::Bool},
      {"sslQuorumReloadCertFiles", Kind::Bool},
      {"quorum.auth.enableSasl", Kind::Bool},
      {"quorum.auth.serverRequireSasl", Kind::Bool},
      {"quorum.auth.learnerRequireSasl", Kind::Bool},
      {"quorum.auth.learner.saslLoginContext", Kind::String},
      {"quorum.auth.server.saslLoginContext", Kind::String},
      {"quorum.auth.kerberos.servicePrincipal", Kind::String},
      {"quorum.cnxn.threads.size", Kind::Int},
      {"jvm.pause.info-threshold.ms", Kind::Long},
      {"jvm.pause.warn-threshold.ms", Kind::Long},
      {"jvm.pause.sleep.time.ms", Kind::Long},
      {"jvm.pause.monitor", Kind::Bool},
      {"metricsProvider.className", Kind::String},
      {"multiAddress.reachabilityCheckTimeoutMs", Kind::Int},
      {"multiAddress.reachabilityCheckEnabled", Kind::Bool},
  };
  if (auto it = keys.find(key); it != keys.end()) return it->second;
  if (startsWith(key, "metricsProvider.")) return Kind::String;
  return std::nullopt;
}

constexpr std::string_view kModelledKeys[] = {
    "tickTime",          "initLimit",         "syncLimit",         "connectToLearnerMasterLimit",
    "electionAlg",       "peerType",          "dataDir",           "clientPort",
    "clientPortAddress", "minSessionTimeout", "maxSessionTimeout", "standaloneEnabled",
    "reconfigEnabled",   "multiAddress.enabled", "dynamicConfigFile", "oraclePath",
};

std::optional<std::string_view> knownKeyIgnoringCase(std::string_view key) {
  static const std::string_view more[] = {"dataLogDir", "maxClientCnxns", "quorumListenOnAllIPs", "syncEnabled",
                                          "secureClientPort", "observerMasterPort"};
  const std::string k = lower(key);
  for (std::string_view known : kModelledKeys)
    if (lower(known) == k) return known;
  for (std::string_view known : more)
    if (lower(known) == k) return known;
  return std::nullopt;
}

std::optional<bool> parseBool(std::string_view v) {
  const std::string l = lower(v);
  if (l == "true") return true;
  if (l == "false") return false;
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string parseServerLine(Sid id, const std::string& value, bool multiAddressEnabled, QuorumServer& out) {
  const auto problems = serverProblems(id, value, multiAddressEnabled, out);
  std::string joined;
  for (const auto& p : problems) joined += (joined.empty() ? "" : "; ") + p;
  return joined;
}

QuorumVerifier ZooCfg::verifier() const {
  if (groups.empty() && weights.empty()) return QuorumVerifier::majority(servers);
  return QuorumVerifier::hierarchical(servers, groups, weights);
}

ZooCfgParse parseZooCfg(const std::string& text, const std::string& fileName) {
  ZooCfgParse result;
  ZooCfg& cfg = result.config;
  std::vector<Diag> errors;
  std::vector<Diag> warnings;

  std::set<std::string> invalid;  // keys whose value was rejected (no cascading "not set")
  const std::vector<Entry> entries = lexProperties(text, errors, &invalid);

  // Properties keeps the last value of a repeated key. server.N/group/weight repeats are
  // reported as duplicates by parseMembership instead.
  std::map<std::string, std::size_t> lastIndex;
  for (std::size_t i = 0; i < entries.size(); ++i) lastIndex[entries[i].key] = i;
  std::vector<const Entry*> scalars;
  std::vector<const Entry*> membership;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (isMembershipKey(e.key)) {
      membership.push_back(&e);
    } else if (lastIndex[e.key] != i) {
      warnings.push_back({e.line, fmt::format("{} is set again on line {}; the later value wins", e.key,
                                              entries[lastIndex[e.key]].line)});
    } else {
      scalars.push_back(&e);
    }
  }

  std::map<std::string, int> lineOf;  // scalar key -> line
  for (const Entry* e : scalars) lineOf[e->key] = e->line;
  const auto lineFor = [&](const std::string& key) {
    auto it = lineOf.find(key);
    return it == lineOf.end() ? 0 : it->second;
  };

  bool initLimitSet = false;
  bool syncLimitSet = false;
  std::optional<std::int64_t> minSession;
  std::optional<std::int64_t> maxSession;
  std::optional<std::string> clientPortAddress;
  std::optional<std::string> secureClientPortAddress;
  std::int64_t secureClientPort = 0;
  std::optional<std::string> dynamicConfigFile;
  bool saslEnabled = false;
  bool serverRequireSasl = false;
  bool learnerRequireSasl = false;

  for (const Entry* e : scalars) {
    const std::string& key = e->key;
    const std::string& value = e->value;
    const int line = e->line;
    const auto asInt = [&](std::int64_t lo = kIntMin, std::int64_t hi = kIntMax) -> std::optional<int> {
      auto v = parseInteger(value, lo, hi);
      if (!v) {
        invalid.insert(key);
        errors.push_back({line, badInteger(key, value, lo, hi)});
        return std::nullopt;
      }
      return static_cast<int>(*v);
    };
    const auto asBool = [&]() -> std::optional<bool> {
      auto b = parseBool(value);
      if (!b) errors.push_back({line, fmt::format("{}: '{}' is not a boolean; choose 'true' or 'false'", key, value)});
      return b;
    };

    if (key == "tickTime") {
      if (auto v = asInt()) {
        cfg.tickTime = *v;
        if (*v == 0) errors.push_back({line, "tickTime is not set (tickTime=0)"});
        else if (*v < 0) errors.push_back({line, fmt::format("tickTime must be a positive number of milliseconds "
                                                             "(got {})",
                                                             *v)});
      }
    } else if (key == "initLimit" || key == "syncLimit" || key == "connectToLearnerMasterLimit") {
      if (auto v = asInt()) {
        if (*v < 0) {
          invalid.insert(key);
          errors.push_back({line, fmt::format("{} must not be negative (got {} ticks)", key, *v)});
        } else if (key == "initLimit") {
          cfg.initLimit = *v;
          initLimitSet = true;
        } else if (key == "syncLimit") {
          cfg.syncLimit = *v;
          syncLimitSet = true;
        } else {
          cfg.connectToLearnerMasterLimit = *v;
        }
      }
    } else if (key == "electionAlg") {
      if (auto v = asInt()) {
        if (*v != 3)
          errors.push_back({line, fmt::format("electionAlg={}: only 3 (fast leader election) is supported", *v)});
        else
          cfg.electionAlg = *v;
      }
    } else if (key == "peerType") {
      const std::string l = lower(value);
      if (l == "observer" || l == "participant")
        cfg.peerType = l;
      else
        errors.push_back({line, fmt::format("peerType '{}' is not recognised; expected observer or participant",
                                            value)});
    } else if (key == "dataDir") {
      if (value.empty())
        errors.push_back({line, "dataDir is empty"});
      else
        cfg.dataDir = value;
    } else if (key == "clientPort") {
      if (auto v = asInt(0, 65535)) cfg.clientPort = *v == 0 ? -1 : *v;  // 0 means "not set"
    } else if (key == "clientPortAddress") {
      clientPortAddress = value;
    } else if (key == "minSessionTimeout") {
      if (auto v = asInt()) minSession = *v;
    } else if (key == "maxSessionTimeout") {
      if (auto v = asInt()) maxSession = *v;
    } else if (key == "standaloneEnabled") {
      if (auto b = asBool()) cfg.standaloneEnabled = *b;
    } else if (key == "reconfigEnabled") {
      if (auto b = asBool()) cfg.reconfigEnabled = *b;
    } else if (key == "multiAddress.enabled") {
      if (auto b = asBool()) cfg.multiAddressEnabled = *b;
    } else if (key == "dynamicConfigFile") {
      dynamicConfigFile = value;
      errors.push_back({line, fmt::format("dynamicConfigFile={}: ZabScope reads a single file and cannot load a "
                                          "separate dynamic config; put its server.N lines here and remove "
                                          "dynamicConfigFile",
                                          value)});
    } else if (key == "oraclePath") {
      warnings.push_back({line, "oraclePath is ignored: ZabScope models QuorumMaj and QuorumHierarchical, not "
                                "QuorumOracleMaj"});
    } else if (auto kind = unmodelledKey(key)) {
      switch (*kind) {
        case Kind::Int:
          if (auto v = asInt()) {
            if (key == "secureClientPort") secureClientPort = *v;
          }
          break;
        case Kind::Long:
          if (!parseInteger(value, kLongMin, kLongMax)) errors.push_back({line, badInteger(key, value, kLongMin, kLongMax)});
          break;
        case Kind::Bool:
          if (auto b = asBool()) {
            if (key == "quorum.auth.enableSasl") saslEnabled = *b;
            if (key == "quorum.auth.serverRequireSasl") serverRequireSasl = *b;
            if (key == "quorum.auth.learnerRequireSasl") learnerRequireSasl = *b;
          }
          break;
        case Kind::String:
          if (key == "secureClientPortAddress") secureClientPortAddress = value;
          break;
      }
    } else {
      if (auto known = knownKeyIgnoringCase(key))
        warnings.push_back({line, fmt::format("'{}' is not a ZooKeeper setting (did you mean {}?); it becomes the "
                                              "system property zookeeper.{}",
                                              key, *known, key)});
      cfg.systemProperties["zookeeper." + key] = value;
    }
  }

  // Membership lines.
  Membership m;
  if (dynamicConfigFile) {
    for (const Entry* e : membership)
      errors.push_back({e->line, fmt::format("{} must be in the separate dynamic config file, because "
                                             "dynamicConfigFile is set",
                                             e->key)});
  } else {
    parseMembership(membership, cfg.multiAddressEnabled, m, errors, warnings);
  }

  // Whole-file checks of parseProperties.
  if (cfg.dataDir.empty() && !lineOf.count("dataDir")) errors.push_back({0, "dataDir is not set"});
  if (clientPortAddress && cfg.clientPort < 0)
    errors.push_back({lineFor("clientPortAddress"), "clientPortAddress is set but clientPort is not set"});
  if (secureClientPortAddress && secureClientPort == 0)
    errors.push_back({lineFor("secureClientPortAddress"),
                      "secureClientPortAddress is set but secureClientPort is not set"});
  if (!saslEnabled && serverRequireSasl)
    errors.push_back({lineFor("quorum.auth.serverRequireSasl"),
                      "quorum.auth.enableSasl is disabled, so quorum.auth.serverRequireSasl cannot be enabled"});
  if (!saslEnabled && learnerRequireSasl)
    errors.push_back({lineFor("quorum.auth.learnerRequireSasl"),
                      "quorum.auth.enableSasl is disabled, so quorum.auth.learnerRequireSasl cannot be enabled"});
  if (!learnerRequireSasl && serverRequireSasl)
    errors.push_back({lineFor("quorum.auth.serverRequireSasl"),
                      "quorum.auth.learnerRequireSasl is disabled, so quorum.auth.serverRequireSasl cannot be "
                      "enabled"});
  {
    // An explicit value (other than -1) is used as is; otherwise 2 or 20 ticks.
    const bool tickOk = cfg.tickTime > 0 && !invalid.count("tickTime");
    const auto resolve = [&](const std::optional<std::int64_t>& v, std::int64_t ticks) -> std::optional<std::int64_t> {
      if (v && *v != -1) return v;
      if (tickOk) return std::int64_t{cfg.tickTime} * ticks;
      return std::nullopt;
    };
    const bool explicitMin = minSession && *minSession != -1;
    const bool explicitMax = maxSession && *maxSession != -1;
    const auto minT = resolve(minSession, 2);
    const auto maxT = resolve(maxSession, 20);
    if (!invalid.count("minSessionTimeout") && !invalid.count("maxSessionTimeout") && minT && maxT &&
        *minT > *maxT) {
      const int line = explicitMin ? lineFor("minSessionTimeout") : lineFor("maxSessionTimeout");
      errors.push_back({line, fmt::format("minSessionTimeout ({}{}) must not be larger than maxSessionTimeout ({}{})",
                                          *minT, explicitMin ? "" : ", 2 x tickTime", *maxT,
                                          explicitMax ? "" : ", 20 x tickTime")});
    }
  }

  // Servers without a ";client" part take the static client address (setupClientPort), marked
  // as such so that the config text leaves it out, as QuorumServer.toString does.
  for (auto& qs : m.servers) {
    if (qs.clientPort < 0 && cfg.clientPort > 0) {
      qs.clientPort = cfg.clientPort;
      qs.clientHost = clientPortAddress && !clientPortAddress->empty() ? *clientPortAddress : "0.0.0.0";
      qs.clientAddrFromStatic = true;
    }
  }

  // Ensemble-level checks (parseDynamicConfig, checkValidity).
  std::size_t participants = 0;
  std::size_t observers = 0;
  for (const auto& qs : m.servers) (qs.type == LearnerType::PARTICIPANT ? participants : observers)++;
  const bool complete = m.unparsable.empty() && !dynamicConfigFile;  // counts would mislead otherwise
  if (complete) {
    if (participants == 0) {
      if (!cfg.standaloneEnabled)
        errors.push_back({lineFor("standaloneEnabled"),
                          "standaloneEnabled is false, so there must be at least one participant"});
      else if (observers > 0)
        errors.push_back({0, "Observers w/o participants is an invalid configuration"});
      else
        errors.push_back({0, "no participants (no server.N lines): ZooKeeper would run standalone; ZabScope needs "
                             "at least 2 participants"});
    } else if (participants == 1 && cfg.standaloneEnabled) {
      int line = 0;
      for (const auto& qs : m.servers)
        if (qs.type == LearnerType::PARTICIPANT) line = m.serverLine[qs.id];
      errors.push_back({line, "a single participant runs standalone; ZabScope needs at least 2 participants"});
      if (observers > 0) errors.push_back({0, "Observers w/o quorum is an invalid configuration"});
    } else if (participants <= 2) {
      warnings.push_back({0, fmt::format("No server failure will be tolerated: {} participant{}; you need at least 3 "
                                         "servers",
                                         participants, participants == 1 ? "" : "s")});
    } else if (participants % 2 == 0) {
      warnings.push_back({0, fmt::format("Non-optimal configuration: {} participants; consider an odd number of "
                                         "servers",
                                         participants)});
    }
  }
  // isDistributed(): more than one voter, or standalone mode disabled. Server lines that did not
  // parse are counted as voters here, so a typo in one does not hide a missing limit.
  if (!dynamicConfigFile && (participants + m.unparsable.size() > 1 || !cfg.standaloneEnabled)) {
    if (cfg.initLimit == 0 && !invalid.count("initLimit"))
      errors.push_back({lineFor("initLimit"), initLimitSet ? "initLimit is not set (initLimit=0)"
                                                           : "initLimit is not set"});
    if (cfg.syncLimit == 0 && !invalid.count("syncLimit"))
      errors.push_back({lineFor("syncLimit"), syncLimitSet ? "syncLimit is not set (syncLimit=0)"
                                                           : "syncLimit is not set"});
  }

  cfg.servers = std::move(m.servers);
  cfg.groups = std::move(m.groups);
  cfg.weights = std::move(m.weights);

  // Report in line order (file-level problems, line 0, last), keeping discovery order on a line.
  const auto sorted = [&](std::vector<Diag>& v) {
    std::stable_sort(v.begin(), v.end(), [](const Diag& a, const Diag& b) {
      const long la = a.line == 0 ? std::numeric_limits<long>::max() : a.line;
      const long lb = b.line == 0 ? std::numeric_limits<long>::max() : b.line;
      return la < lb;
    });
    std::vector<ConfigDiagnostic> out;
    for (auto& d : v) out.push_back({fileName, d.line, std::move(d.message)});
    return out;
  };
  result.errors = sorted(errors);
  cfg.warnings = sorted(warnings);
  return result;
}

DynamicConfigParse parseDynamicConfig(const std::string& text) {
  DynamicConfigParse result;
  std::vector<Diag> errors;
  std::vector<Diag> warnings;
  const std::vector<Entry> entries = lexProperties(text, errors);

  std::vector<const Entry*> membership;
  std::int64_t version = 0;
  bool haveVersion = false;
  for (const Entry& e : entries) {
    if (isMembershipKey(e.key)) {
      membership.push_back(&e);
    } else if (e.key == "version") {
      if (haveVersion) errors.push_back({e.line, "version is given twice"});
      haveVersion = true;
      if (auto v = parseInteger(e.value, kLongMin, kLongMax, 16))
        version = *v;
      else
        errors.push_back({e.line, fmt::format("version '{}' is not a hexadecimal number", e.value)});
    } else {
      errors.push_back({e.line, fmt::format("Unrecognised parameter: {}", e.key)});
    }
  }
  Membership m;
  parseMembership(membership, /*multiAddressEnabled=*/true, m, errors, warnings);

  std::size_t participants = 0;
  std::size_t observers = 0;
  for (const auto& qs : m.servers) (qs.type == LearnerType::PARTICIPANT ? participants : observers)++;
  if (m.serverLine.empty()) errors.push_back({0, "no server.N lines"});
  if (m.unparsable.empty() && participants == 0 && observers > 0)
    errors.push_back({0, "Observers w/o participants is an invalid configuration"});
  // (one participant with observers is invalid only when standaloneEnabled, a static setting
  // this text does not carry, so it is not checked here)

  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(), [](const Diag& a, const Diag& b) { return a.line < b.line; });
    for (const auto& d : errors) {
      if (!result.error.empty()) result.error += "; ";
      result.error += d.line > 0 ? fmt::format("line {}: {}", d.line, d.message) : d.message;
    }
    return result;
  }
  result.verifier = m.hierarchical ? QuorumVerifier::hierarchical(m.servers, m.groups, m.weights, version)
                                   : QuorumVerifier::majority(m.servers, version);
  result.ok = true;
  return result;
}

}  // namespace zab
