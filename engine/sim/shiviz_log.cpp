#include "shiviz_log.hpp"

#include <fmt/format.h>

#include <set>
#include <vector>

namespace zab::sim {

namespace {
std::string host(Sid sid) { return fmt::format("S{}", sid); }

// One line of text: ShiViz's event is everything up to the line break.
std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

void merge(std::map<Sid, std::uint64_t>& into, const std::map<Sid, std::uint64_t>& from) {
  for (const auto& [h, v] : from)
    if (into[h] < v) into[h] = v;
}
}  // namespace

std::string ShivizLog::header() { return std::string(kRegex) + "\n\n"; }

std::string ShivizLog::event(Sid sid, const std::string& text) {
  Clock& c = clocks_[sid];
  ++c[sid];
  std::string clock = "{";
  for (const auto& [h, v] : c) clock += fmt::format("{}\"{}\":{}", clock.size() > 1 ? "," : "", host(h), v);
  clock += "}";
  return oneLine(text) + "\n" + host(sid) + " " + clock + "\n";
}

std::string ShivizLog::observe(const StepRecord& rec, const Simulation& after) {
  // Frames sent in this step, by sender; and what is still pending.
  std::map<Sid, std::vector<std::uint64_t>> sentBy;
  std::map<std::uint64_t, Sid> now;
  for (const auto& p : after.pending()) {
    if (!p.isMessage()) continue;
    now.emplace(p.id, p.to);
    if (!pending_.count(p.id)) sentBy[p.from].push_back(p.id);
  }
  // What this step received: the frame it delivered, or, for a connection request or its
  // answer (they carry no frame id), what was pending for the acting server and is gone.
  std::vector<std::uint64_t> received;
  if ((rec.kind == "frame" || rec.kind == "close") && rec.messageId != 0 && rec.to >= 0) {
    received.push_back(rec.messageId);
  } else if ((rec.kind == "connect" || rec.kind == "connect-result") && rec.actor >= 0) {
    for (const auto& [id, to] : pending_)
      if (to == rec.actor && !now.count(id)) received.push_back(id);
  }
  const Sid receiver = rec.kind == "frame" || rec.kind == "close" ? rec.to : rec.actor;
  const std::string what = oneLine(rec.explanation().empty() ? std::string(rec.kind) : rec.explanation());
  const std::string title = fmt::format("#{} t={} ms: {}", rec.index, rec.timeMs, what);
  // For a server that only sent in a step another one (or a command) made: the headline.
  const std::string brief = fmt::format("#{} t={} ms: {}", rec.index, rec.timeMs,
                                        oneLine(rec.headline.empty() ? std::string(rec.kind) : rec.headline));
  auto sends = [&](Sid sid) {
    std::string s;
    auto it = sentBy.find(sid);
    if (it == sentBy.end() || rec.kind == "duplicate") return s;
    s = " [send";
    for (auto id : it->second) s += fmt::format(" m{}", id);
    return s + "]";
  };

  std::string out;
  std::set<Sid> acted;
  if (!received.empty()) {
    // The receiver learns what the sender knew when it sent.
    std::string marks = " [recv";
    for (auto id : received) {
      if (auto it = sent_.find(id); it != sent_.end()) merge(clocks_[receiver], it->second);
      marks += fmt::format(" m{}", id);
    }
    out += event(receiver, title + marks + "]" + sends(receiver));
    acted.insert(receiver);
  } else if (rec.actor >= 0 && rec.kind != "duplicate" && rec.kind != "drop") {
    out += event(rec.actor, title + sends(rec.actor));
    acted.insert(rec.actor);
  }
  // Senders that did not act above (a command that started several servers, say).
  if (rec.kind != "duplicate")
    for (const auto& [sid, ids] : sentBy)
      if (!acted.count(sid)) out += event(sid, brief + sends(sid));
  for (const auto& [sid, ids] : sentBy)
    for (auto id : ids) sent_[id] = clocks_[sid];
  // Forget frames that are gone (delivered, dropped, lost with their connection).
  for (auto it = sent_.begin(); it != sent_.end();) it = now.count(it->first) ? std::next(it) : sent_.erase(it);
  pending_ = std::move(now);
  return out;
}

}  // namespace zab::sim
