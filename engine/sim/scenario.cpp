#include "scenario.hpp"

#include <fmt/format.h>

#include <charconv>
#include <set>
#include <sstream>

#include "bounded_file.hpp"
#include "ensemble_config.hpp"
#include "scenario_runner.hpp"  // kMaxVirtualTimeMs
#include "zab/data_tree.hpp"
#include "zab/known_bugs.hpp"
#include "zab/zxid.hpp"

namespace zab::sim {

// history SID zxid=E:C preloads C txns; more is refused at parse time.
constexpr std::int64_t kMaxHistoryTxns = 100000;
// history epoch= / accepted=: the largest epoch whose successor still fits in a zxid's 32 bits.
constexpr std::int64_t kMaxHistoryEpoch = 0xfffffffe;

std::string ScenarioError::str() const { return fmt::format("{}:{}: {}", file, line, message); }

namespace {

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

bool toInt(const std::string& s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool toDouble(const std::string& s, double& out) {
  try {
    std::size_t used = 0;
    out = std::stod(s, &used);
    return used == s.size() && out >= 0.0 && out <= 1.0;
  } catch (...) {
    return false;
  }
}

// "5..15" or "7"
bool toRange(const std::string& s, std::int64_t& lo, std::int64_t& hi) {
  auto dots = s.find("..");
  if (dots == std::string::npos) {
    if (!toInt(s, lo)) return false;
    hi = lo;
  } else if (!toInt(s.substr(0, dots), lo) || !toInt(s.substr(dots + 2), hi)) {
    return false;
  }
  return lo >= 0 && hi >= lo;
}

// `line` with the value of `key=` replaced (words are separated by spaces or tabs).
std::string rewriteKey(const std::string& line, const std::string& key, const std::string& value) {
  std::string out;
  for (const auto& w : words(line)) {
    out += out.empty() ? "" : " ";
    out += w.rfind(key + "=", 0) == 0 ? key + "=" + value : w;
  }
  return out;
}

std::string dirOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

const std::set<std::string> kVerbs = {"ensemble", "seed",  "latency", "loss",      "dup",       "history", "start",
                                      "kill",     "crash", "restart", "relook",    "partition", "cut",     "heal",
                                      "run",      "step",  "deliver", "drop",      "duplicate", "expect",  "write",
                                      "read",     "delete", "sync",   "workload",  "wipe",      "diskfault", "pause",
                                      "wait"};
// "tickTime=2000", "server.1=...", "dataDir=...": the first word of a zoo.cfg line.
bool looksLikeZooCfg(const std::string& word) {
  const auto eq = word.find('=');
  if (eq == std::string::npos) return false;
  const std::string key = word.substr(0, eq);
  static const std::set<std::string> keys = {"tickTime", "initLimit", "syncLimit", "dataDir", "dataLogDir", "clientPort",
                                             "maxClientCnxns", "autopurge.snapRetainCount", "autopurge.purgeInterval",
                                             "standaloneEnabled", "reconfigEnabled", "dynamicConfigFile"};
  return keys.count(key) || key.rfind("server.", 0) == 0 || key.rfind("group.", 0) == 0 || key.rfind("weight.", 0) == 0;
}

const std::set<std::string> kPhases = {"ELECTION", "DISCOVERY", "SYNCHRONIZATION", "BROADCAST"};
const std::set<std::string> kStates = {"LOOKING", "FOLLOWING", "LEADING", "OBSERVING"};

class Parser {
 public:
  Parser(std::string file, const FileReader& reader) : file_(std::move(file)), reader_(reader) {}

  // Parse lines as if an ensemble line had come first (the context's).
  ScenarioParse runInContext(const Scenario& context, const std::string& text) {
    scenario_.spec = context.spec;
    haveEnsemble_ = true;
    ensembleOk_ = true;
    return run(text);
  }

  ScenarioParse run(const std::string& text) {
    scenario_.file = file_;
    // A UTF-8 byte-order mark (some editors write one) is not part of the first line.
    const bool bom = text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0;
    std::istringstream in(bom ? text.substr(3) : text);
    std::string raw;
    int lineNo = 0;
    while (std::getline(in, raw)) {
      ++lineNo;
      auto hash = raw.find('#');
      std::string line = hash == std::string::npos ? raw : raw.substr(0, hash);
      auto w = words(line);
      if (w.empty()) continue;
      line_ = lineNo;
      ScenarioCommand c;
      c.line = lineNo;
      c.text = line.substr(line.find_first_not_of(" \t"));
      while (!c.text.empty() && (c.text.back() == ' ' || c.text.back() == '\t' || c.text.back() == '\r'))
        c.text.pop_back();
      c.verb = w[0];
      if (!kVerbs.count(c.verb) && !haveEnsemble_ && scenario_.commands.empty() && errors_.empty() && looksLikeZooCfg(c.verb)) {
        // One clear error instead of one per line of a zoo.cfg given where a scenario goes.
        error(fmt::format("'{}' is a zoo.cfg line: this file looks like a zoo.cfg, not a scenario; a scenario loads "
                          "one with 'ensemble cfg=FILE' (docs/scenario-language.md), and the app's File > Open "
                          "opens a zoo.cfg as it is",
                          c.text));
        break;
      }
      if (!kVerbs.count(c.verb)) {
        error(fmt::format("unknown command '{}'; expected one of: ensemble, seed, latency, loss, dup, history, start, kill, "
                          "crash, pause, restart, relook, wipe, diskfault, partition, cut, heal, run, step, wait, deliver, drop, "
                          "duplicate, write, read, delete, sync, workload, expect",
                          c.verb));
        continue;
      }
      if (c.verb == "write") {
        // write SID PATH DATA...: the data is the rest of the line, spaces and '=' included.
        std::istringstream rest(c.text);
        std::string verb, sidWord, path, data;
        rest >> verb >> sidWord >> path;
        std::getline(rest, data);
        auto first = data.find_first_not_of(" \t");
        data = first == std::string::npos ? std::string() : data.substr(first);
        if (!sidWord.empty()) c.args.push_back(sidWord);
        if (!path.empty()) c.args.push_back(path);
        c.args.push_back(data);
        w.clear();
      }
      for (std::size_t i = 1; i < w.size(); ++i) {
        auto eq = w[i].find('=');
        if (eq != std::string::npos && eq > 0) c.kv[w[i].substr(0, eq)] = w[i].substr(eq + 1);
        else c.args.push_back(w[i]);
      }
      if (c.verb == "ensemble") {
        std::size_t before = errors_.size();
        parseEnsemble(c);
        ensembleOk_ = errors_.size() == before;
        continue;
      }
      if (!haveEnsemble_) {
        error(fmt::format("'{}' before the 'ensemble' line; expected 'ensemble participants=N ...' or "
                          "'ensemble cfg=FILE' first",
                          c.verb));
        continue;
      }
      if (!ensembleOk_) continue;  // server ids cannot be checked against a broken ensemble line
      if (!knownKeys(c) || !validate(c)) continue;
      if (c.verb == "seed") {
        std::int64_t v = 0;
        toInt(c.args[0], v);
        scenario_.spec.seed = static_cast<std::uint64_t>(v);
        scenario_.seedGiven = true;
        continue;
      }
      if (c.verb == "partition") c.groups = groups_;
      scenario_.commands.push_back(std::move(c));
    }
    if (!haveEnsemble_ && errors_.empty()) {
      line_ = std::max(lineNo, 1);  // an empty file has no line 0: its error is on line 1
      error(lineNo == 0 ? "the file is empty; expected 'ensemble participants=N ...' or 'ensemble cfg=FILE'"
                        : "no 'ensemble' line; expected 'ensemble participants=N ...' or 'ensemble cfg=FILE'");
    }
    ScenarioParse out;
    out.errors = std::move(errors_);
    if (out.errors.empty()) out.scenario = std::move(scenario_);
    return out;
  }

 private:
  void error(std::string message) { errors_.push_back(ScenarioError{file_, line_, std::move(message)}); }

  bool sid(const std::string& s, Sid& out, bool allowLeader = false) {
    if (allowLeader && s == "leader") {
      out = -1;
      return true;
    }
    std::int64_t v = 0;
    if (!toInt(s, v) || !scenario_.spec.qv.isMember(v)) {
      error(fmt::format("expected a server id of the ensemble{}, got '{}'", allowLeader ? " or 'leader'" : "", s));
      return false;
    }
    out = v;
    return true;
  }

  // intKey, and lo <= value <= hi.
  bool rangeKey(const ScenarioCommand& c, const std::string& key, std::int64_t lo, std::int64_t hi, bool required) {
    std::int64_t v = lo;
    if (!intKey(c, key, v, required)) return false;
    if (v < lo || v > hi) {
      error(fmt::format("{}= must be {}..{}, got {}", key, lo, hi, v));
      return false;
    }
    return true;
  }

  bool intKey(const ScenarioCommand& c, const std::string& key, std::int64_t& out, bool required) {
    auto it = c.kv.find(key);
    if (it == c.kv.end()) {
      if (required) error(fmt::format("'{}' needs {}=N", c.verb, key));
      return !required;
    }
    if (!toInt(it->second, out)) {
      error(fmt::format("{}= expects a whole number, got '{}'", key, it->second));
      return false;
    }
    return true;
  }

  void parseEnsemble(const ScenarioCommand& c) {
    if (haveEnsemble_) {
      error("a second 'ensemble' line; a scenario has exactly one");
      return;
    }
    haveEnsemble_ = true;
    scenario_.ensembleLine = c.text;
    EnsembleSpec& spec = scenario_.spec;
    std::set<std::string> known = {"participants",  "observers",        "tickTime",       "initLimit",
                                   "syncLimit",     "cfg",              "minNotificationInterval",
                                   "maxNotificationInterval",           "finalizeWait",   "commitLogCount",
                                   "fsync",         "snapshotSizeFactor", "forceSnapSync", "initialZxid",
                                   "fix",           "slowfsync",       "snapCount",      "leaderStartup",
                                   "connectToLearnerMasterLimit",       "snapSend"};
    for (const auto& [k, v] : c.kv)
      if (!known.count(k)) error(fmt::format("unknown ensemble setting '{}'", k));
    if (!c.args.empty()) error(fmt::format("unexpected word '{}'; ensemble takes key=value settings", c.args[0]));
    if (auto cfg = c.kv.find("cfg"); cfg != c.kv.end()) {
      std::string path = cfg->second.size() && cfg->second[0] == '/' ? cfg->second : dirOf(file_) + cfg->second;
      auto text = reader_ ? reader_(path) : std::nullopt;
      if (!text) {
        error(fmt::format("cannot read zoo.cfg '{}': {}", path, zabscope::unreadableReason(path)));
        return;
      }
      // Saved as read, so that the line works from another directory's file too.
      scenario_.ensembleLine = rewriteKey(c.text, "cfg", path);
      ZooCfgParse parsed = parseZooCfg(*text, path);
      for (const auto& e : parsed.errors) error(fmt::format("in {}", e.str()));
      if (!parsed.ok()) return;
      spec = specFromZooCfg(parsed.config);
    } else {
      std::int64_t participants = 3, observers = 0;
      if (!intKey(c, "participants", participants, false) || !intKey(c, "observers", observers, false)) return;
      if (participants < 1 || participants > 51 || observers < 0 || observers > 16) {
        error(fmt::format("participants must be 1..51 and observers 0..16 (got {} and {})", participants, observers));
        return;
      }
      spec.qv = QuorumVerifier::majority(
          syntheticServers(static_cast<int>(participants), static_cast<int>(observers)));
    }
    std::int64_t v = 0;
    // Every numeric setting has a range, checked here: a zero poll interval would spin the
    // election forever, a huge fsync would overflow the clock.
    auto ranged = [&](const char* key, std::int64_t lo, std::int64_t hi) {
      if (!c.kv.count(key) || !intKey(c, key, v, true)) return false;
      if (v < lo || v > hi) {
        error(fmt::format("{}= must be {}..{}, got {}", key, lo, hi, v));
        return false;
      }
      return true;
    };
    if (ranged("tickTime", 1, 600000)) spec.timing.tickTime = static_cast<int>(v);
    if (ranged("initLimit", 1, 10000)) spec.timing.initLimit = static_cast<int>(v);
    if (ranged("syncLimit", 1, 10000)) spec.timing.syncLimit = static_cast<int>(v);
    if (ranged("connectToLearnerMasterLimit", 0, 10000)) spec.timing.connectToLearnerMasterLimit = static_cast<int>(v);
    if (ranged("minNotificationInterval", 1, 600000)) spec.timing.fle.minNotificationInterval = v;
    if (ranged("maxNotificationInterval", 1, 3600000)) spec.timing.fle.maxNotificationInterval = v;
    if (ranged("finalizeWait", 1, 600000)) spec.timing.fle.finalizeWait = v;
    if (c.kv.count("commitLogCount") && intKey(c, "commitLogCount", v, true)) {
      if (v < 1) error("commitLogCount must be at least 1");
      else spec.timing.commitLogCount = static_cast<std::size_t>(v);  // teaching: below ZooKeeper's floor of 500 on purpose
    }
    // KEY=MS (every one takes MS) or KEY=MIN..MAX (each one uniform in that range), in 0..600000.
    auto msRange = [&](const char* key, std::int64_t& least, std::int64_t& most) {
      auto f = c.kv.find(key);
      if (f == c.kv.end()) return;
      std::int64_t lo = 0, hi = 0;
      const auto dots = f->second.find("..");
      const bool ok = dots == std::string::npos ? toInt(f->second, lo) && (hi = lo, true)
                                                 : toInt(f->second.substr(0, dots), lo) &&
                                                       toInt(f->second.substr(dots + 2), hi);
      if (!ok || lo < 0 || hi > 600000 || lo > hi) {
        error(fmt::format("{}= must be MS or MIN..MAX within 0..600000, got '{}'", key, f->second));
      } else {
        least = lo;
        most = hi;
      }
    };
    msRange("fsync", spec.timing.fsyncMs, spec.timing.fsyncMaxMs);
    msRange("snapSend", spec.timing.snapSendMs, spec.timing.snapSendMaxMs);
    if (auto f = c.kv.find("slowfsync"); f != c.kv.end()) {
      // slowfsync=P:MS: with probability P an fsync takes MS longer (a disk stall).
      const auto colon = f->second.find(':');
      std::int64_t ms = 0;
      double pr = -1;
      try {
        if (colon != std::string::npos) pr = std::stod(f->second.substr(0, colon));
      } catch (...) {
      }
      if (colon == std::string::npos || !(pr >= 0 && pr <= 1) || !toInt(f->second.substr(colon + 1), ms) ||
          ms < 0 || ms > 600000)
        error(fmt::format("slowfsync= expects P:MS (a probability 0..1, then 0..600000 ms), got '{}'", f->second));
      else {
        spec.timing.slowFsyncChance = pr;
        spec.timing.slowFsyncMs = ms;
      }
    }
    if (ranged("snapCount", 2, 1000000000)) spec.timing.snapCount = v;  // ZooKeeper raises values below 2 to 2
    if (ranged("leaderStartup", 0, 600000)) spec.timing.leaderStartupMs = v;
    if (auto iz = c.kv.find("initialZxid"); iz != c.kv.end()) {
      Zxid z = 0;
      if (!parseZxid(iz->second, z) || z < 0 || z > 0xffffffffLL)
        error(fmt::format("initialZxid= expects a counter 0..0xffffffff, got '{}'", iz->second));
      else spec.timing.initialZxidCounter = z;
    }
    if (auto f = c.kv.find("snapshotSizeFactor"); f != c.kv.end()) {
      try {
        double factor = std::stod(f->second);
        if (!(factor >= -1.0 && factor <= 1000.0))  // also false for nan
          error(fmt::format("snapshotSizeFactor= must be a number in -1..1000, got '{}'", f->second));
        else spec.timing.snapshotSizeFactor = factor;
      } catch (...) {
        error(fmt::format("snapshotSizeFactor= expects a number, got '{}'", f->second));
      }
    }
    if (auto f = c.kv.find("forceSnapSync"); f != c.kv.end()) {
      if (f->second != "true" && f->second != "false") error("forceSnapSync= expects true or false");
      spec.timing.forceSnapSync = f->second == "true";
    }
    if (auto f = c.kv.find("fix"); f != c.kv.end()) {
      // Upstream fixes on top of 3.8.0's behaviour, e.g. fix=ZOOKEEPER-2846,ZOOKEEPER-1549.
      if (auto bad = parseKnownBugFixes(f->second, spec.timing.fixes))
        error(fmt::format("fix= names '{}'; the known bugs with a fix are {}", *bad, zab::knownBugsWithFix()));
    }
    if (spec.timing.tickTime <= 0) error("tickTime must be positive");
    if (spec.timing.initLimit <= 0 || spec.timing.syncLimit <= 0) error("initLimit and syncLimit must be positive");
  }

  // Every key=value word must mean something to its verb (a typo must not pass silently).
  bool knownKeys(const ScenarioCommand& c) {
    static const std::map<std::string, std::set<std::string>> kKeys = {
        {"seed", {}},
        {"latency", {"from", "to"}},
        {"loss", {"from", "to"}},
        {"dup", {"from", "to"}},
        {"history", {"epoch", "zxid", "accepted"}},
        {"start", {}},
        {"kill", {}},
        {"crash", {}},
        {"pause", {}},
        {"restart", {}},
        {"relook", {}},
        {"partition", {}},
        {"cut", {}},
        {"heal", {}},
        {"run", {"until", "max"}},
        {"step", {}},
        {"wait", {}},
        {"deliver", {"from", "to", "type", "nth", "id"}},
        {"drop", {"from", "to", "type", "nth", "id"}},
        {"duplicate", {"from", "to", "type", "nth", "id"}},
        {"write", {}},
        {"read", {}},
        {"delete", {}},
        {"sync", {}},
        {"workload", {"writes", "reads", "peers", "for", "keys"}},
        {"wipe", {}},
        {"diskfault", {}}};
    auto allowed = kKeys.find(c.verb);
    if (allowed == kKeys.end()) return true;  // expect: checked by validateExpect
    for (const auto& [k, val] : c.kv) {
      if (allowed->second.count(k)) continue;
      std::string expected;
      for (const auto& a : allowed->second) expected += (expected.empty() ? "" : ", ") + a + "=";
      error(fmt::format("'{}' does not take {}=; {}", c.verb, k,
                        expected.empty() ? "it takes no key=value settings" : "expected one of: " + expected));
      return false;
    }
    return true;
  }

  bool linkArgs(const ScenarioCommand& c) {
    bool hasFrom = c.kv.count("from"), hasTo = c.kv.count("to");
    if (hasFrom != hasTo) {
      error(fmt::format("'{}' needs both from= and to=, or neither", c.verb));
      return false;
    }
    Sid s = 0;
    if (hasFrom && (!sid(c.kv.at("from"), s) || !sid(c.kv.at("to"), s))) return false;
    return true;
  }

  bool validate(ScenarioCommand& c) {
    const std::string& v = c.verb;
    Sid s = 0;
    std::int64_t n = 0;
    if (v == "seed") {
      if (c.args.size() != 1 || !toInt(c.args[0], n) || n < 0) {
        error("expected 'seed N' with a non-negative whole number");
        return false;
      }
      return true;
    }
    if (v == "latency") {
      std::int64_t lo = 0, hi = 0;
      if (c.args.size() != 1 || !toRange(c.args[0], lo, hi)) {
        error("expected 'latency MIN..MAX' in ms (e.g. latency 5..15), optionally from=A to=B");
        return false;
      }
      return linkArgs(c);
    }
    if (v == "loss" || v == "dup") {
      double p = 0;
      if (c.args.size() != 1 || !toDouble(c.args[0], p)) {
        error(fmt::format("expected '{} P' with a probability between 0 and 1, optionally from=A to=B", v));
        return false;
      }
      return linkArgs(c);
    }
    if (v == "history") {
      if (c.args.size() != 1) {
        error("expected 'history SID epoch=E zxid=Z' (optionally accepted=A)");
        return false;
      }
      if (!sid(c.args[0], s)) return false;
      if (!c.kv.count("epoch") || !c.kv.count("zxid")) {
        error("expected 'history SID epoch=E zxid=Z' (optionally accepted=A)");
        return false;
      }
      Zxid z = 0;
      if (!parseZxid(c.kv.at("zxid"), z) || z < 0) {
        error(fmt::format("zxid= expects 0x..., a number or E:C, got '{}'", c.kv.at("zxid")));
        return false;
      }
      // The preloaded log holds one txn per counter: keep it to what a lesson can show.
      if (counterOf(z) > kMaxHistoryTxns) {
        error(fmt::format("history preloads at most {} txns, got zxid counter {}", kMaxHistoryTxns, counterOf(z)));
        return false;
      }
      // An epoch is the high 32 bits of a zxid, and a new leader proposes one more than the
      // highest: past 0xfffffffe that sum overflowed (UBSan, in the fuzz build).
      return rangeKey(c, "epoch", 0, kMaxHistoryEpoch, true) && rangeKey(c, "accepted", 0, kMaxHistoryEpoch, false);
    }
    if (v == "start") {
      if (c.args.empty()) {
        error("expected 'start SID...' (one or more server ids)");
        return false;
      }
      for (const auto& a : c.args)
        if (!sid(a, s)) return false;
      return true;
    }
    if (v == "kill" || v == "crash") {
      // Several servers at one instant: a correlated failure (a rack, a power cut).
      if (c.args.empty()) {
        error(fmt::format("expected '{} SID...' (one or more server ids) or '{} leader'", v, v));
        return false;
      }
      for (const auto& a : c.args)
        if (!sid(a, s, true)) return false;
      return true;
    }
    if (v == "restart" || v == "relook") {
      if (c.args.size() != 1) {
        error(fmt::format("expected '{} SID'", v));
        return false;
      }
      return sid(c.args[0], s, false);
    }
    if (v == "pause") {
      std::int64_t ms = 0;
      if (c.args.size() != 2 || !toInt(c.args[1], ms) || ms < 1 || ms > 3600000) {
        error("expected 'pause SID MS': SIGSTOP the server now and SIGCONT it MS (1..3600000) ms later");
        return false;
      }
      return sid(c.args[0], s, true);
    }
    if (v == "partition") {
      groups_.clear();
      std::string joined;
      for (const auto& a : c.args) joined += a + " ";
      std::vector<Sid> group;
      std::string token;
      auto flush = [&]() -> bool {
        if (!token.empty()) {
          Sid x = 0;
          if (!sid(token, x)) return false;
          group.push_back(x);
          token.clear();
        }
        return true;
      };
      for (char ch : joined) {
        if (ch == ',' || ch == ' ') {
          if (!flush()) return false;
        } else if (ch == '|') {
          if (!flush()) return false;
          groups_.push_back(group);
          group.clear();
        } else {
          token += ch;
        }
      }
      if (!flush()) return false;
      groups_.push_back(group);
      for (const auto& g : groups_)
        if (g.empty()) {
          error("expected 'partition A,B | C,D,E': a group is empty");
          return false;
        }
      if (groups_.size() < 2) {
        error("expected at least two groups separated by '|', e.g. 'partition 1,2 | 3,4,5'");
        return false;
      }
      std::set<Sid> seen;
      for (const auto& g : groups_)
        for (Sid x : g)
          if (!seen.insert(x).second) {
            error(fmt::format("expected each server in one group only; {} appears twice", x));
            return false;
          }
      return true;
    }
    if (v == "cut") {
      if (c.args.size() != 2 || !sid(c.args[0], s) || !sid(c.args[1], s)) {
        if (c.args.size() != 2) error("expected 'cut FROM TO' (cuts one direction of one link)");
        return false;
      }
      if (c.args[0] == c.args[1]) {
        error(fmt::format("'cut {} {}' needs two different servers: a server's messages to itself never cross the network",
                          c.args[0], c.args[1]));
        return false;
      }
      return true;
    }
    if (v == "heal") {
      if (!c.args.empty()) {
        error(fmt::format("expected 'heal' alone, got '{}'", c.args[0]));
        return false;
      }
      return true;
    }
    if (v == "run") {
      if (c.kv.count("until")) {
        const std::string& u = c.kv.at("until");
        if (u != "leader" && u != "stable" && u != "quiet") {
          error(fmt::format("run until= expects leader, stable or quiet, got '{}'", u));
          return false;
        }
        if (!c.args.empty()) {
          error(fmt::format("expected 'run MS' or 'run until=... [max=MS]', not both (got '{}')", c.args[0]));
          return false;
        }
        if (!intKey(c, "max", n, false)) return false;
        if (n < 0) {
          error(fmt::format("max= expects a non-negative number of ms, got '{}'", c.kv.at("max")));
          return false;
        }
        return true;
      }
      if (c.kv.count("max")) {
        error("max= goes with until=: expected 'run until=leader|stable|quiet max=MS'");
        return false;
      }
      if (c.args.size() != 1 || !toInt(c.args[0], n) || n < 0) {
        error("expected 'run MS' or 'run until=leader|stable|quiet [max=MS]'");
        return false;
      }
      return true;
    }
    if (v == "step") {
      if (c.args.size() > 1 || (c.args.size() == 1 && (!toInt(c.args[0], n) || n < 1))) {
        error("expected 'step' or 'step N' with N >= 1");
        return false;
      }
      return true;
    }
    if (v == "wait") {
      if (c.args.size() != 1 || !c.kv.empty() || !toInt(c.args[0], n) || n < 0) {
        error("expected 'wait MS' with MS >= 0");
        return false;
      }
      return true;
    }
    if ((v == "deliver" || v == "drop" || v == "duplicate") && c.kv.count("id")) {
      // A pending event by its number, timers included: what a saved GUI session uses for an
      // event that from/to/type cannot name (the GUI's Fire and Drop on a timer).
      if (c.kv.size() != 1 || !c.args.empty() || !toInt(c.kv.at("id"), n) || n < 1) {
        error(fmt::format("expected '{} id=N' alone, with N >= 1", v));
        return false;
      }
      return true;
    }
    if (v == "deliver" || v == "drop" || v == "duplicate") {
      if (!c.kv.count("from") || !c.kv.count("to")) {
        error(fmt::format("expected '{} from=A to=B [type=T] [nth=K]' or '{} id=N'", v, v));
        return false;
      }
      if (!sid(c.kv.at("from"), s) || !sid(c.kv.at("to"), s)) return false;
      if (!intKey(c, "nth", n, false)) return false;
      if (c.kv.count("nth") && n < 1) {
        error(fmt::format("nth= counts from 1, got '{}'", c.kv.at("nth")));
        return false;
      }
      return true;
    }
    if (v == "write" || v == "read" || v == "delete" || v == "sync") {
      std::size_t want = v == "write" ? 3 : v == "sync" ? 1 : 2;
      if (c.args.size() != want || (v == "write" && c.args[1].empty())) {
        error(v == "write" ? std::string("expected 'write SID PATH DATA' (DATA is the rest of the line)")
                           : v == "sync" ? std::string("expected 'sync SID'")
                                         : fmt::format("expected '{} SID PATH'", v));
        return false;
      }
      if (!sid(c.args[0], s)) return false;
      if (want > 1 && !isValidPath(c.args[1])) {
        error(fmt::format("'{}' is not a valid znode path: {}", c.args[1], zab::pathProblem(c.args[1])));
        return false;
      }
      return true;
    }
    if (v == "workload") {
      if (c.args.size() == 1 && c.args[0] == "off" && c.kv.empty()) return true;
      if (!c.args.empty() || (!c.kv.count("writes") && !c.kv.count("reads"))) {
        error("expected 'workload writes=W reads=R [peers=1,2] [for=MS] [keys=K]' or 'workload off'");
        return false;
      }
      for (const char* k : {"writes", "reads"}) {
        auto it = c.kv.find(k);
        if (it == c.kv.end()) continue;
        try {
          std::size_t used = 0;
          double r = std::stod(it->second, &used);
          if (used != it->second.size() || r < 0 || r > 100000) throw 1;
        } catch (...) {
          error(fmt::format("{}= expects a rate per second between 0 and 100000, got '{}'", k, it->second));
          return false;
        }
      }
      if (auto p = c.kv.find("peers"); p != c.kv.end()) {
        std::string token;
        std::istringstream in(p->second);
        while (std::getline(in, token, ','))
          if (!sid(token, s)) return false;
      }
      // now + for= must fit the clock (a huge for= overflowed it: UBSan, in the fuzz build).
      return rangeKey(c, "for", 0, kMaxVirtualTimeMs, false) && intKey(c, "keys", n, false);
    }
    if (v == "wipe") {
      if (c.args.size() != 1) {
        error("expected 'wipe SID' (disk loss: the server dies and its data directory comes back empty)");
        return false;
      }
      return sid(c.args[0], s);
    }
    if (v == "diskfault") {
      std::int64_t ms = 0;
      const bool stall = c.args.size() == 3 && c.args[1] == "stall" && toInt(c.args[2], ms) && ms >= 1 && ms <= 3600000;
      if (!stall && (c.args.size() != 2 || (c.args[1] != "acceptedEpoch" && c.args[1] != "currentEpoch" &&
                                            c.args[1] != "torn" && c.args[1] != "crc"))) {
        error("expected 'diskfault SID acceptedEpoch|currentEpoch' (the next write of that file fails), "
              "'diskfault SID torn|crc' (the txn log's last record is torn, or fails its checksum) or "
              "'diskfault SID stall MS' (fsyncs started from now on finish no earlier than MS (1..3600000) ms from now)");
        return false;
      }
      return sid(c.args[0], s);
    }
    if (v == "expect") return validateExpect(c);
    return true;
  }

  bool validateExpect(ScenarioCommand& c) {
    Sid s = 0;
    if (c.args.empty()) {
      // expect leader=3 | leader=none | epoch=E
      if (c.kv.empty()) {
        error("expected 'expect leader=SID|none', 'expect epoch=E', 'expect committed_writes=N', 'expect bug=ID|none', "
              "'expect state|zab|sync|zxid|logicalclock|alive|current_epoch|accepted_epoch SID=VALUE ...', "
              "'expect vote SID leader=..', 'expect data SID /path=VALUE', 'expect read SID /path=VALUE' or 'expect converged'");
        return false;
      }
      for (const auto& [k, val] : c.kv) {
        std::int64_t n = 0;
        if (k == "leader") {
          if (val != "none" && !sid(val, s)) return false;
        } else if (k == "epoch" || k == "committed_writes") {
          if (!toInt(val, n)) {
            error(fmt::format("{}= expects a whole number, got '{}'", k, val));
            return false;
          }
        } else if (k == "bug") {
          KnownBugFixes ignored;
          if (val != "none" && parseKnownBugFixes(val, ignored)) {
            error(fmt::format("bug= expects none or one of {}, got '{}'", zab::knownBugsWithFix(), val));
            return false;
          }
        } else {
          error(fmt::format("unknown expectation '{}'; expected leader=, epoch=, committed_writes= or bug=", k));
          return false;
        }
      }
      return true;
    }
    const std::string& what = c.args[0];
    if (what == "converged") {
      if (c.args.size() != 1 || !c.kv.empty()) {
        error("expected 'expect converged' (every live server in BROADCAST with the same data digest)");
        return false;
      }
      return true;
    }
    if (what == "read" || what == "data") {
      // expect read SID /path=VALUE: the last answered read of /path at SID returned VALUE.
      // expect data SID /path=VALUE: SID's tree has /path with data VALUE. Same shape, own usage line.
      if (c.args.size() != 2 || !sid(c.args[1], s) || c.kv.empty()) {
        if (c.args.size() != 2 || c.kv.empty())
          error(what == "read" ? "expected 'expect read SID /path=VALUE ...' (the last answered read of /path at SID; "
                                 "VALUE none: no such node)"
                               : "expected 'expect data SID /path=VALUE ...' (VALUE none: no such node)");
        return false;
      }
      for (const auto& [k, val] : c.kv)
        if (!isValidPath(k)) {
          error(fmt::format("'{}' is not a valid znode path: {}", k, zab::pathProblem(k)));
          return false;
        }
      return true;
    }
    // expect KIND SID=VALUE ...: one value per server, its form checked by the kind.
    if (what == "zab" || what == "sync" || what == "zxid" || what == "current_epoch" || what == "accepted_epoch" ||
        what == "state" || what == "logicalclock" || what == "alive") {
      if (c.kv.empty() || c.args.size() != 1) {
        error(fmt::format("expected 'expect {} SID=VALUE ...'", what));
        return false;
      }
      for (const auto& [k, val] : c.kv) {
        if (!sid(k, s)) return false;
        std::int64_t n = 0;
        Zxid z = 0;
        if (what == "zab" && !kPhases.count(val)) {
          error(fmt::format("expected a phase ELECTION, DISCOVERY, SYNCHRONIZATION or BROADCAST, got '{}'", val));
          return false;
        }
        if (what == "sync" && val != "DIFF" && val != "TRUNC" && val != "SNAP" && val != "none") {
          error(fmt::format("expected DIFF, TRUNC, SNAP or none, got '{}'", val));
          return false;
        }
        if (what == "zxid" && !parseZxid(val, z)) {
          error(fmt::format("zxid expects 0x..., a number or E:C, got '{}'", val));
          return false;
        }
        if ((what == "current_epoch" || what == "accepted_epoch") && !toInt(val, n)) {
          error(fmt::format("{} expects a whole number, got '{}'", what, val));
          return false;
        }
        if (what == "state" && !kStates.count(val)) {
          error(fmt::format("expected a state LOOKING, FOLLOWING, LEADING or OBSERVING, got '{}'", val));
          return false;
        }
        if (what == "logicalclock" && !toInt(val, n)) {
          error(fmt::format("logicalclock expects a whole number, got '{}'", val));
          return false;
        }
        if (what == "alive" && val != "true" && val != "false") {
          error(fmt::format("alive expects true or false, got '{}'", val));
          return false;
        }
      }
      return true;
    }
    if (what == "vote") {
      if (c.args.size() != 2 || !sid(c.args[1], s)) {
        if (c.args.size() != 2) error("expected 'expect vote SID leader=L [zxid=Z] [peer_epoch=E] [election_epoch=R]'");
        return false;
      }
      if (c.kv.empty()) {
        error("expected at least one field: 'expect vote SID leader=L [zxid=Z] [peer_epoch=E] [election_epoch=R]'");
        return false;
      }
      for (const auto& [k, val] : c.kv) {
        std::int64_t n = 0;
        if (k == "zxid") {
          Zxid z = 0;
          if (!parseZxid(val, z)) {
            error(fmt::format("zxid= expects 0x..., a number or E:C, got '{}'", val));
            return false;
          }
        } else if (k == "leader" || k == "peer_epoch" || k == "election_epoch") {
          if (!toInt(val, n)) {
            error(fmt::format("{}= expects a whole number, got '{}'", k, val));
            return false;
          }
        } else {
          error(fmt::format("unknown vote field '{}'; expected leader, zxid, peer_epoch or election_epoch", k));
          return false;
        }
      }
      return true;
    }
    error(fmt::format("unknown expectation '{}'; expected state, vote, logicalclock, alive, zab, sync, zxid, "
                      "current_epoch, accepted_epoch, data, read, converged, leader=, epoch=, committed_writes= or bug=",
                      what));
    return false;
  }

  std::string file_;
  const FileReader& reader_;
  Scenario scenario_;
  std::vector<ScenarioError> errors_;
  std::vector<std::vector<Sid>> groups_;
  int line_ = 0;
  bool haveEnsemble_ = false;
  bool ensembleOk_ = false;
};

}  // namespace

ScenarioParse parseScenario(const std::string& text, const std::string& file, const FileReader& readFile) {
  return Parser(file, readFile).run(text);
}

CommandParse parseCommandLine(const Scenario& context, const std::string& line) {
  CommandParse out;
  if (line.find('\n') != std::string::npos) {
    out.error = "one command per line";
    return out;
  }
  FileReader none;
  ScenarioParse p = Parser("command", none).runInContext(context, line);
  if (!p.errors.empty()) {
    out.error = p.errors.front().message;
    return out;
  }
  if (p.scenario->commands.size() != 1) {
    out.error = p.scenario->commands.empty() ? "empty command" : "one command per line";
    return out;
  }
  if (p.scenario->commands.front().verb == "ensemble" || p.scenario->commands.front().verb == "seed") {
    out.error = "the ensemble and seed are fixed once a run has started";
    return out;
  }
  out.command = p.scenario->commands.front();
  return out;
}

}  // namespace zab::sim
