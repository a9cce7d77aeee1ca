#pragma once
// The engine's run of a scenario and a real ensemble's run of the same scenario, one above the
// other on one time axis (issue 13: "the app can show the two timelines one above the other").
// The real run is the servers' logs that `zabsim real FILE --keep DIR` kept (or any logs of the
// same scenario); the engine's run is played here, fresh, from the scenario (engine_lanes.hpp).
// Both become lanes (lane_timeline.hpp); the axis is shared ms (compare_axis.hpp): each run's own
// time minus its anchor. Anchors: where the failover begins in each run (the first server that
// loses its leader goes LOOKING: the same rule on both, so a kill and a crash line up alike), or
// each run's beginning when asked or when a run has no failover. A cursor on the shared axis
// moves both halves. Read-only and headless: ui/comparison_view.cpp draws it.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare_axis.hpp"
#include "engine_lanes.hpp"
#include "imported_logs.hpp"
#include "lane_timeline.hpp"
#include "real/outcome_diff.hpp"
#include "sim/scenario.hpp"

namespace zabscope {

class Comparison {
 public:
  enum class Align { Failover, Start };
  enum class Side { Engine, Real };

  // Plays `scenario` on the engine and imports the logs (FILE, SID=FILE, or a folder: see
  // logSpecsIn). nullopt with file:line errors when the logs cannot be read or imported.
  static std::optional<Comparison> open(const zab::sim::Scenario& scenario, const std::vector<std::string>& logArgs,
                                        std::vector<std::string>& errors);
  // A folder as `zabsim real --keep DIR` leaves it (DIR/s<N>/zookeeper.log, as N=FILE) or as the
  // recorded fixtures are (DIR/*.log); a file as it is. Sorted; empty when the folder has none.
  static std::vector<std::string> logSpecsIn(const std::string& dirOrFile);
  // File > Compare with real logs picks one server's log: the run it belongs to (DIR for
  // DIR/s2/zookeeper.log, else the log's folder).
  static std::vector<std::string> logArgsForPicked(const std::string& path);

  const std::string& scenarioFile() const { return scenarioFile_; }
  const LaneTimeline& lanes(Side s) const { return s == Side::Engine ? engine_.lanes : real_; }
  const ImportedLogs& logs() const { return logs_; }
  std::vector<zab::Sid> servers() const;  // of both runs, ascending

  // ---- alignment ----
  Align align() const { return align_; }
  void setAlign(Align a);  // recomputes the anchors and resets the window
  // The run's own time that is 0 on the shared axis.
  std::int64_t anchor(Side s) const { return s == Side::Engine ? anchorEngine_ : anchorReal_; }
  bool failoverAligned() const { return align_ == Align::Failover && failover_[0] && failover_[1]; }
  // Why the two zeros are where they are, for the caption (`brief`: one short line, for a projector).
  std::string alignmentCaption(bool brief = false) const;

  // ---- the failover on each run (own times) ----
  std::optional<std::int64_t> failoverStart(Side s) const { return failover_[s == Side::Engine ? 0 : 1]; }
  std::optional<NewLeader> newLeader(Side s) const { return leader_[s == Side::Engine ? 0 : 1]; }
  // ms from the failover's start to the new leader (nullopt without either).
  std::optional<std::int64_t> electionMs(Side s) const;
  // "Failover, engine / real: election 205 ms / 252 ms (real +47 ms); new leader S3 / S3; epoch 2 / 2".
  // `brief`: "engine / real: election 205 / 252 ms, leader S3 / S3, epoch 2 / 2" (a projector).
  std::string failoverSummary(bool brief = false) const;

  // ---- the cursor (shared ms) ----
  std::int64_t cursorMs() const { return cursor_; }
  std::int64_t firstMs() const { return times_.empty() ? 0 : times_.front(); }
  std::int64_t lastMs() const { return times_.empty() ? 0 : times_.back(); }
  void jumpToMs(std::int64_t t) { cursor_ = std::clamp(t, firstMs(), lastMs()); }
  bool stepForward();  // to the next instant something happens in either run
  bool stepBack();
  std::size_t stepIndex() const;  // how many instants are at or before the cursor
  std::size_t stepCount() const { return times_.size(); }
  // Each run at the cursor.
  std::optional<LaneState> stateAt(Side s, zab::Sid sid) const {
    return lanes(s).stateAt(sid, toOwn(cursor_, anchor(s)));
  }
  std::optional<zab::Sid> leaderAt(Side s) const { return lanes(s).leaderAt(toOwn(cursor_, anchor(s))); }

  // ---- the outcomes (the end of each run), as `zabsim compare` compares them ----
  const nlohmann::json& engineOutcome() const { return engine_.outcome; }
  const nlohmann::json& realOutcome() const { return realOutcome_; }
  const std::vector<real::OutcomeRow>& rows() const { return rows_; }
  // The differences of fields both sides know (the logs do not show znodes or committed writes).
  const std::vector<real::OutcomeDifference>& differences() const { return diffs_; }
  const std::vector<std::string>& engineFailures() const { return engine_.failures; }
  // How a row of the table reads: the same, unknown on one side (the logs do not show it), a
  // difference wall-clock timing explains, or one the scenario determines.
  enum class Verdict { Same, Unknown, Expected, Differs };
  Verdict verdict(const real::OutcomeRow& row) const;

  AxisWindow window;  // what the view shows of the shared axis

 private:
  void alignAndIndex();

  std::string scenarioFile_;
  EngineLanes engine_;
  ImportedLogs logs_;
  LaneTimeline real_;
  nlohmann::json realOutcome_;
  std::vector<real::OutcomeRow> rows_;
  std::vector<real::OutcomeDifference> diffs_;
  Align align_ = Align::Failover;
  std::optional<std::int64_t> failover_[2];
  std::optional<NewLeader> leader_[2];
  std::int64_t anchorEngine_ = 0, anchorReal_ = 0;
  std::vector<std::int64_t> times_;  // shared ms of every instant of both runs, ascending
  std::int64_t cursor_ = 0;
};

}  // namespace zabscope
