// IndexedMap: a std::map with a dense index by key. Assigning a map with the same keys (a
// restore of the live simulation's peers from a checkpoint) assigns each value in place; other
// keys rebuild it. Either way every key is found, and found where iteration finds it.
#include <catch2/catch.hpp>

#include <string>

#include "sim/indexed_map.hpp"

namespace {
using Map = zab::sim::IndexedMap<long, std::string, 4096>;

bool foundInPlace(Map& m) {
  for (auto& [id, v] : m)
    if (m.find(id) != &v) return false;
  return true;
}
}  // namespace

TEST_CASE("indexed map: assignment with the same keys assigns in place, other keys rebuild the index", "[indexed_map]") {
  Map live;
  live.insert(1, "live 1");
  live.insert(2, "live 2");
  live.insert(7000, "live 7000");  // beyond the dense index: found through the map
  std::string* one = live.find(1);

  Map checkpoint;
  checkpoint.insert(1, "cp 1");
  checkpoint.insert(2, "cp 2");
  checkpoint.insert(7000, "cp 7000");
  live = checkpoint;
  CHECK(live.find(1) == one);  // the same node, its value assigned
  CHECK(*live.find(1) == "cp 1");
  CHECK(*live.find(7000) == "cp 7000");
  CHECK(foundInPlace(live));
  *live.find(2) = "changed";
  CHECK(*checkpoint.find(2) == "cp 2");  // the source is untouched

  Map other;
  other.insert(2, "other 2");
  other.insert(3, "other 3");
  live = other;
  CHECK(live.find(1) == nullptr);
  CHECK(*live.find(3) == "other 3");
  CHECK(live.map().size() == 2);
  CHECK(foundInPlace(live));
}
