#include "cursor_caption.hpp"

#include <fmt/format.h>

#include "caption.hpp"

namespace zabscope {

std::string cursorCaption(const Session& session, Language lang) {
  const bool zh = lang == Language::Chinese;
  if (session.cursor() == 0)
    return zh ? "按右方向键或“下一步”单步执行；V 跳到下一次改票，P 跳到下一个阶段。"
              : "Press Right or Step to take one step; V jumps to the next vote change, P to the next phase.";
  return entryCaption(session, session.cursor() - 1, lang);
}

std::string entryCaption(const Session& session, std::size_t i, Language lang) {
  const bool zh = lang == Language::Chinese;
  if (const auto* rec = session.explained(i)) return captionFor(*rec, lang);
  const Action a = session.entries()[i].action();
  switch (a.kind) {
    case Action::Kind::Command:
      return zh ? "命令：" + session.line(a) : "Command: " + session.line(a);
    case Action::Kind::AdvanceClock:
      // "No more events until then", not "none happened": the Chinese said the latter (此前没有事件
      // 发生) while the lesson beside it told of the votes sent before.
      return zh ? fmt::format("时钟向前走到 {} ms：在那之前不会再有事件发生。", a.timeMs)
                : fmt::format("The clock runs on to {} ms: nothing more happens before then.", a.timeMs);
    case Action::Kind::Step: return zh ? "没有可执行的事件了。" : "Nothing is left to happen.";
    case Action::Kind::Deliver:
    case Action::Kind::Drop:
    case Action::Kind::Duplicate:
      return zh ? fmt::format("消息 #{} 已不在途中，什么也没发生。", a.id)
                : fmt::format("Message #{} was no longer in flight: nothing happened.", a.id);
  }
  return {};
}

std::string cursorProblemsCaption(const Session& session, Language lang) {
  if (session.cursor() == 0) return {};
  return problemsCaption(session.problems(session.cursor() - 1), lang);
}

std::string problemsCaption(const std::vector<std::string>& problems, Language lang) {
  if (problems.empty()) return {};
  const bool zh = lang == Language::Chinese;
  // The first report without its seed, and without the bug's long explanation (named below).
  std::string first = problems.front();
  if (const auto seed = first.rfind(" (seed "); seed != std::string::npos && first.back() == ')') first.erase(seed);
  std::string bug;
  for (const auto& p : problems)
    if (const auto m = knownBugMention(p)) {
      bug = m->name;
      break;
    }
  if (const auto at = first.find(" [known"); at != std::string::npos) first.erase(at);
  const std::size_t more = problems.size() - 1;
  if (zh)
    return fmt::format("此步破坏了安全性：{}{}{}", first, more ? fmt::format("（另有 {} 条）", more) : std::string(),
                       bug.empty() ? std::string("。") : fmt::format("。这是 ZooKeeper 3.8.0 的已知缺陷 {}。", bug));
  return fmt::format("Broken here: {}{}{}", first, more ? fmt::format(" (and {} more)", more) : std::string(),
                     bug.empty() ? std::string(".") : fmt::format(". Known ZooKeeper 3.8.0 bug {}.", bug));
}

}  // namespace zabscope
