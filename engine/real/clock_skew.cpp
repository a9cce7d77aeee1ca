// Clock skew between servers' logs, from the matched messages: a receipt cannot come before its
// send. Each pair (send at X, time tx; receipt at Y, time ty) says
//     off[X] - off[Y] <= ty - tx + slack
// a system of difference constraints. Bellman-Ford from a virtual source (0 to every server)
// gives the offsets closest to zero that satisfy all of them, or finds a negative cycle when
// they contradict each other. When no pair breaks the rule, nothing moves.
//
// Which send a receipt pairs with depends on the clocks when identical notifications repeat, so
// the pairs are made twice: first strictly in each sender's order (no clock trusted), then, with
// the clocks that pass found, by time.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "import_steps.hpp"

namespace zabscope::real {

SkewFinding estimateClockOffsets(ImportedTimeline& t) {
  SkewFinding out;
  auto correctedMs = [&](const ImportedEvent& e) { return e.logTimeMs + t.clockOffsetMs[e.server]; };
  struct Edge {
    Sid from, to;  // off[to] <= off[from] + w
    std::int64_t w;
  };
  std::vector<Edge> edges;
  std::int64_t worst = 0;
  for (const auto& m : t.messages) {
    // The earliest moment the log allows for the send (the own copy can lag the frames).
    const auto& s = t.events[m.sentAfter];
    const auto& r = t.events[m.receive];
    if (s.server == r.server) continue;
    edges.push_back({r.server, s.server, correctedMs(r) - correctedMs(s) + kSkewSlackMs});
    if (correctedMs(s) - correctedMs(r) > worst) {
      worst = correctedMs(s) - correctedMs(r);
      out.example = fmt::format("S{} receives at {}:{} a message S{} sends {} ms later ({}:{})", r.server,
                                r.source.file, r.source.line, s.server, worst, s.source.file, s.source.line);
    }
  }
  if (worst <= kSkewSlackMs) return out;  // every receipt follows its send: the clocks agree well enough

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
  if (changed) {
    out.status = SkewFinding::Status::Contradiction;
    return out;
  }
  // Anchor: the servers needing no correction keep their clocks.
  std::int64_t anchor = std::numeric_limits<std::int64_t>::min();
  for (const auto& [s, d] : dist) anchor = std::max(anchor, d);
  for (const auto& [s, d] : dist) t.clockOffsetMs[s] += d - anchor;
  out.status = SkewFinding::Status::Corrected;
  return out;
}

void matchAndCorrectClocks(ImportedTimeline& t) {
  for (Sid s : t.servers) t.clockOffsetMs[s] = 0;
  matchMessages(t, false);
  const SkewFinding first = estimateClockOffsets(t);
  if (first.status == SkewFinding::Status::Contradiction) {
    for (auto& [s, o] : t.clockOffsetMs) o = 0;  // the strict order misled; let the clocks pair them
  }
  matchMessages(t, true);
  const SkewFinding second = estimateClockOffsets(t);
  const bool corrected = first.status == SkewFinding::Status::Corrected || second.status == SkewFinding::Status::Corrected;
  if (second.status == SkewFinding::Status::Contradiction) {
    for (auto& [s, o] : t.clockOffsetMs) o = 0;
    t.ownLanes = true;
    t.warnings.push_back({"clock skew", 0,
                          second.example + "; the matched messages contradict each other, so no clock correction "
                                           "fits: each server keeps its own times (own lanes)"});
    return;
  }
  if (!corrected) return;
  std::string moved;
  for (const auto& [s, d] : t.clockOffsetMs)
    if (d != 0) moved += fmt::format("{}S{} {:+} ms", moved.empty() ? "" : ", ", s, d);
  const std::string& example = first.status == SkewFinding::Status::Corrected ? first.example : second.example;
  t.warnings.push_back({"clock skew", 0, example + "; clocks corrected from the matched messages: " + moved});
  // A server no matched message links cannot be corrected: its times are its own.
  std::set<Sid> linked;
  for (const auto& m : t.messages) {
    linked.insert(t.events[m.send].server);
    linked.insert(t.events[m.receive].server);
  }
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
