// Clock skew between servers' logs, from the matched messages: a receipt cannot come before its
// send. Each pair (send at X, log time tx; receipt at Y, log time ty) says
//     off[X] - off[Y] <= ty - tx + slack
// a system of difference constraints. Bellman-Ford from a virtual source (0 to every server)
// gives the offsets closest to zero that satisfy all of them, or finds a negative cycle when
// they contradict each other. When no pair breaks the rule with zero offsets, nothing moves.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "import_steps.hpp"

namespace zabscope::real {

void estimateClockOffsets(ImportedTimeline& t) {
  for (Sid s : t.servers) t.clockOffsetMs[s] = 0;
  struct Edge {
    Sid from, to;  // off[to] <= off[from] + w
    std::int64_t w;
  };
  std::vector<Edge> edges;
  std::int64_t worst = 0;
  const ImportedEvent* worstSend = nullptr;
  const ImportedEvent* worstReceipt = nullptr;
  std::set<Sid> linked;
  for (const auto& m : t.messages) {
    const auto& s = t.events[m.send];
    const auto& r = t.events[m.receive];
    if (s.server == r.server) continue;
    linked.insert(s.server);
    linked.insert(r.server);
    const std::int64_t w = r.logTimeMs - s.logTimeMs + kSkewSlackMs;
    edges.push_back({r.server, s.server, w});
    if (s.logTimeMs - r.logTimeMs > worst) {
      worst = s.logTimeMs - r.logTimeMs;
      worstSend = &s;
      worstReceipt = &r;
    }
  }
  if (worst <= kSkewSlackMs) return;  // every receipt follows its send: the clocks agree well enough

  std::map<Sid, std::int64_t> dist;
  for (Sid s : t.servers) dist[s] = 0;
  bool changed = true;
  for (std::size_t round = 0; round <= t.servers.size() && changed; ++round) {
    changed = false;
    for (const auto& e : edges)
      if (dist[e.from] + e.w < dist[e.to]) {
        dist[e.to] = dist[e.from] + e.w;
        changed = true;
      }
  }
  const std::string example =
      fmt::format("S{} receives at {}:{} a message S{} sends {} ms later ({}:{})", worstReceipt->server,
                  worstReceipt->source.file, worstReceipt->source.line, worstSend->server, worst,
                  worstSend->source.file, worstSend->source.line);
  if (changed) {
    // A negative cycle: the pairs contradict each other; no offsets put every receipt after its send.
    t.ownLanes = true;
    t.warnings.push_back({"clock skew", 0,
                          example + "; the matched messages contradict each other, so no clock correction "
                                    "fits: each server keeps its own times (own lanes)"});
    return;
  }
  // Anchor: the server whose correction is smallest keeps its clock (add the same to all).
  std::int64_t anchor = std::numeric_limits<std::int64_t>::min();
  for (const auto& [s, d] : dist) anchor = std::max(anchor, d);
  for (auto& [s, d] : dist) t.clockOffsetMs[s] = d - anchor;
  std::string moved;
  for (const auto& [s, d] : t.clockOffsetMs)
    if (d != 0) moved += fmt::format("{}S{} {:+} ms", moved.empty() ? "" : ", ", s, d);
  t.warnings.push_back({"clock skew", 0, example + "; clocks corrected from the matched messages: " + moved});
  for (Sid s : t.servers)
    if (!linked.count(s)) {
      t.ownLanes = true;
      t.warnings.push_back({t.files[s], 0,
                            fmt::format("S{}'s clock cannot be checked: none of its messages is matched in another "
                                        "log, so its times are its own (own lane)",
                                        s)});
    }
}

}  // namespace zabscope::real
