#include "imported_logs_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "imported_spacetime.hpp"
#include "read_only_keys.hpp"
#include "theme.hpp"

namespace zabscope {

namespace {

std::string zx(zab::Zxid z) { return fmt::format("0x{:x}", static_cast<std::uint64_t>(z)); }
zab::ServerState toState(real::PeerState s) { return static_cast<zab::ServerState>(static_cast<int>(s)); }

void moveCursor(AppState& app, std::function<void(ImportedLogs&)> f) {
  app.post([f = std::move(f)](AppState& s) {
    if (s.imported) f(*s.imported);
  });
}

}  // namespace

void ImportedLogsView::draw(AppState& app, float top) {
  if (!app.imported) return;
  const ImportedLogs& logs = *app.imported;
  const ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y - top, fs = ImGui::GetFontSize();
  zh_ = app.language == Language::Chinese;
  const ImGuiWindowFlags fixed = kFixedPaneFlags;
  switch (pressedCursorKey()) {
    case CursorKey::Forward: moveCursor(app, [](ImportedLogs& l) { l.stepForward(); }); break;
    case CursorKey::Back: moveCursor(app, [](ImportedLogs& l) { l.stepBack(); }); break;
    case CursorKey::First: moveCursor(app, [](ImportedLogs& l) { l.jumpTo(0); }); break;
    case CursorKey::Last: moveCursor(app, [](ImportedLogs& l) { l.jumpTo(l.size()); }); break;
    case CursorKey::None: break;
  }

  // Title bar, the button row and the note row.
  const float controlsH =
      ImGui::GetFrameHeight() + ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().WindowPadding.y * 2;
  const float rest = H - controlsH;
  // A short screen (a projector at --scale 2): the diagram goes into a tab, as in the session's layout.
  const bool compact = rest < fs * 26;
  const float middleH = compact ? rest : std::max(fs * 12, rest * 0.5f);
  const float diagramH = rest - middleH;
  const float ensembleW = std::floor(W * (compact ? 0.45f : 0.42f));
  // Tooltips follow the mouse only once it has moved: a scripted or screenshot run under Xvfb
  // has its pointer parked mid-screen, where a tooltip would cover the picture.
  mouseMoved_ = mouseMoved_ || io.MouseDelta.x != 0 || io.MouseDelta.y != 0;

  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(W, controlsH));
  if (ImGui::Begin(tr("Imported logs###Imported logs", "导入的日志###Imported logs"), nullptr, fixed)) drawControls(app, logs);
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(0, top + controlsH));
  ImGui::SetNextWindowSize(ImVec2(ensembleW, middleH));
  if (ImGui::Begin(tr("Ensemble (from the logs)###Ensemble (from the logs)", "集群（来自日志）###Ensemble (from the logs)"), nullptr, fixed)) drawEnsemble(logs, ImGui::GetContentRegionAvail());
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(ensembleW, top + controlsH));
  ImGui::SetNextWindowSize(ImVec2(W - ensembleW, middleH));
  if (ImGui::Begin("Details##imported", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    if (ImGui::BeginTabBar("imported-tabs")) {
      auto flags = [&](const char* name) {
        return app.selectTab == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
      };
      if (ImGui::BeginTabItem(tr("Event log###Event log", "事件日志 Event log###Event log"), nullptr, flags("Event log"))) {
        drawEventLog(app, logs);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem(tr("Graphs###Graphs", "图表 Graphs###Graphs"), nullptr, flags("Graphs"))) {
        drawGraphs(logs);
        ImGui::EndTabItem();
      }
      if (compact && ImGui::BeginTabItem(tr("Space-time###Space-time", "时空图 Space-time###Space-time"), nullptr, flags("Space-time"))) {
        drawImportedSpacetime(app, logs, ImGui::GetContentRegionAvail(), mouseMoved_);
        ImGui::EndTabItem();
      }
      const std::string warn = fmt::format("{} ({})###Warnings", tr("Warnings", "警告"), logs.timeline().warnings.size());
      if (ImGui::BeginTabItem(warn.c_str(), nullptr, flags("Warnings"))) {
        drawWarnings(logs);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    if (!app.selectTab.empty()) app.post([](AppState& s) { s.selectTab.clear(); });
  }
  ImGui::End();

  if (!compact) {
    ImGui::SetNextWindowPos(ImVec2(0, top + controlsH + middleH));
    ImGui::SetNextWindowSize(ImVec2(W, diagramH));
    if (ImGui::Begin(tr("Space-time (from the logs)###Space-time (from the logs)", "时空图（来自日志）###Space-time (from the logs)"), nullptr, fixed))
      drawImportedSpacetime(app, logs, ImGui::GetContentRegionAvail(), mouseMoved_);
    ImGui::End();
  }
  lastCursor_ = logs.cursor();
}

void ImportedLogsView::drawControls(AppState& app, const ImportedLogs& logs) {
  const float fs = ImGui::GetFontSize();
  if (ImGui::Button("|<")) moveCursor(app, [](ImportedLogs& l) { l.jumpTo(0); });
  ImGui::SameLine();
  if (ImGui::Button(tr("< Back###< Back", "< 后退###< Back"))) moveCursor(app, [](ImportedLogs& l) { l.stepBack(); });
  ImGui::SameLine();
  if (ImGui::Button(tr("Step >###Step >", "单步 >###Step >"))) moveCursor(app, [](ImportedLogs& l) { l.stepForward(); });
  ImGui::SameLine();
  if (ImGui::Button(tr("Next state change###Next state change", "下一次状态变化###Next state change"))) moveCursor(app, [](ImportedLogs& l) { l.stepUntil(real::EventKind::StateChange); });
  ImGui::SameLine();
  if (ImGui::Button(">|")) moveCursor(app, [](ImportedLogs& l) { l.jumpTo(l.size()); });
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(fs * 8, ImGui::GetContentRegionAvail().x - fs * 20));
  int k = static_cast<int>(logs.cursor());
  if (ImGui::SliderInt("##scrub", &k, 0, static_cast<int>(logs.size()),
                       (zh_ ? fmt::format("第 {} / {} 个事件", logs.cursor(), logs.size())
                            : fmt::format("event {} of {}", logs.cursor(), logs.size()))
                           .c_str())) {
    const std::size_t to = static_cast<std::size_t>(k);
    moveCursor(app, [to](ImportedLogs& l) { l.jumpTo(to); });
  }
  ImGui::SameLine();
  const bool zh = zh_;
  if (ImGui::Button(tr("Close logs###Close logs", "关闭日志###Close logs"))) app.post([zh](AppState& s) {
      s.imported.reset();
      s.status = zh ? "已关闭导入的日志；会话保持原样" : "closed the imported logs; the session is as it was";
    });
  // What is shown, and that nothing can be changed.
  std::string files;
  for (const auto& p : logs.paths())
    files += (files.empty() ? "" : ", ") + std::filesystem::path(p).filename().string();
  const auto leader = logs.leader();
  ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s", tr("imported logs: read-only", "导入的日志：只读"));
  ImGui::SameLine();
  const double t = static_cast<double>(logs.timeMs()) / 1000.0, end = static_cast<double>(logs.endMs()) / 1000.0;
  const std::string leaderText = leader ? fmt::format("S{}", *leader) : std::string(tr("none", "无"));
  std::string status =
      zh_ ? fmt::format("t = {:.3f} s / {:.3f} s；Leader {}；{} 台服务器，{} 条配对的消息", t, end, leaderText,
                        logs.timeline().servers.size(), logs.timeline().messages.size())
          : fmt::format("t = {:.3f} s of {:.3f} s; leader {}; {} servers, {} matched messages", t, end, leaderText,
                        logs.timeline().servers.size(), logs.timeline().messages.size());
  // A narrow window (a projector at --scale 2): the time and the leader come first, whole.
  if (ImGui::CalcTextSize(status.c_str()).x > ImGui::GetContentRegionAvail().x)
    status = zh_ ? fmt::format("t = {:.3f}/{:.3f} s；Leader {}", t, end, leaderText)
                 : fmt::format("t = {:.3f}/{:.3f} s; leader {}", t, end, leaderText);
  ImGui::TextUnformatted(status.c_str());
  if (logs.timeline().ownLanes) {
    // The clocks could not be reconciled: order across servers is the logs' own, not real time.
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s",
                       tr("clocks: own lanes (see Warnings)", "时钟：各走各的（见“警告”）"));
  }
  if (ImGui::IsItemHovered() && mouseMoved_)
    ImGui::SetTooltip("%s\n%s", files.c_str(),
                      tr("Real ZooKeeper logs show what happened; commands, faults and deliveries that would "
                         "change a run are off. Close logs to go back to the session.",
                         "真实 ZooKeeper 日志记录的是已经发生的事：会改变运行的命令、故障和投递在这里都不可用。"
                         "点“关闭日志”回到会话。"));
}

void ImportedLogsView::drawEnsemble(const ImportedLogs& logs, ImVec2 size) {
  const float fs = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const auto views = logs.servers();
  if (views.empty()) return;
  const std::size_t n = views.size();
  // Side by side while each server's facts fit under its disc; otherwise one row per server,
  // the facts to the right of the disc.
  const bool rows = size.x / static_cast<float>(n) < fs * 11;
  const float cellW = rows ? size.x : size.x / static_cast<float>(n);
  // A row holds up to four lines of facts (1.15 font sizes apart); where n rows of them do not fit
  // (5 servers at a projector's --scale 2) the pane scrolls rather than print rows over each other.
  // Where the pane is too narrow for "epoch 2/2  zxid 0x200000019" beside the disc, the state and
  // its phase, and the epochs and the zxid, take a line each: up to six lines.
  const float besideW = size.x - fs * 1.2f - std::min(fs * 1.6f, size.y * 0.32f) * 2 - fs * 1.5f;
  const bool splitLines = rows && besideW < ImGui::CalcTextSize("epoch 10/10  zxid 0x200000019").x;
  const float rowH = std::max(size.y / static_cast<float>(n), rows ? fs * (1.15f * (splitLines ? 5 : 3) + 1.0f) : 0.0f);
  const float r = rows ? std::min(fs * 1.6f, rowH * 0.32f) : std::min(cellW * 0.3f, std::min(fs * 2.6f, size.y * 0.18f));
  const float cy = o.y + r + fs * 1.4f;
  std::map<zab::Sid, ImVec2> centre;
  for (std::size_t k = 0; k < n; ++k)
    centre[views[k].sid] = rows ? ImVec2(o.x + fs * 1.2f + r, o.y + rowH * (static_cast<float>(k) + 0.5f))
                                : ImVec2(o.x + cellW * (static_cast<float>(k) + 0.5f), cy);
  // Followers point at their leader.
  for (const auto& v : views)
    if (v.alive && v.leader && *v.leader != v.sid && centre.count(*v.leader)) {
      const ImVec2 a = centre[v.sid], b = centre[*v.leader];
      const float dx = b.x - a.x, dy = b.y - a.y, len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
      const ImVec2 lift = rows ? ImVec2(-r * 0.6f, 0) : ImVec2(0, -r * 0.6f);
      dl->AddLine(ImVec2(a.x + dx / len * r + lift.x, a.y + dy / len * r + lift.y),
                  ImVec2(b.x - dx / len * r + lift.x, b.y - dy / len * r + lift.y),
                  stateColor(zab::ServerState::FOLLOWING, true), lineWidth(fs * 0.12f));
    }
  const ImU32 text = textColor(), muted = mutedColor();
  for (std::size_t k = 0; k < n; ++k) {
    const auto& v = views[k];
    const ImVec2 c = centre[v.sid];
    const zab::ServerState st = v.state ? toState(*v.state) : zab::ServerState::LOOKING;
    const bool shown = v.seen && v.alive;
    const ImU32 fill = shown ? stateColor(st, true) : stateColor(st, false);
    dl->AddCircleFilled(c, r, v.seen ? fill : panelColor());
    dl->AddCircle(c, r, text, 48, lineWidth(fs * 0.08f));
    const std::string name = fmt::format("S{}", v.sid);
    const std::string letter = !v.seen ? "" : stateLetter(st, v.alive);
    const ImVec2 ns = ImGui::CalcTextSize(name.c_str());
    dl->AddText(ImVec2(c.x - ns.x * 0.5f, c.y - ns.y * 0.5f), v.seen ? onColor(fill) : muted, name.c_str());
    if (!letter.empty()) {
      const ImVec2 ls = ImGui::CalcTextSize(letter.c_str());
      dl->AddText(ImVec2(c.x - ls.x * 0.5f, c.y + ns.y * 0.45f), onColor(fill), letter.c_str());
    }
    if (logs.leader() == v.sid && !rows) {
      const char* lead = tr("leader", "Leader");
      const ImVec2 ts = ImGui::CalcTextSize(lead);
      const ImVec2 at = rows ? ImVec2(c.x + r + fs * 0.5f, c.y - r - fs * 0.1f) : ImVec2(c.x - ts.x * 0.5f, c.y - r - fs * 1.2f);
      dl->AddText(at, stateInk(zab::ServerState::LEADING, true), lead);
    }
    // The facts under the disc: state, epochs, last zxid, vote, last sync.
    std::vector<std::pair<std::string, ImU32>> lines;
    if (!v.seen) lines.push_back({tr("not started yet", "尚未启动"), muted});
    else if (!v.alive) lines.push_back({tr("down", "未运行"), stateInk(st, false)});
    else lines.push_back({v.state ? std::string(real::to_string(*v.state)) : std::string(tr("starting", "启动中")), stateInk(st, true)});
    if (v.seen) {
      if (!v.zabPhase.empty() && v.alive) lines.push_back({v.zabPhase, text});
      lines.push_back({fmt::format("epoch {}/{}", v.acceptedEpoch ? std::to_string(*v.acceptedEpoch) : "?",
                                   v.currentEpoch ? std::to_string(*v.currentEpoch) : "?"),
                       text});
      lines.push_back({"zxid " + (v.lastZxid ? zx(*v.lastZxid) : std::string("?")), text});
      if (v.vote && v.alive)
        lines.push_back({fmt::format("vote S{} {} r{}", v.vote->leader, zx(v.vote->zxid), v.vote->electionEpoch), text});
      if (v.lastSync) lines.push_back({tr("synced by ", "同步方式 ") + std::string(real::to_string(*v.lastSync)), text});
    }
    if (rows) {
      // Beside the disc: state (and leadership) with the phase; epochs and zxid; vote; sync.
      std::vector<std::pair<std::string, ImU32>> side;
      const std::string state = lines[0].first + (logs.leader() == v.sid ? tr(" (leader)", "（Leader）") : "");
      const std::string phase = v.alive && !v.zabPhase.empty() ? v.zabPhase : "";
      const std::string epochs = fmt::format("epoch {}/{}", v.acceptedEpoch ? std::to_string(*v.acceptedEpoch) : "?",
                                             v.currentEpoch ? std::to_string(*v.currentEpoch) : "?");
      const std::string zxid = "zxid " + (v.lastZxid ? zx(*v.lastZxid) : std::string("?"));
      if (splitLines) {
        side.push_back({state, lines[0].second});
        if (!phase.empty()) side.push_back({phase, text});
        if (v.seen) side.push_back({epochs, text}), side.push_back({zxid, text});
      } else {
        side.push_back({state + (phase.empty() ? "" : "  " + phase), lines[0].second});
        if (v.seen) side.push_back({epochs + "  " + zxid, text});
      }
      if (v.vote && v.alive)
        side.push_back({fmt::format("vote S{} {} r{}", v.vote->leader, zx(v.vote->zxid), v.vote->electionEpoch), text});
      if (v.lastSync) side.push_back({tr("synced by ", "同步方式 ") + std::string(real::to_string(*v.lastSync)), text});
      float y = c.y - fs * 0.58f * static_cast<float>(side.size());
      for (const auto& [line, col] : side) {
        dl->AddText(ImVec2(c.x + r + fs * 0.5f, y), col, line.c_str());
        y += fs * 1.15f;
      }
      continue;
    }
    float y = c.y + r + fs * 0.4f;
    for (const auto& [line, col] : lines) {
      const ImVec2 ts = ImGui::CalcTextSize(line.c_str());
      dl->AddText(ImVec2(c.x - std::min(ts.x, cellW - fs * 0.4f) * 0.5f, y), col, line.c_str());
      y += fs * 1.15f;
    }
  }
  ImGui::Dummy(rows ? ImVec2(size.x, std::max(size.y, rowH * static_cast<float>(n))) : size);
}

void ImportedLogsView::drawEventLog(AppState& app, const ImportedLogs& logs) {
  const auto& t = logs.timeline();
  const float fs = ImGui::GetFontSize();
  ImGui::BeginChild("imported-log", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(t.events.size()));
  const std::size_t current = logs.cursor() == 0 ? static_cast<std::size_t>(-1) : logs.cursor() - 1;
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const auto i = static_cast<std::size_t>(row);
      const auto& e = t.events[i];
      ImGui::PushID(row);
      const auto& lines = logs.explained(i);
      const std::string text = fmt::format("{:>9.3f} s  S{:<3} {}", static_cast<double>(e.timeMs) / 1000.0, e.server, lines.front());
      const bool future = i >= logs.cursor();
      if (future) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(mutedColor()));
      if (ImGui::Selectable(text.c_str(), i == current)) moveCursor(app, [i](ImportedLogs& l) { l.jumpTo(i + 1); });
      if (future) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered() && mouseMoved_) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(fs * 40);
        for (const auto& line : lines) ImGui::TextUnformatted(line.c_str());
        ImGui::TextDisabled("%s:%d", e.source.file.c_str(), e.source.line);
        ImGui::TextDisabled("%s", e.source.text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      ImGui::PopID();
    }
  }
  // Follow the cursor when it moved (stepping, scrubbing), not while the user scrolls.
  if (logs.cursor() != lastCursor_ && current < t.events.size()) {
    const float rowH = ImGui::GetTextLineHeightWithSpacing();
    ImGui::SetScrollY(std::max(0.0f, rowH * static_cast<float>(current) - ImGui::GetWindowHeight() * 0.5f));
  }
  ImGui::EndChild();
}

void ImportedLogsView::drawGraphs(const ImportedLogs& logs) {
  const auto& t = logs.timeline();
  const float fs = ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  const std::size_t n = t.events.size();
  if (n == 0 || t.servers.empty()) return;
  const float left = o.x + fs * 3.2f, right = o.x + size.x - fs * 0.5f;
  auto xOf = [&](std::size_t i) { return left + (right - left) * static_cast<float>(i) / static_cast<float>(n); };
  const ImU32 text = textColor(), muted = mutedColor();
  // The cursor crosses the strips and the plots, never their titles: its segments.
  std::vector<std::pair<float, float>> cursorSpans;
  // 1. State strips: one row per server, coloured by its state after each event.
  float y = o.y;
  dl->AddText(ImVec2(o.x, y), text, tr("State per server (event order)", "每台服务器的状态（按事件顺序）"));
  y += fs * 1.3f;
  const float stripsTop = y;
  const float stripH = fs * 0.9f;
  for (std::size_t k = 0; k < t.servers.size(); ++k) {
    dl->AddText(ImVec2(o.x, y), text, fmt::format("S{}", t.servers[k]).c_str());
    for (std::size_t i = 0; i < n; ++i) {
      const auto& v = t.after[i][k];
      if (!v.seen) continue;
      const ImU32 col = v.state ? stateColor(toState(*v.state), v.alive) : stateColor(zab::ServerState::LOOKING, v.alive);
      dl->AddRectFilled(ImVec2(xOf(i), y + fs * 0.1f), ImVec2(xOf(i + 1) + 0.5f, y + stripH), col);
    }
    y += stripH + fs * 0.25f;
  }
  cursorSpans.emplace_back(stripsTop, y);
  // 2. Current epoch and 3. last zxid (its counter within the epoch) per server.
  auto plot = [&](const char* title, auto value) {
    y += fs * 0.5f;
    dl->AddText(ImVec2(o.x, y), text, title);
    // The legend on the title's line, after it (inside the plot it sat on the lines).
    float titleEnd = o.x + ImGui::CalcTextSize(title).x + fs;
    float titleY = y;
    const float legendW = fs * 2.5f * static_cast<float>(t.servers.size());
    if (titleEnd + legendW > right) {  // a narrow pane: the legend on a line of its own
      y += fs * 1.2f;
      titleY = y;
      titleEnd = left;
    }
    y += fs * 1.3f;
    const float h = std::max(fs * 3, (o.y + size.y - y) * 0.5f - fs * 2.2f);
    // Lines of equal value are drawn 1.5 px apart, one per server; an inset keeps all of them
    // inside the frame.
    const float inset = std::max(fs * 0.3f, 1.5f * static_cast<float>(t.servers.size()) + 2.0f);
    std::int64_t hi = 1;
    for (std::size_t i = 0; i < n; ++i)
      for (const auto& v : t.after[i])
        if (auto x = value(v)) hi = std::max(hi, *x);
    dl->AddRect(ImVec2(left, y), ImVec2(right, y + h), muted);
    dl->AddText(ImVec2(o.x, y), muted, std::to_string(hi).c_str());
    dl->AddText(ImVec2(o.x, y + h - fs), muted, "0");
    for (std::size_t k = 0; k < t.servers.size(); ++k) {
      const ImU32 col = ImGui::ColorConvertFloat4ToU32(ImVec4(
          0.15f + 0.3f * static_cast<float>(k % 3), 0.35f + 0.2f * static_cast<float>((k + 1) % 3), 0.85f - 0.25f * static_cast<float>(k % 4), 1));
      std::optional<ImVec2> prev;
      for (std::size_t i = 0; i < n; ++i) {
        auto val = value(t.after[i][k]);
        if (!val) {
          prev.reset();
          continue;
        }
        const float py = y + h - inset - (h - 2 * inset) * static_cast<float>(*val) / static_cast<float>(hi) +
                         static_cast<float>(k) * 1.5f;
        const ImVec2 p(xOf(i), py);
        if (prev) {
          dl->AddLine(*prev, ImVec2(p.x, prev->y), col, lineWidth(fs * 0.12f));
          dl->AddLine(ImVec2(p.x, prev->y), p, col, lineWidth(fs * 0.12f));
        }
        prev = p;
      }
      const float lx = std::max(titleEnd + fs * 2.5f * static_cast<float>(k), right - legendW + fs * 2.5f * static_cast<float>(k));
      dl->AddText(ImVec2(lx, titleY), col, fmt::format("S{}", t.servers[k]).c_str());
    }
    cursorSpans.emplace_back(y, y + h);
    y += h;
  };
  plot(tr("Current epoch", "currentEpoch（当前 epoch）"), [](const real::ServerView& v) -> std::optional<std::int64_t> {
    return v.alive ? v.currentEpoch : std::nullopt;
  });
  plot(tr("Last zxid, counter within its epoch", "最后 zxid 在其 epoch 内的计数"), [](const real::ServerView& v) -> std::optional<std::int64_t> {
    if (!v.alive || !v.lastZxid) return std::nullopt;
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(*v.lastZxid) & 0xffffffffu);
  });
  // The cursor over all three.
  const float cx = xOf(logs.cursor());
  for (const auto& [top, bottom] : cursorSpans) dl->AddLine(ImVec2(cx, top), ImVec2(cx, bottom), text, lineWidth(fs * 0.1f));
  ImGui::Dummy(ImVec2(size.x, y - o.y));
}

void ImportedLogsView::drawWarnings(const ImportedLogs& logs) {
  const auto& t = logs.timeline();
  ImGui::PushTextWrapPos(0);
  if (t.warnings.empty())
    ImGui::TextUnformatted(tr("No warnings: every known line was read; the clocks agree with every matched message.",
                              "没有警告：所有认识的日志行都读懂了；时钟与每条配对的消息都吻合。"));
  for (const auto& w : t.warnings) ImGui::BulletText("%s", w.str().c_str());
  ImGui::Separator();
  ImGui::TextWrapped(tr("%zu lines of other kinds skipped (ZooKeeper writes many lines that say nothing about the quorum).",
                 "跳过了 %zu 行其他类型的日志（ZooKeeper 写的很多行与 quorum 无关）。"),
              t.skippedLines);
  std::string offsets;
  for (const auto& [sid, off] : t.clockOffsetMs) offsets += fmt::format("  S{} {:+} ms", sid, off);
  ImGui::Text("%s%s%s", tr("Clock corrections:", "时钟校正："), offsets.c_str(),
              t.ownLanes ? tr("  (own lanes: times are not comparable)", "（各走各的：时间不可比较）") : "");
  ImGui::PopTextWrapPos();
}

}  // namespace zabscope
