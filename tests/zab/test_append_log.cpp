// AppendLog: the persistent append-only sequence that checkpoints share.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/zxid_map.hpp"
#include "zab/append_log.hpp"
#include "zab/zxid.hpp"

using zab::AppendLog;
using zab::makeZxid;

namespace {
std::vector<int> items(const AppendLog<int>& log) { return std::vector<int>(log.begin(), log.end()); }
AppendLog<int> upTo(int n) {
  AppendLog<int> log;
  for (int i = 1; i <= n; ++i) log.push_back(i);
  return log;
}
}  // namespace

TEST_CASE("append log: reads like a vector", "[append_log]") {
  AppendLog<int> log;
  CHECK(log.empty());
  CHECK(log.begin() == log.end());
  log = upTo(5);
  CHECK(log.size() == 5);
  CHECK(log.front() == 1);
  CHECK(log.back() == 5);
  CHECK(log[2] == 3);
  CHECK(items(log) == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(std::lower_bound(log.begin(), log.end(), 4) - log.begin() == 3);
  CHECK(std::lower_bound(log.begin(), log.end(), 9) == log.end());
  CHECK(log.end() - log.begin() == 5);
  CHECK(*(log.end() - 1) == 5);
  CHECK(log.begin()[1] == 2);
  AppendLog<int> braced{1, 2, 3, 4, 5};
  CHECK(braced == log);
  AppendLog<int> other{1, 2, 3};
  CHECK_FALSE(other == log);
}

TEST_CASE("append log: a copy shares, and appending to one leaves the other as it was", "[append_log]") {
  AppendLog<int> live = upTo(3);
  AppendLog<int> checkpoint = live;  // O(1)
  CHECK(live.shareCount() == 2);
  live.push_back(4);
  live.push_back(5);
  CHECK(items(checkpoint) == std::vector<int>{1, 2, 3});
  CHECK(items(live) == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(live.shareCount() == 2);  // still one buffer
  CHECK(live.extends(checkpoint));
  CHECK_FALSE(checkpoint.extends(live));
}

TEST_CASE("append log: a replay from a checkpoint keeps sharing", "[append_log]") {
  AppendLog<int> live = upTo(3);
  AppendLog<int> checkpoint = live;
  for (int i = 4; i <= 10; ++i) live.push_back(i);
  AppendLog<int> later = live;
  live = checkpoint;  // rewind
  for (int i = 4; i <= 7; ++i) live.push_back(i);  // the same values again
  CHECK(items(live) == std::vector<int>{1, 2, 3, 4, 5, 6, 7});
  CHECK(live.shareCount() == 3);  // live, checkpoint, later: one buffer
  CHECK(later.extends(live));
  CHECK(live.extends(checkpoint));
  CHECK(items(later) == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
}

TEST_CASE("append log: a different value behind the end copies - the others keep theirs", "[append_log]") {
  AppendLog<int> live = upTo(3);
  AppendLog<int> checkpoint = live;
  for (int i = 4; i <= 6; ++i) live.push_back(i);
  AppendLog<int> future = live;
  live = checkpoint;
  live.push_back(4);   // shared
  live.push_back(50);  // diverges: a buffer of its own
  live.push_back(60);
  CHECK(items(live) == std::vector<int>{1, 2, 3, 4, 50, 60});
  CHECK(items(future) == std::vector<int>{1, 2, 3, 4, 5, 6});
  CHECK(items(checkpoint) == std::vector<int>{1, 2, 3});
  CHECK(live.shareCount() == 1);
  CHECK_FALSE(live.extends(checkpoint));  // another buffer, although equal in value
  CHECK(future.extends(checkpoint));
  CHECK(checkpoint.shareCount() == 2);
}

TEST_CASE("append log: a sole owner diverging or truncating reuses its buffer", "[append_log]") {
  AppendLog<int> log = upTo(6);
  log.truncate(2);
  CHECK(items(log) == std::vector<int>{1, 2});
  log.push_back(7);
  CHECK(items(log) == std::vector<int>{1, 2, 7});
  CHECK(log.shareCount() == 1);
  log.truncate(10);  // longer than it is: nothing
  CHECK(log.size() == 3);
}

TEST_CASE("append log: truncate then append while shared", "[append_log]") {
  AppendLog<int> live = upTo(5);
  AppendLog<int> checkpoint = live;
  live.truncate(3);
  CHECK(items(live) == std::vector<int>{1, 2, 3});
  CHECK(items(checkpoint) == std::vector<int>{1, 2, 3, 4, 5});
  live.push_back(4);  // equal to what is there: shares
  CHECK(live.shareCount() == 2);
  live.push_back(9);  // differs: copies
  CHECK(items(live) == std::vector<int>{1, 2, 3, 4, 9});
  CHECK(items(checkpoint) == std::vector<int>{1, 2, 3, 4, 5});
  live.truncate(0);
  CHECK(live.empty());
  CHECK(checkpoint.size() == 5);
}

TEST_CASE("append log: copies are independent values", "[append_log]") {
  AppendLog<std::string> a;
  a.push_back("x");
  AppendLog<std::string> b = a;
  AppendLog<std::string> c = a;
  b.push_back("b");
  c.push_back("c");  // behind the buffer's end, different from "b": c copies
  CHECK(a.size() == 1);
  CHECK(b.back() == "b");
  CHECK(c.back() == "c");
  b.clear();
  CHECK(b.empty());
  CHECK(a.back() == "x");
  CHECK(c.size() == 2);
  std::vector<std::string> v{"p", "q"};
  c.assign(v);
  CHECK(c.toVector() == v);
  CHECK(a.size() == 1);
  CHECK(a == AppendLog<std::string>{"x"});
}

TEST_CASE("zxid map: a lookup by zxid with std::map's emplace and assignment semantics", "[append_log]") {
  zab::sim::ZxidMap<std::uint64_t> m;
  CHECK_FALSE(m.find(makeZxid(1, 1)));
  CHECK(m.insert(makeZxid(1, 1), 11));
  CHECK(m.insert(makeZxid(1, 2), 12));
  CHECK(m.insert(makeZxid(2, 1), 21));
  CHECK_FALSE(m.insert(makeZxid(1, 1), 99));  // the first one stays
  CHECK(m.find(makeZxid(1, 1)) == 11u);
  CHECK(m.find(makeZxid(1, 2)) == 12u);
  CHECK(m.find(makeZxid(2, 1)) == 21u);
  CHECK_FALSE(m.find(makeZxid(1, 3)));
  CHECK_FALSE(m.find(makeZxid(3, 1)));
  CHECK(m.overflowSize() == 0);
  m.assign(makeZxid(1, 2), 12);  // the same value: nothing to do
  CHECK(m.overflowSize() == 0);
  m.assign(makeZxid(1, 2), 120);  // the newest wins
  CHECK(m.find(makeZxid(1, 2)) == 120u);
  CHECK(m.insert(makeZxid(2, 5), 25));
  CHECK(m.insert(makeZxid(2, 3), 23));  // behind the epoch's last counter
  CHECK(m.find(makeZxid(2, 3)) == 23u);
  CHECK(m.find(makeZxid(2, 5)) == 25u);
  CHECK_FALSE(m.find(makeZxid(2, 4)));
  CHECK(m.overflowSize() == 2);
  // Negative zxids (epoch -1, zxid rollover tests) are keys like any other.
  CHECK(m.insert(makeZxid(-1, 7), 7));
  CHECK(m.find(makeZxid(-1, 7)) == 7u);
  // A copy is a value.
  auto copy = m;
  m.assign(makeZxid(2, 1), 0);
  m.insert(makeZxid(2, 9), 29);
  CHECK(copy.find(makeZxid(2, 1)) == 21u);
  CHECK_FALSE(copy.find(makeZxid(2, 9)));
  CHECK(m.find(makeZxid(2, 9)) == 29u);
}

TEST_CASE("zxid map: a lookup by counter finds the same entries when a leader skipped counters", "[append_log]") {
  zab::sim::ZxidMap<std::uint64_t> m;
  for (std::int64_t c : {1, 2, 5, 6, 9}) CHECK(m.insert(makeZxid(3, c), static_cast<std::uint64_t>(30 + c)));
  for (std::int64_t c : {1, 2, 5, 6, 9}) CHECK(m.find(makeZxid(3, c)) == static_cast<std::uint64_t>(30 + c));
  for (std::int64_t c : {0, 3, 4, 7, 8, 10}) CHECK_FALSE(m.find(makeZxid(3, c)));
  // An epoch that starts past counter 1 (a new leader's log begins where it begins).
  for (std::int64_t c : {7, 8, 9}) CHECK(m.insert(makeZxid(4, c), static_cast<std::uint64_t>(40 + c)));
  for (std::int64_t c : {7, 8, 9}) CHECK(m.find(makeZxid(4, c)) == static_cast<std::uint64_t>(40 + c));
  for (std::int64_t c : {1, 6, 10}) CHECK_FALSE(m.find(makeZxid(4, c)));
  CHECK(m.overflowSize() == 0);
}

TEST_CASE("append log: forgetFront keeps indices and frees the front when nobody else holds it", "[append_log]") {
  AppendLog<int> log = upTo(10);
  log.forgetFront(4);
  CHECK(log.size() == 10);  // every element ever appended is still counted
  CHECK(log.firstKept() == 4);
  CHECK(log.keptSize() == 6);
  CHECK(log.front() == 5);
  CHECK(log[9] == 10);
  CHECK(items(log) == std::vector<int>{5, 6, 7, 8, 9, 10});
  log.forgetFront(2);  // already forgotten: nothing changes
  CHECK(log.firstKept() == 4);
  log.push_back(11);
  CHECK(log[10] == 11);
  log.truncate(6);
  CHECK(items(log) == std::vector<int>{5, 6});
  log.truncate(2);  // into the forgotten part: nothing is left
  CHECK(log.size() == 2);
  CHECK(log.keptSize() == 0);
  log.push_back(3);
  CHECK(log[2] == 3);
  CHECK(items(log) == std::vector<int>{3});
  log.clear();
  log.push_back(1);
  CHECK(log.firstKept() == 0);
  CHECK(log[0] == 1);
}

TEST_CASE("append log: forgetting leaves a checkpoint's elements, and stops pinning them once they outweigh the rest",
          "[append_log]") {
  AppendLog<int> live = upTo(8);
  AppendLog<int> checkpoint = live;
  live.forgetFront(3);  // 3 forgotten, 5 kept: still one shared buffer
  CHECK(live.shareCount() == 2);
  CHECK(items(checkpoint) == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8});
  live.forgetFront(5);  // 5 forgotten >= 3 kept: a buffer of its own holding only 6..8
  CHECK(live.shareCount() == 1);
  CHECK(checkpoint.shareCount() == 1);
  CHECK(items(live) == std::vector<int>{6, 7, 8});
  CHECK(items(checkpoint) == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8});
  live.push_back(9);
  CHECK(live[8] == 9);
  CHECK(checkpoint.size() == 8);
  // A rewind to the checkpoint and a replay: the checkpoint's buffer is shared again.
  AppendLog<int> again = checkpoint;
  again.push_back(9);
  CHECK(again.shareCount() == 2);
  CHECK(again.size() == 9);
}

TEST_CASE("append log: a long run that forgets as it goes holds a bounded buffer", "[append_log]") {
  AppendLog<int> live;
  std::vector<AppendLog<int>> checkpoints;
  for (int i = 0; i < 100000; ++i) {
    live.push_back(i);
    if (i % 1000 == 999) live.forgetFront(live.size() - 500);
    if (i % 4096 == 0 && checkpoints.size() < 4) checkpoints.push_back(live);
  }
  CHECK(live.size() == 100000);
  CHECK(live.keptSize() == 500);
  CHECK(live.front() == 99500);
  CHECK(items(checkpoints.back()).size() == checkpoints.back().keptSize());
}
