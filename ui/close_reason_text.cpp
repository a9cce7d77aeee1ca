#include "close_reason_text.hpp"

#include <fmt/format.h>

namespace zabscope {

using zab::CloseCause;

std::string closeReasonText(CloseCause cause, std::string_view words, zab::Sid from, Language language) {
  if (language == Language::English) return std::string(words);
  switch (cause) {
    case CloseCause::DialBack:
      return "QuorumCnxManager 在两台服务器之间只保留 sid 大的一方发起的连接：sid 小的一方发起的连接被关掉，由 sid 大的一方回拨";
    case CloseCause::Replaced: return "同一台服务器有了一条更新的连接，旧的这条被关掉";
    case CloseCause::ObserverRefused: return "发起方用的是 OBSERVER_ID，连接被拒绝，改由这一方按它的地址回拨";
    case CloseCause::OwnSid: return "对方自称的 sid 和自己相同，连接被拒绝";
    case CloseCause::BadMessage: return fmt::format("收到的消息格式不对（{}）", words);
    case CloseCause::TransportHalted: return fmt::format("S{} 停止了选举的传输层（QuorumCnxManager.halt）", from);
    case CloseCause::LeaderShutdown: return fmt::format("S{} 不再领导，关闭所有 LearnerHandler", from);
    case CloseCause::NotLeading: return fmt::format("S{} 现在不是 Leader，不接受 Learner 的连接", from);
    case CloseCause::NoLongerFollowing: return fmt::format("S{} 已不再跟随这个 Leader", from);
    case CloseCause::NotConnecting: return fmt::format("S{} 已不再需要这条连接（连接成功时它已放弃）", from);
    case CloseCause::LearnerShutdown: return fmt::format("S{} 的 Learner 角色结束（Learner.shutdown）", from);
    case CloseCause::LearnerClosed: return "Learner 先关闭了连接，LearnerHandler 随之结束";
    case CloseCause::UnexpectedPacket: return fmt::format("LearnerHandler 收到此时不该出现的数据包（{}）", words);
    case CloseCause::FollowerAhead: return "Follower 的 (currentEpoch, zxid) 比 Leader 的还新，Leader 把它踢出";
    case CloseCause::InitLimit: return "Learner 没有在 initLimit × tickTime 内完成同步";
    case CloseCause::ReadTimeout: return "LearnerHandler 读超时，对方一直没有发来数据";
    case CloseCause::TxnTimeout: return "有提案超过 syncLimit × tickTime 还没被这个 Learner 确认";
    case CloseCause::Killed: return fmt::format("S{} 的进程被杀掉，操作系统重置了它的 TCP 连接", from);
    case CloseCause::Reset: return "对方的操作系统已没有这条连接，回以重置（RST）";
    case CloseCause::Other: break;
  }
  return std::string(words);
}

}  // namespace zabscope
