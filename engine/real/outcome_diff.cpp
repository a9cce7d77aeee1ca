#include "real/outcome_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace zabscope::real {

namespace {

using nlohmann::json;

std::string text(const json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return v.dump();
}

std::map<std::int64_t, json> peersBySid(const json& outcome) {
  std::map<std::int64_t, json> m;
  if (outcome.contains("peers"))
    for (const auto& p : outcome["peers"]) m[p["sid"].get<std::int64_t>()] = p;
  return m;
}

const json& field(const json& obj, const char* key) {
  static const json null;
  return obj.contains(key) ? obj[key] : null;
}

// A peer's last_zxid ("0x100000002") as a number; -1 when unknown.
std::int64_t zxidOf(const json& peer) {
  if (!peer.contains("last_zxid") || !peer["last_zxid"].is_string()) return -1;
  try {
    return std::stoll(peer["last_zxid"].get<std::string>(), nullptr, 16);
  } catch (...) {
    return -1;
  }
}

// A value's JSON type in words, for the problems below.
std::string kindOf(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "true/false";
  if (v.is_number_integer()) return "a whole number";
  if (v.is_number()) return "a number with a fraction";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "a list";
  return "an object";
}

}  // namespace

std::string outcomeShapeProblem(const json& outcome) {
  if (!outcome.is_object()) return "must be a JSON object (the outcome `zabsim real` prints), got " + kindOf(outcome);
  enum class Want { Whole, Text, Flag };
  // Each field the comparison reads, with the type it must have (null: unknown, allowed unless required).
  auto check = [](const json& obj, const std::string& where, const char* key, Want want, bool required) -> std::string {
    const std::string at = where.empty() ? key : where + "." + key;
    if (!obj.contains(key)) return required ? at + ": missing (an outcome printed by `zabsim real` has it)" : "";
    const json& v = obj[key];
    if (v.is_null()) return required ? at + ": must not be null" : "";
    const bool ok = want == Want::Whole ? v.is_number_integer() : want == Want::Text ? v.is_string() : v.is_boolean();
    if (ok) return "";
    const char* wanted = want == Want::Whole ? "a whole number" : want == Want::Text ? "a string" : "true or false";
    return fmt::format("{}: must be {}, got {} {}", at, wanted, kindOf(v), v.dump());
  };
  for (const char* key : {"leader", "epoch", "committed_writes"})
    if (auto p = check(outcome, "", key, Want::Whole, false); !p.empty()) return p;
  if (!outcome.contains("peers")) return "peers: missing (an outcome printed by `zabsim real` has it)";
  if (!outcome["peers"].is_array()) return "peers: must be a list, got " + kindOf(outcome["peers"]);
  std::set<std::int64_t> sids;
  for (std::size_t i = 0; i < outcome["peers"].size(); ++i) {
    const json& peer = outcome["peers"][i];
    const std::string where = fmt::format("peers[{}]", i);
    if (!peer.is_object()) return where + ": must be an object, got " + kindOf(peer);
    if (auto p = check(peer, where, "sid", Want::Whole, true); !p.empty()) return p;
    if (!sids.insert(peer["sid"].get<std::int64_t>()).second) return fmt::format("{}.sid: S{} is listed twice", where, peer["sid"].get<std::int64_t>());
    if (auto p = check(peer, where, "alive", Want::Flag, true); !p.empty()) return p;
    for (const char* key : {"accepted_epoch", "current_epoch", "znodes"})
      if (auto p = check(peer, where, key, Want::Whole, false); !p.empty()) return p;
    for (const char* key : {"state", "role", "last_zxid", "last_sync"})
      if (auto p = check(peer, where, key, Want::Text, false); !p.empty()) return p;
  }
  return "";
}

std::vector<OutcomeDifference> diffOutcomes(const json& engine, const json& real) {
  std::vector<OutcomeDifference> out;
  auto add = [&](std::string f, const json& e, const json& r, bool expected = false, std::string why = {}) {
    out.push_back({std::move(f), text(e), text(r), expected, std::move(why)});
  };
  auto ep = peersBySid(engine), rp = peersBySid(real);
  const json& el = field(engine, "leader");
  const json& rl = field(real, "leader");
  // The servers whose roles timing may have swapped: the engine's leader and the real one.
  std::set<std::int64_t> swapped;
  if (el != rl) {
    bool expected = false;
    if (!el.is_null() && !rl.is_null()) {
      const auto e = el.get<std::int64_t>(), r = rl.get<std::int64_t>();
      // Equal histories: FLE then prefers the larger sid among the votes that arrived in time,
      // and which arrived in time depends on when each JVM started listening, in wall time. The
      // engine's leader shows its new epoch's zxid (0xE00000000), so its history is what its
      // followers copied from it: R's history equals it when R is as far as any follower.
      std::int64_t newest = -1;
      for (const auto& [sid, p] : ep)
        if (sid != e && field(p, "alive") == true) newest = std::max(newest, zxidOf(p));
      if (ep.count(r) && field(ep[r], "alive") == true && field(ep[r], "role") == "participant" && zxidOf(ep[r]) == newest &&
          field(ep[r], "current_epoch") == (ep.count(e) ? field(ep.at(e), "current_epoch") : json())) {
        expected = true;
        swapped = {e, r};
      }
    }
    add("leader", el.is_null() ? json("none") : json(fmt::format("S{}", el.get<std::int64_t>())),
        rl.is_null() ? json("none") : json(fmt::format("S{}", rl.get<std::int64_t>())), expected,
        expected ? "the two had equal histories: who wins depends on which JVM's votes arrived within "
                   "finalizeWait, in wall time"
                 : "");
  }
  // The same syncs handed to other learners: each side's learners, as (last_sync, last_zxid)
  // pairs, are the same multiset. Which learner reached the leader first (before it began
  // serving: an empty DIFF; after: a SNAP) is JVM start-up and scheduling, in wall time.
  auto learnerSyncs = [](const std::map<std::int64_t, json>& peers, const json& leader) {
    std::multiset<std::string> syncs;
    for (const auto& [sid, p] : peers)
      if (field(p, "alive") == true && json(sid) != leader) syncs.insert(field(p, "last_sync").dump() + field(p, "last_zxid").dump());
    return syncs;
  };
  const bool syncsPermuted = el == rl && learnerSyncs(ep, el) == learnerSyncs(rp, rl);
  if (field(engine, "epoch") != field(real, "epoch")) add("epoch", field(engine, "epoch"), field(real, "epoch"));
  if (field(engine, "committed_writes") != field(real, "committed_writes"))
    add("committed_writes", field(engine, "committed_writes"), field(real, "committed_writes"));
  for (const auto& [sid, e] : ep) {
    const std::string who = fmt::format("S{} ", sid);
    if (!rp.count(sid)) {
      add(who + "present", true, false);
      continue;
    }
    const json& r = rp[sid];
    const bool swap = swapped.count(sid) != 0;
    if (field(e, "alive") != field(r, "alive")) add(who + "alive", field(e, "alive"), field(r, "alive"));
    if (field(e, "alive") != true || field(r, "alive") != true) {
      for (const char* k : {"accepted_epoch", "current_epoch"})
        if (field(e, k) != field(r, k)) add(who + k, field(e, k), field(r, k));
      continue;
    }
    if (field(e, "state") != field(r, "state"))
      add(who + "state", field(e, "state"), field(r, "state"), swap, swap ? "follows from the leader chosen" : "");
    for (const char* k : {"accepted_epoch", "current_epoch"})
      if (field(e, k) != field(r, k)) add(who + k, field(e, k), field(r, k));
    const bool permuted = syncsPermuted && json(sid) != el;
    const char* permutedWhy = "the same syncs went to other learners: which one reached the leader first is wall-clock timing";
    if (!field(e, "last_zxid").is_null() && !field(r, "last_zxid").is_null() && field(e, "last_zxid") != field(r, "last_zxid"))
      add(who + "last_zxid", field(e, "last_zxid"), field(r, "last_zxid"), swap || permuted,
          swap ? "a leader shows its new epoch's zxid; follows from the leader chosen" : permuted ? permutedWhy : "");
    if (field(e, "last_sync") != field(r, "last_sync"))
      add(who + "last_sync", field(e, "last_sync"), field(r, "last_sync"), swap || permuted,
          swap ? "a leader does not sync; follows from the leader chosen" : permuted ? permutedWhy : "");
    if (!field(e, "znodes").is_null() && !field(r, "znodes").is_null() && field(e, "znodes") != field(r, "znodes"))
      add(who + "znodes", field(e, "znodes"), field(r, "znodes"));
  }
  for (const auto& [sid, r] : rp)
    if (!ep.count(sid)) add(fmt::format("S{} present", sid), false, true);
  return out;
}

std::vector<OutcomeRow> comparisonRows(const json& engine, const json& real) {
  std::vector<OutcomeRow> rows;
  auto row = [&](const std::string& what, const json& e, const json& r) { rows.push_back({what, text(e), text(r), e != r}); };
  row("leader", field(engine, "leader"), field(real, "leader"));
  row("epoch", field(engine, "epoch"), field(real, "epoch"));
  row("committed_writes", field(engine, "committed_writes"), field(real, "committed_writes"));
  auto ep = peersBySid(engine), rp = peersBySid(real);
  for (const auto& [sid, e] : ep) {
    json r = rp.count(sid) ? rp[sid] : json::object();
    auto state = [](const json& p) -> json {
      if (!p.contains("alive")) return nullptr;
      if (field(p, "alive") != true) return "down";
      return field(p, "state");
    };
    auto epochs = [](const json& p) -> json {
      if (!p.contains("accepted_epoch")) return nullptr;
      return fmt::format("{}/{}", text(field(p, "accepted_epoch")), text(field(p, "current_epoch")));
    };
    row(fmt::format("S{} state", sid), state(e), state(r));
    row(fmt::format("S{} epochs acc/cur", sid), epochs(e), epochs(r));
    row(fmt::format("S{} last_zxid", sid), field(e, "last_zxid"), field(r, "last_zxid"));
    row(fmt::format("S{} last_sync", sid), field(e, "last_sync"), field(r, "last_sync"));
    row(fmt::format("S{} znodes", sid), field(e, "znodes"), field(r, "znodes"));
  }
  return rows;
}

std::vector<std::string> comparisonText(const json& engine, const json& real, const std::vector<OutcomeDifference>& diffs) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("  {:<22}{:<24}{}", "", "engine", "real ZooKeeper 3.8"));
  for (const auto& r : comparisonRows(engine, real)) {
    std::string line = fmt::format("  {:<22}{:<24}{:<24}{}", r.field, r.engine, r.real, r.differs ? "<>" : "");
    line.erase(line.find_last_not_of(' ') + 1);
    lines.push_back(std::move(line));
  }
  int mustAgree = 0;
  for (const auto& d : diffs) mustAgree += d.expected ? 0 : 1;
  lines.push_back("");
  if (diffs.empty()) lines.push_back("no differences: the real ensemble ended where the engine did");
  for (const auto& d : diffs)
    lines.push_back(d.expected ? fmt::format("expected difference: {}: engine {}, real {} ({})", d.field, d.engine, d.real, d.why)
                               : fmt::format("DIFFERENCE: {}: engine {}, real {}", d.field, d.engine, d.real));
  if (mustAgree) lines.push_back(fmt::format("{} difference(s) the scenario determines: the engine and ZooKeeper disagree", mustAgree));
  lines.push_back("not compared: time_ms, seed, messages, votes, logical clocks, data digests (the logs and srvr do not show them)");
  return lines;
}

}  // namespace zabscope::real
