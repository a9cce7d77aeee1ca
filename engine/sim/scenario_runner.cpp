#include "scenario_runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <set>
#include <sstream>

#include "zab/data_tree.hpp"
#include "zab/known_bugs.hpp"
#include "zab/zxid.hpp"

namespace zab::sim {

namespace {

std::int64_t toInt(const std::string& s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::string kvOr(const ScenarioCommand& c, const std::string& k, const std::string& dflt) {
  auto it = c.kv.find(k);
  return it == c.kv.end() ? dflt : it->second;
}

LinkConfig linkFor(const Simulation& sim, const ScenarioCommand& c) {
  if (c.kv.count("from")) return sim.network().link(toInt(c.kv.at("from")), toInt(c.kv.at("to")));
  return sim.network().defaults();
}

std::string stateName(ServerState s) { return std::string(to_string(s)); }

class Executor {
 public:
  Executor(const Scenario& sc, Simulation& sim, const std::function<void(const StepRecord&)>& onRecord,
           InvariantChecker* checker, std::int64_t maxEvents)
      : sc_(sc), sim_(sim), onRecord_(onRecord), checker_(checker), maxEvents_(maxEvents) {}

  std::vector<ScenarioError> run(const ScenarioCommand& c) {
    cmd_ = &c;
    const std::string& v = c.verb;
    if (v == "latency" || v == "loss" || v == "dup") {
      LinkConfig cfg = linkFor(sim_, c);
      if (v == "latency") {
        const std::string& r = c.args[0];
        auto dots = r.find("..");
        cfg.latencyMinMs = toInt(r.substr(0, dots));
        cfg.latencyMaxMs = dots == std::string::npos ? cfg.latencyMinMs : toInt(r.substr(dots + 2));
      } else if (v == "loss") {
        cfg.loss = std::stod(c.args[0]);
      } else {
        cfg.duplication = std::stod(c.args[0]);
      }
      std::optional<std::pair<Sid, Sid>> link;
      if (c.kv.count("from")) link = std::make_pair(toInt(c.kv.at("from")), toInt(c.kv.at("to")));
      if (!link) {
        // Changing every link keeps per-link overrides out of the way.
        emit(sim_.setLink(std::nullopt, cfg, c.text));
      } else {
        emit(sim_.setLink(link, cfg, c.text));
      }
    } else if (v == "history") {
      Zxid z = 0;
      parseZxid(c.kv.at("zxid"), z);
      Epoch current = toInt(c.kv.at("epoch"));
      Epoch accepted = c.kv.count("accepted") ? toInt(c.kv.at("accepted")) : current;
      emit(sim_.setHistory(toInt(c.args[0]), current, accepted, z));
    } else if (v == "start") {
      std::vector<Sid> sids;
      for (const auto& a : c.args) sids.push_back(toInt(a));
      emit(sim_.start(sids));
    } else if (v == "kill" || v == "crash" || v == "restart" || v == "relook" || v == "pause") {
      // Every server named is resolved first ("leader" included), then all fail at one instant.
      std::vector<Sid> targets;
      const std::size_t n = v == "pause" ? 1 : c.args.size();
      for (std::size_t i = 0; i < n; ++i) {
        if (c.args[i] == "leader") {
          auto l = sim_.leader();
          if (!l) {
            fail("there is no leader to " + v);
            return std::move(failures_);
          }
          targets.push_back(*l);
        } else {
          targets.push_back(toInt(c.args[i]));
        }
      }
      for (Sid s : targets) {
        if (v == "kill") emit(sim_.kill(s));
        else if (v == "crash") emit(sim_.crash(s));
        else if (v == "restart") emit(sim_.restart(s));
        else if (v == "relook") emit(sim_.relook(s));
        else emit(sim_.pause(s, toInt(c.args[1])));
      }
    } else if (v == "partition") {
      emit(sim_.partition(c.groups));
    } else if (v == "cut") {
      emit(sim_.cutLink(toInt(c.args[0]), toInt(c.args[1])));
    } else if (v == "heal") {
      emit(sim_.heal());
    } else if (v == "run") {
      runCommand(c);
    } else if (v == "step") {
      std::int64_t n = c.args.empty() ? 1 : toInt(c.args[0]);
      for (std::int64_t i = 0; i < n; ++i) {
        if (i == maxEvents_) {
          fail(fmt::format("step {} stopped after {} events, the cap for one command; split it into smaller steps", n,
                           maxEvents_));
          break;
        }
        auto rec = sim_.step();
        if (!rec) break;
        emit(*rec);
      }
    } else if (v == "wait") {
      sim_.advanceClockTo(clockAfterRun(addClamped(sim_.now(), toInt(c.args[0]))));
    } else if (v == "deliver" || v == "drop" || v == "duplicate") {
      manual(c);
    } else if (v == "expect") {
      expect(c);
    } else if (v == "write" || v == "read" || v == "delete" || v == "sync") {
      ClientOpKind kind = v == "write"    ? ClientOpKind::Write
                          : v == "read"   ? ClientOpKind::Read
                          : v == "delete" ? ClientOpKind::Delete
                                          : ClientOpKind::Sync;
      emit(sim_.clientOp(toInt(c.args[0]), kind, c.args.size() > 1 ? c.args[1] : "/",
                         c.args.size() > 2 ? c.args[2] : ""));
    } else if (v == "workload") {
      Workload w;
      if (!(c.args.size() == 1 && c.args[0] == "off")) {
        if (c.kv.count("writes")) w.writesPerSec = std::stod(c.kv.at("writes"));
        if (c.kv.count("reads")) w.readsPerSec = std::stod(c.kv.at("reads"));
        if (c.kv.count("for")) w.untilMs = toInt(c.kv.at("for"));
        if (c.kv.count("keys")) w.keys = static_cast<int>(toInt(c.kv.at("keys")));
        if (c.kv.count("peers")) {
          std::string token;
          std::istringstream in(c.kv.at("peers"));
          while (std::getline(in, token, ',')) w.servers.push_back(toInt(token));
        }
      }
      emit(sim_.setWorkload(w));
    } else if (v == "wipe") {
      emit(sim_.wipeDisk(toInt(c.args[0])));
    } else if (v == "diskfault") {
      if (c.args[1] == "stall") emit(sim_.stallDisk(toInt(c.args[0]), toInt(c.args[2])));
      else if (c.args[1] == "torn" || c.args[1] == "crc") emit(sim_.damageTxnLog(toInt(c.args[0]), c.args[1] == "torn"));
      else emit(sim_.failEpochWrite(toInt(c.args[0]), c.args[1] == "acceptedEpoch"));
    }
    return std::move(failures_);
  }

 private:
  void emit(const StepRecord& rec) {
    if (onRecord_) onRecord_(rec);
    if (!checker_) return;
    for (const auto& v : checker_->check(sim_)) {
      // A known ZooKeeper 3.8.0 bug is what the real thing does: shown, not a failure of the
      // scenario (`expect bug=ZOOKEEPER-NNNN` asserts that it happened, `expect bug=none` that not).
      const bool known = v.find("known ZooKeeper 3.8.0 bug") != std::string::npos;
      if (!known)
        fail(fmt::format("invariant violated after step {} (t={} ms, seed {}): {}", rec.index, rec.timeMs,
                         sim_.seed(), v));
      StepRecord bad;
      bad.index = rec.index;
      bad.timeMs = rec.timeMs;
      bad.kind = "violation";
      bad.headline = known ? "INVARIANT VIOLATED BY A KNOWN ZOOKEEPER 3.8.0 BUG" : "INVARIANT VIOLATED";
      bad.notes.push_back(fmt::format("{} (seed {})", v, sim_.seed()));
      if (onRecord_) onRecord_(bad);
    }
  }

  void fail(const std::string& message) { failures_.push_back(ScenarioError{sc_.file, cmd_->line, message}); }

  bool condition(const std::string& until) const {
    if (until == "leader") return sim_.leader().has_value();
    if (until == "stable") return sim_.stable();
    return sim_.messagesInFlight() == 0;  // quiet
  }

  void runCommand(const ScenarioCommand& c) {
    if (c.kv.count("until")) {
      const std::string until = c.kv.at("until");
      std::int64_t cap = c.kv.count("max") ? toInt(c.kv.at("max")) : kDefaultRunUntilCapMs;
      std::int64_t deadline = addClamped(sim_.now(), cap);
      std::int64_t events = 0;
      while (!condition(until)) {
        auto next = sim_.nextEventTime();
        if (!next || *next > deadline) break;
        if (events++ == maxEvents_) {
          fail(fmt::format("run until={} stopped after {} events (t={} ms), the cap for one command", until,
                           maxEvents_, sim_.now()));
          return;
        }
        auto rec = sim_.step();
        if (!rec) break;
        emit(*rec);
      }
      if (!condition(until)) {
        sim_.advanceClockTo(clockAfterRun(deadline));
        StepRecord note;
        note.index = sim_.stepCount();
        note.timeMs = sim_.now();
        note.kind = "note";
        note.headline = fmt::format("run until={} gave up after {} ms (cap)", until, cap);
        if (onRecord_) onRecord_(note);
      }
      return;
    }
    std::int64_t until = addClamped(sim_.now(), toInt(c.args[0]));
    std::int64_t events = 0;
    while (true) {
      auto next = sim_.nextEventTime();
      if (!next || *next > until) break;
      if (events++ == maxEvents_) {
        fail(fmt::format("run {} stopped after {} events (t={} ms), the cap for one command; the clock stays there",
                         c.args[0], maxEvents_, sim_.now()));
        return;
      }
      auto rec = sim_.step();
      if (!rec) break;
      emit(*rec);
    }
    sim_.advanceClockTo(clockAfterRun(until));
  }

  void manual(const ScenarioCommand& c) {
    if (c.kv.count("id")) {
      const auto id = static_cast<std::uint64_t>(toInt(c.kv.at("id")));
      std::optional<StepRecord> rec = c.verb == "deliver" ? sim_.deliverNow(id)
                                      : c.verb == "drop"  ? sim_.drop(id)
                                                          : sim_.duplicate(id);
      if (rec) emit(*rec);
      else fail(fmt::format("{} id={}: no such pending event", c.verb, id));
      return;
    }
    Sid from = toInt(c.kv.at("from")), to = toInt(c.kv.at("to"));
    std::string type = kvOr(c, "type", "");
    std::int64_t nth = c.kv.count("nth") ? toInt(c.kv.at("nth")) : 1;
    std::int64_t seen = 0;
    for (const auto& p : sim_.pending()) {
      if (!p.isMessage() || p.from != from || p.to != to) continue;
      if (!type.empty() && p.type != type && p.label.find(type) == std::string::npos) continue;
      if (++seen != nth) continue;
      std::optional<StepRecord> rec;
      if (c.verb == "deliver") rec = sim_.deliverNow(p.id);
      else if (c.verb == "drop") rec = sim_.drop(p.id);
      else rec = sim_.duplicate(p.id);
      if (rec) emit(*rec);
      else fail(fmt::format("{}: the pending message #{} from S{} to S{} cannot be {}", c.verb, nth, from, to,
                            c.verb == "deliver" ? "delivered" : c.verb == "drop" ? "dropped" : "duplicated"));
      return;
    }
    fail(fmt::format("{}: no pending message #{} from S{} to S{}{} (there are {} matching)", c.verb, nth, from, to,
                     type.empty() ? "" : " of type " + type, seen));
  }

  void expect(const ScenarioCommand& c) {
    if (c.args.empty()) {
      for (const auto& [k, val] : c.kv) {
        auto l = sim_.leader();
        if (k == "leader") {
          std::string actual = l ? std::to_string(*l) : "none";
          if (actual != val) fail(fmt::format("expect leader={} failed: leader is {}", val, actual));
        } else if (k == "committed_writes") {
          if (sim_.committedWrites() != toInt(val))
            fail(fmt::format("expect committed_writes={} failed: {} writes were acknowledged", val,
                             sim_.committedWrites()));
        } else if (k == "bug") {
          // The known bugs named by the violations so far, and those that only cost liveness
          // (ZOOKEEPER-2354: a server that can never start again), which mark a server.
          std::set<std::string> hit;
          constexpr std::string_view kKnown = "known ZooKeeper 3.8.0 bug ";
          for (const auto& v : checker_ ? checker_->all() : std::vector<std::string>{})
            if (auto at = v.find(kKnown); at != std::string::npos)
              hit.insert(v.substr(at + kKnown.size(), v.find(':', at + kKnown.size()) - (at + kKnown.size())));
          for (const auto& [sid, bug] : sim_.registry().knownBugs)
            if (bug == zab::kZk2354) hit.insert(std::string(bug));
          for (std::string_view bug : sim_.registry().livenessBugs) hit.insert(std::string(bug));
          const std::string names = fmt::format("{}", fmt::join(hit, ", "));
          if (val == "none" && !hit.empty())
            fail(fmt::format("expect bug=none failed: known ZooKeeper 3.8.0 bug {} was hit", names));
          else if (val != "none" && !hit.count(val))
            fail(fmt::format("expect bug={} failed: {}", val,
                             hit.empty() ? std::string("no known bug was hit") : names + " was hit instead"));
        } else if (k == "epoch") {
          if (!l) {
            fail(fmt::format("expect epoch={} failed: there is no leader", val));
          } else {
            Epoch e = sim_.slot(*l)->peer.currentEpoch();
            if (e != toInt(val)) fail(fmt::format("expect epoch={} failed: leader S{} has epoch {}", val, *l, e));
          }
        }
      }
      return;
    }
    const std::string& what = c.args[0];
    if (what == "converged") {
      std::optional<std::uint64_t> digest;
      for (const auto& [sid, sl] : sim_.peers()) {
        if (!sl.alive) continue;
        if (sl.peer.zabState() != ZabState::BROADCAST) {
          fail(fmt::format("expect converged failed: S{} is in {}", sid, to_string(sl.peer.zabState())));
          return;
        }
        std::uint64_t d = sl.peer.db().tree().digest();
        if (digest && *digest != d) {
          fail(fmt::format("expect converged failed: S{}'s data digest {:016x} differs from {:016x}", sid, d, *digest));
          return;
        }
        digest = d;
      }
      return;
    }
    if (what == "read") {
      // The newest answered read of that path at that server: what its client was told.
      Sid sid = toInt(c.args[1]);
      for (const auto& [path, want] : c.kv) {
        const ClientOp* last = sim_.lastAnsweredRead(sid, path);
        std::string actual = !last ? "no answered read" : last->ok ? "\"" + last->result + "\"" : "none";
        std::string wanted = want == "none" ? "none" : "\"" + want + "\"";
        if (actual != wanted)
          fail(fmt::format("expect read {} {}={} failed: the last read of {} at S{} returned {}", sid, path, want, path, sid,
                           !last || last->ok ? actual : "an error: " + last->result));
      }
      return;
    }
    if (what == "data") {
      Sid sid = toInt(c.args[1]);
      const PeerSlot* s = sim_.slot(sid);
      for (const auto& [path, want] : c.kv) {
        std::string actual = !s->alive ? "down" : "none";
        if (s->alive)
          if (const DataNode* n = s->peer.db().tree().getNode(path)) actual = n->data;
        if (actual != want) fail(fmt::format("expect data {} {}={} failed: S{} has {}", sid, path, want, sid,
                                             actual == "none" || actual == "down" ? actual : "\"" + actual + "\""));
      }
      return;
    }
    if (what == "zab" || what == "sync" || what == "zxid" || what == "current_epoch" || what == "accepted_epoch") {
      for (const auto& [k, val] : c.kv) {
        const PeerSlot* s = sim_.slot(toInt(k));
        std::string actual;
        if (what == "current_epoch" || what == "accepted_epoch") {
          const PeerDisk& d = s->alive ? s->peer.disk() : s->disk;
          auto e = what == "current_epoch" ? d.currentEpoch : d.acceptedEpoch;
          actual = e ? std::to_string(*e) : "missing";
        } else if (!s->alive) {
          actual = "down";
        } else if (what == "zab") {
          actual = std::string(to_string(s->peer.zabState()));
        } else if (what == "sync") {
          actual = s->peer.lastSync() ? std::string(to_string(*s->peer.lastSync())) : "none";
        } else {
          Zxid want = 0;
          parseZxid(val, want);
          if (s->peer.lastLoggedZxid() == want) continue;
          actual = formatEpochCounter(s->peer.lastLoggedZxid());
        }
        if (actual != val) fail(fmt::format("expect {} {}={} failed: S{} is {}", what, k, val, k, actual));
      }
      return;
    }
    if (what == "state" || what == "logicalclock" || what == "alive") {
      for (const auto& [k, val] : c.kv) {
        const PeerSlot* s = sim_.slot(toInt(k));
        std::string actual;
        if (what == "alive") actual = s->alive ? "true" : "false";
        else if (!s->alive) actual = "down";
        else if (what == "state") actual = stateName(s->peer.state());
        else actual = std::to_string(s->peer.election().logicalclock());
        if (actual != val) fail(fmt::format("expect {} {}={} failed: S{} is {}", what, k, val, k, actual));
      }
      return;
    }
    // vote
    Sid sid = toInt(c.args[1]);
    const PeerSlot* s = sim_.slot(sid);
    if (!s->alive) {
      fail(fmt::format("expect vote {} failed: S{} is down", sid, sid));
      return;
    }
    // The vote a peer shows: its proposal while LOOKING, its decided vote otherwise.
    Vote v = s->peer.state() == ServerState::LOOKING ? s->peer.election().getVote() : s->peer.currentVote();
    if (s->peer.state() == ServerState::LOOKING) v.electionEpoch = s->peer.election().logicalclock();
    for (const auto& [k, val] : c.kv) {
      std::int64_t want = 0;
      std::int64_t got = 0;
      if (k == "zxid") {
        parseZxid(val, want);
        got = v.zxid;
      } else {
        want = toInt(val);
        got = k == "leader" ? v.id : k == "peer_epoch" ? v.peerEpoch : v.electionEpoch;
      }
      if (want != got)
        fail(fmt::format("expect vote {} {}={} failed: S{}'s vote is {} round {}", sid, k, val, sid, v.brief(),
                         v.electionEpoch));
    }
  }

  const Scenario& sc_;
  Simulation& sim_;
  const std::function<void(const StepRecord&)>& onRecord_;
  InvariantChecker* checker_ = nullptr;
  std::int64_t maxEvents_ = kMaxEventsPerCommand;
  const ScenarioCommand* cmd_ = nullptr;
  std::vector<ScenarioError> failures_;
};

}  // namespace

std::uint64_t foldDigest(std::uint64_t digest, const StepRecord& rec) {
  auto mix = [&](std::string_view s) {
    for (unsigned char ch : s) {
      digest ^= ch;
      digest *= 0x100000001b3ULL;
    }
    digest ^= 0xff;
    digest *= 0x100000001b3ULL;
  };
  mix(fmt::format("{}|{}|{}|{}|{}", rec.index, rec.timeMs, rec.kind, rec.from, rec.to));
  mix(rec.headline);
  for (const auto& n : rec.notes) mix(n);
  return digest;
}

std::optional<std::string> checkElectionSafety(const Simulation& sim) {
  std::map<std::int64_t, Sid> leaderOfRound;
  for (const auto& [sid, s] : sim.peers()) {
    if (!s.alive || s.peer.state() != ServerState::LEADING) continue;
    std::int64_t round = s.peer.currentVote().electionEpoch;
    std::set<Sid> support{sid};
    for (const auto& [fid, f] : sim.peers())
      if (f.alive && f.peer.state() == ServerState::FOLLOWING && f.peer.currentVote().id == sid &&
          f.peer.currentVote().electionEpoch == round)
        support.insert(fid);
    if (!sim.quorumVerifier().containsQuorum(support)) continue;
    auto [it, fresh] = leaderOfRound.emplace(round, sid);
    if (!fresh)
      return fmt::format("S{} and S{} both lead round {} with the support of a quorum", it->second, sid, round);
  }
  return std::nullopt;
}

Simulation makeSimulation(const Scenario& scenario, std::optional<std::uint64_t> seedOverride) {
  EnsembleSpec spec = scenario.spec;
  if (seedOverride) spec.seed = *seedOverride;
  return Simulation(spec);
}

std::vector<ScenarioError> executeCommand(const Scenario& scenario, const ScenarioCommand& cmd, Simulation& sim,
                                          const std::function<void(const StepRecord&)>& onRecord,
                                          InvariantChecker* checker, std::int64_t maxEventsPerCommand) {
  return Executor(scenario, sim, onRecord, checker, maxEventsPerCommand).run(cmd);
}

RunResult runScenario(const Scenario& scenario, Simulation& sim, const RunOptions& options) {
  RunResult result;
  result.traceDigest = 0xcbf29ce484222325ULL;
  std::function<void(const StepRecord&)> sink = [&](const StepRecord& rec) {
    result.traceDigest = foldDigest(result.traceDigest, rec);
    ++result.records;
    if (options.onRecord) options.onRecord(rec);
  };
  InvariantChecker checker;
  for (const auto& cmd : scenario.commands) {
    auto failures = executeCommand(scenario, cmd, sim, sink, &checker, options.maxEventsPerCommand);
    result.failures.insert(result.failures.end(), failures.begin(), failures.end());
    if (options.stopAtFirstFailure && !result.failures.empty()) break;
  }
  result.violations = checker.all();
  return result;
}

}  // namespace zab::sim
