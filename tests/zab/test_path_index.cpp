// zab::PathIndex (DataTree's nodes by path) against a std::map: after every insert and erase it
// finds exactly the paths the map holds, through probe runs that wrap around the table and
// erases that move the rest of a run back. A fixed seed: the same operations every run.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "zab/path_index.hpp"

namespace {

using Map = std::map<std::string, int>;

bool agrees(const Map& m, const zab::PathIndex<Map::const_iterator>& index, int keys) {
  for (int k = 0; k < keys; ++k) {
    const std::string path = "/k" + std::to_string(k);
    const auto inMap = m.find(path);
    const auto* inIndex = index.find(path);
    if ((inMap == m.end()) != (inIndex == nullptr)) return false;
    if (inIndex && *inIndex != inMap) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("PathIndex finds what the map holds through inserts and erases") {
  std::uint64_t state = 42;
  auto next = [&state] {  // splitmix64: a fixed sequence of operations
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  for (const int keys : {1, 7, 64, 300}) {
    Map m;
    zab::PathIndex<Map::const_iterator> index;
    for (int op = 0; op < 4000; ++op) {
      const std::string path = "/k" + std::to_string(next() % static_cast<std::uint64_t>(keys));
      const auto it = m.find(path);
      if (next() % 2 == 0) {
        if (it == m.end()) {
          const auto made = m.emplace(path, op).first;
          index.insert(made->first, made);
        }
      } else if (it != m.end()) {
        index.erase(it->first);
        m.erase(it);
      }
      if (op % 50 == 0) REQUIRE(agrees(m, index, keys));
    }
    REQUIRE(agrees(m, index, keys));
    index.clear();
    CHECK(index.find("/k0") == nullptr);
  }
}
