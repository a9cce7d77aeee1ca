#include "known_bug_fixes_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <set>
#include <string>

#include "flow_line.hpp"
#include "replay_with_fixes.hpp"
#include "theme.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

namespace {
// What each bug does, in the user's language (knownBugSummary is the engine's English).
std::string what(std::string_view bug, bool zh) {
  if (!zh) return std::string(zab::knownBugSummary(bug));
  if (bug == zab::kZk4785) return "Learner 在同步来的事务 fsync 之前就确认了 NEWLEADER，一次崩溃丢掉了它们";
  if (bug == zab::kZk2846) return "用被 SNAP 留下空洞的事务日志构造 DIFF 或 TRUNC";
  if (bug == zab::kZk1549) return "TRUNC 保留了比截断点更新的快照";
  if (bug == zab::kTruncKeepsNext) return "截断到日志里没有的 zxid 时，多留下了下一个事务（没有找到上游 issue）";
  if (bug == zab::kShutdownBeforeRunning)
    return "Learner 在 NEWLEADER 与 UPTODATE 之间失去 Leader，内存落后于自己的事务日志，用旧的 zxid 投票（3.8.0 的 shutdown 在 RUNNING 之前直接返回；没有找到上游 issue）";
  if (bug == zab::kZk2354) return "Learner 在 NEWLEADER 已写下新 epoch 的数据、还没写 currentEpoch 时停止，之后每次启动都因 epoch 不一致失败";
  if (bug == zab::kZk1558) return "Leader 在 Leader.lead 时给含有未提交事务的数据库拍了快照；之后被 SNAP 回退到更低的 zxid，重启时又加载了这个快照";
  if (bug == zab::kZk4394)
    return "在 NEWLEADER 与 UPTODATE 之间到达的 COMMIT 发现 packetsNotCommitted 已空：NullPointerException 中断了 Follower 的同步";
  if (bug == zab::kStaleAckAfterTrunc) return "提交时算上了一个 ACK，而那个事务已被 TRUNC 从该 Learner 的日志中删除（没有找到上游 issue）";
  return std::string(bug);
}
}  // namespace

void drawKnownBugFixes(AppState& app) {
  const bool zh = app.language == Language::Chinese;
  const auto& sim = app.session.sim();
  const zab::KnownBugFixes current = sim.timing().fixes;
  // The bugs this run has hit so far (a server or a txn they marked).
  std::set<std::string_view> hit;
  for (const auto& [sid, bug] : sim.registry().knownBugs) hit.insert(bug);
  for (const auto& [zxid, bug] : sim.registry().knownBugTxns) hit.insert(bug);
  for (std::string_view bug : sim.registry().livenessBugs) hit.insert(bug);

  wrappedTextDisabled(zh ? "引擎像 ZooKeeper 3.8.0 一样重现这些缺陷。勾选一项修复，会用同一个 seed 把这次运行从头重放一遍，并带上上游的修复。"
                         : "The engine reproduces these ZooKeeper 3.8.0 bugs as 3.8.0 has them. Tick a fix to replay "
                           "this run from the same seed with the upstream fix.");
  const bool locked = app.lesson.has_value();
  if (locked) wrappedTextDisabled(zh ? "课程进行中：课程的场景是固定的。" : "A lesson is running: its scenario is fixed.");
  if (locked) ImGui::BeginDisabled();
  for (std::string_view bug : knownBugNames()) {
    bool on = fixIsOn(current, bug);
    ImGui::PushID(bug.data());
    const std::string label = fmt::format("{} {}", zh ? "修复" : "fix", bug);
    if (ImGui::Checkbox(label.c_str(), &on)) {
      zab::KnownBugFixes next = current;
      setFix(next, bug, on);
      const std::string list = fixList(next);
      auto replay = [next, list, zh](AppState& st) {
        std::string error;
        auto replayed = replayWithFixes(st.session, next, st.scenarioFile, error);
        if (!replayed) {
          st.status = (zh ? "没有重放（会话未变）：" : "Not replayed (the session is unchanged): ") + error;
          return;
        }
        const std::size_t actions = replayed->length();
        st.session = std::move(*replayed);
        st.selection = {};
        st.playing = false;
        st.viewTimeMs = static_cast<double>(st.session.sim().now());
        const std::string how = list.empty() ? std::string(zh ? "不带修复" : "without fixes") : "fix=" + list;
        st.status = zh ? fmt::format("用 seed {} 重放了 {} 个动作，{}", st.session.sim().seed(), actions, how)
                       : fmt::format("replayed {} actions from seed {} {}", actions, st.session.sim().seed(),
                                     list.empty() ? how : "with " + how);
      };
      app.post([replay, list](AppState& s) {
        // The actions of this branch are replayed; only the other branches would be lost.
        if (s.session.branches().empty()) {
          replay(s);
          return;
        }
        s.discardRequest = AppState::Discard{
            list.empty() ? std::string("replay the run without fixes") : "replay the run with fix=" + list, replay,
            fmt::format("{} other branch{} (the actions of this one are replayed)", s.session.branches().size(),
                        s.session.branches().size() == 1 ? "" : "es")};
      });
    }
    if (hit.count(bug)) {
      // Beside the box when it fits; on its own line in a narrow pane (1280x720 at --scale 2).
      const char* hitLabel = zh ? "本次运行触发了它" : "hit in this run";
      sameLineIfFits(ImGui::CalcTextSize(hitLabel).x);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(inkColor(logCutColor(), panelColor())), "%s", hitLabel);
    }
    ImGui::Indent();
    wrappedTextDisabled(what(bug, zh));
    ImGui::Unindent();
    ImGui::PopID();
  }
  if (locked) ImGui::EndDisabled();
}

}  // namespace zabscope
