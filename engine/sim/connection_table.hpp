#pragma once
// Every simulated TCP connection by id, in id order, found in O(1) (indexed_map.hpp).
#include "indexed_map.hpp"

namespace zab::sim {

template <class Key, class C>
using ConnectionTable = IndexedMap<Key, C>;

}  // namespace zab::sim
