#include "cut_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "sim/network.hpp"

namespace zabscope {

CutSummary summarizeCuts(const zab::sim::Network& network, const std::vector<zab::Sid>& servers) {
  CutSummary out;
  const auto& cut = network.cutLinks();
  if (cut.empty()) return out;
  // Groups: servers joined by links that deliver both ways (union-find over the sids).
  std::map<zab::Sid, zab::Sid> parent;
  for (zab::Sid s : servers) parent[s] = s;
  const auto find = [&](zab::Sid s) {
    while (parent[s] != s) s = parent[s] = parent[parent[s]];
    return s;
  };
  for (zab::Sid a : servers)
    for (zab::Sid b : servers)
      if (a < b && network.reachable(a, b) && network.reachable(b, a)) parent[find(a)] = find(b);
  std::map<zab::Sid, std::vector<zab::Sid>> byRoot;
  for (zab::Sid s : servers) byRoot[find(s)].push_back(s);
  if (byRoot.size() > 1) {
    for (auto& [root, members] : byRoot) out.groups.push_back(members);
    std::sort(out.groups.begin(), out.groups.end());
  }
  // What the groups do not explain: a cut inside a group, or one direction between two groups
  // whose other direction delivers.
  for (const auto& [from, to] : cut) {
    const bool across = byRoot.size() > 1 && find(from) != find(to);
    const bool bothWays = cut.count({to, from}) > 0;
    if (across && bothWays) continue;
    out.oneWay.emplace_back(from, to);
  }
  return out;
}

std::string cutSummaryText(const CutSummary& s, bool zh) {
  if (s.none()) return zh ? "没有被切断的链路" : "no link is cut";
  std::string text;
  if (!s.groups.empty()) {
    text = zh ? "分区 " : "partition ";
    for (std::size_t i = 0; i < s.groups.size(); ++i) {
      text += i ? " | {" : "{";
      for (std::size_t k = 0; k < s.groups[i].size(); ++k) text += fmt::format("{}{}", k ? "," : "", s.groups[i][k]);
      text += "}";
    }
  }
  if (!s.oneWay.empty()) {
    if (!text.empty()) text += zh ? "；" : "; ";
    text += zh ? "单向切断 " : "one way: ";
    for (std::size_t i = 0; i < s.oneWay.size(); ++i)
      text += fmt::format("{}S{} -> S{}", i ? ", " : "", s.oneWay[i].first, s.oneWay[i].second);
  }
  return text;
}

}  // namespace zabscope
