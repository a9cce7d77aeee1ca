#include "inspector_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "close_reason_text.hpp"
#include "theme.hpp"
#include "zab/client_request.hpp"
#include "zab/notification_codec.hpp"
#include "zab/qcm_wire.hpp"
#include "zab/quorum_packet.hpp"
#include "zab/txn.hpp"
#include "zab/zxid.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

using namespace zab;

namespace {

// Text colours from the palette, darkened on the light theme (lightened on the dark one) so
// that amber or green text stays readable on a projector.
ImVec4 readableColor(ImU32 c, bool light) {
  (void)light;  // the theme knows its panel: the colour, darkened or lightened to 4.5:1 on it
  return ImGui::ColorConvertU32ToFloat4(inkColor(c, panelColor()));
}

ImU32 agreeRowColor(bool light) { return light ? IM_COL32(200, 230, 255, 255) : IM_COL32(30, 60, 100, 255); }

// A filled, rounded label in `bg` with white text, sized by the font.
void chip(const char* text, ImU32 bg) {
  const ImVec2 ts = ImGui::CalcTextSize(text);
  const float pad = ImGui::GetFontSize() * 0.35f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(ts.x + pad * 2, ts.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), bg, ImGui::GetFontSize() * 0.25f);
  dl->AddText(ImVec2(p.x + pad, p.y), onColor(bg), text);
  ImGui::Dummy(size);
}

// Two-column "field | value" tables.
bool beginFieldTable(const char* id) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter))
    return false;
  const float nameWidth = std::min(ImGui::GetFontSize() * 9.5f, ImGui::GetContentRegionAvail().x * 0.4f);
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, nameWidth);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  return true;
}
void field(const char* name, const std::string& value, std::optional<ImVec4> color = std::nullopt) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  wrappedText(name);
  ImGui::TableNextColumn();
  wrappedText(value, 0, color ? std::optional<ImU32>(ImGui::ColorConvertFloat4ToU32(*color)) : std::nullopt);
}

std::string zx(Zxid z) { return fmt::format("{}  ({})", formatEpochCounter(z), formatZxid(z)); }

std::string stateName(std::int32_t ordinal) {
  if (ordinal >= 0 && ordinal <= 3) return std::string(to_string(static_cast<ServerState>(ordinal)));
  return fmt::format("unknown ({})", ordinal);
}

std::string_view leaderStage(Leader::Stage s) {
  switch (s) {
    case Leader::Stage::Discovery: return "DISCOVERY (waiting for a quorum of FOLLOWERINFO)";
    case Leader::Stage::WaitEpochAck: return "waiting for a quorum of ACKEPOCH";
    case Leader::Stage::WaitNewLeaderAck: return "waiting for a quorum of NEWLEADER acks";
    case Leader::Stage::Broadcast: return "BROADCAST";
  }
  return "?";
}

std::string_view packetMeaning(PacketType t, bool zh) {
  if (zh) switch (t) {
      case PacketType::REQUEST: return "Learner 把客户端的写请求转发给 Leader";
      case PacketType::PROPOSAL: return "Leader 提出一个事务；Follower 写入日志后回 ACK";
      case PacketType::ACK: return "Follower 已把直到该 zxid 的一切写入磁盘（fsync）";
      case PacketType::COMMIT: return "过半成员已 ACK 该 zxid：应用它";
      case PacketType::PING: return "心跳：Leader 每个 tick 发 PING，Learner 回复";
      case PacketType::SYNC: return "对客户端 sync 的回答";
      case PacketType::INFORM: return "给 Observer 的提交：带着整个事务";
      case PacketType::NEWLEADER: return "同步内容到此为止；写入 currentEpoch 后回 ACK（3.8.0 不等这些事务 fsync：ZOOKEEPER-4785）";
      case PacketType::FOLLOWERINFO: return "Follower 报到：zxid = (acceptedEpoch, 0)，data = LearnerInfo";
      case PacketType::OBSERVERINFO: return "Observer 报到：zxid = (acceptedEpoch, 0)，data = LearnerInfo";
      case PacketType::UPTODATE: return "同步完成：开始对外服务";
      case PacketType::DIFF: return "用补发缺少的提案来同步";
      case PacketType::TRUNC: return "把日志截断到该 zxid";
      case PacketType::SNAP: return "后面跟着一个完整快照";
      case PacketType::LEADERINFO: return "新 epoch（在 zxid 中），data = 协议版本";
      case PacketType::ACKEPOCH: return "Learner 接受该 epoch：data = 它的 currentEpoch，zxid = 它的最后 zxid";
      default: return "";
    }
  switch (t) {
    case PacketType::REQUEST: return "a learner forwards a client's write to the leader";
    case PacketType::PROPOSAL: return "the leader proposes a txn; followers log it, then ACK";
    case PacketType::ACK: return "the follower has logged (fsynced) everything up to zxid";
    case PacketType::COMMIT: return "a quorum acked zxid: apply it";
    case PacketType::PING: return "heartbeat: the leader pings every tick, the learner answers";
    case PacketType::SYNC: return "answer to a client's sync";
    case PacketType::INFORM: return "commit for observers: carries the whole txn";
    case PacketType::NEWLEADER: return "end of the sync packets; ACKed once currentEpoch is written (3.8.0 does not wait for their fsync: ZOOKEEPER-4785)";
    case PacketType::FOLLOWERINFO: return "a follower registers: zxid = (acceptedEpoch, 0), data = LearnerInfo";
    case PacketType::OBSERVERINFO: return "an observer registers: zxid = (acceptedEpoch, 0), data = LearnerInfo";
    case PacketType::UPTODATE: return "sync is complete: start serving clients";
    case PacketType::DIFF: return "sync by resending the missing proposals";
    case PacketType::TRUNC: return "cut your log back to zxid";
    case PacketType::SNAP: return "a full snapshot follows";
    case PacketType::LEADERINFO: return "the new epoch (in zxid), data = protocol version";
    case PacketType::ACKEPOCH: return "the learner accepts the epoch: data = its currentEpoch, zxid = its last zxid";
    default: return "";
  }
}

std::string notificationLabel(const Bytes& payload) {
  auto d = decodeNotification(payload);
  if (!d.message) return "undecodable: " + d.error;
  const auto& m = *d.message;
  return fmt::format("vote {} round {} {}", zab::voteNotation(m.leader, m.zxid, m.peerEpoch), m.electionEpoch,
                     stateName(m.state));
}

// The votes a peer has received: one row per sender.
// FLE's termination test counts the votes equal to (proposedLeader, proposedZxid, logicalclock,
// proposedEpoch); getVote() itself carries no round, so the round is passed in.
bool agrees(const Vote& v, const Vote& mine, std::int64_t round) {
  return v.id == mine.id && v.zxid == mine.zxid && v.peerEpoch == mine.peerEpoch && v.electionEpoch == round;
}

void voteTable(const char* id, const zab::VoteMap& votes, const Vote& mine, std::int64_t round, bool light) {
  if (votes.empty()) {
    ImGui::TextUnformatted("(empty)");
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, 6, flags)) return;
  ImGui::TableSetupColumn("from");
  ImGui::TableSetupColumn("leader");
  ImGui::TableSetupColumn("zxid");
  ImGui::TableSetupColumn("round");
  ImGui::TableSetupColumn("peerEpoch");
  ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableHeadersRow();
  for (const auto& [sid, v] : votes) {
    ImGui::PushID(static_cast<int>(sid));
    ImGui::TableNextRow();
    if (round >= 0 && agrees(v, mine, round)) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, agreeRowColor(light));
    ImGui::TableNextColumn();
    ImGui::Text("S%lld", static_cast<long long>(sid));
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(v.id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(formatEpochCounter(v.zxid).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(v.electionEpoch));
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(v.peerEpoch));
    ImGui::TableNextColumn();
    ImGui::TextColored(readableColor(stateColor(v.state, true), light), "%s", std::string(to_string(v.state)).c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

// Wire bytes as rows of hex, as many bytes per row as fit (a multiple of 4), with offsets.
void hexView(const Bytes& bytes) {
  if (bytes.empty()) {
    ImGui::TextUnformatted("(no bytes)");
    return;
  }
  const std::string hex = hexDump(bytes);
  const float avail = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("0000  ").x - ImGui::GetFontSize() * 1.5f;
  const float cell = ImGui::CalcTextSize("00 ").x;
  std::size_t perRow = static_cast<std::size_t>(std::max(1.0f, avail / cell));
  perRow = std::clamp<std::size_t>(perRow / 4 * 4, 4, 16);
  const std::size_t rows = (bytes.size() + perRow - 1) / perRow;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float h = line * static_cast<float>(std::min<std::size_t>(rows, 10)) + ImGui::GetStyle().WindowPadding.y * 2;
  ImGui::BeginChild("hex", ImVec2(0, h), true);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows), line);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const std::size_t first = static_cast<std::size_t>(r) * perRow;
      const std::size_t count = std::min(perRow, bytes.size() - first);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedColor()), "%04zx", first);
      ImGui::SameLine();
      ImGui::TextUnformatted(hex.substr(first * 3, count * 3 - 1).c_str());
    }
  }
  ImGui::EndChild();
}

// A table of `rows` rows: natural height when they all fit in `maxRows`, otherwise a
// scrolling region of `maxRows` rows with a frozen header.
constexpr std::size_t kMaxRows = 10;
bool beginListTable(const char* id, int columns, std::size_t rows, std::size_t maxRows = kMaxRows) {
  ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  ImVec2 size(0, 0);
  if (rows > maxRows) {
    flags |= ImGuiTableFlags_ScrollY;
    const float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    size.y = row * (static_cast<float>(maxRows) + 1.5f);
  }
  if (!ImGui::BeginTable(id, columns, flags, size)) return false;
  ImGui::TableSetupScrollFreeze(0, 1);
  return true;
}

void txnRow(const Bytes& data) {
  auto txn = deserializeTxn(data);
  ImGui::TextUnformatted(txn ? describeTxn(*txn).c_str() : "(undecodable txn)");
}

}  // namespace

void InspectorPanel::draw(AppState& app) {
  const bool zh = app.language == Language::Chinese;
  // Every line of prose wraps at the panel's edge: at a projector's 1280x720 with --scale 2 the
  // pane is narrow, and a cut line hides its end (the numbers and states a student looks for).
  ImGui::PushTextWrapPos(0.0f);
  if (app.selection.message) drawMessage(app, *app.selection.message);
  if (app.selection.peer) {
    drawPeer(app, *app.selection.peer);
  } else if (!app.selection.message) {
    ImGui::Spacing();
    wrappedTextF("%s", zh ? "在集群视图中点击一台服务器，查看它知道的一切：选举状态、连接、角色、事务日志和数据树。"
                                : "Click a peer in the ensemble view to see everything it knows: its election state, "
                                  "its connections, its role, its txn log and its data tree.");
    ImGui::Spacing();
    wrappedTextF("%s", zh ? "点击一条消息（链路上的彩色方块）或“待投递”标签页的一行，即可解码它。"
                                : "Click a message (a coloured box on a link) or a row of the Pending tab to decode it.");
  }
  ImGui::PopTextWrapPos();
}

// ---------------------------------------------------------------------------------------
// One message

void InspectorPanel::drawMessage(AppState& app, std::uint64_t id) {
  const auto& sim = app.session.sim();
  std::optional<FoundMessage> found;
  for (const auto& [cid, c] : sim.connections())
    for (int dir = 0; dir < 2 && !found; ++dir)
      for (std::size_t i = 0; i < c.queue[dir].size(); ++i)
        if (c.queue[dir][i].id == id) {
          found = FoundMessage{c.queue[dir][i], dir == 0 ? c.initiator : c.acceptor, dir == 0 ? c.acceptor : c.initiator,
                               c.channel, cid, i, zab::sim::frameLabel(c, c.queue[dir][i])};
          break;
        }
  if (found) lastMessage_ = found;
  const bool stale = !found && lastMessage_ && lastMessage_->frame.id == id;

  // In Chinese the fields' names and explanations are Chinese; ZooKeeper's own names (packet
  // types, FLE's fields, LearnerInfo) stay as the source writes them.
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };
  std::string title = zh ? fmt::format("消息 #{}###message", id) : fmt::format("Message #{}###message", id);
  if (!ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::PushID("message");
  if (ImGui::SmallButton(tr("clear selection", "取消选择###clear selection")))
    app.post([](AppState& s) { s.selection.message.reset(); });

  if (!found && !stale) {
    // Not a frame: a connection attempt, a timer or a workload tick from the Pending tab.
    bool shown = false;
    for (const auto& p : sim.pending()) {
      if (p.id != id) continue;
      shown = true;
      if (beginFieldTable("pending-fields")) {
        field(tr("kind", "类型"), std::string(to_string(p.kind)));
        if (p.kind == sim::EventKind::Timer) {
          field(tr("timer of", "计时器属于"), fmt::format("S{}", p.to));
          field(tr("timer", "计时器"), std::string(to_string(p.timer)));
        } else {
          field(tr("from -> to", "从 -> 到"), fmt::format("S{} -> S{}", p.from, p.to));
          field(tr("channel", "通道"), p.channel == Channel::Election ? tr("election", "选举") : tr("quorum", "quorum"));
        }
        field(tr("label", "标签"), p.label);
        field(tr("happens at", "发生时间"), zh ? fmt::format("{} ms（还有 {} ms）", p.timeMs, p.timeMs - sim.now())
                                               : fmt::format("{} ms (in {} ms)", p.timeMs, p.timeMs - sim.now()));
        ImGui::EndTable();
      }
    }
    if (!shown)
      wrappedTextF(tr("Message #%llu is no longer pending: it was delivered or dropped (or you went back in time).",
                            "消息 #%llu 已不在待处理之列：它已送达或被丢弃（或者你回到了过去）。"),
                         static_cast<unsigned long long>(id));
    ImGui::PopID();
    ImGui::Separator();
    return;
  }

  const FoundMessage& m = found ? *found : *lastMessage_;
  const sim::InFlight& f = m.frame;
  if (stale)
    ImGui::TextColored(readableColor(IM_COL32(200, 30, 40, 255), app.lightTheme),
                       "%s", tr("No longer in flight (delivered or dropped); the last copy seen:",
                                "已不在途中（已送达或被丢弃）；这是最后看到的副本："));
  chip(m.label.c_str(), familyColor(f.family));
  ImGui::SameLine();
  ImGui::TextWrapped("%s", familyName(f.family, zh).c_str());

  if (beginFieldTable("message-fields")) {
    field(tr("from -> to", "从 -> 到"), fmt::format("S{} -> S{}", m.from, m.to));
    field(tr("channel", "通道"), m.channel == Channel::Election ? tr("election (QuorumCnxManager, port 3888)",
                                                                    "选举（QuorumCnxManager，端口 3888）")
                                                                 : tr("quorum (leader <-> learner, port 2888)",
                                                                    "quorum（Leader <-> Learner，端口 2888）"));
    field(tr("connection", "连接"), zh ? fmt::format("#{}，FIFO 中第 {} 个{}", m.conn, m.position + 1,
                                                    m.position == 0 ? "（队首）" : "")
                                       : fmt::format("#{}, position {} in its FIFO{}", m.conn, m.position + 1,
                                                     m.position == 0 ? " (head)" : ""));
    field(tr("type", "类型"), std::string(f.type));
    field(tr("sent at", "发出时间"), fmt::format("{} ms", f.sentAt));
    const std::string in = !found ? std::string()
                           : zh   ? fmt::format("（还有 {} ms）", f.readyAt - sim.now())
                                  : fmt::format(" (in {} ms)", f.readyAt - sim.now());
    field(tr("earliest arrival", "最早到达"), fmt::format("{} ms{}", f.readyAt, in));
    field(tr("retransmissions", "重传"), f.attempts == 0 ? std::string(tr("none", "无"))
                                         : zh ? fmt::format("{} 次（丢失或被分区挡住）", f.attempts)
                                              : fmt::format("{} (lost or partitioned)", f.attempts));
    if (f.close) {
      // In Chinese the cause's sentence, then the engine's own words (as the Event log's details).
      const std::string words = f.reasonText().empty() ? std::string("FIN") : std::string(f.reasonText());
      const std::string why = closeReasonText(f.closeCause(), words, m.from, zh ? Language::Chinese : Language::English);
      field(tr("close", "关闭"), why == words ? words : fmt::format("{}\n({})", why, words));
    }
    ImGui::EndTable();
  }

  if (!f.close) {
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Decoded:", "解码："));
    if (m.channel == Channel::Election) {
      auto frame = decodeFrame(f.frame);
      if (!frame.payload) {
        wrappedTextF("bad frame: %s", frame.error.c_str());
      } else {
        auto d = decodeNotification(*frame.payload);
        if (!d.message) {
          wrappedTextF("skipped by WorkerReceiver: %s", d.error.c_str());
        } else if (beginFieldTable("notification")) {
          const auto& n = *d.message;
          field(tr("kind", "类型"), zh ? fmt::format("FLE 选票通知（{} 字节，{} 格式）", frame.payload->size(), d.layout)
                                        : fmt::format("FLE notification ({} bytes, {} layout)", frame.payload->size(), d.layout));
          field("state", stateName(n.state), readableColor(n.state >= 0 && n.state <= 3
                                                                ? stateColor(static_cast<ServerState>(n.state), true)
                                                                : IM_COL32(0, 0, 0, 255),
                                                            app.lightTheme));
          field("leader", fmt::format("{}", n.leader));
          field("zxid", zx(n.zxid));
          field("electionEpoch", zh ? fmt::format("{}（发送者的选举轮次）", n.electionEpoch) : fmt::format("{} (the sender's round)", n.electionEpoch));
          field("peerEpoch", fmt::format("{}", n.peerEpoch));
          field("version", fmt::format("{}", n.version));
          field("config", n.config ? (n.config->empty() ? std::string(tr("(empty)", "（空）")) : *n.config)
                                   : std::string(tr("(none)", "（无）")));
          ImGui::EndTable();
        }
      }
    } else {
      auto d = decodeQuorumPacket(f.frame);
      if (!d.packet) {
        wrappedTextF("undecodable QuorumPacket: %s", d.error.c_str());
      } else if (beginFieldTable("packet")) {
        const QuorumPacket& qp = *d.packet;
        field(tr("type", "类型"), std::string(to_string(qp.type)));
        if (auto meaning = packetMeaning(qp.type, zh); !meaning.empty()) field(tr("meaning", "含义"), std::string(meaning));
        field("zxid", zx(qp.zxid));
        field("data", qp.data ? (zh ? fmt::format("{} 字节", qp.data->size()) : fmt::format("{} bytes", qp.data->size())) : std::string("null"));
        if (qp.data) {
          const Bytes& data = *qp.data;
          switch (qp.type) {
            case PacketType::PROPOSAL:
            case PacketType::INFORM: {
              auto txn = deserializeTxn(data);
              if (!txn) {
                field("txn", tr("(undecodable)", "（无法解码）"));
                break;
              }
              field("txn", describeTxn(*txn));
              field("txn zxid", zx(txn->hdr.zxid));
              field("txn type", std::string(to_string(txn->hdr.type)));
              field("session / cxid", fmt::format("0x{:x} / {}", txn->hdr.clientId, txn->hdr.cxid));
              field(tr("txn time", "事务时间"), fmt::format("{} ms", txn->hdr.time));
              break;
            }
            case PacketType::REQUEST: {
              auto r = decodeClientRequest(data);
              if (!r) break;
              field(tr("request", "请求"), fmt::format("{} {}{}", r->op == OpCode::setData ? "write" : std::string(to_string(r->op)),
                                           r->path, r->data.empty() ? std::string() : " = '" + r->data + "'"));
              field("session / cxid", fmt::format("0x{:x} / {}", r->sessionId, r->cxid));
              break;
            }
            case PacketType::FOLLOWERINFO:
            case PacketType::OBSERVERINFO: {
              auto li = decodeLearnerInfo(data);
              if (!li) break;
              field("LearnerInfo", fmt::format("sid {}, protocol 0x{:x}, config version {}", li->serverid,
                                               li->protocolVersion, li->configVersion));
              break;
            }
            case PacketType::LEADERINFO:
              if (auto v = decodeInt(data)) field("protocol", fmt::format("0x{:x}", *v));
              break;
            case PacketType::ACKEPOCH:
              if (auto v = decodeInt(data)) field("currentEpoch", fmt::format("{}", *v));
              break;
            default: break;
          }
        }
        ImGui::EndTable();
      }
    }
  }

  ImGui::Spacing();
  const bool lengthPrefix = m.channel == Channel::Election && !f.close;
  if (zh)
    ImGui::TextWrapped("线上字节（%zu）%s：", f.frame.size(), lengthPrefix ? "，前 4 个是帧长度" : "");
  else
    ImGui::TextWrapped("Wire bytes (%zu)%s:", f.frame.size(), lengthPrefix ? ", the first 4 are the frame length" : "");
  hexView(f.frame);
  ImGui::PopID();
  ImGui::Separator();
}

// ---------------------------------------------------------------------------------------
// One peer

void InspectorPanel::drawPeer(AppState& app, Sid sid) {
  const auto& sim = app.session.sim();
  const sim::PeerSlot* slot = sim.slot(sid);
  if (!slot) {
    wrappedTextF("S%lld is not in this ensemble.", static_cast<long long>(sid));
    return;
  }
  const bool light = app.lightTheme;
  const QuorumPeer& p = slot->peer;
  const bool alive = slot->alive;
  // Chinese words for the explanations; ZooKeeper's own names (logicalclock, recvset,
  // lastProposed...) stay as a student finds them in the source. Headers keep English ids.
  const bool zh = app.language == Language::Chinese;
  auto tr = [zh](const char* en, const char* cn) { return zh ? cn : en; };
  ImGui::PushID("peer");

  // ---- headline ----
  ImGui::Text("S%lld", static_cast<long long>(sid));
  ImGui::SameLine();
  const std::string stateText = alive ? std::string(to_string(p.state())) : (slot->powered ? "DOWN" : "POWER OFF");
  chip(stateText.c_str(), stateColor(alive ? p.state() : ServerState::LOOKING, alive));
  // Beside the chip when it fits whole; else on a line of its own ("participan / t" at --scale 2).
  const std::string role = std::string(to_string(slot->type)) +
                           (sim.leader() && *sim.leader() == sid ? tr(", the ensemble's leader", "，集群的 Leader") : "");
  ImGui::SameLine();
  if (ImGui::CalcTextSize(role.c_str()).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
  wrappedText(role);

  if (beginFieldTable("peer-fields")) {
    if (alive) {
      field(tr("process", "进程"), zh ? fmt::format("运行中（第 {} 个进程）", slot->incarnation)
                                     : fmt::format("running (incarnation {})", slot->incarnation));
      field(tr("ZAB phase", "ZAB 阶段"), std::string(to_string(p.zabState())));
      field("epochs", zh ? fmt::format("accepted {}，current {}", p.acceptedEpoch(), p.currentEpoch())
                         : fmt::format("accepted {}, current {}", p.acceptedEpoch(), p.currentEpoch()));
      // QuorumPeer.getLastLoggedZxid returns the tree's last applied zxid, not the txn log's
      // last entry: a follower with a logged, uncommitted txn showed "last logged 0:0" beside
      // "1 logged txns". Named as it is, with what it really is.
      field(tr("last applied zxid (getLastLoggedZxid, what it votes with)", "最后应用的 zxid（getLastLoggedZxid，选举时用它）"),
            zx(p.lastLoggedZxid()));
      field(tr("last committed", "最后提交"), zx(p.lastCommittedZxid()));
      field(tr("decided vote", "确定的投票"), p.state() == ServerState::LOOKING ? std::string(tr("(none yet: LOOKING)", "（还没有：LOOKING）"))
                                                                         : p.currentVote().brief());
      field(p.leader() ? tr("last sync sent", "最后发出的同步") : tr("last sync", "最后一次同步"),
            p.lastSync() ? std::string(to_string(*p.lastSync())) : std::string(tr("none", "无")));
      field(tr("serving clients", "对外服务"), tr(p.isServing() ? "yes" : "no", p.isServing() ? "是" : "否"));
      field(tr("elections done", "完成的选举"), fmt::format("{}", p.electionsCompleted()));
    } else {
      field(tr("process", "进程"), slot->powered ? tr("killed: its memory is gone, its disk remains", "被杀：内存没了，磁盘还在")
                                               : tr("powered off: silent", "断电：悄无声息"));
      if (!slot->exitReason.empty()) field(tr("exited because", "退出原因"), slot->exitReason);
    }
    const PeerDisk& disk = alive ? p.disk() : slot->disk;
    auto epochFile = [](const std::optional<Epoch>& e) { return e ? fmt::format("{}", *e) : std::string("missing"); };
    field(tr("epoch files", "epoch 文件"), fmt::format("acceptedEpoch {}, currentEpoch {}{}", epochFile(disk.acceptedEpoch),
                                     epochFile(disk.currentEpoch),
                                     disk.currentEpochTmp || disk.acceptedEpochTmp ? " (+ a left-over .tmp)" : ""));
    if (zh)
      field("磁盘", fmt::format("{} 个日志文件中有 {} 条事务，{} 个快照{}{}", disk.txnLog.files().size(),
                                disk.txnLog.size(), disk.snapshots.size(), disk.initialized ? "" : "（空白磁盘）",
                                disk.txnLog.firstKept() == 0
                                    ? std::string()
                                    : fmt::format("；最早的 {} 条事务不保存在模拟器内存中", disk.txnLog.firstKept())));
    else
      field("disk", fmt::format("{} logged txns in {} log file{}, {} snapshots{}{}", disk.txnLog.size(),
                                disk.txnLog.files().size(), disk.txnLog.files().size() == 1 ? "" : "s",
                                disk.snapshots.size(), disk.initialized ? "" : " (blank disk)",
                                disk.txnLog.firstKept() == 0 ? std::string()
                                                             : fmt::format("; the oldest {} txns are not kept in the "
                                                                           "simulator's memory",
                                                                           disk.txnLog.firstKept())));
    ImGui::EndTable();
  }

  if (alive) {
    // ---- Fast leader election ----
    const FastLeaderElection& fle = p.election();
    if (ImGui::CollapsingHeader(tr("Fast leader election", "快速 Leader 选举 (FLE)###Fast leader election"),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
      const Vote v = fle.getVote();
      if (beginFieldTable("fle")) {
        field(tr("in lookForLeader", "在 lookForLeader 中"), fle.inElection() ? tr("yes", "是") : tr("no (decided)", "否（已确定）"));
        field("logicalclock", zh ? fmt::format("{}（选举轮次）", fle.logicalclock())
                                 : fmt::format("{} (the election round)", fle.logicalclock()));
        if (v.id < 0) {
          field(tr("proposal", "提议"), tr("(none)", "（无）"));
        } else {
          field(tr("proposed leader", "提议的 Leader"), fmt::format("S{}", v.id));
          field(tr("proposed zxid", "提议的 zxid"), zx(v.zxid));
          field(tr("proposed peerEpoch", "提议的 peerEpoch"), fmt::format("{}", v.peerEpoch));
        }
        field(tr("finalizing", "收尾等待 finalizing"),
              fle.finalizing()
                  ? (zh ? fmt::format("是：已有过半成员同意；再等 {} ms，看有没有更好的投票", fle.timeouts().finalizeWait)
                        : fmt::format("yes: a quorum agrees; waiting {} ms for a better vote", fle.timeouts().finalizeWait))
                  : std::string(tr("no", "否")));
        field(tr("notification timeout", "通知超时"),
              zh ? fmt::format("{} ms（收不到消息时加倍，最多 {} ms）", fle.notificationTimeout(),
                               fle.timeouts().maxNotificationInterval)
                 : fmt::format("{} ms (doubles when nothing arrives, max {} ms)", fle.notificationTimeout(),
                               fle.timeouts().maxNotificationInterval));
        ImGui::EndTable();
      }
      std::size_t agree = 0;
      for (const auto& [s, rv] : fle.recvset())
        if (agrees(rv, v, fle.logicalclock())) ++agree;
      ImGui::TextWrapped(tr("recvset: votes of this round (%zu; %zu agree with my proposal, shaded)",
                     "recvset：本轮的投票（%zu 张；%zu 张与我的提议一致，带底色）"),
                  fle.recvset().size(), agree);
      voteTable("recvset", fle.recvset(), v, fle.logicalclock(), light);
      ImGui::TextWrapped(tr("outofelection: FOLLOWING / LEADING votes (%zu)", "outofelection：FOLLOWING / LEADING 的投票（%zu 张）"),
                  fle.outofelection().size());
      voteTable("outofelection", fle.outofelection(), v, -1, light);
    }

    // ---- Election transport ----
    const QuorumCnxManager& qcm = p.qcm();
    if (ImGui::CollapsingHeader(tr("Election transport (QuorumCnxManager)",
                                   "选举通信 (QuorumCnxManager)###Election transport (QuorumCnxManager)"),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
      std::set<Sid> dests;
      for (const auto& [s, slotOther] : sim.peers())
        if (s != sid) dests.insert(s);
      for (const auto& [s, q] : qcm.sendQueues()) dests.insert(s);
      for (const auto& [s, b] : qcm.lastMessageSent()) dests.insert(s);
      ImGui::TextWrapped(tr("receive queue: %zu / %zu;  haveDelivered(): %s", "接收队列：%zu / %zu；haveDelivered()：%s"),
                  qcm.recvQueue().size(), kRecvCapacity,
                  qcm.haveDelivered() ? "true" : "false");
      const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
      if (ImGui::BeginTable("qcm", 4, flags)) {
        ImGui::TableSetupColumn(tr("to", "发往"), ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn(tr("queue", "队列"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn(tr("connection", "连接"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn(tr("last message sent", "最后发出的消息"), ImGuiTableColumnFlags_WidthStretch, 4.0f);
        ImGui::TableHeadersRow();
        for (Sid d : dests) {
          ImGui::PushID(static_cast<int>(d));
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::Text("S%lld", static_cast<long long>(d));
          ImGui::TableNextColumn();
          auto q = qcm.sendQueues().find(d);
          ImGui::Text("%zu", q == qcm.sendQueues().end() ? std::size_t{0} : q->second.size());
          ImGui::TableNextColumn();
          if (qcm.isConnected(d)) ImGui::TextUnformatted(tr("connected", "已连接"));
          else if (qcm.inProgress().count(d)) ImGui::TextUnformatted(tr("connecting", "连接中"));
          else ImGui::TextColored(readableColor(IM_COL32(200, 30, 40, 255), light), "%s", tr("none", "无"));
          ImGui::TableNextColumn();
          auto last = qcm.lastMessageSent().find(d);
          if (last == qcm.lastMessageSent().end()) ImGui::TextUnformatted("-");
          else wrappedTextF("%s", notificationLabel(last->second.toBytes()).c_str());
          ImGui::PopID();
        }
        ImGui::EndTable();
      }
    }

    // ---- Leader ----
    if (const Leader* ld = p.leader()) {
      if (ImGui::CollapsingHeader("Leader###Leader", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (beginFieldTable("leader")) {
          field(tr("stage", "阶段"), std::string(leaderStage(ld->stage())));
          field("epoch", fmt::format("{}", ld->epoch()));
          field("tick", zh ? fmt::format("{}（每 tickTime/2 = {} ms 一次）", ld->tick(), p.timing().tickTime / 2)
                           : fmt::format("{} (every tickTime/2 = {} ms)", ld->tick(), p.timing().tickTime / 2));
          field("lastProposed", zx(ld->lastProposed()));
          field("lastCommitted", zx(ld->lastCommitted()));
          if (ld->isShutdown()) field(tr("shut down", "已关闭"), ld->shutdownReason());
          ImGui::EndTable();
        }
        ImGui::TextWrapped("LearnerHandlers (%zu)", ld->handlers().size());
        const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
        if (!ld->handlers().empty() && ImGui::BeginTable("handlers", 5, flags)) {
          ImGui::TableSetupColumn("learner", ImGuiTableColumnFlags_WidthStretch, 1.0f);
          ImGui::TableSetupColumn(tr("type", "类型"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
          ImGui::TableSetupColumn(tr("stage", "阶段"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
          ImGui::TableSetupColumn(tr("sync", "同步"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
          ImGui::TableSetupColumn(tr("unacked", "未 ACK"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
          ImGui::TableHeadersRow();
          for (const auto& [conn, h] : ld->handlers()) {
            ImGui::PushID(static_cast<int>(conn));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("S%lld", static_cast<long long>(h.sid));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(std::string(to_string(h.type)).c_str());
            ImGui::TableNextColumn();
            wrappedTextF("%s", std::string(to_string(h.stage)).c_str());
            if (h.stage == zab::HandlerStage::WriteSnapshot)  // snapSend: the SNAP and what queued behind it
              wrappedTextF(tr("%zu packets queued (the SNAP first), NEWLEADER after them", "排队中 %zu 个包（SNAP 在最前），之后才是 NEWLEADER"),
                           h.queued.size());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(h.lastSync ? std::string(to_string(*h.lastSync)).c_str() : "-");
            ImGui::TableNextColumn();
            if (h.unacked.empty()) ImGui::TextUnformatted("0");
            else
              wrappedTextF(tr("%zu (oldest %s)", "%zu（最早 %s）"), h.unacked.size(),
                                 formatEpochCounter(h.unacked.front().first).c_str());
            ImGui::PopID();
          }
          ImGui::EndTable();
        }
        const auto& out = ld->outstandingProposals();
        ImGui::TextWrapped(tr("Outstanding proposals (%zu): waiting for a quorum of ACKs",
                       "未完成的提案（%zu 个）：等待过半成员的 ACK"),
                    out.size());
        if (!out.empty() && beginListTable("outstanding", 3, out.size())) {
          ImGui::TableSetupColumn("zxid", ImGuiTableColumnFlags_WidthStretch, 1.0f);
          ImGui::TableSetupColumn("txn", ImGuiTableColumnFlags_WidthStretch, 3.0f);
          ImGui::TableSetupColumn("acks", ImGuiTableColumnFlags_WidthStretch, 1.5f);
          ImGui::TableHeadersRow();
          std::vector<const Proposal*> rows;
          rows.reserve(out.size());
          for (const auto& [z, prop] : out) rows.push_back(&prop);
          ImGuiListClipper clipper;
          clipper.Begin(static_cast<int>(rows.size()));
          while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
              const Proposal& prop = *rows[static_cast<std::size_t>(i)];
              ImGui::PushID(i);
              ImGui::TableNextRow();
              ImGui::TableNextColumn();
              ImGui::TextUnformatted(formatEpochCounter(prop.logged.zxid).c_str());
              ImGui::TableNextColumn();
              ImGui::TextUnformatted(describeTxn(prop.txn).c_str());
              ImGui::TableNextColumn();
              std::string acks;
              for (Sid a : prop.acks) acks += fmt::format("{}S{}", acks.empty() ? "" : " ", a);
              ImGui::TextUnformatted(acks.empty() ? tr("none", "无") : acks.c_str());
              ImGui::PopID();
            }
          ImGui::EndTable();
        }
      }
    }

    // ---- Learner ----
    if (const Learner* ln = p.learner()) {
      const char* title = slot->type == LearnerType::OBSERVER ? "Learner (observer)###learner" : "Learner (follower)###learner";
      if (ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) {
        if (beginFieldTable("learner")) {
          field(tr("stage", "阶段"),
                ln->inNewLeaderFsync()
                    ? std::string(tr("NEWLEADER received: fsyncing the sync's txns, not acked yet",
                                     "已收到 NEWLEADER：正在 fsync 同步来的事务，尚未 ACK"))
                    : std::string(to_string(ln->stage())));
          field("Leader", fmt::format("S{}", ln->leaderSid()));
          field(tr("sync mode", "同步方式"), ln->lastSync() ? std::string(to_string(*ln->lastSync())) : std::string(tr("not yet", "还没有")));
          if (ln->failed()) field(tr("failed", "失败"), ln->failure());
          ImGui::EndTable();
        }
        const auto& pend = ln->pendingTxns();
        ImGui::TextWrapped(tr("Pending txns (%zu): received, waiting for COMMIT", "待提交的事务（%zu 个）：已收到，等待 COMMIT"),
                    pend.size());
        if (!pend.empty() && beginListTable("pendingTxns", 2, pend.size())) {
          ImGui::TableSetupColumn("zxid", ImGuiTableColumnFlags_WidthStretch, 1.0f);
          ImGui::TableSetupColumn("txn", ImGuiTableColumnFlags_WidthStretch, 4.0f);
          ImGui::TableHeadersRow();
          ImGuiListClipper clipper;
          clipper.Begin(static_cast<int>(pend.size()));
          while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
              const PacketInFlight& t = pend[static_cast<std::size_t>(i)];
              ImGui::PushID(i);
              ImGui::TableNextRow();
              ImGui::TableNextColumn();
              ImGui::TextUnformatted(formatEpochCounter(t.logged.zxid).c_str());
              ImGui::TableNextColumn();
              ImGui::TextUnformatted(describeTxn(*t.txn).c_str());
              ImGui::PopID();
            }
          ImGui::EndTable();
        }
      }
    }
  }

  // ---- Txn log (on disk) ----
  const auto& log = (alive ? p.disk() : slot->disk).txnLog;
  const std::string logTitle = zh ? fmt::format("磁盘上的事务日志（{} 条）###txnlog", log.size())
                                  : fmt::format("Txn log on disk ({} entries)###txnlog", log.size());
  if (ImGui::CollapsingHeader(logTitle.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
    const Zxid committed = alive ? p.lastCommittedZxid() : std::numeric_limits<Zxid>::min();
    if (alive)
      wrappedTextF(tr("Logged is not committed: entries up to %s are known committed here.",
                            "写入日志不等于已提交：这里已知到 %s 为止的条目已提交。"),
                         formatEpochCounter(committed).c_str());
    else
      wrappedTextF("%s", tr("The process is down, so which entries are committed is unknown until it restarts.",
                                  "进程已停止，哪些条目已提交要等它重启后才知道。"));
    if (alive && !p.unflushed().empty()) {
      // SyncRequestProcessor: the batch in the running fsync, then what arrived during it.
      std::string inFsync, queued;
      for (std::size_t i = 0; i < p.unflushed().size(); ++i) {
        std::string& list = i < p.txnsInFsync() ? inFsync : queued;
        list += fmt::format("{}{}", list.empty() ? "" : ", ", formatEpochCounter(p.unflushed()[i].zxid));
      }
      wrappedTextF(tr("Being fsynced (not on disk yet, so not acked): %s", "正在 fsync（还没落盘，所以还没 ACK）：%s"),
                   inFsync.c_str());
      if (!queued.empty())
        wrappedTextF(tr("Queued for the next fsync (they came while this one runs): %s",
                        "排队等下一次 fsync（在这次 fsync 进行中才到达）：%s"),
                     queued.c_str());
    }
    // fix=ZOOKEEPER-4785: NEWLEADER's own fsync, on the learner thread, which reads nothing meanwhile.
    if (const zab::Learner* l = alive ? p.learner() : nullptr; l && l->inNewLeaderFsync()) {
      std::string txns;
      for (const auto& t : l->newLeaderFsync())
        txns += fmt::format("{}{}", txns.empty() ? "" : ", ", formatEpochCounter(t.zxid));
      wrappedTextF(tr("NEWLEADER is fsyncing the sync's txns on the learner thread (no ACK, no currentEpoch until it "
                      "ends): %s; reads waiting in the socket (packets, or the close): %zu",
                      "NEWLEADER 正在 Learner 线程上 fsync 同步来的事务（结束前不回 ACK、不写 currentEpoch）：%s；"
                      "在 socket 里等待读取的消息（或连接关闭）：%zu"),
                   txns.c_str(), l->heldReads());
    }
    // Old files no restore, sync or TRUNC reads again are on disk only (QuorumPeer::
    // forgetUnreadableLogFiles): say so instead of listing fewer rows silently.
    if (log.firstKept() > 0)
      wrappedTextF(tr("Txns 1..%zu (%zu old log file%s): on disk, not kept in the simulator's memory.",
                            "事务 1..%zu（%zu 个旧日志文件%s）：在磁盘上，不保存在模拟器内存中。"),
                         log.firstKept(), log.forgottenFiles(), zh || log.forgottenFiles() == 1 ? "" : "s");
    if (log.empty()) {
      ImGui::TextUnformatted(tr("(empty)", "（空）"));
    } else if (beginListTable("txnlog", 3, log.size() - log.firstKept())) {
      ImGui::TableSetupColumn("zxid", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn("txn", ImGuiTableColumnFlags_WidthStretch, 3.5f);
      ImGui::TableSetupColumn(tr("status", "状态"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
      ImGui::TableHeadersRow();
      ImGuiListClipper clipper;
      clipper.Begin(static_cast<int>(log.size() - log.firstKept()));
      while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
          const LoggedProposal& e = log[log.firstKept() + static_cast<std::size_t>(i)];
          ImGui::PushID(i);
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(formatEpochCounter(e.zxid).c_str());
          ImGui::TableNextColumn();
          txnRow(e.data);
          ImGui::TableNextColumn();
          if (!alive) ImGui::TextUnformatted("?");
          else if (e.zxid <= committed)
            ImGui::TextColored(readableColor(IM_COL32(30, 150, 60, 255), light), "%s", tr("committed", "已提交"));
          else ImGui::TextColored(readableColor(IM_COL32(230, 140, 0, 255), light), "%s", tr("logged only", "仅写入日志"));
          ImGui::PopID();
        }
      ImGui::EndTable();
    }
  }

  // ---- Data tree ----
  if (alive) {
    const auto& nodes = p.db().tree().nodes();
    const std::string treeTitle =
        zh ? fmt::format("数据树（{} 个 znode，已应用到 {}）###datatree", nodes.size(),
                         formatEpochCounter(p.db().lastProcessedZxid()))
           : fmt::format("Data tree ({} znodes, applied up to {})###datatree", nodes.size(),
                         formatEpochCounter(p.db().lastProcessedZxid()));
    if (ImGui::CollapsingHeader(treeTitle.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      std::vector<const std::pair<const std::string, DataNode>*> rows;
      rows.reserve(nodes.size());
      for (const auto& n : nodes) rows.push_back(&n);
      if (beginListTable("tree", 4, rows.size())) {
        ImGui::TableSetupColumn(tr("path", "路径"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
        ImGui::TableSetupColumn(tr("data", "数据"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("version", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("mzxid", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step())
          for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& [path, node] = *rows[static_cast<std::size_t>(i)];
            ImGui::PushID(i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(path.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(node.data.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", node.stat.version);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(formatEpochCounter(node.stat.mzxid).c_str());
            ImGui::PopID();
          }
        ImGui::EndTable();
      }
    }
  }
  ImGui::PopID();
}

}  // namespace zabscope
