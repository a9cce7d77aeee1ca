#include "zk_log_lines.hpp"

#include <charconv>
#include <regex>

namespace zabscope::real {

namespace {

std::optional<std::int64_t> dec(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}
// ZooKeeper prints zxids with Long.toHexString: unsigned 64-bit hex.
std::optional<std::int64_t> hex(std::string s) {
  if (s.rfind("0x", 0) == 0) s = s.substr(2);
  if (s.empty() || s.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return static_cast<std::int64_t>(v);
}
std::optional<PeerState> peerState(const std::string& s) {
  if (s == "LOOKING") return PeerState::LOOKING;
  if (s == "FOLLOWING") return PeerState::FOLLOWING;
  if (s == "LEADING") return PeerState::LEADING;
  if (s == "OBSERVING") return PeerState::OBSERVING;
  return std::nullopt;
}
// A sid the regex already checked for digits; -1 if it does not fit 64 bits.
Sid sidOf(const std::string& s) { return dec(s).value_or(-1); }
bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

LineReading event(EventKind k) {
  LineReading r;
  r.outcome = LineReading::Outcome::Event;
  r.event.kind = k;
  return r;
}
LineReading malformed(std::string problem) {
  LineReading r;
  r.outcome = LineReading::Outcome::Malformed;
  r.problem = std::move(problem);
  return r;
}

// FastLeaderElection.Messenger.WorkerReceiver (3.8.0, printNotification):
// "Notification: my state:LOOKING; n.sid:1, n.state:LOOKING, n.leader:1, n.round:0x1,
//  n.peerEpoch:0x0, n.zxid:0x0, message format version:0x2, n.config version:0x0"
LineReading notification(const std::string& msg) {
  static const std::regex re(
      R"(Notification: my state:(\w+); n\.sid:(-?\d+), n\.state:(\w+), n\.leader:(-?\d+), n\.round:(0x[0-9a-fA-F]+), n\.peerEpoch:(0x[0-9a-fA-F]+), n\.zxid:(0x[0-9a-fA-F]+)(?:,.*)?)");
  std::smatch m;
  if (!std::regex_match(msg, m, re))
    return malformed("a FastLeaderElection notification line without the 3.8 fields "
                     "(my state; n.sid, n.state, n.leader, n.round, n.peerEpoch, n.zxid)");
  auto my = peerState(m[1].str());
  auto sid = dec(m[2].str());
  auto st = peerState(m[3].str());
  auto leader = dec(m[4].str());
  auto round = hex(m[5].str()), peerEpoch = hex(m[6].str()), zxid = hex(m[7].str());
  if (!my || !sid || !st || !leader || !round || !peerEpoch || !zxid)
    return malformed("a notification with an unknown state or a number that does not fit 64 bits");
  LineReading r = event(EventKind::NotificationReceived);
  r.event.from = *sid;
  r.event.state = *my;
  r.event.vote = ImportedVote{*leader, *zxid, *round, *peerEpoch, *st};
  r.event.zxid = *zxid;
  return r;
}

}  // namespace

std::optional<Sid> myidOf(const LogRecordHead& h) {
  static const std::regex threadRe(R"((?:QuorumPeer|WorkerReceiver|WorkerSender)\[myid=(\d+)\])");
  std::smatch m;
  if (!h.mdc.empty())
    if (auto v = dec(h.mdc)) return v;
  if (std::regex_search(h.thread, m, threadRe)) return dec(m[1].str());
  static const std::regex startRe(R"(Starting quorum peer, myid=(\d+))");
  if (std::regex_search(h.message, m, startRe)) return dec(m[1].str());
  return std::nullopt;
}

LineReading readZkLine(const LogRecordHead& h, LineContext& ctx) {
  const std::string& msg = h.message;
  std::smatch m;
  if (startsWith(msg, "Notification: ")) return notification(msg);

  // QuorumPeer.run(): the state as a bare word when the peer enters it.
  if (auto st = peerState(msg)) {
    LineReading r = event(EventKind::StateChange);
    r.event.state = *st;
    return r;
  }
  if (startsWith(msg, "Starting quorum peer")) return event(EventKind::ServerStart);
  if (startsWith(msg, "Peer state changed: ")) {
    LineReading r = event(EventKind::ZabPhase);
    r.event.detail = msg.substr(20);
    return r;
  }
  if (msg.find("LEADER ELECTION TOOK") != std::string::npos) {
    static const std::regex re(R"((\w+) - LEADER ELECTION TOOK - (\d+) (\w+))");
    if (!std::regex_match(msg, m, re)) return malformed("'LEADER ELECTION TOOK' without 'STATE - ... - N MS'");
    auto st = peerState(m[1].str());
    auto v = dec(m[2].str());
    if (!st || !v) return malformed("'LEADER ELECTION TOOK' with an unknown state or number");
    LineReading r = event(EventKind::ElectionTook);
    r.event.state = *st;
    r.event.valueMs = m[3].str() == "MS" || m[3].str() == "ms" ? *v : *v * 1000;
    return r;
  }
  if (startsWith(msg, "New election. My id = ")) {
    static const std::regex re(R"(New election\. My id = (\d+), proposed zxid=(0x[0-9a-fA-F]+))");
    if (!std::regex_match(msg, m, re)) return malformed("'New election' without 'My id = N, proposed zxid=0x...'");
    auto zxid = hex(m[2].str());
    if (!zxid) return malformed("'New election' with a zxid that does not fit 64 bits");
    LineReading r = event(EventKind::NewElection);
    r.event.zxid = *zxid;
    return r;
  }
  // Leader.lead(): the epoch is established once a quorum acked it.
  if (startsWith(msg, "Have quorum of supporters")) {
    static const std::regex re(R"(Have quorum of supporters, sids: \[(.*)\]; starting up and setting last processed zxid: (0x[0-9a-fA-F]+))");
    if (!std::regex_match(msg, m, re)) return malformed("'Have quorum of supporters' without the sids and zxid");
    auto zxid = hex(m[2].str());
    if (!zxid) return malformed("'Have quorum of supporters' with a zxid that does not fit 64 bits");
    LineReading r = event(EventKind::NewEpoch);
    r.event.zxid = *zxid;
    r.event.epoch = static_cast<std::int64_t>(static_cast<std::uint64_t>(*zxid) >> 32);
    r.event.detail = m[1].str();
    return r;
  }
  // LearnerHandler: the learner introduces itself; the thread stands for it from now on.
  if (startsWith(msg, "Follower sid: ")) {
    static const std::regex re(R"(Follower sid: (\d+) : info : (.*))");
    if (!std::regex_match(msg, m, re)) return malformed("'Follower sid:' without 'N : info : ...'");
    LineReading r = event(EventKind::FollowerInfo);
    r.event.from = sidOf(m[1].str());
    r.event.detail = m[2].str();
    ctx.learnerOfThread[h.thread] = r.event.from;
    return r;
  }
  if (startsWith(msg, "Synchronizing with Learner sid: ")) {
    static const std::regex re(R"(Synchronizing with Learner sid: (\d+) maxCommittedLog=(0x[0-9a-fA-F]+) minCommittedLog=(0x[0-9a-fA-F]+) lastProcessedZxid=(0x[0-9a-fA-F]+) peerLastZxid=(0x[0-9a-fA-F]+))");
    if (!std::regex_match(msg, m, re))
      return malformed("'Synchronizing with Learner' without sid, maxCommittedLog, minCommittedLog, "
                       "lastProcessedZxid and peerLastZxid");
    LineReading r = event(EventKind::SyncStart);
    r.event.to = sidOf(m[1].str());
    r.event.zxid = hex(m[5].str());
    r.event.detail = "committed log " + m[3].str() + ".." + m[2].str() + ", leader at " + m[4].str();
    ctx.learnerOfThread[h.thread] = r.event.to;
    return r;
  }
  if (startsWith(msg, "Sending DIFF ") || startsWith(msg, "Sending TRUNC ")) {
    static const std::regex re(R"(Sending (DIFF|TRUNC) (?:to follower )?(?:zxid|zxidToSend)=(0x[0-9a-fA-F]+) +for peer sid: ?(\d+))");
    if (!std::regex_match(msg, m, re)) return malformed("'Sending DIFF/TRUNC' without 'zxid=0x... for peer sid: N'");
    LineReading r = event(EventKind::SyncSent);
    r.event.sync = m[1].str() == "DIFF" ? SyncMode::DIFF : SyncMode::TRUNC;
    r.event.zxid = hex(m[2].str());
    r.event.to = sidOf(m[3].str());
    return r;
  }
  if (startsWith(msg, "Sending snapshot last zxid of peer is ")) {
    static const std::regex re(R"(Sending snapshot last zxid of peer is (0x[0-9a-fA-F]+), zxid of leader is (0x[0-9a-fA-F]+).*)");
    if (!std::regex_match(msg, m, re)) return malformed("'Sending snapshot' without the peer's and the leader's zxid");
    LineReading r = event(EventKind::SyncSent);
    r.event.sync = SyncMode::SNAP;
    r.event.zxid = hex(m[2].str());
    auto it = ctx.learnerOfThread.find(h.thread);
    if (it != ctx.learnerOfThread.end()) r.event.to = it->second;
    return r;
  }
  // Learner.syncWithLeader()
  if (startsWith(msg, "Getting a diff from the leader ") || startsWith(msg, "Getting a snapshot from leader ") ||
      startsWith(msg, "Truncating log to get in sync with the leader ")) {
    auto z = hex(msg.substr(msg.rfind(' ') + 1));
    if (!z) return malformed("a learner sync line without the leader's zxid at its end");
    LineReading r = event(EventKind::LearnerSync);
    r.event.sync = msg[0] == 'T' ? SyncMode::TRUNC : msg[10] == 'd' ? SyncMode::DIFF : SyncMode::SNAP;
    r.event.zxid = *z;
    return r;
  }
  if (msg == "Learner received NEWLEADER message") return event(EventKind::NewLeaderReceived);
  if (msg == "Learner received UPTODATE message") return event(EventKind::UpToDate);
  if (startsWith(msg, "Successfully connected to leader")) {
    LineReading r = event(EventKind::LeaderConnected);
    r.event.detail = msg;
    return r;
  }
  if (startsWith(msg, "Disconnected from leader")) {
    LineReading r = event(EventKind::LeaderDisconnected);
    r.event.detail = msg;
    return r;
  }
  if (startsWith(msg, "Got zxid ")) {
    static const std::regex re(R"(Got zxid (0x[0-9a-fA-F]+) expected (0x[0-9a-fA-F]+))");
    if (!std::regex_match(msg, m, re)) return malformed("'Got zxid' without '0x... expected 0x...'");
    LineReading r = event(EventKind::ProposalSeen);
    r.event.zxid = hex(m[1].str());
    r.event.detail = m[2].str();  // lastQueued + 1: "0x1" when it had queued nothing yet
    return r;
  }
  // QuorumCnxManager: the election channels.
  if (startsWith(msg, "Have smaller server identifier, so dropping the connection")) {
    static const std::regex re(R"(.*\(myId:(\d+) --> sid:(\d+)\))");
    LineReading r = event(EventKind::Connection);
    if (std::regex_match(msg, m, re)) r.event.to = sidOf(m[2].str());
    r.event.detail = "drops its own connection (the smaller sid waits to be called)";
    return r;
  }
  if (startsWith(msg, "Received connection request from ")) {
    LineReading r = event(EventKind::Connection);
    r.event.detail = "accepts an election connection from " + msg.substr(33);
    return r;
  }
  if (startsWith(msg, "Connection broken for id ")) {
    static const std::regex re(R"(Connection broken for id (\d+), my id = (\d+).*)");
    if (!std::regex_match(msg, m, re)) return malformed("'Connection broken' without 'id N, my id = M'");
    LineReading r = event(EventKind::ConnectionBroken);
    r.event.from = sidOf(m[1].str());
    r.event.detail = "its election connection with S" + m[1].str() + " broke";
    return r;
  }
  if (startsWith(msg, "Cannot open channel to ")) {
    static const std::regex re(R"(Cannot open channel to (\d+) at election address (.*))");
    if (!std::regex_match(msg, m, re)) return malformed("'Cannot open channel' without 'to N at election address A'");
    LineReading r = event(EventKind::ConnectionBroken);
    r.event.to = sidOf(m[1].str());
    r.event.detail = "cannot open an election channel to S" + m[1].str() + " (" + m[2].str() + ")";
    return r;
  }
  // QuorumPeer.run()'s end and QuorumPeerMain: the process stops (a kill -9 leaves no line).
  if (msg == "QuorumPeer main thread exited" || msg == "Exiting normally") return event(EventKind::ServerShutdown);
  if (startsWith(msg, "******* GOODBYE ")) {
    LineReading r = event(EventKind::LearnerGone);
    auto it = ctx.learnerOfThread.find(h.thread);
    if (it != ctx.learnerOfThread.end()) r.event.to = it->second;
    return r;
  }
  return {};
}

}  // namespace zabscope::real
