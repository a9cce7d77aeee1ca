// zab::FlatMap / FlatSet (the election transport's and FLE's per-peer tables) against std::map
// and std::set: the same contents in the same order through inserts, finds, erases and clears,
// and a first insert that makes room for a small ensemble at once.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "zab/flat_map.hpp"

namespace {
template <class K, class V>
std::vector<std::pair<K, V>> items(const zab::FlatMap<K, V>& m) {
  return {m.begin(), m.end()};
}
template <class K, class V>
std::vector<std::pair<K, V>> items(const std::map<K, V>& m) {
  return {m.begin(), m.end()};
}
}  // namespace

TEST_CASE("flat map: behaves as std::map through inserts, lookups and erases in any key order", "[flat_map]") {
  zab::FlatMap<std::int64_t, int> f;
  std::map<std::int64_t, int> m;
  std::uint64_t x = 12345;  // a fixed pseudo-random walk over keys -20..79
  for (int i = 0; i < 5000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::int64_t key = static_cast<std::int64_t>((x >> 33) % 100) - 20;
    switch ((x >> 20) % 6) {
      case 0: f[key] = i; m[key] = i; break;
      case 1: {
        auto [fi, ff] = f.try_emplace(key, i);
        auto [mi, mf] = m.try_emplace(key, i);
        REQUIRE(ff == mf);
        REQUIRE(fi->second == mi->second);
        break;
      }
      case 2: REQUIRE(f.erase(key) == m.erase(key)); break;
      case 3: {
        auto fi = f.find(key);
        auto mi = m.find(key);
        REQUIRE((fi == f.end()) == (mi == m.end()));
        if (fi != f.end()) {
          REQUIRE(fi->second == mi->second);
          f.erase(fi);
          m.erase(mi);
        }
        break;
      }
      case 4: {
        REQUIRE(f.count(key) == m.count(key));
        if (m.count(key)) REQUIRE(f.at(key) == m.at(key));
        else REQUIRE_THROWS_AS(f.at(key), std::out_of_range);
        break;
      }
      default:
        if (i % 500 == 5) {
          f.clear();
          m.clear();
        }
    }
    REQUIRE(f.size() == m.size());
  }
  CHECK(items(f) == items(m));
}

TEST_CASE("flat map: the first insert makes room for a small ensemble's peers", "[flat_map]") {
  zab::FlatMap<std::int64_t, int> f;
  f[3] = 1;
  const int* first = &f.at(3);
  for (std::int64_t sid = 4; sid < 3 + static_cast<std::int64_t>(zab::kFirstCapacity); ++sid) f[sid] = 1;
  CHECK(&f.at(3) == first);  // no reallocation up to kFirstCapacity entries
  zab::FlatMap<std::int64_t, int> copy = f;
  CHECK(copy == f);
  copy[1] = 2;
  CHECK_FALSE(copy == f);
  CHECK(copy.begin()->first == 1);  // kept in key order
}

TEST_CASE("flat set: behaves as std::set", "[flat_map]") {
  zab::FlatSet<std::int64_t> f;
  std::set<std::int64_t> s;
  for (std::int64_t k : {5, 1, 9, 1, 3, 7, 5, -2}) {
    CHECK(f.insert(k) == s.insert(k).second);
  }
  CHECK(f.erase(9) == s.erase(9));
  CHECK(f.erase(100) == s.erase(100));
  CHECK(std::vector<std::int64_t>(f.begin(), f.end()) == std::vector<std::int64_t>(s.begin(), s.end()));
  CHECK(f.count(3) == 1);
  CHECK(f.count(4) == 0);
}

TEST_CASE("flat map: integer keys narrow the search, correct at the extremes and in sparse or dense runs", "[flat_map]") {
  // searchRange bounds a key's position by arithmetic on the first and last keys: check every
  // lookup against std::map over dense sids, sparse sids, negative and extreme keys.
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  const std::vector<std::vector<std::int64_t>> layouts = {
      {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},         // an ensemble's sids, all present
      {1, 2, 3, 5, 6, 7, 8, 9, 10, 11},        // all but our own
      {2, 9, 10, 40, 41, 1000},                // sparse
      {lo, -5, -1, 0, 7, hi},                  // extremes
      {lo, lo + 1, hi - 1, hi},
      {42},
  };
  for (const auto& keys : layouts) {
    zab::FlatMap<std::int64_t, int> f;
    std::map<std::int64_t, int> m;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      f[keys[keys.size() - 1 - i]] = static_cast<int>(i);  // inserted from the back: middle inserts
      m[keys[keys.size() - 1 - i]] = static_cast<int>(i);
    }
    std::vector<std::int64_t> probes = {lo, lo + 1, lo + 2, -6, -2, 0, 1, 4, 8, 11, 12, 39, 999, 1001, hi - 2, hi - 1, hi};
    for (std::int64_t k : keys) {
      probes.push_back(k);
      if (k != lo) probes.push_back(k - 1);
      if (k != hi) probes.push_back(k + 1);
    }
    for (std::int64_t k : probes) {
      auto fi = f.lower_bound(k);
      auto mi = m.lower_bound(k);
      REQUIRE((fi == f.end()) == (mi == m.end()));
      if (mi != m.end()) REQUIRE(fi->first == mi->first);
      REQUIRE(f.count(k) == m.count(k));
    }
    zab::FlatMap<std::uint64_t, int> u;  // unsigned keys (connection ids), up to the largest
    std::set<std::uint64_t> us;
    for (std::int64_t k : keys) {
      u[static_cast<std::uint64_t>(k)] = 1;
      us.insert(static_cast<std::uint64_t>(k));
    }
    for (std::int64_t k : probes) REQUIRE(u.count(static_cast<std::uint64_t>(k)) == us.count(static_cast<std::uint64_t>(k)));
    zab::FlatSet<std::int64_t> fs;
    for (std::int64_t k : keys) fs.insert(k);
    for (std::int64_t k : probes) REQUIRE(fs.count(k) == m.count(k));
  }
}
