// Predict-then-reveal questions, the recap, `until` (Do it for me stops at the step's event),
// no silent fork, and the progress remembered between runs.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <utility>

#include "lesson.hpp"
#include "lesson_progress.hpp"

using namespace zabscope;

namespace {
const char* kHead = R"(title.en: T
title.zh: 标题
goals.en: G
goals.zh: 目标
recap.en: Votes compare epoch, zxid, id.
recap.zh: 选票依次比较 epoch、zxid、id。
scenario:
  ensemble participants=3
  seed 7
  latency 2..6
end
)";

// Step 1 asks a multiple-choice question (choices 1 and 3 right); step 2 asks which peer
// leads, checked against the engine.
const char* kSteps = R"(step:
  text.en: start one
  text.zh: 启动一台
  question.en: Which are true?
  question.zh: 哪些是对的?
  choice.en: S1 votes for itself
  choice.zh: S1 投给自己
  choice.en: S1 leads alone
  choice.zh: S1 独自成为 Leader
  why.en: One server of three is no majority.
  why.zh: 三台中的一台不是多数。
  choice.en: S1 stays LOOKING
  choice.zh: S1 保持 LOOKING
  answer: 1, 3
  do: start 1
  do: run 100
  expect: alive 1=true
end
step:
  text.en: start the others
  text.zh: 启动其余
  question.en: Who will lead?
  question.zh: 谁会成为 Leader?
  why.en: The largest id wins among equal histories.
  why.zh: 历史相同时 id 最大者胜出。
  answer: peer leader
  do: start 2 3
  do: run until=stable max=10000
  expect: leader=3
end
)";

LessonParse parse(const std::string& steps) { return parseLesson(std::string(kHead) + steps, "q.lesson"); }

// kHead + steps parsed and started: the run on step 1 and its fresh Session (the run keeps its
// own copy of the lesson). Fails the test case if the steps do not parse or do not start.
std::pair<LessonRun, Session> startLesson(const std::string& steps) {
  auto p = parse(steps);
  REQUIRE(p.lesson);
  std::vector<std::string> errors;
  auto started = LessonRun::start(*p.lesson, errors);
  REQUIRE(started);
  return std::move(*started);
}

bool hasError(const LessonParse& p, const std::string& prefix) {
  for (const auto& e : p.errors)
    if (e.str().rfind(prefix, 0) == 0) return true;
  return false;
}
}  // namespace

TEST_CASE("lesson questions: choices, peer questions and the recap parse") {
  auto p = parse(kSteps);
  REQUIRE(p.lesson);
  CHECK(p.lesson->recap.en == "Votes compare epoch, zxid, id.");
  CHECK(p.lesson->recap.zh == "选票依次比较 epoch、zxid、id。");
  const auto& q = *p.lesson->steps[0].question;
  CHECK(q.kind == LessonQuestion::Kind::Choice);
  REQUIRE(q.choices.size() == 3u);
  CHECK(q.choices[0].correct);
  CHECK_FALSE(q.choices[1].correct);
  CHECK(q.choices[2].correct);
  CHECK(q.choices[1].why.zh == "三台中的一台不是多数。");
  const auto& peer = *p.lesson->steps[1].question;
  CHECK(peer.kind == LessonQuestion::Kind::Peer);
  CHECK_FALSE(peer.peer);  // the engine's leader
  CHECK(peer.why.en == "The largest id wins among equal histories.");
}

TEST_CASE("lesson questions: bad questions name file:line") {
  // A wrong choice without why, an answer out of range, a peer that is not a server, a
  // choice.zh before any choice, a question without answer.
  auto p = parse(R"(step:
  text.en: a
  text.zh: b
  question.en: Q?
  question.zh: 问?
  choice.zh: 孤儿
  choice.en: yes
  choice.zh: 是
  choice.en: no
  choice.zh: 否
  answer: 1,4
end
step:
  text.en: a
  text.zh: b
  question.en: Q?
  question.zh: 问?
  why.en: w
  why.zh: w
  answer: peer 9
end
step:
  text.en: a
  text.zh: b
  question.en: Q?
end
)");
  REQUIRE_FALSE(p.lesson);
  const int base = 11;  // kHead has 11 lines
  auto at = [&](int line, const std::string& what) { return hasError(p, fmt::format("q.lesson:{}: {}", base + line, what)); };
  CHECK(at(6, "'choice.zh' before any 'choice.en'"));
  CHECK(at(9, "choice 2 is wrong, so it needs why.en and why.zh"));
  CHECK(at(11, "answer: choice 4 does not exist; there are 2 choices"));
  CHECK(at(20, "answer: S9 is not a server of the ensemble"));
  CHECK(at(25, "a question needs 'answer:'"));
  auto junk = parse("step:\n  text.en: a\n  text.zh: b\n  question.en: Q\n  question.zh: 问\n  answer: two\nend\n");
  CHECK(hasError(junk, "q.lesson:17: answer: expects choice numbers"));
}

TEST_CASE("lesson questions: the gate waits for an answer and a wrong answer explains itself") {
  auto [run, s] = startLesson(kSteps);
  CHECK(run.awaitingAnswer());
  CHECK_FALSE(run.performAction(s).empty());  // "answer the question first"
  CHECK(s.length() == s.setupLength());       // and nothing ran

  // Wrong: picks choice 2; its why is shown, in both languages.
  const LessonAnswer& wrong = run.answer(s, {1});
  CHECK_FALSE(wrong.right);
  CHECK(wrong.feedback.en.find("One server of three is no majority.") != std::string::npos);
  CHECK(wrong.feedback.zh.find("三台中的一台不是多数。") != std::string::npos);
  CHECK_FALSE(run.awaitingAnswer());  // any answer opens the gate
  // Only one of the two right choices: not right, and says something is missing.
  const LessonAnswer& partial = run.answer(s, {0});
  CHECK_FALSE(partial.right);
  CHECK(partial.feedback.en.find("missing") != std::string::npos);
  CHECK(run.answer(s, {2, 0}).right);

  CHECK(run.performAction(s).empty());
  REQUIRE(run.next(s));

  // The peer question: the right peer is the one the engine elects, found on a copy.
  const std::size_t before = s.length();
  CHECK(run.correctPicks(s) == std::vector<int>{3});
  CHECK(s.length() == before);
  const LessonAnswer& wrongPeer = run.answer(s, {1});
  CHECK_FALSE(wrongPeer.right);
  CHECK(wrongPeer.feedback.en.find("largest id") != std::string::npos);
  CHECK(run.answer(s, {3}).right);
  CHECK(run.answer(s, {3}).feedback.zh.find("答对了") != std::string::npos);
}

TEST_CASE("lesson questions: Do it for me stops at the until event and goes on after") {
  auto [run, s] = startLesson(R"(step:
  text.en: start all
  text.zh: 全部启动
  until: S3 decides LEADING
  do: start 1 2 3
  do: run until=stable max=10000
  do: write 1 /a x
  do: run 200
  expect: committed_writes=1
end
)");
  CHECK(run.performAction(s).empty());
  REQUIRE(run.actionPaused());
  CHECK(eventMatches(run.stoppedAt(), "S3 decides LEADING"));
  CHECK(s.sim().committedWrites() == 0);  // stopped before the write
  CHECK(run.performAction(s).empty());
  CHECK_FALSE(run.actionPaused());
  CHECK(run.unmetChecks(s).empty());
}

TEST_CASE("lesson questions: Do it for me never forks silently") {
  auto [run, s] = startLesson(R"(step:
  text.en: start all
  text.zh: 全部启动
  do: start 1 2 3
  do: run 300
  expect: alive 1=true
end
)");
  CHECK(run.performAction(s).empty());
  s.jumpTo(s.setupLength());  // before the start: acting now would fork
  REQUIRE(s.inPast());
  const auto branches = s.branches().size();
  auto refused = run.performAction(s);
  REQUIRE(refused.size() == 1u);
  CHECK(refused[0].find("fork") != std::string::npos);
  CHECK(s.branches().size() == branches);
  CHECK(run.performAction(s, true).empty());  // confirmed: forks, the old future kept as a branch
  CHECK(s.branches().size() == branches + 1);
}

TEST_CASE("lesson questions: eventMatches wants the pattern's words in order") {
  CHECK(eventMatches("deliver S2->S1 TRUNC 1:3", "S1 TRUNC"));
  CHECK_FALSE(eventMatches("deliver S2->S1 TRUNC 1:3", "TRUNC S1"));
  CHECK(eventMatches("anything", ""));
}

TEST_CASE("lesson progress: remembered between runs, never lowered, bad lines skipped") {
  const std::string store = (std::filesystem::temp_directory_path() / "zabscope-progress-test/lesson-progress").string();
  std::filesystem::remove_all(std::filesystem::path(store).parent_path());
  {
    LessonProgress p(store);
    p.load();
    CHECK(p.get("02-startup-election").reached == 0u);
    CHECK(p.record("02-startup-election", 2, false));
    CHECK(p.record("02-startup-election", 1, false));  // Back does not forget
    CHECK(p.record("05-the-leader-dies", 6, true));
  }
  {
    std::ofstream junk(store, std::ios::app);
    junk << "garbage line\n03-x\tnot-a-number\topen\n";
  }
  LessonProgress again(store);
  again.load();
  CHECK(again.get("02-startup-election").reached == 2u);
  CHECK_FALSE(again.get("02-startup-election").done);
  CHECK(again.get("05-the-leader-dies").done);
  CHECK(again.get("03-x").reached == 0u);
  std::filesystem::remove_all(std::filesystem::path(store).parent_path());
}

TEST_CASE("lesson questions: happened wants the event since the step began, not a state from before") {
  auto [run, s] = startLesson(R"(step:
  text.en: start all
  text.zh: 全部启动
  do: start 1 2 3
  do: run until=stable max=10000
  happened: S3 decides LEADING
end
step:
  text.en: nothing new
  text.zh: 没有新事件
  do: run 10
  happened: S3 decides LEADING
end
)");
  REQUIRE(run.unmetChecks(s).size() == 1u);
  CHECK(run.unmetChecks(s)[0].find("happened: no event since the step began matches 'S3 decides LEADING'") !=
        std::string::npos);
  CHECK(run.performAction(s).empty());
  CHECK(run.unmetChecks(s).empty());
  REQUIRE(run.next(s));
  // S3 became leader in step 1: step 2's check does not count it.
  CHECK(run.performAction(s).empty());
  CHECK(run.unmetChecks(s).size() == 1u);
}
