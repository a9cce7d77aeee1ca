#include "caption.hpp"

#include "close_reason_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

#include "zab/vote_comparison.hpp"
#include "zab/zxid.hpp"

namespace zabscope {

using namespace zab;

namespace {

bool zh(Language l) { return l == Language::Chinese; }

// An observer's start-up vote has no fields (ZooKeeper fills them with Long.MIN_VALUE).
std::string vote(const VoteFields& v, Language l) {
  if (v.leader == std::numeric_limits<std::int64_t>::min()) return l == Language::Chinese ? "（空投票）" : "(none)";
  return voteNotation(v.leader, v.zxid, v.peerEpoch);
}

std::string epochText(std::int64_t e, Language l) { return voteFieldText(e, std::to_string(e), l); }

// Why one vote beat the other, field by field (totalOrderPredicate's order).
std::string reason(const VoteComparison& c, Language l) {
  const VoteFields& a = c.received;
  const VoteFields& b = c.mine;
  const bool newer = c.receivedWins;
  switch (c.decider) {
    case VoteDecider::ByPeerEpoch:
      return zh(l) ? fmt::format("先比 epoch：{} {} {}", epochText(a.peerEpoch, l), newer ? ">" : "<",
                                 epochText(b.peerEpoch, l))
                   : fmt::format("epoch decides first: {} {} {}", epochText(a.peerEpoch, l), newer ? ">" : "<",
                                 epochText(b.peerEpoch, l));
    case VoteDecider::ByZxid:
      return zh(l) ? fmt::format("epoch 相同，比 zxid：{} {} {}", formatEpochCounter(a.zxid), newer ? ">" : "<",
                                 formatEpochCounter(b.zxid))
                   : fmt::format("same epoch, so zxid decides: {} {} {}", formatEpochCounter(a.zxid), newer ? ">" : "<",
                                 formatEpochCounter(b.zxid));
    case VoteDecider::BySid:
      return zh(l) ? fmt::format("epoch 和 zxid 都相同，比 myid：{} {} {}", a.leader, newer ? ">" : "<", b.leader)
                   : fmt::format("same epoch and zxid, so the larger myid wins: {} {} {}", a.leader, newer ? ">" : "<",
                                 b.leader);
    case VoteDecider::Same: return zh(l) ? "两票相同" : "the two votes are the same";
    case VoteDecider::Weight0: return zh(l) ? fmt::format("S{} 权重为 0，不能当选", a.leader)
                                            : fmt::format("S{} has weight 0 and can never lead", a.leader);
    case VoteDecider::ByRound:
      return zh(l) ? fmt::format("它来自旧的选举轮次（{} < {}）", a.round, b.round)
                   : fmt::format("it is from an older round ({} < {})", a.round, b.round);
  }
  return {};
}

// A reason that starts a sentence (English only: Chinese has no capitals).
std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string tally(const VoteComparison& c, Language l) {
  const Sid who = c.proposal.leader;
  if (c.needed == 0)
    return zh(l) ? fmt::format("本轮已有 {} 票投 S{}。", c.supporters, who)
                 : fmt::format("{} votes for S{} in this round.", c.supporters, who);
  if (c.quorum)
    return zh(l) ? fmt::format("S{} 已得 {}/{} 票，达到过半（{}），等待 finalizeWait 后决定。", who, c.supporters, c.voters, c.needed)
                 : fmt::format("{} of {} for S{}: a quorum ({} needed); it waits finalizeWait, then decides.", c.supporters,
                               c.voters, who, c.needed);
  return zh(l) ? fmt::format("S{} 目前 {}/{} 票，过半需要 {} 票。", who, c.supporters, c.voters, c.needed)
               : fmt::format("{} of {} for S{} so far; a quorum needs {}.", c.supporters, c.voters, who, c.needed);
}

std::string packetCaption(const sim::StepRecord& r, Language l) {
  const std::string_view t = r.type;
  const Sid from = r.from, to = r.to;
  const std::string& label = r.label;
  if (t == "FOLLOWERINFO" || t == "OBSERVERINFO")
    return zh(l) ? fmt::format("S{} 连上 Leader S{}，报告自己的 acceptedEpoch（{}）。Leader 要等过半成员报到，才能定新 epoch。",
                               from, to, t)
                 : fmt::format("S{} reaches leader S{} and reports its acceptedEpoch ({}). The leader needs a quorum of "
                               "these before it can pick the new epoch.",
                               from, to, t);
  if (t == "LEADERINFO")
    return zh(l) ? fmt::format("Leader S{} 把新 epoch 告诉 S{}（{}）：新 epoch 比任何成员接受过的都大。", from, to, label)
                 : fmt::format("Leader S{} tells S{} the new epoch ({}): one more than any acceptedEpoch it heard of.", from,
                               to, label);
  if (t == "ACKEPOCH")
    return zh(l) ? fmt::format("S{} 接受新 epoch，并报告自己的最后 zxid（{}），Leader 据此决定怎样同步它。", from, label)
                 : fmt::format("S{} accepts the new epoch and reports its last zxid ({}): the leader uses it to choose "
                               "DIFF, TRUNC or SNAP.",
                               from, label);
  if (t == "DIFF")
    return zh(l) ? fmt::format("Leader S{} 用 DIFF 同步 S{}：只补发 S{} 缺少的事务。", from, to, to)
                 : fmt::format("Leader S{} syncs S{} by DIFF: it sends only the txns S{} is missing.", from, to, to);
  if (t == "TRUNC")
    return zh(l) ? fmt::format("Leader S{} 让 S{} 截断日志（{}）：S{} 有 Leader 没有的事务，必须丢掉。", from, to, label, to)
                 : fmt::format("Leader S{} tells S{} to cut its log ({}): S{} holds txns the leader does not have, and "
                               "must drop them.",
                               from, to, label, to);
  if (t == "SNAP")
    // Why is the leader's syncFollower line (the trace, the Event log): too far behind, a TRUNC
    // across epochs, a txn log too big to read, forceSnapSync ...
    return zh(l) ? fmt::format("Leader S{} 给 S{} 发送整个快照（SNAP）：DIFF 和 TRUNC 都补不齐 S{}（或设置了 "
                               "forceSnapSync）。S{} 用它替换自己的整个数据库。",
                               from, to, to, to)
                 : fmt::format("Leader S{} sends S{} a whole snapshot (SNAP): no DIFF or TRUNC can bring S{} up to date "
                               "(or forceSnapSync is set). S{} replaces its whole database with it.",
                               from, to, to, to);
  if (t == "NEWLEADER") {
    const std::uint32_t n = r.syncTxnsPending;
    // 3.8.0's order: the ACK vouches for the sync's committed txns (a DIFF's, still in
    // packetsCommitted) before their fsync: the known bug when there are any.
    if (n > 0 && r.newLeaderAckBeforeFsync && r.syncCommitsPending > 0)
      return zh(l) ? fmt::format("S{} 收到 NEWLEADER：写入 currentEpoch，把同步收到的 {} 个事务交给磁盘，并立刻回 ACK，"
                                 "这时其中已提交的 {} 个还没有刷盘（fsync）。这是 ZooKeeper 3.8.0 的已知缺陷 ZOOKEEPER-4785。",
                                 to, n, r.syncCommitsPending)
                   : fmt::format("S{} gets NEWLEADER: it records currentEpoch, hands the {} txn{} of its sync to the disk "
                                 "and ACKs at once, before the {} committed ones are fsynced (known ZooKeeper 3.8.0 bug "
                                 "ZOOKEEPER-4785).",
                                 to, n, n == 1 ? "" : "s", r.syncCommitsPending);
    if (n > 0 && r.newLeaderAckBeforeFsync)
      return zh(l) ? fmt::format("S{} 收到 NEWLEADER：写入 currentEpoch，把同步收到的 {} 个未提交事务交给磁盘，并回 ACK；"
                                 "这些事务各自刷盘后再单独 ACK。",
                                 to, n)
                   : fmt::format("S{} gets NEWLEADER: it records currentEpoch, hands the {} uncommitted txn{} of its sync "
                                 "to the disk and ACKs; each is acked again once fsynced.",
                                 to, n, n == 1 ? "" : "s");
    if (n > 0)
      return zh(l) ? fmt::format("S{} 收到 NEWLEADER：先把同步收到的 {} 个事务写盘并 fsync，再写入 currentEpoch、回 ACK"
                                 "（ZOOKEEPER-4785 的修复）。",
                                 to, n)
                   : fmt::format("S{} gets NEWLEADER: it logs and fsyncs the {} txn{} of its sync first, then records "
                                 "currentEpoch and ACKs (the ZOOKEEPER-4785 fix).",
                                 to, n, n == 1 ? "" : "s");
    return zh(l) ? fmt::format("S{} 收到 NEWLEADER：同步内容已到齐，它写入 currentEpoch 并回 ACK。", to)
                 : fmt::format("S{} gets NEWLEADER: the sync is complete; it records currentEpoch and ACKs.", to);
  }
  if (t == "UPTODATE")
    return zh(l) ? fmt::format("S{} 收到 UPTODATE：过半成员已同步，S{} 开始对外服务。", to, to)
                 : fmt::format("S{} gets UPTODATE: a quorum is in sync, and S{} starts serving clients.", to, to);
  using Sync = sim::StepRecord::LearnerSync;
  if (t == "PROPOSAL" && r.learnerSync != Sync::None) {
    // syncWithLeader keeps it in packetsNotCommitted: no log write, no ACK yet.
    const bool applies = r.learnerSync == Sync::BeforeNewLeaderApplies;
    const bool after = r.learnerSync == Sync::AfterNewLeader;
    return zh(l) ? fmt::format("S{} 在同步中收到 {}：先放在内存里（packetsNotCommitted），既不写盘也不回 ACK；{}", to, label,
                               applies ? "它的 COMMIT 会让它立刻生效，NEWLEADER 时的快照会保存它。"
                               : after ? "收到 UPTODATE 后才写盘，然后 ACK。"
                                       : "收到 NEWLEADER 时才交给磁盘。")
                 : fmt::format("S{} receives {} during its sync: it holds the txn in memory (packetsNotCommitted), neither "
                               "logged nor acked; {}",
                               to, label,
                               applies ? "its COMMIT will apply it at once, and the snapshot at NEWLEADER keeps it."
                               : after ? "it is logged after UPTODATE, then acked."
                                       : "NEWLEADER hands it to the disk.");
  }
  if (t == "PROPOSAL")
    return zh(l) ? fmt::format("S{} 收到提案（{}），先写入磁盘再 ACK。", to, label)
                 : fmt::format("S{} receives {}: it logs the txn to disk, then ACKs.", to, label);
  if (t == "ACK") {
    // An ACK of (epoch, 0) acknowledges no txn: a learner sends one for NEWLEADER and one after
    // UPTODATE. While the leader still waits for its NEWLEADER quorum, it is the NEWLEADER one.
    const bool noTxn = label.size() >= 2 && label.compare(label.size() - 2, 2, ":0") == 0;
    if (noTxn && r.senderObserver)
      return zh(l) ? fmt::format("Leader S{} 收到 Observer S{} 的 {}：Observer 不计入过半数，新 epoch 建立后它会收到 UPTODATE。",
                                 to, from, label)
                   : fmt::format("Leader S{} gets observer S{}'s {}: observers count toward no quorum; S{} gets UPTODATE "
                                 "once the epoch is established.",
                                 to, from, label, from);
    if (noTxn && r.receiverPhase == zab::ZabState::SYNCHRONIZATION)
      return zh(l) ? fmt::format("Leader S{} 收到 S{} 对 NEWLEADER 的确认（{}）：过半成员确认后，新 epoch 建立，S{} 开始对外服务。",
                                 to, from, label, to)
                   : fmt::format("Leader S{} counts S{}'s ACK of NEWLEADER ({}): once a quorum has acked, the new epoch is "
                                 "established and S{} starts serving.",
                                 to, from, label, to);
    if (noTxn && r.epochAck == zab::sim::StepRecord::EpochAck::NewLeader)  // a learner joining an established epoch
      return zh(l) ? fmt::format("Leader S{} 收到 S{} 对 NEWLEADER 的确认（{}）：这个 epoch 早已建立，所以它立刻给 S{} 发 UPTODATE。",
                                 to, from, label, from)
                   : fmt::format("Leader S{} gets S{}'s ACK of NEWLEADER ({}): the epoch is established already, so S{} gets "
                                 "UPTODATE at once.",
                                 to, from, label, from);
    if (noTxn && r.epochAck == zab::sim::StepRecord::EpochAck::UpToDate)
      return zh(l) ? fmt::format("S{} 的 {} 确认的是 UPTODATE，不是某个事务：它不提交任何东西。", from, label)
                   : fmt::format("S{}'s {} acknowledges UPTODATE, not a txn: it commits nothing.", from, label);
    if (noTxn)
      return zh(l) ? fmt::format("S{} 的 {} 确认的是 NEWLEADER 或 UPTODATE，不是某个事务：它不提交任何东西。", from, label)
                   : fmt::format("S{}'s {} acknowledges NEWLEADER or UPTODATE, not a txn: it commits nothing.", from, label);
    return zh(l) ? fmt::format("Leader S{} 收到 S{} 的 ACK（{}）：过半 ACK 后提交。", to, from, label)
                 : fmt::format("Leader S{} counts S{}'s {}: a quorum of ACKs commits the txn.", to, from, label);
  }
  // ZOOKEEPER-4394: the COMMIT found packetsNotCommitted empty, and the exception ended the role
  // (the step starts a new election for the receiver).
  const auto roleEnded = [&] {
    return std::any_of(r.milestones.begin(), r.milestones.end(), [&](const auto& m) {
      return m.sid == to && m.kind == zab::MilestoneKind::ElectionStarted;
    });
  };
  if ((t == "COMMIT" || t == "COMMITANDACTIVATE") && r.learnerSync != Sync::None && r.syncTxnsPending == 0 &&
      roleEnded())
    return zh(l) ? fmt::format("S{} 在同步中收到 {}，但 packetsNotCommitted 已被 NEWLEADER 清空：3.8.0 的 syncWithLeader "
                               "抛出 NullPointerException（已知缺陷 ZOOKEEPER-4394），S{} 重新进入 LOOKING，之后要再同步一次。",
                               to, label, to)
                 : fmt::format("S{} receives {} during its sync, but NEWLEADER emptied packetsNotCommitted: 3.8.0's "
                               "syncWithLeader throws a NullPointerException (known bug ZOOKEEPER-4394), and S{} goes "
                               "LOOKING, to sync all over again.",
                               to, label, to);
  if ((t == "COMMIT" || t == "COMMITANDACTIVATE") && r.learnerSync == Sync::BeforeNewLeaderApplies)
    return zh(l) ? fmt::format("S{} 在 SNAP 或 TRUNC 同步中收到 {}：事务立刻在内存中生效，但不写入事务日志；NEWLEADER 时的快照会保存它。",
                               to, label)
                 : fmt::format("S{} receives {} during a SNAP or TRUNC sync: the txn is applied in memory at once but not "
                               "logged; the snapshot at NEWLEADER keeps it.",
                               to, label);
  if ((t == "COMMIT" || t == "COMMITANDACTIVATE") && r.learnerSync != Sync::None)
    return zh(l) ? fmt::format("S{} 在同步中收到 {}：先记下（packetsCommitted），收到 UPTODATE 后事务才生效。", to, label)
                 : fmt::format("S{} receives {} during its sync: it notes it (packetsCommitted); the txn is applied after "
                               "UPTODATE.",
                               to, label);
  if (t == "COMMIT")
    return zh(l) ? fmt::format("S{} 收到 {}：事务生效，可以被读到。", to, label)
                 : fmt::format("S{} receives {}: the txn is applied and now visible to reads.", to, label);
  return {};
}

// A frame that did not reach its receiver's process (a reset, a receiver that is down) or that
// TCP must send again: said from the record's fate, whatever the packet was.
std::string transportCaption(const sim::StepRecord& r, Language l) {
  const Sid from = r.from, to = r.to;
  const std::string what = r.label.empty() ? std::string(r.type) : r.label;
  switch (r.fate) {
    case sim::FrameFate::Delivered: return {};
    case sim::FrameFate::Reset:
      return zh(l) ? fmt::format("S{} 已经没有这条连接：S{} 发来的 {} 只换来一个 RST（连接重置）。", to, from, what)
                   : fmt::format("S{} no longer has this connection: S{}'s {} is answered with a reset (RST).", to, from,
                                 what);
    case sim::FrameFate::ReceiverDown:
      return zh(l) ? fmt::format("S{} 上接收这条连接的进程已经不在了：S{} 发来的 {} 丢失了。", to, from, what)
                   : fmt::format("The process of S{} that held this connection is gone: S{}'s {} is lost.", to, from,
                                 what);
    case sim::FrameFate::Lost:
      return zh(l) ? fmt::format("S{} 发给 S{} 的 {} 在网络中丢失，TCP 在 {} ms 后重传。", from, to, what, r.retryInMs)
                   : fmt::format("S{}'s {} to S{} is lost on the network; TCP sends it again in {} ms.", from, what, to,
                                 r.retryInMs);
    case sim::FrameFate::Partitioned:
      return zh(l) ? fmt::format("S{} 发给 S{} 的 {} 被网络分区挡住，TCP 在 {} ms 后重试。", from, to, what, r.retryInMs)
                   : fmt::format("S{}'s {} to S{} is stopped by the partition; TCP tries again in {} ms.", from, what, to,
                                 r.retryInMs);
    case sim::FrameFate::NoAnswer:
      return zh(l) ? fmt::format("S{} 断电了，没有响应：TCP 在 {} ms 后重传 S{} 的 {}。", to, r.retryInMs, from, what)
                   : fmt::format("S{} is powered off and does not answer: TCP sends S{}'s {} again in {} ms.", to, from,
                                 what, r.retryInMs);
    case sim::FrameFate::GaveUp:
      return zh(l) ? fmt::format("S{} 的 TCP 重传 {} 次后放弃：与 S{} 的连接只在 S{} 这一端超时关闭。", from,
                                 sim::kMaxRetransmits, to, from)
                   : fmt::format("S{}'s TCP gives up after {} retransmissions: the connection to S{} times out on S{}'s "
                                 "side only.",
                                 from, sim::kMaxRetransmits, to, from);
    case sim::FrameFate::Held:
    case sim::FrameFate::NotServing: return {};  // client requests (chineseCaption)
  }
  return {};
}

// The packets of the broadcast phase that are not about a txn's own path (heartbeats, forwarded
// requests, what observers and sync() get).
std::string broadcastCaption(const sim::StepRecord& r, Language l) {
  const std::string_view t = r.type;
  const Sid from = r.from, to = r.to;
  if (t == "PING") {
    if (r.receiverState == ServerState::LEADING)
      return zh(l) ? fmt::format("Leader S{} 收到 S{} 回复的 PING：S{} 还活着，它的回应截止时间更新为当前 tick + syncLimit。",
                                 to, from, from)
                   : fmt::format("Leader S{} gets S{}'s PING back: S{} is alive, so its deadline becomes the current tick "
                                 "plus syncLimit.",
                                 to, from, from);
    if (r.receiverPhase == ZabState::BROADCAST)
      return zh(l) ? fmt::format("S{} 收到 Leader S{} 的心跳 PING，回一个 PING，让 Leader 知道自己还活着。", to, from)
                   : fmt::format("S{} gets a heartbeat PING from leader S{} and answers with a PING, so the leader knows "
                                 "S{} is alive.",
                                 to, from, to);
    return zh(l) ? fmt::format("S{} 还在与 Leader S{} 同步：这个 PING 被忽略（收到 UPTODATE 之后才回复 PING）。", to, from)
                 : fmt::format("S{} is still syncing with leader S{}: this PING is ignored (PINGs are answered only after "
                               "UPTODATE).",
                               to, from);
  }
  const bool toLeader = r.receiverState == ServerState::LEADING && r.receiverPhase == ZabState::BROADCAST;
  if (t == "REQUEST" && toLeader && r.label.rfind("REQUEST sync", 0) == 0)
    return zh(l) ? fmt::format("Leader S{} 收到 S{} 转发的 sync() 请求：等它之前提出的事务都提交后，回复 SYNC（processSync）。",
                               to, from)
                 : fmt::format("Leader S{} gets the sync() S{} forwarded: once everything it proposed before is committed, "
                               "it answers with SYNC (processSync).",
                               to, from);
  if (t == "REQUEST" && toLeader)
    // Delivered: the leader proposes it in this step (its PROPOSALs leave now).
    return zh(l) ? fmt::format("Leader S{} 收到 S{} 转发的客户端请求（{}）：只有 Leader 能发起提案，它给这个请求分配下一个 zxid，"
                               "把 PROPOSAL 发给所有 Follower。",
                               to, from, r.label)
                 : fmt::format("Leader S{} gets the client request S{} forwarded ({}): only the leader proposes, so it gives "
                               "it the next zxid and sends the PROPOSAL to its followers.",
                               to, from, r.label);
  if (t == "REQUEST")
    return zh(l) ? fmt::format("S{} 把客户端的请求（{}）转发给 Leader S{}：只有 Leader 才能发起提案。", from, r.label, to)
                 : fmt::format("S{} forwards a client's request ({}) to leader S{}: only the leader proposes.", from,
                               r.label, to);
  if (t == "INFORM")
    return zh(l) ? fmt::format("Observer S{} 收到 {}：Observer 不参与投票，只从 INFORM 得知已提交的事务并应用。", to, r.label)
                 : fmt::format("Observer S{} gets {}: observers do not vote; they learn each committed txn from INFORM "
                               "and apply it.",
                               to, r.label);
  if (t == "SYNC")
    return zh(l) ? fmt::format("S{} 收到 Leader S{} 的 SYNC：Leader 在此之前提交的事务 S{} 都已应用，客户端的 sync() 可以返回了。",
                               to, from, to)
                 : fmt::format("S{} gets SYNC from leader S{}: it has applied all the leader committed before, so the "
                               "client's sync() returns.",
                               to, from);
  return {};
}

// An election notification FLE compared with nothing: the receiver had decided, was in
// finalizeWait, heard from outside the election, or was asked by an observer.
std::string notificationCaption(const sim::StepRecord& r, Language l) {
  if (!r.notification) return {};
  const sim::NotificationSeen& n = *r.notification;
  const Sid from = r.from, to = r.to;
  const std::string v = voteNotation(n.leader, n.zxid, n.peerEpoch);
  const std::string_view mine = to_string(r.receiverState), theirs = to_string(n.senderState);
  if (!n.senderVotes) {
    if (r.receiverState == ServerState::LOOKING)
      return zh(l) ? fmt::format("S{} 是 Observer，不参与投票：还在选举的 S{} 立即回复自己的当前投票（还没有确定的 Leader）。", from, to)
                   : fmt::format("S{} is an observer and does not vote: S{}, still LOOKING, answers at once with its "
                                 "current vote (no leader is decided yet).",
                                 from, to);
    return zh(l) ? fmt::format("S{} 是 Observer，不参与投票：S{} 立即回复自己确定的投票，让它知道该跟随谁。", from, to)
                 : fmt::format("S{} is an observer and does not vote: S{} answers at once with its decided vote, so it "
                               "learns whom to follow.",
                               from, to);
  }
  if (r.receiverState != ServerState::LOOKING) {
    if (n.senderState == ServerState::LOOKING)
      return zh(l) ? fmt::format("S{} 已经选完（{}），把确定的投票回给还在选举的 S{}，告诉它谁是 Leader。", to, mine, from)
                   : fmt::format("S{} has decided ({}) and answers S{}, still LOOKING, with its decided vote: who leads.", to,
                                 mine, from);
    return zh(l) ? fmt::format("S{} 已经选完（{}），S{} 也不在选举中（{}）：这张选票无需回复。", to, mine, from, theirs)
                 : fmt::format("S{} has decided ({}) and S{} is not electing either ({}): nothing to answer.", to, mine,
                               from, theirs);
  }
  if (!n.receiverInElection) return {};  // it waits in the queue until lookForLeader starts
  if (n.receiverFinalizing)
    return n.beatsProposal
               ? (zh(l) ? fmt::format("S{} 正在 finalizeWait：S{} 的选票 {} 比当前提议更好，放回队列，选举继续。", to, from, v)
                        : fmt::format("S{} is in finalizeWait: S{}'s vote {} beats its proposal, so it goes back to the "
                                      "queue and the election goes on.",
                                      to, from, v))
               : (zh(l) ? fmt::format("S{} 正在 finalizeWait：S{} 的选票 {} 不比当前提议更好，丢弃它，继续等待。", to, from, v)
                        : fmt::format("S{} is in finalizeWait: S{}'s vote {} does not beat its proposal; it is dropped and "
                                      "the wait goes on.",
                                      to, from, v));
  if (n.senderState == ServerState::FOLLOWING || n.senderState == ServerState::LEADING)
    return zh(l) ? fmt::format("S{} 还在选举，记下 S{}（{}）的选票 {}：一旦过半成员跟随同一个 Leader、且该 Leader 自己也这么说，S{} 就直接加入。",
                               to, from, theirs, v, to)
                 : fmt::format("S{}, still electing, records S{}'s {} vote {}: once a quorum follows one leader and that "
                               "leader says so itself, S{} joins it.",
                               to, from, theirs, v, to);
  return {};
}

std::string milestoneCaption(const sim::StepRecord& r, Language l) {
  for (const auto& m : r.milestones) {
    if (m.kind == MilestoneKind::Decided) {
      // Named after the decided vote's leader (endVote.id), as the peer's log line does:
      // "FOLLOWING - LEADER ELECTION TOOK" follows a vote for that server.
      if (m.state == ServerState::LEADING)
        return zh(l) ? fmt::format("S{} 选举结束：成为 LEADING，它就是第 {} 轮选出的 Leader。", m.sid, m.round)
                     : fmt::format("S{} has decided: it becomes LEADING, the leader elected in round {}.", m.sid, m.round);
      const bool observer = m.state == ServerState::OBSERVING;
      return zh(l) ? fmt::format("S{} 选举结束：成为 {}，{} Leader S{}（第 {} 轮）。", m.sid, to_string(m.state),
                                 observer ? "观察" : "跟随", m.leader, m.round)
                   : fmt::format("S{} has decided: it becomes {}, {} leader S{} (round {}).", m.sid, to_string(m.state),
                                 observer ? "observing" : "following", m.leader, m.round);
    }
    if (m.kind == MilestoneKind::ProcessStopped) {
      // A power cut loses more than a kill: what waited in the OS for an fsync (the command's
      // headline says which it was).
      const bool powerCut = r.kind == "command" && r.headline.rfind("crash ", 0) == 0;  // Simulation::crash's headline
      std::string text = powerCut ? (zh(l) ? fmt::format("S{} 断电：内存中的一切都丢了，操作系统里还没刷盘（fsync）的数据也丢了。", m.sid)
                                           : fmt::format("S{} loses power: its memory is gone, and so is what waited in the "
                                                         "OS for an fsync.",
                                                         m.sid))
                                  : (zh(l) ? fmt::format("S{} 的进程停止了。", m.sid)
                                           : fmt::format("S{}'s process has stopped.", m.sid));
      // What it cost, when that is a known ZooKeeper bug: the engine's own words up to their
      // first explanation ("S1 loses 3 txns (1:2..1:4) it ACKed with NEWLEADER before their
      // fsync"), and the bug's name.
      for (const auto& n : r.notes)
        if (const auto bug = knownBugMention(n)) {
          const std::string what = n.substr(0, std::min(n.find(": "), bug->at));
          text += zh(l) ? fmt::format("这一步触发了 ZooKeeper 3.8.0 的已知缺陷 {}：{}。", bug->name, what)
                        : fmt::format(" {} (known ZooKeeper 3.8.0 bug {}).", what, bug->name);
          break;
        }
      return text;
    }
  }
  return {};
}

// The new leader's first step of its own: the start of discovery. The engine's words for it
// (the accepted epoch, the snapshot, the wait in ms) ran past the caption bar's two lines.
std::string leaderStartupCaption(Sid a, Language l) {
  return zh(l) ? fmt::format("S{} 的 Leader 端口开始监听，进入 lead()：发现阶段开始。它最多等 initLimit × tickTime，"
                             "收集过半成员的 FOLLOWERINFO，以确定新的 epoch。",
                             a)
               : fmt::format("S{}'s quorum port now listens and Leader.lead() begins DISCOVERY: it waits up to initLimit x "
                             "tickTime for a quorum's FOLLOWERINFO to choose the new epoch.",
                             a);
}

// A timer, a connection, a command or a client request in Chinese, from the record's fields: the
// engine's own words (the headline and its notes) are English only.
std::string chineseCaption(const sim::StepRecord& r) {
  const Sid a = r.actor;
  if (r.kind == "timer") {
    // The record names its timer as zab::to_string(TimerKind) does.
    std::optional<TimerKind> kind;
    for (int k = 0; k <= static_cast<int>(kLastTimerKind); ++k)
      if (r.label == to_string(static_cast<TimerKind>(k))) kind = static_cast<TimerKind>(k);
    const std::string_view t = r.label;
    if (kind) switch (*kind) {
      case TimerKind::ElectionPoll:
        return fmt::format("S{} 等选票超时（notTimeout）：把自己的投票再发一遍，下次等待时间加倍（最多 60 秒）。", a);
      case TimerKind::FinalizeWait:
        return fmt::format("S{} 的 finalizeWait（200 ms）到了，这段时间没有更好的投票，选举结果就此确定。", a);
      case TimerKind::LeaderTick:
        return fmt::format("Leader S{} 的定时检查（每半个 tickTime）：发 PING，并确认仍有过半成员跟随。", a);
      case TimerKind::LeaderWait: return fmt::format("Leader S{} 等过半成员回应的时间（initLimit）到了。", a);
      case TimerKind::HandlerWait: return fmt::format("Leader S{} 上一个 LearnerHandler 的等待时间（initLimit）到了。", a);
      case TimerKind::HandlerRead:
        return fmt::format("Leader S{} 上一个 LearnerHandler 读超时：太久没收到这个成员的消息。", a);
      case TimerKind::LearnerRead: return fmt::format("S{} 读超时：太久没收到 Leader 的消息。", a);
      case TimerKind::LearnerConnect: return fmt::format("S{} 等待片刻后再次尝试连接 Leader。", a);
      case TimerKind::SyncFlush: return fmt::format("S{} 的磁盘写入（fsync）完成：已写入的提案现在可以回 ACK。", a);
      case TimerKind::ObserverDelay: return fmt::format("Observer S{} 的随机等待结束，重新寻找 Leader。", a);
      case TimerKind::LeaderStartup: return leaderStartupCaption(a, Language::Chinese);
      case TimerKind::LearnerFsync:
        return fmt::format("S{} 在 NEWLEADER 时把同步收到的事务刷盘（fsync）完成：写入 currentEpoch，回 NEWLEADER 的 ACK，"
                           "再读刷盘期间积压的消息。",
                           a);
      case TimerKind::SnapshotWritten:
        return fmt::format("Leader S{} 把 SNAP 的快照写完了：先发快照，再发写快照期间排队的 PROPOSAL 和 COMMIT，最后发 NEWLEADER。",
                           a);
    }
    return fmt::format("S{} 的计时器 {} 到期。", a, t);
  }
  if (r.kind == "held")
    return fmt::format("S{} 被暂停了（SIGSTOP）：发给它的消息和它的计时器都要等它恢复运行后才处理。", r.to);
  if (r.kind == "resume")
    return r.fate == sim::FrameFate::ReceiverDown
               ? fmt::format("给 S{} 的 SIGCONT 到了，但被暂停的那个进程已经不在了：什么也不发生。", r.to)
               : fmt::format("S{} 恢复运行（SIGCONT）：暂停期间积压的消息现在处理，过期的计时器立刻触发。", r.to);
  if (r.kind == "connect") return fmt::format("S{} 向 S{} 发起 TCP 连接。", r.from, r.to);
  if (r.kind == "connect-result") switch (r.connectFailure) {
      case sim::ConnectFailure::None: return fmt::format("S{} 到 S{} 的 TCP 连接建立成功。", r.to, r.from);
      case sim::ConnectFailure::Refused:
        return fmt::format("S{} 连接 S{} 失败：连接被拒绝（S{} 的这个端口没有进程在监听）。", r.to, r.from, r.from);
      case sim::ConnectFailure::TimedOut: return fmt::format("S{} 连接 S{} 超时：对方一直没有应答。", r.to, r.from);
      case sim::ConnectFailure::PoweredOff: return fmt::format("S{} 连接 S{} 超时：S{} 已断电。", r.to, r.from, r.from);
    }
  if (r.kind == "close") {
    // What the close started, when it did (the English caption has it from the engine's note):
    // a learner that lost its leader, or a leader that lost its quorum, goes LOOKING.
    // (A role's end and lookForLeader's start are two milestones of one server: one sentence.)
    // Why it closed, from the headline "S5 -> S4 connection closed (REASON)": a kill's reset is
    // what lesson 05 teaches (noticed within one network delay; a power cut only after syncLimit).
    std::string why;
    if (const auto open = r.headline.rfind(" ("); open != std::string::npos && r.headline.back() == ')') {
      const std::string reason = r.headline.substr(open + 2, r.headline.size() - open - 3);
      const std::string text = closeReasonText(r.closeCause, reason, r.from, Language::Chinese);
      if (!text.empty()) why = "（" + text + "）";
    }
    std::string text = fmt::format("S{} 和 S{} 之间的连接关闭{}。", r.from, r.to, why);
    std::vector<Sid> told;
    for (const auto& m : r.milestones)
      if (m.kind == MilestoneKind::ElectionStarted && std::find(told.begin(), told.end(), m.sid) == told.end()) {
        told.push_back(m.sid);
        text += fmt::format("S{} 因此离开原来的角色，进入 LOOKING，开始新一轮选举。", m.sid);
      }
    return text;
  }
  if (r.kind == "command") return fmt::format("执行命令：{}。", r.headline);
  if (r.kind == "client") {
    // The headline is "client at S<n>: <op> <path>[ = "<value>"]": the request in the scenario's
    // own notation, which reads the same in either language.
    const std::string prefix = fmt::format("client at S{}: ", a);
    if (r.headline.rfind(prefix, 0) != 0) return fmt::format("客户端请求：{}。", r.headline);
    const std::string op = r.headline.substr(prefix.size());
    if (r.fate == sim::FrameFate::ReceiverDown) return fmt::format("S{} 的进程没有在运行，客户端连不上它：{} 失败。", a, op);
    if (r.fate == sim::FrameFate::Held)
      return fmt::format("S{} 被暂停了（SIGSTOP）：客户端的请求 {} 留在 socket 里，等它恢复运行后才处理。", a, op);
    if (r.fate == sim::FrameFate::NotServing)
      return fmt::format("S{} 现在不对外服务（还在选举，或尚未与 Leader 同步完成）：客户端的请求 {} 得到一个错误。", a, op);
    const auto is = [&](std::string_view verb) { return op.rfind(verb, 0) == 0; };
    const char* why = is("read ")     ? "读请求由这台服务器用本地数据回答（先等同一会话里更早的写和 sync 完成），所以可能比 Leader 旧。"
                      : is("sync ")   ? "sync() 让这台服务器先追上 Leader 已提交的事务，之后的读才不旧。"
                      : is("write ") || is("delete ") ? "写请求要交给 Leader 提案，过半成员确认后才生效。"
                                                      : "";
    return fmt::format("S{} 上的客户端发出请求：{}。{}", a, op, why);
  }
  if (r.kind == "drop") return fmt::format("丢弃：{}。", r.headline);
  if (r.kind == "duplicate") return fmt::format("复制一条消息：{}。", r.headline);
  return {};
}

}  // namespace

std::string voteComparisonText(const VoteComparison& c, Language l) {
  const std::string theirs = vote(c.received, l), mine = vote(c.mine, l);
  switch (c.outcome) {
    case VoteOutcome::DropOlderRound:
      return zh(l) ? fmt::format("S{} 丢弃 S{} 的投票 {}：{}。", c.receiver, c.sender, theirs, reason(c, l))
                   : fmt::format("S{} drops S{}'s vote {}: {}.", c.receiver, c.sender, theirs, reason(c, l));
    case VoteOutcome::NewerRound:
      return zh(l) ? fmt::format("S{} 收到更新一轮（{}）的投票 {}：跳到该轮、清空票箱，与自己的初始投票 {} 比较：{}，改投 {}。",
                                 c.receiver, c.received.round, theirs, mine, reason(c, l), vote(c.proposal, l))
                   : fmt::format("S{} got {} from a newer round ({}): it jumps to that round, clears its recvset and "
                                 "compares with its initial vote {}: {}, so it proposes {}.",
                                 c.receiver, theirs, c.received.round, mine, reason(c, l), vote(c.proposal, l));
    case VoteOutcome::Switch:
      return zh(l) ? fmt::format("S{} 收到 S{} 的投票 {}，自己投的是 {}。{}，所以改投 S{} 并重新广播。", c.receiver, c.sender,
                                 theirs, mine, reason(c, l), c.received.leader)
                   : fmt::format("S{} got S{}'s vote {} against its own {}. {}, so S{} switches to S{} and re-broadcasts.",
                                 c.receiver, c.sender, theirs, mine, capitalised(reason(c, l)), c.receiver,
                                 c.received.leader);
    case VoteOutcome::Keep:
      return zh(l) ? fmt::format("S{} 收到 S{} 的投票 {}，自己投的是 {}。{}，所以坚持原投票，只把这张票记入票箱。", c.receiver,
                                 c.sender, theirs, mine, reason(c, l))
                   : fmt::format("S{} got S{}'s vote {} against its own {}. {}, so S{} keeps its vote and records theirs.",
                                 c.receiver, c.sender, theirs, mine, capitalised(reason(c, l)), c.receiver);
  }
  return {};
}

std::string voteOutcomeLabel(const VoteComparison& c, Language l) {
  switch (c.outcome) {
    case VoteOutcome::Switch:
      return zh(l) ? fmt::format("改投 S{}", c.received.leader) : fmt::format("SWITCH to S{}", c.received.leader);
    case VoteOutcome::Keep: return zh(l) ? "坚持原投票" : "KEEP own vote";
    case VoteOutcome::NewerRound:
      return zh(l) ? fmt::format("新一轮：改投 S{}", c.proposal.leader) : fmt::format("NEW ROUND -> S{}", c.proposal.leader);
    case VoteOutcome::DropOlderRound: return zh(l) ? "丢弃（旧轮次）" : "DROP (older round)";
  }
  return {};
}

std::string voteFieldText(std::int64_t field, std::string shown, Language l) {
  if (field == std::numeric_limits<std::int64_t>::min()) return zh(l) ? "无" : "none";
  return shown;
}

std::optional<KnownBugMention> knownBugMention(std::string_view text) {
  constexpr std::string_view kKnown = "known ZooKeeper 3.8.0 bug ";
  const auto at = text.find(kKnown);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = text.substr(at + kKnown.size());
  return KnownBugMention{at, std::string(rest.substr(0, rest.find_first_of(";):] ")))};
}

std::string captionFor(const sim::StepRecord& rec, Language l) {
  std::string text;
  if (rec.vote) {
    text = voteComparisonText(*rec.vote, l);
    if (rec.vote->outcome != VoteOutcome::DropOlderRound) text += " " + tally(*rec.vote, l);
    return text;
  }
  // Before the packet's own sentence: a frame that never reached its receiver's process did
  // nothing there.
  if (rec.kind == "frame" || rec.kind == "retransmit") text = transportCaption(rec, l);
  if (!text.empty()) return text;
  text = milestoneCaption(rec, l);
  if (!text.empty()) return text;
  if (rec.kind == "frame") text = packetCaption(rec, l);
  if (!text.empty()) return text;
  if (rec.kind == "frame") text = broadcastCaption(rec, l);
  if (!text.empty()) return text;
  if (rec.kind == "frame") text = notificationCaption(rec, l);
  if (!text.empty()) return text;
  if (zh(l)) text = chineseCaption(rec);
  if (!text.empty()) return text;
  if (rec.kind == "timer" && rec.label == to_string(TimerKind::LeaderStartup)) return leaderStartupCaption(rec.actor, l);
  // No template: the engine's own words (English), the headline and its first decision.
  text = rec.headline;
  if (!rec.notes.empty()) text += ". " + rec.notes.front();
  constexpr std::size_t kMax = 260;  // two lines of the caption bar
  if (text.size() > kMax) {
    std::size_t cut = kMax - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    text = text.substr(0, cut) + "...";
  }
  return text;
}

}  // namespace zabscope
