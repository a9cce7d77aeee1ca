// zab::Fifo, the engine's queue (a vector with a moving head): the deque operations the engine
// and its views use, in deque order, through compaction, moves and copies.
#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "zab/fifo.hpp"

namespace {
template <class T>
std::vector<T> items(const zab::Fifo<T>& f) {
  return std::vector<T>(f.begin(), f.end());
}
}  // namespace

TEST_CASE("fifo: behaves as a deque through pushes, pops at both ends and compaction", "[fifo]") {
  zab::Fifo<int> f;
  std::deque<int> d;
  CHECK(f.empty());
  // A long run that never drains: the head moves far, the queue compacts, the order holds.
  for (int i = 0; i < 1000; ++i) {
    f.push_back(i);
    d.push_back(i);
    if (i % 3 == 0 && !d.empty()) {
      f.pop_front();
      d.pop_front();
    }
    if (i % 7 == 0 && !d.empty()) {  // popping an empty deque is undefined: so it is here
      f.pop_back();
      d.pop_back();
    }
    if (i % 11 == 0) {
      f.push_front(-i);
      d.push_front(-i);
    }
    REQUIRE(f.size() == d.size());
    if (d.empty()) continue;
    REQUIRE(f.front() == d.front());
    REQUIRE(f.back() == d.back());
  }
  CHECK(items(f) == std::vector<int>(d.begin(), d.end()));
  // Now it drains faster than it fills: the head passes the live items, and the queue compacts.
  for (int i = 0; d.size() > 2; ++i) {
    f.push_back(1000 + i);
    d.push_back(1000 + i);
    for (int k = 0; k < 2; ++k) {
      f.pop_front();
      d.pop_front();
    }
    REQUIRE(f.size() == d.size());
    REQUIRE(f.front() == d.front());
    REQUIRE(f.back() == d.back());
  }
  CHECK(items(f) == std::vector<int>(d.begin(), d.end()));
  for (std::size_t i = 0; i < d.size(); ++i) REQUIRE(f[i] == d[i]);
  while (!d.empty()) {
    REQUIRE(f.front() == d.front());
    f.pop_front();
    d.pop_front();
  }
  CHECK(f.empty());
  CHECK(f.size() == 0);
}

TEST_CASE("fifo: a moved-from queue is empty and usable, a copy is a snapshot", "[fifo]") {
  zab::Fifo<std::string> f;
  f.push_back("a");
  f.push_back("b");
  f.push_back("c");
  f.pop_front();  // the head has moved: a move must not carry it over to the emptied source
  zab::Fifo<std::string> copy = f;
  zab::Fifo<std::string> moved = std::move(f);
  CHECK(items(moved) == std::vector<std::string>{"b", "c"});
  CHECK(f.empty());  // NOLINT(bugprone-use-after-move): a deque's moved-from state, on purpose
  CHECK(f.size() == 0);
  f.emplace_back("d");
  CHECK(items(f) == std::vector<std::string>{"d"});
  moved.push_back("e");
  CHECK(items(copy) == std::vector<std::string>{"b", "c"});
  zab::Fifo<std::string> assigned;
  assigned.push_back("x");
  assigned = std::move(moved);
  CHECK(items(assigned) == std::vector<std::string>{"b", "c", "e"});
  CHECK(moved.empty());  // NOLINT(bugprone-use-after-move)
}

TEST_CASE("fifo: erase and insert by position, as the harness's drop and duplicate do", "[fifo]") {
  zab::Fifo<int> f;
  for (int i = 0; i < 5; ++i) f.push_back(i);
  f.pop_front();                       // 1 2 3 4
  f.erase(f.begin() + 1);              // 1 3 4
  f.insert(f.begin() + 1, 7);          // 1 7 3 4
  CHECK(items(f) == std::vector<int>{1, 7, 3, 4});
  while (!f.empty()) f.erase(f.begin());
  CHECK(f.empty());
  f.push_back(9);
  CHECK(f.front() == 9);
  CHECK(f.back() == 9);
  f.pop_back();
  CHECK(f.empty());
}

// A checkpoint copies every queue, and a restore assigns it back: the copy holds the items
// alone, not the taken slots before the head (its own head starts at 0, also when assigned
// over a queue whose head had moved), and goes on as the original does.
TEST_CASE("fifo: a copy holds only the items after the head and behaves as the original", "[fifo]") {
  zab::Fifo<std::string> f;
  f.reserve(32);
  for (int i = 0; i < 20; ++i) f.push_back("item " + std::to_string(i));
  for (int i = 0; i < 12; ++i) (void)f.takeFront();  // 12 taken slots stay before the head
  REQUIRE(f.size() == 8);

  zab::Fifo<std::string> copy = f;
  CHECK(items(copy) == items(f));

  zab::Fifo<std::string> assigned;
  for (int i = 0; i < 50; ++i) assigned.push_back("old");
  for (int i = 0; i < 45; ++i) assigned.pop_front();
  assigned = f;
  CHECK(items(assigned) == items(f));

  // The same operations on the original and on both copies give the same queues.
  for (auto* q : {&f, &copy, &assigned}) {
    q->push_back("new");
    q->pop_front();
    q->push_front("front");
  }
  CHECK(items(copy) == items(f));
  CHECK(items(assigned) == items(f));
  CHECK(f.front() == "front");
  CHECK(f.back() == "new");
}
