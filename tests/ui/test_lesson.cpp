// Lessons: a broken file names its line and problem; the player gates Next on the checks,
// and Back rewinds the simulation to where the previous step began.
#include <catch2/catch.hpp>

#include "lesson.hpp"
#include "lesson_files.hpp"

using namespace zabscope;

namespace {
const char* kLesson = R"(title.en: T
title.zh: 标题
goals.en: G
goals.zh: 目标
scenario:
  ensemble participants=3
  seed 7
  latency 2..6
end
step:
  text.en: start one
  text.zh: 启动一台
  auto: start 1
  expect: state 1=LOOKING
end
step:
  text.en: start the others
  text.zh: 启动其余
  do: start 2 3
  do: run until=stable max=10000
  expect: leader=3
end
)";

// kLesson started on its own session, on step 1.
std::pair<LessonRun, Session> startSample() {
  auto p = parseLesson(kLesson, "t.lesson");
  REQUIRE(p.lesson);
  std::vector<std::string> errors;
  auto started = LessonRun::start(*p.lesson, errors);
  REQUIRE(started);
  return std::move(*started);
}
}  // namespace

TEST_CASE("lesson: a broken lesson names its file, line and problem") {
  auto p = parseLesson("title.en: T\ntitle.zh: t\ngoals.en: g\ngoals.zh: g\nscenario:\n  ensemble participants=3\nend\n"
                       "step:\n  text.en: a\n  text.zh: b\n  do: kill 9\n  colour: red\nend\n",
                       "bad.lesson");
  REQUIRE_FALSE(p.lesson);
  REQUIRE(p.errors.size() == 2u);
  auto has = [&](const std::string& prefix) {
    for (const auto& e : p.errors)
      if (e.str().rfind(prefix, 0) == 0) return true;
    return false;
  };
  CHECK(has("bad.lesson:11: expected a server id of the ensemble"));  // kill 9
  CHECK(has("bad.lesson:12: unknown step key 'colour'"));
  auto noEnd = parseLesson("title.en: T\nscenario:\n  ensemble participants=3\n", "x.lesson");
  REQUIRE_FALSE(noEnd.lesson);
  CHECK(noEnd.errors.front().str().find("never closed") != std::string::npos);
}

TEST_CASE("lesson: Next waits for the checks and Back rewinds to the previous step") {
  auto p = parseLesson(kLesson, "t.lesson");
  REQUIRE(p.lesson);
  auto [run, s] = startSample();
  CHECK(run.unmetChecks(s).empty());
  REQUIRE(run.next(s));
  CHECK_FALSE(run.unmetChecks(s).empty());  // nothing done yet: no leader
  CHECK_FALSE(run.next(s));
  CHECK(run.performAction(s).empty());
  CHECK(run.unmetChecks(s).empty());
  CHECK(s.sim().leader() == zab::Sid{3});
  REQUIRE(run.back(s));
  CHECK(run.stepIndex() == 0);
  CHECK_FALSE(s.sim().slot(2)->alive);  // the simulation is back where step 1 began
  CHECK(s.sim().slot(1)->alive);
  CHECK(checkLesson(*p.lesson).empty());
}

TEST_CASE("lesson: the list reads part 1 before part 2, whatever the punctuation after a shared name", "[lesson]") {
  // "02-startup-election-part2-together" sorted before "02-startup-election" by whole path.
  const std::vector<std::string> files = lessonFilesInOrder(std::string(ZABSCOPE_SOURCE_DIR) + "/lessons");
  auto at = [&](const std::string& name) {
    for (std::size_t i = 0; i < files.size(); ++i)
      if (files[i].size() >= name.size() && files[i].compare(files[i].size() - name.size(), name.size(), name) == 0) return i;
    FAIL("no " << name);
    return files.size();
  };
  CHECK(at("/02-startup-election.lesson") < at("/02-startup-election-part2-together.lesson"));
  CHECK(at("/01-roles-and-states.lesson") < at("/02-startup-election.lesson"));
  CHECK(at("/10-odd-sizes-and-split-brain.lesson") < at("/10-odd-sizes-part2-four-servers.lesson"));
}

TEST_CASE("lesson: Do it for me runs a step's actions once, and Replay step allows them again", "[lesson]") {
  // A second press wrote /k a second time, and the step's text ("its own last zxid, 1:1") no
  // longer matched the cards (1:2): a teacher's double click lost the thread of the lesson.
  auto [run, s] = startSample();
  REQUIRE(run.next(s));
  CHECK_FALSE(run.actionDone());
  CHECK(run.performAction(s).empty());
  CHECK(run.actionDone());
  const std::size_t length = s.length();
  const auto again = run.performAction(s);
  REQUIRE(again.size() == 1u);
  CHECK(again.front().find("done already") != std::string::npos);
  CHECK(s.length() == length);  // nothing ran
  run.replayStep(s);  // back where the step began (in the past: doing it again is a fork, confirmed)
  CHECK_FALSE(run.actionDone());
  CHECK(run.performAction(s, true).empty());
  CHECK(s.sim().leader() == zab::Sid{3});
}

TEST_CASE("lesson: the articles' marker is a heading, not the text's first sentence", "[lesson]") {
  const auto en = articlesHeading("The articles say / ZooKeeper does. The leader PINGs its learners.");
  REQUIRE(en);
  CHECK(en->first == "The articles say / ZooKeeper does");
  CHECK(en->second == "The leader PINGs its learners.");
  const auto zh = articlesHeading("文章说 / ZooKeeper 实际这样做。Leader 向 Learner 发 PING。");
  REQUIRE(zh);
  CHECK(zh->first == "文章说 / ZooKeeper 实际这样做");
  CHECK(zh->second == "Leader 向 Learner 发 PING。");
  CHECK_FALSE(articlesHeading("Kill the leader's process."));
}
