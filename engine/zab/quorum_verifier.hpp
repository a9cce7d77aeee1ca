#pragma once
// QuorumVerifier: who votes and what counts as a quorum. Both ZooKeeper flavours are one
// value type here (QuorumMaj and QuorumHierarchical), so an ensemble snapshot is a plain copy.
// A verifier never changes once built, so copies share one immutable body: every peer holds
// one, and copying it must not copy the server list and the config text.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search_range.hpp"
#include "sid_set.hpp"
#include "types.hpp"

namespace zab {

// QuorumPeer.QuorumServer: one "server.N=host:quorumPort:electionPort:type;clientHost:clientPort" line.
struct QuorumServer {
  Sid id = 0;
  std::string host = "127.0.0.1";
  int quorumPort = 0;
  int electionPort = 0;
  LearnerType type = LearnerType::PARTICIPANT;
  std::string clientHost = "0.0.0.0";
  int clientPort = -1;  // -1: no client part
  // isClientAddrFromStatic: the client address came from the static clientPort /
  // clientPortAddress, not from this server line. ZooKeeper serves on it but never writes it
  // into the config text.
  bool clientAddrFromStatic = false;

  // QuorumServer.toString: "127.0.0.1:2888:3888:participant;0.0.0.0:2181" (the "server.N="
  // line without its prefix); the ";client" part only when the server line gave one.
  std::string addressString() const;
};

class QuorumVerifier {
 public:
  QuorumVerifier() = default;

  // QuorumMaj: a quorum is more than half of the voting members.
  static QuorumVerifier majority(const std::vector<QuorumServer>& servers, std::int64_t version = 0);
  // QuorumHierarchical: groups of voters with weights (weight defaults to 1).
  static QuorumVerifier hierarchical(const std::vector<QuorumServer>& servers,
                                     const std::map<std::int64_t, std::vector<Sid>>& groups,
                                     const std::map<Sid, std::int64_t>& weights, std::int64_t version = 0);

  bool isHierarchical() const { return d().hierarchical_; }
  bool containsQuorum(const std::set<Sid>& ackSet) const;
  // The same for a proposal's acks (Leader): another name, so that containsQuorum({}) stays unambiguous.
  bool containsQuorumOf(const SidSet& ackSet) const;
  // QuorumMaj.getWeight is always 1; hierarchical: weight.x (default 1).
  std::int64_t weight(Sid sid) const;
  // A search of the sorted voter list (contiguous), narrowed by searchRange: FLE asks this
  // several times per notification, and with sids 1..N it reads one entry whatever N is.
  bool isVoter(Sid sid) const {
    const auto& v = d().votingList_;
    if (v.empty() || sid < v.front() || v.back() < sid) return false;
    const auto [lo, hi] = searchRange(v.front(), v.back(), sid, v.size());
    return std::binary_search(v.begin() + static_cast<std::ptrdiff_t>(lo), v.begin() + static_cast<std::ptrdiff_t>(hi + 1), sid);
  }
  bool isMember(Sid sid) const { return d().servers_.count(sid) != 0; }

  const std::map<Sid, QuorumServer>& allMembers() const { return d().servers_; }
  const std::vector<Sid>& votingMembers() const { return d().votingList_; }
  std::vector<Sid> observingMembers() const;
  std::int64_t version() const { return d().version_; }
  const std::map<std::int64_t, std::vector<Sid>>& groups() const { return d().groups_; }

  // QuorumMaj.toString: the config text that travels inside every notification.
  // Made once, when the verifier is built (it never changes afterwards).
  const std::string& toString() const { return d().text_; }
  // The body copies share: whoever holds the same identity holds the same config and text.
  // A notification carries its sender's (SharedBytes::origin), so a receiver of our own
  // config knows it without comparing the O(ensemble) text. Null for the empty verifier.
  std::shared_ptr<const void> identity() const { return body_; }
  bool hasIdentity(const void* origin) const { return origin != nullptr && origin == body_.get(); }

  // The text names every server, group, weight and the version: equal texts, equal configs.
  bool operator==(const QuorumVerifier& o) const { return body_ == o.body_ || toString() == o.toString(); }

 private:
  // containsQuorum and containsQuorumOf: any sorted range of sids (std::set, SidSet).
  template <class Sids>
  bool containsQuorumIn(const Sids& ackSet) const;
  struct Body {
    std::map<Sid, QuorumServer> servers_;
    std::set<Sid> voters_;
    std::int64_t version_ = 0;
    bool hierarchical_ = false;
    std::map<std::int64_t, std::vector<Sid>> groups_;   // group id -> members
    std::map<Sid, std::int64_t> weights_;               // sid -> weight
    std::map<Sid, std::int64_t> serverGroup_;            // sid -> group id
    std::map<std::int64_t, std::int64_t> groupWeight_;   // group id -> total weight
    std::int64_t numGroups_ = 0;                         // groups with non-zero weight
    // Derived once by finish(): the voters in sid order and the config text.
    std::vector<Sid> votingList_;
    std::string text_;
    void finish();
    std::string makeText() const;
  };
  static const Body& emptyBody();
  const Body& d() const { return body_ ? *body_ : emptyBody(); }
  std::shared_ptr<const Body> body_;  // null: the empty verifier
};

}  // namespace zab
