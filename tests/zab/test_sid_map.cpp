// zab::SidMap (FLE's and the election transport's per-peer tables, laid out by sid) against
// std::map: the same contents in the same order through inserts in any order, finds, erases and
// clears, in dense slots and, for sparse or extreme sids, in its sorted fallback.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "zab/sid_map.hpp"

namespace {
void walk(int range, std::uint64_t seed) {
  zab::SidMap<int> f;
  std::map<zab::Sid, int> m;
  std::uint64_t x = seed;
  for (int i = 0; i < 60000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    zab::Sid key = static_cast<zab::Sid>((x >> 33) % static_cast<std::uint64_t>(range)) - 3;
    if ((x >> 50) % 97 == 0)  // now and then an extreme sid, which forces the sorted fallback
      key = (x >> 52) % 2 ? std::numeric_limits<zab::Sid>::min() + static_cast<zab::Sid>((x >> 40) % 3)
                          : std::numeric_limits<zab::Sid>::max() - static_cast<zab::Sid>((x >> 40) % 3);
    switch ((x >> 20) % 6) {
      case 0: f[key] = i; m[key] = i; break;
      case 1: {
        auto [fi, ff] = f.try_emplace(key, i);
        auto [mi, mf] = m.try_emplace(key, i);
        REQUIRE(ff == mf);
        REQUIRE(fi->first == key);
        REQUIRE(fi->second == mi->second);
        break;
      }
      case 2: REQUIRE(f.erase(key) == m.erase(key)); break;
      case 3: {
        auto fi = f.find(key);
        auto mi = m.find(key);
        REQUIRE((fi == f.end()) == (mi == m.end()));
        if (fi != f.end()) {
          auto nf = f.erase(fi);
          auto nm = m.erase(mi);
          REQUIRE((nf == f.end()) == (nm == m.end()));
          if (nm != m.end()) REQUIRE(nf->first == nm->first);
        }
        break;
      }
      case 4:
        REQUIRE(f.count(key) == m.count(key));
        if (m.count(key)) REQUIRE(f.at(key) == m.at(key));
        else REQUIRE_THROWS_AS(f.at(key), std::out_of_range);
        break;
      default:
        if (i % 3000 == 5) {
          f.clear();
          m.clear();
        }
    }
    REQUIRE(f.size() == m.size());
    if (i % 997 == 0) {
      REQUIRE(std::vector<std::pair<zab::Sid, int>>(f.begin(), f.end()) ==
              std::vector<std::pair<zab::Sid, int>>(m.begin(), m.end()));
      const zab::SidMap<int> copy = f;
      REQUIRE(copy == f);
    }
  }
}
}  // namespace

TEST_CASE("sid map: behaves as std::map through inserts in any order, lookups, erases and clears", "[sid_map]") {
  walk(10, 1);     // a small ensemble's sids, some negative
  walk(120, 2);    // a large ensemble's
  walk(5000, 3);   // sparse: the sorted fallback
}

TEST_CASE("sid map: an ensemble's sids in random order stay in sid order and a new round reuses the slots", "[sid_map]") {
  zab::SidMap<int> f;
  for (zab::Sid s : {57, 3, 101, 1, 44, 2}) f[s] = static_cast<int>(s);
  std::vector<zab::Sid> order;
  for (const auto& [sid, v] : f) order.push_back(sid);
  CHECK(order == std::vector<zab::Sid>{1, 2, 3, 44, 57, 101});
  f.clear();
  CHECK(f.empty());
  CHECK(f.begin() == f.end());
  f[9] = 1;
  CHECK(f.size() == 1);
  CHECK(f.begin()->first == 9);
  CHECK(f.count(57) == 0);
}
