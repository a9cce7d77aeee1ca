#include "quorum_verifier.hpp"

#include <fmt/format.h>

namespace zab {

namespace {
// QuorumServer.delimitedHostString: an IPv6 literal is written in brackets so the ':' that
// separate the ports stay unambiguous.
std::string delimitedHost(const std::string& host) {
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}
}  // namespace

std::string QuorumServer::addressString() const {
  std::string s = fmt::format("{}:{}:{}:{}", delimitedHost(host), quorumPort, electionPort, to_string(type));
  if (clientPort >= 0 && !clientAddrFromStatic) s += fmt::format(";{}:{}", delimitedHost(clientHost), clientPort);
  return s;
}

const QuorumVerifier::Body& QuorumVerifier::emptyBody() {
  static const Body empty;  // as a default-constructed verifier always was: no text either
  return empty;
}

QuorumVerifier QuorumVerifier::majority(const std::vector<QuorumServer>& servers, std::int64_t version) {
  auto b = std::make_shared<Body>();
  b->version_ = version;
  for (const auto& s : servers) {
    b->servers_[s.id] = s;
    if (s.type == LearnerType::PARTICIPANT) b->voters_.insert(s.id);
  }
  b->finish();
  QuorumVerifier qv;
  qv.body_ = std::move(b);
  return qv;
}

void QuorumVerifier::Body::finish() {
  votingList_.assign(voters_.begin(), voters_.end());
  text_ = makeText();
}

QuorumVerifier QuorumVerifier::hierarchical(const std::vector<QuorumServer>& servers,
                                            const std::map<std::int64_t, std::vector<Sid>>& groups,
                                            const std::map<Sid, std::int64_t>& weights, std::int64_t version) {
  auto b = std::make_shared<Body>(*majority(servers, version).body_);
  b->hierarchical_ = true;
  b->groups_ = groups;
  for (const auto& [gid, members] : groups) {
    std::int64_t total = 0;
    for (Sid sid : members) {
      b->serverGroup_[sid] = gid;
      auto w = weights.find(sid);
      std::int64_t weight = w == weights.end() ? 1 : w->second;
      b->weights_[sid] = weight;
      total += weight;
    }
    b->groupWeight_[gid] = total;
  }
  // computeGroupWeight: groups of total weight 0 do not count towards numGroups.
  b->numGroups_ = 0;
  for (const auto& [gid, total] : b->groupWeight_)
    if (total != 0) ++b->numGroups_;
  b->finish();
  QuorumVerifier qv;
  qv.body_ = std::move(b);
  return qv;
}

std::int64_t QuorumVerifier::weight(Sid sid) const {
  const Body& b = d();
  if (!b.hierarchical_) return 1;
  auto it = b.weights_.find(sid);
  return it == b.weights_.end() ? 1 : it->second;
}

template <class Sids>
bool QuorumVerifier::containsQuorumIn(const Sids& ackSet) const {
  const Body& b = d();
  if (!b.hierarchical_) {
    // QuorumMaj: half = votingMembers/2 (integer division); need strictly more.
    std::size_t count = 0;
    for (Sid sid : ackSet)
      if (isVoter(sid)) ++count;  // a binary search of the sorted voter list, not a walk of the set
    return count > b.voters_.size() / 2;
  }
  if (ackSet.empty()) return false;
  std::map<std::int64_t, std::int64_t> expansion;  // group id -> weight of acked members
  for (Sid sid : ackSet) {
    auto g = b.serverGroup_.find(sid);
    if (g == b.serverGroup_.end()) continue;
    expansion[g->second] += weight(sid);
  }
  std::int64_t majGroupCounter = 0;
  for (const auto& [gid, sum] : expansion) {
    if (sum > b.groupWeight_.at(gid) / 2) ++majGroupCounter;
  }
  return majGroupCounter > b.numGroups_ / 2;
}

bool QuorumVerifier::containsQuorum(const std::set<Sid>& ackSet) const { return containsQuorumIn(ackSet); }
bool QuorumVerifier::containsQuorumOf(const SidSet& ackSet) const { return containsQuorumIn(ackSet); }

std::vector<Sid> QuorumVerifier::observingMembers() const {
  std::vector<Sid> out;
  for (const auto& [sid, s] : d().servers_)
    if (s.type == LearnerType::OBSERVER) out.push_back(sid);
  return out;
}

std::string QuorumVerifier::Body::makeText() const {
  std::string out;
  for (const auto& [sid, s] : servers_) out += fmt::format("server.{}={}\n", sid, s.addressString());
  if (hierarchical_) {
    for (const auto& [gid, members] : groups_) {
      out += fmt::format("group.{}=", gid);
      for (std::size_t i = 0; i < members.size(); ++i) out += fmt::format("{}{}", i ? ":" : "", members[i]);
      out += "\n";
    }
    for (const auto& [sid, w] : weights_) out += fmt::format("weight.{}={}\n", sid, w);
  }
  out += fmt::format("version={:x}", version_);
  return out;
}

}  // namespace zab
