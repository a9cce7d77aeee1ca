// zabsim: the headless command-line face of the engine. Runs a scenario file, prints the
// trace (or the final state as JSON), writes a JSONL trace, and fails on a broken expect.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command_line.hpp"
#include "sim/bounded_file.hpp"
#include "import_log_command.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_runner.hpp"
#include "sim/shiviz_log.hpp"
#include "sim/state_json.hpp"
#include "sim/trace_text.hpp"
#include "lesson.hpp"
#include "real/outcome_diff.hpp"
#include "real/real_run.hpp"

namespace {

constexpr const char* kRunFooter = R"(Exit codes:
  0  the scenario ran and every expect held
  1  an expect failed, a manual delivery found no message, or an invariant was violated
     (each failure names file:line; the seed is printed so the run can be replayed)
  2  the scenario (or a zoo.cfg it names) could not be read or parsed (file:line: problem)

--json prints one object on stdout:
  time_ms   virtual time at the end
  seed      the seed that drove the run
  leader    sid of the LEADING peer a quorum of live participants follows, or null
  epoch     that leader's currentEpoch, or null
  peers     [{sid, role: participant|observer, alive, state: LOOKING|FOLLOWING|LEADING|OBSERVING,
              zab_phase: ELECTION|DISCOVERY|SYNCHRONIZATION|BROADCAST,
              vote: {leader, zxid, election_epoch, peer_epoch}, logicalclock,
              accepted_epoch, current_epoch, last_zxid, last_committed_zxid,
              last_sync: DIFF|TRUNC|SNAP|null, znodes, data_digest}]
            zxids are strings like "0x100000005"
  messages  counts by type (notification, FOLLOWERINFO, PROPOSAL, ACK, COMMIT, PING, ...)
  committed_writes  client writes acknowledged as committed
  invariants        "ok", or the list of violations (Leadership, Integrity, PrefixConsistency,
                    Agreement, TotalOrder, LocalPrimaryOrder, GlobalPrimaryOrder,
                    PrimaryIntegrity, AckedWritesDurable)

--trace FILE writes one JSON object per line and per event:
  {step, time_ms, kind, peer, from, to, type, label, family, event, explanation}
  event is the step's headline; explanation is a list of strings, the lines the text trace
  prints for the step (what the receiver did and why, one decision per line)

--shiviz FILE writes the run as a ShiViz log (open it at https://bestchai.bitbucket.io/shiviz/):
  the parser regex on the first line, an empty line, then per event a line of text and a line
  'S2 {"S1":3,"S2":5}' with the server's vector clock; [send mN] and [recv mN] pair the frames.

The scenario language is documented in docs/scenario-language.md.)";

constexpr const char* kOverview = R"x(Each subcommand's --help lists its options and exit codes (zabsim run --help, ...).
The scenario language is documented in docs/scenario-language.md; lessons in docs/lesson-format.md.)x";

constexpr const char* kCheckFooter = R"x(Exit codes:
  0  the file parses (it prints "FILE: ok (N commands)")
  2  it could not be read or parsed; each problem is printed as file:line: problem)x";

constexpr const char* kLessonFooter = R"x(Exit codes:
  0  every step's checks held
  1  a check failed: "FAILED file:line: ..." with the seed of the run
  2  the lesson (or a scenario it names) could not be read or parsed (file:line: problem))x";

constexpr const char* kRealFooter = R"x(zabsim real FILE plays the scenario on real ZooKeeper 3.8 servers (Debian's zookeeper package,
one JVM each on 127.0.0.1) and prints the JSON of `zabsim run --json` (unknown fields null, plus
"source", "notes", "client_ops", "failures", "from_logs": the logs through the importer,
"log_cross_check": where the logs and the servers disagree). See README "A real ensemble alongside".

Exit codes:
  0   the run finished and printed its outcome
  1   a run until= did not hold or a client operation failed
  2   the scenario could not be read or parsed, or has commands with no real counterpart
      (partitions, loss, manual delivery, history...): file:line: problem
  3   the budget (--timeout) ran out
  77  Java or ZooKeeper is missing (nothing was run))x";

constexpr const char* kCompareFooter = R"x(zabsim compare FILE runs the scenario on the engine and on real ZooKeeper 3.8 servers (as
`zabsim real`), or with --against OUT.json on an outcome saved from `zabsim real FILE > OUT.json`,
and prints both side by side with the differences. A difference that wall-clock timing decides
(which of two equal histories wins, which learner reached the leader first) is reported as
expected. See README "A real ensemble alongside".

Exit codes:
  0   no difference the scenario determines
  1   a difference the scenario determines: the engine and ZooKeeper disagree
  2   the scenario or the --against file could not be read or has the wrong shape, or the
      scenario has commands with no real counterpart (file:line: problem)
  3   the budget (--timeout) ran out
  77  Java or ZooKeeper is missing (nothing was run))x";

// Files are read with a size cap (engine/sim/bounded_file.hpp).
std::optional<std::string> readFile(const std::string& path) { return zabscope::readBoundedFile(path); }

// --summary: the final state of --json as a few lines for people.
void printSummary(const nlohmann::json& state) {
  auto text = [](const nlohmann::json& v) {
    return v.is_null() ? std::string("-") : v.is_string() ? v.get<std::string>() : v.dump();
  };
  const auto& inv = state["invariants"];
  fmt::print("-- summary at {} ms: leader {}, epoch {}; {} client writes committed; invariants {}\n",
             text(state["time_ms"]), state["leader"].is_null() ? "none" : "S" + text(state["leader"]),
             text(state["epoch"]), text(state["committed_writes"]),
             inv.is_string() ? text(inv) : fmt::format("VIOLATED ({})", inv.size()));
  for (const auto& p : state["peers"]) {
    fmt::print("   S{:<3}{:<12}{:<10}{:<16}epoch {}/{} (accepted/current)  last zxid {:<12} last sync {}\n",
               text(p["sid"]), text(p["role"]), p["alive"].get<bool>() ? text(p["state"]) : "down",
               text(p["zab_phase"]), text(p["accepted_epoch"]), text(p["current_epoch"]), text(p["last_zxid"]),
               text(p["last_sync"]));
  }
}

int runCommand(const std::string& file, std::optional<std::uint64_t> seed, const std::string& tracePath,
               const std::string& shivizPath, bool json, bool quiet, bool summary) {
  auto text = readFile(file);
  if (!text) {
    fmt::print(stderr, "{}: cannot read the scenario file: {}\n", file, zabscope::unreadableReason(file));
    return 2;
  }
  zab::sim::ScenarioParse parsed = zab::sim::parseScenario(*text, file, readFile);
  if (!parsed.scenario) {
    for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.str());
    return 2;
  }
  const auto& scenario = *parsed.scenario;
  zab::sim::Simulation sim = zab::sim::makeSimulation(scenario, seed);
  // zabsim lists no old client operations (only counts and `expect read`): keep the newest.
  sim.keepAnsweredClientOps(4096);
  // --quiet without --trace shows no record's text: make none (a long run spends most of its
  // time on explanations otherwise). What the protocol does is the same either way. Not with
  // --json: its trace_digest hashes the headlines and notes.
  if (quiet && !json && tracePath.empty() && shivizPath.empty()) sim.setExplain(false);

  std::ofstream trace;
  if (!tracePath.empty()) {
    trace.open(tracePath);
    if (!trace) {
      fmt::print(stderr, "{}: cannot write the trace file\n", tracePath);
      return 2;
    }
  }
  std::ofstream shiviz;
  zab::sim::ShivizLog shivizLog;
  if (!shivizPath.empty()) {
    shiviz.open(shivizPath);
    if (!shiviz) {
      fmt::print(stderr, "{}: cannot write the ShiViz log\n", shivizPath);
      return 2;
    }
    shiviz << zab::sim::ShivizLog::header();
  }
  zab::sim::RunOptions options;
  options.onRecord = [&](const zab::sim::StepRecord& rec) {
    if (trace.is_open()) trace << zab::sim::recordToJson(rec).dump() << '\n';
    if (shiviz.is_open()) shiviz << shivizLog.observe(rec, sim);
    if (!json && !quiet)
      for (const auto& line : zab::sim::traceLines(rec)) fmt::print("{}\n", line);
  };
  zab::sim::RunResult result = zab::sim::runScenario(scenario, sim, options);

  if (json) {
    auto state = zab::sim::stateToJson(sim, result.violations);
    state["failures"] = nlohmann::json::array();
    for (const auto& f : result.failures) state["failures"].push_back(f.str());
    state["trace_digest"] = fmt::format("{:016x}", result.traceDigest);
    std::cout << state.dump(2) << std::endl;
  } else if (!quiet) {
    auto l = sim.leader();
    fmt::print("-- end at {} ms after {} steps; leader: {}; seed {}; trace digest {:016x}\n", sim.now(),
               sim.stepCount(), l ? fmt::format("S{}", *l) : std::string("none"), sim.seed(), result.traceDigest);
  }
  if (summary && !json) printSummary(zab::sim::stateToJson(sim, result.violations));
  for (const auto& f : result.failures) fmt::print(stderr, "FAILED {} (seed {})\n", f.str(), sim.seed());
  return result.failures.empty() ? 0 : 1;
}

// The engine's final state as `run --json` prints it, for `compare`.
nlohmann::json engineOutcome(const zab::sim::Scenario& scenario) {
  zab::sim::Simulation sim = zab::sim::makeSimulation(scenario, std::nullopt);
  zab::sim::RunResult result = zab::sim::runScenario(scenario, sim, zab::sim::RunOptions{});
  auto state = zab::sim::stateToJson(sim, result.violations);
  state["failures"] = nlohmann::json::array();
  for (const auto& f : result.failures) state["failures"].push_back(f.str());
  return state;
}

std::optional<zab::sim::Scenario> loadScenario(const std::string& file) {
  auto text = readFile(file);
  if (!text) {
    fmt::print(stderr, "{}: cannot read the scenario file: {}\n", file, zabscope::unreadableReason(file));
    return std::nullopt;
  }
  zab::sim::ScenarioParse parsed = zab::sim::parseScenario(*text, file, readFile);
  for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.str());
  return parsed.scenario;
}

// `real` and `compare`: the scenario on real ZooKeeper servers (app/real/).
int realCommand(const std::string& file, const zabscope::real::RealRunOptions& options, bool compare,
                const std::string& againstPath) {
  auto scenario = loadScenario(file);
  if (!scenario) return 2;
  zabscope::real::RealRunResult result;
  if (!againstPath.empty()) {  // an outcome saved earlier by `zabsim real`
    auto saved = readFile(againstPath);
    if (!saved) {
      fmt::print(stderr, "{}: cannot read the saved real outcome: {}\n", againstPath, zabscope::unreadableReason(againstPath));
      return 2;
    }
    try {
      result.outcome = nlohmann::json::parse(*saved);
    } catch (const nlohmann::json::parse_error& e) {
      // e.byte is the offset just past the problem: name its line.
      const auto upTo = std::min<std::size_t>(e.byte, saved->size());
      const auto line = 1 + std::count(saved->begin(), saved->begin() + static_cast<std::ptrdiff_t>(upTo), '\n');
      fmt::print(stderr, "{}:{}: not JSON: {}\n", againstPath, line, e.what());
      return 2;
    }
    if (auto problem = zabscope::real::outcomeShapeProblem(result.outcome); !problem.empty()) {
      fmt::print(stderr, "{}: not an outcome printed by `zabsim real`: {}\n", againstPath, problem);
      return 2;
    }
  } else {
    result = zabscope::real::runReal(*scenario, options);
  }
  for (const auto& p : result.problems) fmt::print(stderr, "{}\n", p);
  if (result.exitCode == 2 || result.exitCode == 77 || result.exitCode >= 128 || result.outcome.is_null()) return result.exitCode;
  if (!compare) {
    std::cout << result.outcome.dump(2) << std::endl;
    return result.exitCode;
  }
  auto engine = engineOutcome(*scenario);
  auto diffs = zabscope::real::diffOutcomes(engine, result.outcome);
  for (const auto& line : zabscope::real::comparisonText(engine, result.outcome, diffs)) fmt::print("{}\n", line);
  if (result.outcome.contains("setting_notes"))  // settings the real servers do not honour explain differences
    for (const auto& note : result.outcome["setting_notes"]) fmt::print("note: {}\n", note.get<std::string>());
  // A failed client operation or run until= shows in the outcome too (the engine's may fail the
  // same way): the outcomes decide. A spent budget does not compare.
  if (result.exitCode == 3) return 3;
  for (const auto& d : diffs)
    if (!d.expected) return 1;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zabsim: run a ZooKeeper 3.8 ensemble (Fast Leader Election, ZAB discovery, sync and broadcast) "
               "headless and deterministically"};
  app.footer(kOverview);
  app.require_subcommand(1);

  std::string file, tracePath;
  std::optional<std::uint64_t> seed;
  bool json = false, quiet = false, summary = false;
  auto* run = app.add_subcommand("run", "run a scenario file");
  run->footer(kRunFooter);
  run->add_option("FILE", file, "scenario file (see docs/scenario-language.md)")->required();
  run->add_option("--seed", seed, "override the scenario's seed (0 to 18446744073709551615)")->check(zabscope::seedCheck());
  run->add_option("--trace", tracePath, "write one JSON line per event to this file");
  std::string shivizPath;
  run->add_option("--shiviz", shivizPath, "write the run as a ShiViz log (events with vector clocks) to this file");
  auto* jsonFlag = run->add_flag("--json", json, "print the final state as one JSON object (no trace on stdout)");
  run->add_flag("--quiet", quiet, "print nothing but failures");
  run->add_flag("--summary", summary,
                "after the trace, print the leader, its epoch and each server's state, epochs and last zxid")
      ->excludes(jsonFlag);  // --json already holds all of it

  std::string checkFile;
  auto* check = app.add_subcommand("check", "parse a scenario file and report errors without running it");
  check->footer(kCheckFooter);
  check->add_option("FILE", checkFile, "scenario file")->required();

  std::string lessonFile;
  auto* lesson = app.add_subcommand("lesson", "check a lesson headless: perform every step's actions, require its checks");
  lesson->footer(kLessonFooter);
  lesson->add_option("FILE", lessonFile, "lesson file (docs/lesson-format.md)")->required();

  std::string realFile;
  zabscope::real::RealRunOptions realOptions;
  auto addRealOptions = [&](CLI::App* sub) {
    sub->add_option("FILE", realFile, "scenario file")->required();
    sub->add_option("--keep", realOptions.keepDir, "keep the servers' directories (zoo.cfg, data, zookeeper.log) in this new directory");
    sub->add_option("--timeout", realOptions.timeoutS, "the budget for the whole real run, in seconds (default 120)")
        ->check(CLI::Range(1.0, 3600.0));
    sub->add_option("--port-base", realOptions.portBase,
                    "client ports BASE+sid, quorum ports BASE+1000+sid, election ports BASE+2000+sid (default 2280)")
        ->check(CLI::Range(1024, 60000));
    sub->add_flag("--quiet", [&](std::int64_t) { realOptions.verbose = false; }, "no per-command lines on stderr");
    sub->add_option("--trace", realOptions.tracePath, "write the real run's timeline (read from the logs) as JSONL, as run --trace");
    sub->add_option("--shiviz", realOptions.shivizPath, "write the real run's timeline as a ShiViz log, as run --shiviz");
  };
  auto* real = app.add_subcommand("real", "play a scenario on real ZooKeeper 3.8 servers on 127.0.0.1 and print the outcome as JSON");
  addRealOptions(real);
  real->footer(kRealFooter);
  auto* compare = app.add_subcommand("compare", "run a scenario on the engine and on real ZooKeeper 3.8 servers; print the differences");
  addRealOptions(compare);
  compare->footer(kCompareFooter);
  std::string againstPath;
  compare->add_option("--against", againstPath,
                      "compare with a real outcome saved from `zabsim real FILE > OUT.json` instead of starting servers");

  zabscope::ImportLogOptions importLog;
  auto* importLogCmd = zabscope::addImportLogCommand(app, importLog);

  // A first word that is neither a subcommand nor an option: name it (CLI11 would only say that
  // a subcommand is required).
  std::string names;
  bool known = argc <= 1 || argv[1][0] == '-';
  for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
    known = known || sub->get_name() == argv[1];
  }
  if (!known) {
    fmt::print(stderr, "zabsim: unknown subcommand '{}'; one of: {} (zabsim --help)\n", argv[1], names);
    return 2;
  }
  if (auto exitCode = zabscope::parseCommandLine(app, argc, argv)) return *exitCode;

  if (*importLogCmd) return zabscope::runImportLog(importLog);
  if (*real || *compare) return realCommand(realFile, realOptions, compare->parsed(), againstPath);

  if (*lesson) {
    auto text = readFile(lessonFile);
    if (!text) {
      fmt::print(stderr, "{}: cannot read the lesson file: {}\n", lessonFile, zabscope::unreadableReason(lessonFile));
      return 2;
    }
    auto parsed = zabscope::parseLesson(*text, lessonFile);
    if (!parsed.lesson) {
      for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.str());
      return 2;
    }
    auto failures = zabscope::checkLesson(*parsed.lesson, [](const std::string& l) { fmt::print("{}\n", l); });
    for (const auto& f : failures) fmt::print(stderr, "FAILED {}\n", f.str());
    if (failures.empty())
      fmt::print("{}: {} steps, every check holds ({})\n", lessonFile, parsed.lesson->steps.size(),
                 parsed.lesson->title.en);
    return failures.empty() ? 0 : 1;
  }

  if (*check) {
    auto text = readFile(checkFile);
    if (!text) {
      fmt::print(stderr, "{}: cannot read the scenario file: {}\n", checkFile, zabscope::unreadableReason(checkFile));
      return 2;
    }
    auto parsed = zab::sim::parseScenario(*text, checkFile, readFile);
    for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.str());
    if (parsed.scenario) fmt::print("{}: ok ({} commands)\n", checkFile, parsed.scenario->commands.size());
    return parsed.scenario ? 0 : 2;
  }
  return runCommand(file, seed, tracePath, shivizPath, json, quiet, summary);
}
