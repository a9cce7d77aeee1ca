// zab::VoteTally (FLE's running count of recvset's votes per key) against a std::map of counts:
// the same count for every key through adds, removes, growth past its first table and clears.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>

#include "zab/vote_tally.hpp"

TEST_CASE("vote tally: counts as a map of counts does, through growth and new rounds", "[vote_tally]") {
  zab::VoteTally t;
  std::map<zab::VoteTally::Key, std::size_t> m;
  std::uint64_t x = 99;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    // Up to 300 distinct leaders (more than one table holds), a few zxids and epochs.
    const zab::VoteTally::Key key{static_cast<std::int64_t>((x >> 33) % 300) - 1, static_cast<std::int64_t>((x >> 20) % 3),
                                  static_cast<std::int64_t>((x >> 24) % 2), static_cast<std::int64_t>((x >> 28) % 2)};
    if ((x >> 40) % 3 != 0 || m[key] == 0) {
      t.add(key);
      ++m[key];
    } else {
      t.remove(key);
      --m[key];
    }
    REQUIRE(t.count(key) == m[key]);
    if (i % 5000 == 4999) {  // a new round
      t.clear();
      m.clear();
    }
  }
  for (const auto& [key, n] : m) CHECK(t.count(key) == n);
  CHECK(t.count({12345, 0, 0, 0}) == 0);
  zab::VoteTally empty;
  CHECK(empty.count({1, 0, 0, 0}) == 0);
}
