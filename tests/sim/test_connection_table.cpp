// The simulation's connection table: dense by id, in id order, and a connection held by
// reference stays put while later connections are added (a peer dials while the harness holds
// the connection it is delivering on). A copy (a checkpoint) is independent and keeps that.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/connection_table.hpp"

namespace {
struct Conn {
  int value = 0;
  std::string text;
};
}  // namespace

TEST_CASE("connection table: ids in order, found by id, references stable as it grows", "[connection_table]") {
  zab::sim::ConnectionTable<std::uint64_t, Conn> t;
  CHECK(t.find(1) == nullptr);
  Conn& first = t.insert(1, Conn{10, "one"});
  for (std::uint64_t id = 2; id <= 500; ++id) t.insert(id, Conn{static_cast<int>(id) * 10, std::to_string(id)});
  CHECK(&first == t.find(1));  // never moved
  CHECK(first.text == "one");
  CHECK(t.size() == 500);
  CHECK(t.find(0) == nullptr);
  CHECK(t.find(501) == nullptr);
  CHECK(t.at(250).value == 2500);
  CHECK_THROWS_AS(t.at(999), std::out_of_range);
  CHECK_THROWS_AS(t.insert(502, Conn{}), std::logic_error);  // a gap
  std::vector<std::uint64_t> ids;
  for (auto& [id, c] : t) {
    CHECK(c.value == static_cast<int>(id) * 10);
    ids.push_back(id);
  }
  REQUIRE(ids.size() == 500);
  CHECK(ids.front() == 1);
  CHECK(ids.back() == 500);

  zab::sim::ConnectionTable<std::uint64_t, Conn> copy = t;
  Conn& held = copy.at(500);
  for (std::uint64_t id = 501; id <= 700; ++id) copy.insert(id, Conn{1, "more"});
  CHECK(&held == copy.find(500));  // a copy's chunks have their full room too
  copy.at(1).text = "changed";
  CHECK(t.at(1).text == "one");  // the original is untouched
  CHECK(t.size() == 500);
  t = copy;
  CHECK(t.size() == 700);
  CHECK(t.at(1).text == "changed");
}

// A restore assigns a checkpoint to the live table: the connections both have are assigned in
// place, and the live table may hold more (a jump back) or fewer (a jump forward) than it.
TEST_CASE("connection table: assigning keeps the entries both have in place, drops or adds the rest", "[connection_table]") {
  using Table = zab::sim::ConnectionTable<std::uint64_t, Conn>;
  auto make = [](std::uint64_t first, std::uint64_t last, const std::string& tag) {
    Table t;
    for (std::uint64_t id = first; id <= last; ++id) t.insert(id, Conn{static_cast<int>(id), tag + std::to_string(id)});
    return t;
  };
  auto matches = [](Table& t, std::uint64_t first, std::uint64_t last, const std::string& tag) {
    std::uint64_t expect = first;
    for (auto& [id, c] : t) {
      if (id != expect || c.value != static_cast<int>(id) || c.text != tag + std::to_string(id)) return false;
      ++expect;
    }
    return expect == last + 1 && t.size() == last - first + 1;
  };

  SECTION("the live table has more: the tail goes, across a chunk boundary") {
    Table live = make(1, 200, "live");
    Conn* kept = live.find(3);
    const Table checkpoint = make(1, 70, "cp");
    live = checkpoint;
    CHECK(matches(live, 1, 70, "cp"));
    CHECK(live.find(3) == kept);  // assigned in place, not rebuilt
    CHECK(live.find(71) == nullptr);
    live.insert(71, Conn{71, "cp71"});  // and it grows again from there
    CHECK(matches(live, 1, 71, "cp"));
  }
  SECTION("the live table has fewer: the checkpoint's extra connections are added") {
    Table live = make(1, 63, "live");
    const Table checkpoint = make(1, 130, "cp");
    live = checkpoint;
    CHECK(matches(live, 1, 130, "cp"));
    Conn& held = live.at(130);
    live.insert(131, Conn{131, "cp131"});
    CHECK(&held == live.find(130));  // the added chunks have their full room
  }
  SECTION("another first id, or an empty side: a plain copy") {
    Table live = make(5, 40, "live");
    live = make(1, 10, "cp");
    CHECK(matches(live, 1, 10, "cp"));
    live = Table{};
    CHECK(live.size() == 0);
    CHECK(live.find(1) == nullptr);
    live = make(2, 3, "cp");
    CHECK(matches(live, 2, 3, "cp"));
  }
}
