#pragma once
// The GUI's data model, headless (no ImGui): a simulation plus its timeline. Every user
// action (one event, one command such as "kill 3", a clock advance) is recorded; going back
// restores the nearest checkpoint (a copy of the Simulation) and replays. Doing something new
// in the past forks: the abandoned future is kept as a branch the user can return to.
//
// Memory grows with the run only by one small Entry per action (numbers, no text), one
// PeerChange per peer whose state an action changed (the graphs read them), and the
// checkpoints, which share the simulation's append-only state (AppendLog). The words of a
// step (headline, notes, labels) are made when somebody looks: explained(i) replays from the
// checkpoint before entry i with explanations on, and keeps a bounded cache of the result.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/invariants.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace zabscope {

struct Action {
  enum class Kind : std::uint8_t { Step, Command, Deliver, Drop, Duplicate, AdvanceClock };
  Kind kind = Kind::Step;
  std::uint32_t line = 0;   // Command: an id from Session::lineId ("kill 3", "partition 1,2 | 3")
  std::uint64_t id = 0;     // Deliver / Drop / Duplicate: the pending event
  std::int64_t timeMs = 0;  // AdvanceClock
  bool operator==(const Action&) const = default;
};

// What one step did, as numbers: the StepRecord without its text.
struct Record {
  std::int64_t timeMs = 0;
  std::uint64_t index = 0;      // the simulation's step number
  std::uint64_t messageId = 0;  // the in-flight frame this step delivered (0: none)
  zab::Sid actor = -1;
  zab::Sid from = -1;
  zab::Sid to = -1;
  std::string_view kind;  // frame, retransmit, timer, command, ... (static strings)
  std::string_view type;
  zab::Family family = zab::Family::Peer;
};

// One action and what it did, in at most 64 bytes (static_assert in session.cpp).
class Entry {
 public:
  Action action() const;
  bool hasRecord() const { return flags_ & kHasRecord; }
  Record record() const;  // meaningful when hasRecord()
  bool hasProblems() const { return flags_ & kHasProblems; }
  bool hasMilestones() const { return flags_ & kHasMilestones; }

 private:
  friend class Session;
  enum : std::uint8_t { kHasRecord = 1, kHasProblems = 2, kHasMilestones = 4 };
  std::int64_t timeMs_ = 0;
  std::uint64_t actionArg_ = 0;  // id (Deliver/Drop/Duplicate) or timeMs (AdvanceClock)
  std::uint32_t index_ = 0;
  std::uint32_t messageId_ = 0;
  std::uint32_t line_ = 0;
  std::int32_t actor_ = -1, from_ = -1, to_ = -1;
  std::uint8_t actionKind_ = 0, kind_ = 0, type_ = 0, family_ = 0, flags_ = 0;
};

// One peer's state after an action changed it. The timeline keeps these (only changes, so a
// few per write), and the graphs of the past read them without replaying anything.
struct PeerChange {
  std::uint32_t entry = 0;  // the action that made it: in force once the cursor is past it
  std::int32_t sid = 0;
  std::int64_t timeMs = 0;
  zab::Zxid zxid = 0;  // last processed zxid (the disk's last logged zxid while down)
  zab::Epoch currentEpoch = 0;
  zab::Epoch acceptedEpoch = 0;
  zab::ServerState state = zab::ServerState::LOOKING;
  bool alive = false;
  bool sameState(const PeerChange& o) const {
    return alive == o.alive && state == o.state && zxid == o.zxid && currentEpoch == o.currentEpoch &&
           acceptedEpoch == o.acceptedEpoch;
  }
};

struct Branch {
  std::string name;
  std::vector<Entry> entries;
  std::vector<PeerChange> peerChanges;
  std::map<std::size_t, std::vector<std::string>> problems;
  std::map<std::size_t, std::vector<zab::sim::StepRecord::Milestone>> milestones;
};

class Session {
 public:
  static constexpr std::size_t kCheckpointEvery = 1024;
  static constexpr std::size_t kExplainedCache = 8192;  // explained records kept (eight checkpoint segments)
  static constexpr std::size_t kExplainedSlack = 2048;  // more kept until an idle frame (explainAhead)
  // explained(i) makes the words of entries i-kExplainWindow .. i+kExplainWindow at once (what
  // the event log and the caption show); the rest of i's checkpoint segment follows through
  // explainAhead, a little per frame (the diagram labels its arrows where words are made).
  static constexpr std::size_t kExplainWindow = 64;

  // An ensemble from a scenario file's setup; its commands become the first actions.
  // `problems` (if given) gets what a command could not do, as a typed command reports it (a
  // delivery by hand of a message that is not pending, for example); errors are parse errors.
  static std::optional<Session> fromScenario(const std::string& text, const std::string& file,
                                             const zab::sim::FileReader& reader, std::optional<std::uint64_t> seed,
                                             std::vector<std::string>& errors,
                                             std::vector<std::string>* problems = nullptr);
  // A default ensemble: N participants, M observers, all started.
  static Session withEnsemble(int participants, int observers, std::uint64_t seed);

  // ---- timeline ----
  std::size_t cursor() const { return cursor_; }       // actions applied
  std::size_t length() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }
  bool stepForward();            // redo the next action, or take the next event at the end
  void stepBack();
  void jumpTo(std::size_t k);    // restore + replay; fast thanks to checkpoints
  // A jump makes the words of the n entries before its target as it replays them, where they
  // are not kept yet, and queues the rest of the target's segment for explainAhead (0, the
  // default: a jump makes none). The GUI sets kExplainWindow: what it shows at once.
  void setExplainOnJump(std::size_t n) { explainOnJump_ = n; }
  // What the jumps so far cost (`zabscope --bench-jumps` splits its figure with it): how many
  // restored a checkpoint, the time those copies took, and the actions replayed after them.
  struct JumpCost {
    std::uint64_t jumps = 0;
    std::uint64_t restores = 0;
    std::uint64_t replayed = 0;
    std::chrono::nanoseconds restoreTime{0};
  };
  const JumpCost& jumpCost() const { return jumpCost_; }
  void resetJumpCost() { jumpCost_ = {}; }

  // ---- what an entry says (made on demand) ----
  const std::string& line(const Action& a) const { return lines_[a.line]; }
  const std::vector<std::string>& problems(std::size_t i) const;
  const std::vector<zab::sim::StepRecord::Milestone>& milestones(std::size_t i) const;
  // Every peer-state change of the whole timeline (past and future of the cursor), ordered
  // by entry. The first entry lists every peer.
  const std::vector<PeerChange>& peerChanges() const { return peerChanges_; }
  // The full record of entry i with its headline, notes and label (nullptr: the action made
  // none). Replays from a checkpoint when it is not cached; the cache is bounded.
  const zab::sim::StepRecord* explained(std::size_t i) const;
  // Goes on making the words of the segment the last explained(i) or jump began, at most `steps`
  // replayed actions, and lets the oldest words go past kExplainedCache; false when there is
  // nothing left to make. The GUI calls it once a frame (steps 0 while playing or scrubbing).
  bool explainAhead(std::size_t steps);
  std::size_t explainedKept() const { return explained_.size(); }  // records whose words are kept
  // Actions replayed so far to make words (explained, explainAhead; not jumps): tests read it.
  std::size_t wordsReplayed() const { return wordsReplayed_; }
  // The same, only if it is already made (never replays): for views that touch many entries a
  // frame, such as the space-time diagram, where replaying for each would thrash the cache.
  const zab::sim::StepRecord* explainedIfMade(std::size_t i) const {
    auto it = explained_.find(i);
    return it == explained_.end() ? nullptr : &it->second;
  }

  // ---- new actions (fork when the cursor is in the past) ----
  bool command(const std::string& line, std::string& error);
  // Any scenario line, including run/step (expanded into events) and expect (checked, not
  // recorded). Lessons use it. Returns false with the problem in `error`.
  bool scriptLine(const std::string& line, std::string& error);
  bool deliver(std::uint64_t id);
  bool drop(std::uint64_t id);
  bool duplicate(std::uint64_t id);
  void advanceClockTo(std::int64_t timeMs);

  // ---- branches ----
  const std::vector<Branch>& branches() const { return branches_; }
  void switchBranch(std::size_t index);  // the current line becomes a branch in its place
  // The name the branch would get if `a` were done now, in the past: "before 'kill 3' at step
  // 1,204 (t=1.53 s)". The GUI shows it when it tells the user that acting forks.
  std::string forkName(const Action& a) const;
  bool inPast() const { return cursor_ < entries_.size(); }
  std::string describe(const Action& a) const;  // "kill 3", "deliver S1->S2 PROPOSAL 1:2", ...

  // ---- files ----
  // Actions that came from the scenario itself (0..setupLength()): the rest is the user's work.
  std::size_t setupLength() const { return setupLength_; }
  // A replay of another session (ui/replay_with_fixes): its user's actions stay the user's, so
  // that opening a file still asks before discarding them.
  void keepSetupLength(std::size_t n) { setupLength_ = std::min(n, entries_.size()); }
  // Replays the first n actions from the start, on a copy; calls `before` with the state just
  // before each one (saving a session as a scenario asks which message a delivery picked).
  void replay(std::size_t n, const std::function<void(std::size_t, const zab::sim::Simulation&)>& before) const;

  // ---- views ----
  const zab::sim::Simulation& sim() const { return sim_; }
  const zab::sim::Scenario& scenario() const { return scenario_; }
  std::vector<std::string> problems() const;  // everything reported up to the cursor
  std::size_t checkpointCount() const { return checkpoints_.size(); }

 private:
  struct Checkpoint {
    std::size_t at = 0;  // actions applied before this copy
    zab::sim::Simulation sim;
    zab::sim::InvariantChecker checker;
  };
  struct Applied {  // what performing one action gave
    std::optional<zab::sim::StepRecord> record;
    std::vector<std::string> problems;
  };

  Session() = default;
  bool append(Action a, std::string* error);
  void perform(const zab::sim::ScenarioCommand& cmd, std::vector<std::string>* problems);
  // Performs one action on `sim`; a checker judges the state after it (nullptr: not judged,
  // as in a replay, whose problems were stored when the action was first taken).
  Applied apply(const Action& a, zab::sim::Simulation& sim, zab::sim::InvariantChecker* checker) const;
  void store(std::size_t i, const Applied& r);  // fills entries_[i] and the side tables
  void redo(std::size_t i);                      // re-applies entries_[i] on sim_ (replay, not judged)
  void catchUpChecker();                         // makes checker_ judge up to the cursor
  void forkIfInPast(const Action& a);
  void truncateTo(std::size_t n);
  void maybeCheckpoint();
  void recordPeerChanges(std::size_t i);  // after appending entry i: what it changed
  void remember(std::size_t i, zab::sim::StepRecord&& rec) const;
  void forgetOldExplained() const;  // down to kExplainedCache, the oldest first
  std::uint32_t lineId(const std::string& line);
  static std::uint8_t intern(std::string_view s);

  zab::sim::Scenario scenario_;
  zab::sim::Simulation sim_;
  // The checker judges new actions only. A replay re-does actions judged when they were first
  // taken (their problems are stored), so it leaves the checker where it was: checker_ has
  // judged entries [0, checkedUpTo_) of this timeline, and is brought to the cursor from a
  // checkpoint before it judges again (catchUpChecker). kNotChecked: entries it judged changed.
  zab::sim::InvariantChecker checker_;
  static constexpr std::size_t kNotChecked = static_cast<std::size_t>(-1);
  std::size_t checkedUpTo_ = 0;
  std::vector<Entry> entries_;
  std::map<std::size_t, std::vector<std::string>> problems_;  // sparse: most actions have none
  std::map<std::size_t, std::vector<zab::sim::StepRecord::Milestone>> milestones_;
  std::vector<PeerChange> peerChanges_;
  std::vector<PeerChange> peersBefore_;  // scratch: the peers before the action being appended
  std::vector<std::string> lines_{std::string()};  // command lines by id (0: none)
  std::map<std::string, std::uint32_t> lineIds_;
  std::size_t cursor_ = 0;
  std::vector<Checkpoint> checkpoints_;  // sorted by `at`, the first at 0
  std::vector<Branch> branches_;
  std::size_t setupLength_ = 0;
  // Explained records, most recent last; bounded by kExplainedCache.
  mutable std::map<std::size_t, zab::sim::StepRecord> explained_;
  mutable std::deque<std::size_t> explainedOrder_;
  std::size_t explainOnJump_ = 0;
  JumpCost jumpCost_;
  // The words of entries [next, end) still to make (explainAhead): a replay from the checkpoint
  // at `from`, copied when the job first runs (a scrubbing user starts many and runs none).
  struct ExplainJob {
    std::size_t from = 0;
    std::size_t next = 0;
    std::size_t end = 0;
    std::optional<zab::sim::Simulation> sim;
  };
  mutable std::optional<ExplainJob> explainJob_;
  // The replay left where explained() last made words: the next miss just after it reads on from
  // there (a search asks for entry after entry) instead of replaying from a checkpoint again.
  struct Reader {
    std::size_t next = 0;  // the actions applied: sim is the state before entry `next`
    zab::sim::Simulation sim;
  };
  mutable std::optional<Reader> reader_;
  mutable std::size_t wordsReplayed_ = 0;
  const Checkpoint& checkpointAtOrBefore(std::size_t i) const;
  void queueExplainJob(std::size_t i) const;  // the rest of i's checkpoint segment
  // Replays entries [from, to) on `sim`, making and keeping the words of those not kept yet.
  void explainRange(zab::sim::Simulation& sim, std::size_t from, std::size_t to) const;
};

// The interned static strings behind Record::kind and Record::type.
std::string_view internedString(std::uint8_t id);

}  // namespace zabscope
