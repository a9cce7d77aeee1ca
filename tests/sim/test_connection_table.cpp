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
