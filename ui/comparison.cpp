#include "comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <regex>

namespace zabscope {

namespace fs = std::filesystem;

std::vector<std::string> Comparison::logSpecsIn(const std::string& dirOrFile) {
  std::error_code ec;
  if (!fs::is_directory(dirOrFile, ec)) return {dirOrFile};
  std::vector<std::string> out;
  static const std::regex keptDir("s([0-9]+)");  // zabsim real --keep DIR: DIR/s<sid>/zookeeper.log
  for (const auto& entry : fs::directory_iterator(dirOrFile, ec)) {
    const std::string name = entry.path().filename().string();
    std::smatch m;
    if (entry.is_regular_file(ec) && entry.path().extension() == ".log") {
      out.push_back(entry.path().string());
    } else if (entry.is_directory(ec) && std::regex_match(name, m, keptDir) &&
               fs::is_regular_file(entry.path() / "zookeeper.log", ec)) {
      out.push_back(m[1].str() + "=" + (entry.path() / "zookeeper.log").string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Comparison::logArgsForPicked(const std::string& path) {
  static const std::regex keptDir("s[0-9]+");
  const fs::path parent = fs::path(path).parent_path();
  if (std::regex_match(parent.filename().string(), keptDir) && !parent.parent_path().empty())
    return {parent.parent_path().string()};
  return {parent.empty() ? std::string(".") : parent.string()};
}

std::optional<Comparison> Comparison::open(const zab::sim::Scenario& scenario, const std::vector<std::string>& logArgs,
                                           std::vector<std::string>& errors) {
  std::vector<std::string> specs;
  for (const auto& a : logArgs) {
    auto more = logSpecsIn(a);
    if (more.empty()) errors.push_back(a + ": no server logs here (expected *.log or s<N>/zookeeper.log)");
    specs.insert(specs.end(), more.begin(), more.end());
  }
  if (specs.empty()) {
    if (errors.empty()) errors.push_back("no logs given to compare with");
    return std::nullopt;
  }
  auto logs = ImportedLogs::open(specs, errors);
  if (!logs) return std::nullopt;
  Comparison c;
  c.scenarioFile_ = scenario.file;
  c.engine_ = runEngineLanes(scenario);
  c.logs_ = std::move(*logs);
  c.real_ = lanesFromImported(c.logs_.timeline());
  c.realOutcome_ = real::outcomeToJson(c.logs_.timeline());
  c.rows_ = real::comparisonRows(c.engine_.outcome, c.realOutcome_);
  for (auto& d : real::diffOutcomes(c.engine_.outcome, c.realOutcome_))
    if (d.engine != "-" && d.real != "-") c.diffs_.push_back(std::move(d));
  for (int k = 0; k < 2; ++k) {
    const LaneTimeline& t = k == 0 ? c.engine_.lanes : c.real_;
    c.failover_[k] = zabscope::failoverStart(t);
    if (c.failover_[k]) c.leader_[k] = firstLeaderAfter(t, *c.failover_[k]);
  }
  c.alignAndIndex();
  return c;
}

std::vector<zab::Sid> Comparison::servers() const {
  std::vector<zab::Sid> out = engine_.lanes.servers;
  out.insert(out.end(), real_.servers.begin(), real_.servers.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Comparison::setAlign(Align a) {
  align_ = a;
  alignAndIndex();
}

void Comparison::alignAndIndex() {
  const bool failover = align_ == Align::Failover && failover_[0] && failover_[1];
  anchorEngine_ = failover ? *failover_[0] : 0;
  anchorReal_ = failover ? *failover_[1] : 0;
  times_.clear();
  for (auto t : engine_.lanes.eventTimes()) times_.push_back(toShared(t, anchorEngine_));
  for (auto t : real_.eventTimes()) times_.push_back(toShared(t, anchorReal_));
  std::sort(times_.begin(), times_.end());
  times_.erase(std::unique(times_.begin(), times_.end()), times_.end());
  std::optional<double> e, r;
  if (failover) {
    if (auto ms = electionMs(Side::Engine)) e = static_cast<double>(*ms);
    if (auto ms = electionMs(Side::Real)) r = static_cast<double>(*ms);
  }
  window = failoverWindow(e, r, static_cast<double>(firstMs()), static_cast<double>(lastMs()));
  // The cursor where both runs have their new leader (or at the end): the two outcomes in view.
  cursor_ = failover ? std::max<std::int64_t>(e ? static_cast<std::int64_t>(*e) : 0, r ? static_cast<std::int64_t>(*r) : 0)
                     : lastMs();
  jumpToMs(cursor_);
}

std::optional<std::int64_t> Comparison::electionMs(Side s) const {
  const int k = s == Side::Engine ? 0 : 1;
  if (!failover_[k] || !leader_[k]) return std::nullopt;
  return leader_[k]->atMs - *failover_[k];
}

std::string Comparison::alignmentCaption(bool brief) const {
  if (failoverAligned()) {
    auto who = [&](Side s) {
      const auto& t = lanes(s);
      for (const auto& st : t.states)
        if (st.timeMs == anchor(s) && st.state == zab::ServerState::LOOKING) return fmt::format("S{}", st.sid);
      return std::string("a server");
    };
    if (brief)
      return fmt::format("0 ms: the failover begins ({} goes LOOKING; engine {} ms, real {:.2f} s into its run)", who(Side::Real),
                         anchor(Side::Engine), static_cast<double>(anchor(Side::Real)) / 1000.0);
    return fmt::format(
        "0 ms = the failover begins: the first server that loses its leader goes LOOKING (engine: {} at {} ms of "
        "its run; real: {} at {:.3f} s of the logs). Engine: virtual time; real: wall-clock time from the logs.",
        who(Side::Engine), anchor(Side::Engine), who(Side::Real), static_cast<double>(anchor(Side::Real)) / 1000.0);
  }
  if (brief) return "0 ms: each run's beginning (real: the first log line, JVM start-up included)";
  return fmt::format("0 ms = each run's beginning (engine: the scenario's first command; real: the earliest log line, "
                     "JVM start-up included){}.",
                     align_ == Align::Failover ? ": a run shows no failover to align on" : "");
}

std::string Comparison::failoverSummary(bool brief) const {
  auto e = electionMs(Side::Engine), r = electionMs(Side::Real);
  if (!e && !r) return "no failover: no server lost its leader in either run";
  auto ms = [](std::optional<std::int64_t> v) { return v ? fmt::format("{} ms", *v) : std::string("none"); };
  auto sid = [](const std::optional<NewLeader>& l) { return l ? fmt::format("S{}", l->sid) : std::string("none"); };
  auto epoch = [](const std::optional<NewLeader>& l) {
    return l && l->epoch ? std::to_string(*l->epoch) : std::string("?");
  };
  if (brief) {
    auto n = [](std::optional<std::int64_t> v) { return v ? std::to_string(*v) : std::string("-"); };
    return fmt::format("engine / real: election {} / {} ms, leader {} / {}, epoch {} / {}", n(e), n(r), sid(leader_[0]),
                       sid(leader_[1]), epoch(leader_[0]), epoch(leader_[1]));
  }
  std::string delta;
  if (e && r) delta = fmt::format(" (real {:+} ms)", *r - *e);
  return fmt::format("Failover, engine / real: election {} / {}{}; new leader {} / {}; epoch {} / {}", ms(e), ms(r), delta,
                     sid(leader_[0]), sid(leader_[1]), epoch(leader_[0]), epoch(leader_[1]));
}

Comparison::Verdict Comparison::verdict(const real::OutcomeRow& row) const {
  if (row.engine == "-" || row.real == "-") return Verdict::Unknown;
  if (!row.differs) return Verdict::Same;
  // The row "S1 epochs acc/cur" stands for the differences "S1 accepted_epoch" and "S1
  // current_epoch"; "S1 state" also for "S1 alive".
  const auto space = row.field.find(' ');
  const std::string who = space == std::string::npos ? "" : row.field.substr(0, space + 1);
  const bool epochs = row.field.find("epochs") != std::string::npos, state = row.field.find(" state") != std::string::npos;
  bool any = false, allExpected = true;
  for (const auto& d : diffs_) {
    const bool mine = d.field == row.field ||
                      (!who.empty() && d.field.rfind(who, 0) == 0 &&
                       ((epochs && d.field.find("epoch") != std::string::npos) || (state && d.field == who + "alive")));
    if (!mine) continue;
    any = true;
    allExpected = allExpected && d.expected;
  }
  return any && allExpected ? Verdict::Expected : Verdict::Differs;
}

bool Comparison::stepForward() {
  auto it = std::upper_bound(times_.begin(), times_.end(), cursor_);
  if (it == times_.end()) return false;
  cursor_ = *it;
  return true;
}

bool Comparison::stepBack() {
  auto it = std::lower_bound(times_.begin(), times_.end(), cursor_);
  if (it == times_.begin()) return false;
  cursor_ = *std::prev(it);
  return true;
}

std::size_t Comparison::stepIndex() const {
  return static_cast<std::size_t>(std::upper_bound(times_.begin(), times_.end(), cursor_) - times_.begin());
}

}  // namespace zabscope
