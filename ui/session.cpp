#include "session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "sim/ensemble_config.hpp"
#include "sim/scenario_runner.hpp"

namespace zabscope {

using namespace zab;
using namespace zab::sim;

static_assert(sizeof(Entry) <= 64, "a timeline entry holds numbers only: 64 bytes at most");

namespace {
// Record::kind and Record::type are a handful of static strings; an entry keeps a byte.
std::deque<std::string>& internTable() {  // a deque: views into it stay valid as it grows
  static std::deque<std::string> table{std::string()};
  return table;
}
const std::vector<std::string> kNoProblems;
const std::vector<StepRecord::Milestone> kNoMilestones;
}  // namespace

std::string_view internedString(std::uint8_t id) {
  const auto& t = internTable();
  return id < t.size() ? std::string_view(t[id]) : std::string_view();
}

std::uint8_t Session::intern(std::string_view s) {
  auto& t = internTable();
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i] == s) return static_cast<std::uint8_t>(i);
  if (t.size() >= 255) return 0;  // never reached: kinds and types are a fixed vocabulary
  t.emplace_back(s);
  return static_cast<std::uint8_t>(t.size() - 1);
}

Action Entry::action() const {
  Action a;
  a.kind = static_cast<Action::Kind>(actionKind_);
  a.line = line_;
  if (a.kind == Action::Kind::AdvanceClock) a.timeMs = static_cast<std::int64_t>(actionArg_);
  else a.id = actionArg_;
  return a;
}

Record Entry::record() const {
  Record r;
  r.timeMs = timeMs_;
  r.index = index_;
  r.messageId = messageId_;
  r.actor = actor_;
  r.from = from_;
  r.to = to_;
  r.kind = internedString(kind_);
  r.type = internedString(type_);
  r.family = static_cast<Family>(family_);
  return r;
}

std::uint32_t Session::lineId(const std::string& line) {
  if (line.empty()) return 0;
  auto [it, fresh] = lineIds_.emplace(line, static_cast<std::uint32_t>(lines_.size()));
  if (fresh) lines_.push_back(line);
  return it->second;
}

std::optional<Session> Session::fromScenario(const std::string& text, const std::string& file,
                                             const FileReader& reader, std::optional<std::uint64_t> seed,
                                             std::vector<std::string>& errors, std::vector<std::string>* problems) {
  ScenarioParse parsed = parseScenario(text, file, reader);
  if (!parsed.scenario) {
    for (const auto& e : parsed.errors) errors.push_back(e.str());
    return std::nullopt;
  }
  Session s;
  s.scenario_ = *parsed.scenario;
  s.sim_ = makeSimulation(s.scenario_, seed);
  s.checkpoints_.push_back(Checkpoint{0, s.sim_, s.checker_});
  // The scenario's commands become actions; runs and steps become single events.
  for (const auto& cmd : s.scenario_.commands) s.perform(cmd, problems);
  s.setupLength_ = s.entries_.size();
  return s;
}

void Session::perform(const ScenarioCommand& cmd, std::vector<std::string>* problems) {
  if (cmd.verb == "step") {
    std::int64_t n = cmd.args.empty() ? 1 : std::stoll(cmd.args[0]);
    for (std::int64_t i = 0; i < n && !sim_.idle(); ++i) {
      if (i == kMaxEventsPerCommand) {
        if (problems)
          problems->push_back(fmt::format("step {} stopped after {} events, the cap for one command", n,
                                          kMaxEventsPerCommand));
        break;
      }
      append(Action{Action::Kind::Step, 0, 0, 0}, nullptr);
    }
  } else if (cmd.verb == "run") {
    if (cmd.kv.count("until")) {
      const std::string until = cmd.kv.at("until");
      std::int64_t cap = cmd.kv.count("max") ? std::stoll(cmd.kv.at("max")) : kDefaultRunUntilCapMs;
      std::int64_t deadline = addClamped(sim_.now(), cap);
      std::int64_t events = 0;
      auto holds = [&] {
        if (until == "leader") return sim_.leader().has_value();
        if (until == "stable") return sim_.stable();
        return sim_.messagesInFlight() == 0;
      };
      while (!holds()) {
        auto next = sim_.nextEventTime();
        if (!next || *next > deadline) break;
        if (events++ == kMaxEventsPerCommand) {
          if (problems)
            problems->push_back(fmt::format("run until={} stopped after {} events, the cap for one command", until,
                                            kMaxEventsPerCommand));
          return;
        }
        append(Action{Action::Kind::Step, 0, 0, 0}, nullptr);
      }
      if (!holds()) {
        append(Action{Action::Kind::AdvanceClock, 0, 0, clockAfterRun(deadline)}, nullptr);
        if (problems) problems->push_back(fmt::format("run until={} gave up after {} ms", until, cap));
      }
    } else {
      std::int64_t until = addClamped(sim_.now(), std::stoll(cmd.args[0]));
      std::int64_t events = 0;
      while (true) {
        auto next = sim_.nextEventTime();
        if (!next || *next > until) break;
        if (events++ == kMaxEventsPerCommand) {
          if (problems)
            problems->push_back(fmt::format("run {} stopped after {} events, the cap for one command", cmd.args[0],
                                            kMaxEventsPerCommand));
          return;
        }
        append(Action{Action::Kind::Step, 0, 0, 0}, nullptr);
      }
      append(Action{Action::Kind::AdvanceClock, 0, 0, clockAfterRun(until)}, nullptr);
    }
  } else if (cmd.verb == "wait") {
    append(Action{Action::Kind::AdvanceClock, 0, 0, clockAfterRun(addClamped(sim_.now(), std::stoll(cmd.args[0])))},
           nullptr);
  } else if (cmd.verb == "expect") {
    // Checked against the present; not part of the timeline. The checker is there for
    // `expect bug=`, which asks what it has found so far.
    catchUpChecker();
    auto failures = executeCommand(scenario_, cmd, sim_, nullptr, &checker_);
    if (problems)
      for (const auto& f : failures) problems->push_back(f.message);
  } else {
    append(Action{Action::Kind::Command, lineId(cmd.text), 0, 0}, nullptr);
    if (problems && !entries_.empty())
      for (const auto& p : this->problems(entries_.size() - 1)) problems->push_back(p);
  }
}

bool Session::scriptLine(const std::string& line, std::string& error) {
  CommandParse p = parseCommandLine(scenario_, line);
  if (!p.command) {
    error = p.error;
    return false;
  }
  std::vector<std::string> problems;
  perform(*p.command, &problems);
  if (!problems.empty()) {
    error = problems.front();
    return false;
  }
  return true;
}

Session Session::withEnsemble(int participants, int observers, std::uint64_t seed) {
  std::vector<std::string> errors;
  std::string text = fmt::format("ensemble participants={} observers={} tickTime=2000 initLimit=10 syncLimit=5\n"
                                 "seed {}\nlatency 2..8\n",
                                 participants, observers, seed);
  std::string start = "start";
  for (int i = 1; i <= participants + observers; ++i) start += fmt::format(" {}", i);
  text += start + "\n";
  return *fromScenario(text, "new ensemble", {}, std::nullopt, errors);
}

Session::Applied Session::apply(const Action& a, Simulation& sim, InvariantChecker* checker) const {
  Applied out;
  auto collect = [&](const StepRecord& rec) {
    if (rec.kind == "violation") {
      out.problems.push_back(rec.explanation());
      return;
    }
    out.record = rec;
  };
  switch (a.kind) {
    case Action::Kind::Step:
      out.record = sim.step();
      break;
    case Action::Kind::AdvanceClock:
      sim.advanceClockTo(a.timeMs);
      break;
    case Action::Kind::Deliver:
      out.record = sim.deliverNow(a.id);
      break;
    case Action::Kind::Drop:
      out.record = sim.drop(a.id);
      break;
    case Action::Kind::Duplicate:
      out.record = sim.duplicate(a.id);
      break;
    case Action::Kind::Command: {
      CommandParse p = parseCommandLine(scenario_, lines_[a.line]);
      if (!p.command) {
        out.problems.push_back(p.error);
        break;
      }
      for (const auto& f : executeCommand(scenario_, *p.command, sim, collect, checker))
        out.problems.push_back(f.message);
      return out;  // executeCommand already checked invariants
    }
  }
  if (checker)
    for (const auto& v : checker->check(sim)) out.problems.push_back(fmt::format("{} (seed {})", v, sim.seed()));
  return out;
}

void Session::store(std::size_t i, const Applied& r) {
  Entry& e = entries_[i];
  e.flags_ = 0;
  problems_.erase(i);
  milestones_.erase(i);
  if (r.record) {
    const StepRecord& rec = *r.record;
    e.flags_ |= Entry::kHasRecord;
    e.timeMs_ = rec.timeMs;
    e.index_ = static_cast<std::uint32_t>(rec.index);
    e.messageId_ = static_cast<std::uint32_t>(rec.messageId);
    e.actor_ = static_cast<std::int32_t>(rec.actor);
    e.from_ = static_cast<std::int32_t>(rec.from);
    e.to_ = static_cast<std::int32_t>(rec.to);
    e.kind_ = intern(rec.kind);
    e.type_ = intern(rec.type);
    e.family_ = static_cast<std::uint8_t>(rec.family);
    if (!rec.milestones.empty()) {
      e.flags_ |= Entry::kHasMilestones;
      milestones_[i] = rec.milestones;
    }
  }
  if (!r.problems.empty()) {
    e.flags_ |= Entry::kHasProblems;
    problems_[i] = r.problems;
  }
}

const std::vector<std::string>& Session::problems(std::size_t i) const {
  auto it = problems_.find(i);
  return it == problems_.end() ? kNoProblems : it->second;
}

const std::vector<StepRecord::Milestone>& Session::milestones(std::size_t i) const {
  auto it = milestones_.find(i);
  return it == milestones_.end() ? kNoMilestones : it->second;
}

void Session::remember(std::size_t i, StepRecord&& rec) const {
  auto [it, fresh] = explained_.insert_or_assign(i, std::move(rec));
  if (fresh) explainedOrder_.push_back(i);
  // The oldest go when the GUI calls explainAhead, once a frame; here only past a hard bound, so
  // that a jump does not pay for freeing records made long ago.
  if (explainedOrder_.size() > kExplainedCache + kExplainedSlack) forgetOldExplained();
}

void Session::forgetOldExplained() const {
  while (explainedOrder_.size() > kExplainedCache) {
    explained_.erase(explainedOrder_.front());
    explainedOrder_.pop_front();
  }
}

const StepRecord* Session::explained(std::size_t i) const {
  if (i >= entries_.size() || !entries_[i].hasRecord()) return nullptr;
  if (auto it = explained_.find(i); it != explained_.end()) return &it->second;
  const std::size_t hi = std::min(entries_.size(), i + kExplainWindow + 1);
  if (reader_ && reader_->next <= i && i - reader_->next < 2 * kExplainWindow) {
    // Just past where the last words were made: read on.
    explainRange(reader_->sim, reader_->next, hi);
    reader_->next = hi;
  } else {
    // Replay up to the window around i without words, and through it with them: what the event
    // log and the caption show next. From the present when i is just ahead of it (its state is
    // in the cache, and nothing is replayed twice), else from the checkpoint before i.
    const std::size_t lo0 = i >= kExplainWindow ? i - kExplainWindow : 0;
    const Checkpoint& cp = checkpointAtOrBefore(i);
    const bool fromPresent = cursor_ <= i && cursor_ >= cp.at;
    const std::size_t from = fromPresent ? cursor_ : cp.at;
    const std::size_t lo = std::max(from, lo0);
    Simulation sim = fromPresent ? sim_ : cp.sim;
    sim.setExplain(false);
    for (std::size_t k = from; k < lo; ++k) apply(entries_[k].action(), sim, nullptr);
    wordsReplayed_ += lo - from;
    explainRange(sim, lo, hi);
    reader_ = Reader{hi, std::move(sim)};
  }
  queueExplainJob(i);
  auto it = explained_.find(i);
  return it == explained_.end() ? nullptr : &it->second;
}

const Session::Checkpoint& Session::checkpointAtOrBefore(std::size_t i) const {
  return *std::prev(std::upper_bound(checkpoints_.begin(), checkpoints_.end(), i,
                                     [](std::size_t v, const Checkpoint& c) { return v < c.at; }));
}

void Session::queueExplainJob(std::size_t i) const {
  const std::size_t from = checkpointAtOrBefore(i).at;
  const std::size_t end = std::min(entries_.size(), from + kCheckpointEvery);
  if (explainJob_ && explainJob_->from == from) return;  // already under way
  explainJob_ = ExplainJob{from, from, end, std::nullopt};
}

void Session::explainRange(Simulation& sim, std::size_t from, std::size_t to) const {
  wordsReplayed_ += to > from ? to - from : 0;
  for (std::size_t k = from; k < to; ++k) {
    const bool make = entries_[k].hasRecord() && !explained_.count(k);
    sim.setExplain(make);
    Applied r = apply(entries_[k].action(), sim, nullptr);
    if (make && r.record) remember(k, std::move(*r.record));
  }
}

bool Session::explainAhead(std::size_t steps) {
  forgetOldExplained();
  if (!explainJob_ || steps == 0) return explainJob_.has_value();
  ExplainJob& job = *explainJob_;
  if (!job.sim) {
    // Nothing to do when every entry of the segment is already made (a short run keeps them all).
    std::size_t withRecord = 0;
    for (std::size_t k = job.next; k < job.end; ++k) withRecord += entries_[k].hasRecord() ? 1 : 0;
    const auto made = static_cast<std::size_t>(
        std::distance(explained_.lower_bound(job.next), explained_.lower_bound(job.end)));
    if (made >= withRecord) {
      explainJob_.reset();
      return false;
    }
    job.sim = checkpointAtOrBefore(job.from).sim;
  }
  const std::size_t to = std::min(job.end, job.next + steps);
  explainRange(*job.sim, job.next, to);
  job.next = to;
  if (job.next >= job.end) explainJob_.reset();
  return explainJob_.has_value();
}

void Session::maybeCheckpoint() {
  if (cursor_ % kCheckpointEvery == 0 && (checkpoints_.empty() || checkpoints_.back().at < cursor_)) {
    catchUpChecker();
    checkpoints_.push_back(Checkpoint{cursor_, sim_, checker_});
  }
}

// The checker of the checkpoint at or before the cursor, taken through the same actions as
// when they were first judged: the same state a run that never jumped would have. Once per
// return to judging (an action after a jump into the past), never per replayed action.
void Session::catchUpChecker() {
  if (checkedUpTo_ == cursor_) return;
  const Checkpoint& cp = checkpointAtOrBefore(cursor_);
  Simulation sim = cp.sim;
  InvariantChecker checker = cp.checker;
  sim.setExplain(false);
  for (std::size_t k = cp.at; k < cursor_; ++k) apply(entries_[k].action(), sim, &checker);
  checker_ = std::move(checker);
  checkedUpTo_ = cursor_;
}

namespace {
PeerChange peerState(const PeerSlot& slot, std::int64_t now) {
  PeerChange p;
  p.sid = static_cast<std::int32_t>(slot.sid);
  p.timeMs = now;
  p.alive = slot.alive;
  if (slot.alive) {
    p.state = slot.peer.state();
    p.zxid = slot.peer.lastLoggedZxid();
    p.currentEpoch = slot.peer.currentEpoch();
    p.acceptedEpoch = slot.peer.acceptedEpoch();
  } else {
    p.zxid = slot.disk.lastLoggedZxid();
    p.currentEpoch = slot.disk.currentEpoch.value_or(0);
    p.acceptedEpoch = slot.disk.acceptedEpoch.value_or(0);
  }
  return p;
}
}  // namespace

// Comparing every peer costs a few reads per peer and step; it catches what a command does
// to peers that did not act (kill, crash, restart).
void Session::recordPeerChanges(std::size_t i) {
  std::size_t k = 0;
  for (const auto& [sid, slot] : sim_.peers()) {
    PeerChange now = peerState(slot, sim_.now());
    now.entry = static_cast<std::uint32_t>(i);
    const bool known = k < peersBefore_.size() && peersBefore_[k].sid == now.sid;
    if (i == 0 || !known || !peersBefore_[k].sameState(now)) peerChanges_.push_back(now);
    if (known) ++k;
  }
}

void Session::truncateTo(std::size_t n) {
  entries_.resize(n);
  peerChanges_.erase(std::lower_bound(peerChanges_.begin(), peerChanges_.end(), n,
                                      [](const PeerChange& c, std::size_t v) { return c.entry < v; }),
                     peerChanges_.end());
  problems_.erase(problems_.lower_bound(n), problems_.end());
  milestones_.erase(milestones_.lower_bound(n), milestones_.end());
  explained_.erase(explained_.lower_bound(n), explained_.end());
  explainedOrder_.erase(std::remove_if(explainedOrder_.begin(), explainedOrder_.end(),
                                       [n](std::size_t k) { return k >= n; }),
                        explainedOrder_.end());
  while (!checkpoints_.empty() && checkpoints_.back().at > n) checkpoints_.pop_back();
  if (checkedUpTo_ > n) checkedUpTo_ = kNotChecked;  // kNotChecked is above any n
  if (explainJob_ && explainJob_->end > n) explainJob_.reset();
  if (reader_ && reader_->next > n) reader_.reset();
}

std::string Session::describe(const Action& a) const {
  auto message = [&](const char* verb) {
    for (const auto& p : sim_.pending())
      if (p.id == a.id) return fmt::format("{} S{}->S{} {}", verb, p.from, p.to, p.label.empty() ? p.type : p.label);
    return fmt::format("{} #{}", verb, a.id);
  };
  switch (a.kind) {
    case Action::Kind::Step: return "step";
    case Action::Kind::Command: return lines_[a.line];
    case Action::Kind::Deliver: return message("deliver");
    case Action::Kind::Drop: return message("drop");
    case Action::Kind::Duplicate: return message("duplicate");
    case Action::Kind::AdvanceClock: return fmt::format("wait until {} ms", a.timeMs);
  }
  return "?";
}

std::string Session::forkName(const Action& a) const {
  // "before 'kill 3' at step 1,204 (t=1.53 s)": what forked it, and where.
  std::string step = std::to_string(cursor_);
  for (int i = static_cast<int>(step.size()) - 3; i > 0; i -= 3) step.insert(static_cast<std::size_t>(i), ",");
  return fmt::format("before '{}' at step {} (t={:.2f} s)", describe(a), step, static_cast<double>(sim_.now()) / 1000.0);
}

void Session::forkIfInPast(const Action& a) {
  if (cursor_ >= entries_.size()) return;
  Branch b;
  // The branch holds the future that was left, and is named by the action that left it.
  b.name = fmt::format("{}; {} actions kept", forkName(a), entries_.size() - cursor_);
  b.entries = entries_;
  b.problems = problems_;
  b.milestones = milestones_;
  b.peerChanges = peerChanges_;
  branches_.push_back(std::move(b));
  truncateTo(cursor_);
}

bool Session::append(Action a, std::string* error) {
  forkIfInPast(a);
  catchUpChecker();
  sim_.setExplain(true);
  peersBefore_.clear();
  for (const auto& [sid, slot] : sim_.peers()) peersBefore_.push_back(peerState(slot, sim_.now()));
  Applied r = apply(a, sim_, &checker_);
  if (a.kind == Action::Kind::Command && !r.problems.empty() && !r.record && error) {
    // A command that did nothing but fail to parse is not kept on the timeline.
    CommandParse p = parseCommandLine(scenario_, lines_[a.line]);
    if (!p.command) {
      *error = p.error;
      return false;
    }
  }
  Entry e;
  e.actionKind_ = static_cast<std::uint8_t>(a.kind);
  e.line_ = a.line;
  e.actionArg_ = a.kind == Action::Kind::AdvanceClock ? static_cast<std::uint64_t>(a.timeMs) : a.id;
  entries_.push_back(e);
  store(entries_.size() - 1, r);
  recordPeerChanges(entries_.size() - 1);
  if (r.record) remember(entries_.size() - 1, std::move(*r.record));
  ++cursor_;
  ++checkedUpTo_;
  maybeCheckpoint();
  return true;
}

void Session::redo(std::size_t i) {
  Applied r = apply(entries_[i].action(), sim_, nullptr);
  if (r.record && sim_.explaining()) remember(i, std::move(*r.record));
}

bool Session::stepForward() {
  if (cursor_ < entries_.size()) {
    sim_.setExplain(true);
    redo(cursor_);
    ++cursor_;
    maybeCheckpoint();
    return true;
  }
  if (sim_.idle()) return false;
  return append(Action{Action::Kind::Step, 0, 0, 0}, nullptr);
}

void Session::stepBack() {
  if (cursor_ > 0) jumpTo(cursor_ - 1);
}

void Session::jumpTo(std::size_t k) {
  k = std::min(k, entries_.size());
  if (k == cursor_) return;
  ++jumpCost_.jumps;
  if (k < cursor_ || (k - cursor_) > kCheckpointEvery) {
    const Checkpoint& cp = checkpointAtOrBefore(k);
    if (cp.at > cursor_ || k < cursor_) {
      const auto start = std::chrono::steady_clock::now();
      sim_ = cp.sim;
      cursor_ = cp.at;
      jumpCost_.restoreTime += std::chrono::steady_clock::now() - start;
      ++jumpCost_.restores;
    }
  }
  jumpCost_.replayed += k - cursor_;
  // Replaying makes no text: what is shown is explained on demand, apart from the entries just
  // before k when the GUI asked for them (setExplainOnJump).
  sim_.setExplain(false);
  while (cursor_ < k) {
    if (explainOnJump_ > 0 && cursor_ + explainOnJump_ >= k)
      sim_.setExplain(entries_[cursor_].hasRecord() && !explained_.count(cursor_));
    redo(cursor_);
    ++cursor_;
    maybeCheckpoint();
  }
  sim_.setExplain(true);
  if (explainOnJump_ > 0 && k > 0) queueExplainJob(k - 1);
}

bool Session::command(const std::string& line, std::string& error) {
  CommandParse p = parseCommandLine(scenario_, line);
  if (!p.command) {
    error = p.error;
    return false;
  }
  if (p.command->verb == "run" || p.command->verb == "step") {
    error = "use the play and step controls to run the simulation";
    return false;
  }
  return append(Action{Action::Kind::Command, lineId(line), 0, 0}, &error);
}

bool Session::deliver(std::uint64_t id) { return append(Action{Action::Kind::Deliver, 0, id, 0}, nullptr); }
bool Session::drop(std::uint64_t id) { return append(Action{Action::Kind::Drop, 0, id, 0}, nullptr); }
bool Session::duplicate(std::uint64_t id) { return append(Action{Action::Kind::Duplicate, 0, id, 0}, nullptr); }

void Session::advanceClockTo(std::int64_t timeMs) {
  if (timeMs <= sim_.now()) return;
  append(Action{Action::Kind::AdvanceClock, 0, 0, timeMs}, nullptr);
}

void Session::switchBranch(std::size_t index) {
  if (index >= branches_.size()) return;
  std::size_t here = cursor_;
  // The shared prefix stays valid; everything after it is replayed from a checkpoint.
  std::size_t common = 0;
  const auto& other = branches_[index].entries;
  while (common < entries_.size() && common < other.size() && common < here &&
         entries_[common].action() == other[common].action())
    ++common;
  Branch current;
  std::string at = std::to_string(here);
  for (int i = static_cast<int>(at.size()) - 3; i > 0; i -= 3) at.insert(static_cast<std::size_t>(i), ",");
  current.name = fmt::format("left by a branch switch at step {} (t={:.2f} s); {} actions", at,
                             static_cast<double>(sim_.now()) / 1000.0, entries_.size());
  current.entries = std::move(entries_);
  current.problems = std::move(problems_);
  current.milestones = std::move(milestones_);
  current.peerChanges = std::move(peerChanges_);
  entries_ = std::move(branches_[index].entries);
  problems_ = std::move(branches_[index].problems);
  milestones_ = std::move(branches_[index].milestones);
  peerChanges_ = std::move(branches_[index].peerChanges);
  branches_[index] = std::move(current);
  explained_.clear();
  explainedOrder_.clear();
  explainJob_.reset();
  reader_.reset();
  while (!checkpoints_.empty() && checkpoints_.back().at > common) checkpoints_.pop_back();
  if (checkedUpTo_ > common) checkedUpTo_ = kNotChecked;
  const Checkpoint& cp = checkpoints_.back();
  sim_ = cp.sim;
  cursor_ = cp.at;
  jumpTo(entries_.size());
}

void Session::replay(std::size_t n, const std::function<void(std::size_t, const Simulation&)>& before) const {
  Simulation sim = checkpoints_.front().sim;
  sim.setExplain(false);
  for (std::size_t i = 0; i < std::min(n, entries_.size()); ++i) {
    before(i, sim);
    apply(entries_[i].action(), sim, nullptr);
  }
}

std::vector<std::string> Session::problems() const {
  std::vector<std::string> out;
  for (const auto& [i, ps] : problems_) {
    if (i >= cursor_) break;
    for (const auto& p : ps) out.push_back(p);
  }
  return out;
}

}  // namespace zabscope
