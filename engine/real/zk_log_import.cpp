#include "zk_log_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <numeric>
#include <set>

#include "import_steps.hpp"
#include "log_pattern.hpp"
#include "merged_excerpt.hpp"
#include "valid_utf8.hpp"
#include "zk_log_lines.hpp"

namespace zabscope::real {

std::string ImportWarning::str() const {
  return line > 0 ? fmt::format("{}:{}: {}", file, line, message) : fmt::format("{}: {}", file, message);
}
std::string ImportError::str() const {
  return line > 0 ? fmt::format("{}:{}: {}", file, line, message) : fmt::format("{}: {}", file, message);
}

LogFile logFileFromSpec(const std::string& spec) {
  LogFile f;
  f.path = spec;
  // "2=server.log": an explicit sid (a path may contain '=' too, so only digits before it).
  if (auto eq = spec.find('='); eq != std::string::npos && eq > 0 && eq < 19 &&
                                std::all_of(spec.begin(), spec.begin() + static_cast<std::ptrdiff_t>(eq),
                                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    f.sid = std::stoll(spec.substr(0, eq));
    f.path = spec.substr(eq + 1);
  }
  return f;
}

namespace {

// The last run of digits in the file's name: server2.log -> 2, zookeeper-3.log -> 3.
std::optional<Sid> sidFromFileName(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  std::optional<Sid> out;
  for (std::size_t i = 0; i < name.size();) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))) ++j;
    if (j - i <= 9) out = std::stoll(name.substr(i, j - i));
    i = j;
  }
  return out;
}

struct ReadFile {
  Sid sid = -1;
  std::vector<ImportedEvent> events;
};

// One server's lines: a file as given, or one server's part of a merged excerpt. The text is the
// caller's file or a part kept by serverLogs' caller: no file is copied to be read.
struct ServerLog {
  std::string path;
  std::string_view text;
  std::optional<Sid> sid;
  std::vector<int> lineNumbers;  // where text's lines sit in `path` (empty: line i is line i)
};

// The lines of one file as events (server id still unset); nullopt with an error when no
// line of it fits the pattern.
std::optional<ReadFile> readOneFile(const ServerLog& file, const std::vector<CompiledPattern>& patterns,
                                    ImportedTimeline& t, std::vector<ImportError>& errors) {
  // Which pattern: the first one that reads one of the first lines.
  const CompiledPattern* pattern = nullptr;
  std::optional<Sid> myid;
  {
    std::size_t pos = 0;
    for (int n = 0; n < 200 && pos < file.text.size() && !pattern; ++n) {
      std::size_t end = file.text.find('\n', pos);
      std::string line(file.text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
      for (const auto& p : patterns)
        if (p.read(line)) {
          pattern = &p;
          break;
        }
      if (end == std::string::npos) break;
      pos = end + 1;
    }
  }
  if (!pattern && file.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({file.path, 0, "the file is empty: no log lines to read"});
    return std::nullopt;
  }
  if (!pattern) {
    errors.push_back({file.path, 0,
                      fmt::format("no line in its first 200 matches the log pattern '{}'; give the pattern of "
                                  "its log4j/logback configuration with --pattern",
                                  patterns.front().text())});
    return std::nullopt;
  }
  ReadFile out;
  LineContext ctx;
  bool wentBack = false;
  std::optional<std::int64_t> lastMs;
  std::size_t pos = 0;
  std::size_t lineIndex = 0;  // of text's lines
  while (pos < file.text.size()) {
    std::size_t end = file.text.find('\n', pos);
    std::string line(file.text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    pos = end == std::string::npos ? file.text.size() : end + 1;
    ++lineIndex;
    // Where the line sits in the file the user opened (a merged excerpt's own numbering).
    const int lineNo =
        lineIndex <= file.lineNumbers.size() ? file.lineNumbers[lineIndex - 1] : static_cast<int>(lineIndex);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto head = pattern->read(line);
    if (!head) continue;  // a stack trace or a wrapped message: part of the record above
    if (!myid) myid = myidOf(*head);
    // A clock stepped back (or files joined out of order): said once per file, since the events
    // are then ordered by timestamp, not by their place in the file.
    if (lastMs && head->epochMs + 1000 < *lastMs && !wentBack) {
      wentBack = true;
      t.warnings.push_back({file.path, lineNo,
                            fmt::format("the timestamps go back {} ms here (a clock stepped back, or files joined out "
                                        "of order); events are ordered by timestamp",
                                        *lastMs - head->epochMs)});
    }
    lastMs = head->epochMs;
    LineReading r = readZkLine(*head, ctx);
    if (r.outcome == LineReading::Outcome::Unknown) {
      ++t.skippedLines;
      continue;
    }
    if (r.outcome == LineReading::Outcome::Malformed) {
      t.warnings.push_back({file.path, lineNo, r.problem + "; line skipped"});
      continue;
    }
    r.event.logTimeMs = head->epochMs;
    r.event.source = {file.path, lineNo, line};
    out.events.push_back(std::move(r.event));
  }
  if (file.sid) out.sid = *file.sid;
  else if (myid) out.sid = *myid;
  else if (auto fromName = sidFromFileName(file.path)) out.sid = *fromName;
  else {
    errors.push_back({file.path, 0,
                      "cannot tell which server wrote it: no myid in its lines and no number in its name; "
                      "name it as SID=FILE (for example 2=" + file.path + ")"});
    return std::nullopt;
  }
  if (out.events.empty())
    t.warnings.push_back({file.path, 0, "no ZooKeeper quorum line found (is it a server log at INFO?)"});
  return out;
}

// The server logs in `given`: each merged excerpt as one log per server it names, the other files
// as they are. Bytes that are not UTF-8 (valid_utf8.hpp) become U+FFFD first, in the text and the
// path. The texts made here (a repaired file, an excerpt's parts) are kept in `made`.
std::vector<ServerLog> serverLogs(const std::vector<LogFile>& given, std::deque<std::string>& made,
                                  std::vector<ImportError>& errors) {
  std::vector<ServerLog> out;
  for (const auto& file : given) {
    const std::string path = isValidUtf8(file.path) ? file.path : validUtf8(file.path);
    std::string_view text = file.text;
    if (!isValidUtf8(text)) text = made.emplace_back(validUtf8(text));
    auto parts = splitMergedExcerpt(text);
    if (!parts) {
      out.push_back(ServerLog{path, text, file.sid, {}});
      continue;
    }
    if (file.sid) {
      errors.push_back({path, 0,
                        fmt::format("it is a merged excerpt (each line begins with its server, as in \"s1: \"), which "
                                    "names its servers itself; give it without {}=",
                                    *file.sid)});
      continue;
    }
    for (auto& part : *parts)
      out.push_back(ServerLog{path, made.emplace_back(std::move(part.text)), part.sid, std::move(part.lineNumbers)});
  }
  return out;
}

}  // namespace

ImportResult importLogs(const std::vector<LogFile>& files, const LogPattern& pattern) {
  ImportResult result;
  if (files.empty()) {
    result.errors.push_back({"import-log", 0, "no log files given"});
    return result;
  }
  std::vector<CompiledPattern> patterns;
  {
    std::vector<std::string> texts{pattern.text};
    if (pattern.autodetect)
      for (const char* p : {LogPattern::kDebianLog4j, LogPattern::kUpstreamLogback})
        if (p != pattern.text) texts.emplace_back(p);
    for (const auto& text : texts) {
      std::string error;
      auto c = CompiledPattern::compile(text, error);
      if (!c) {
        result.errors.push_back({"--pattern", 0, error});
        return result;
      }
      patterns.push_back(std::move(*c));
    }
  }

  ImportedTimeline t;
  std::vector<ImportedEvent> all;
  std::deque<std::string> madeTexts;  // what serverLogs made: the logs below point into it
  for (const auto& file : serverLogs(files, madeTexts, result.errors)) {
    auto read = readOneFile(file, patterns, t, result.errors);
    if (!read) continue;
    if (t.files.count(read->sid)) {
      result.errors.push_back({file.path, 0,
                               fmt::format("server {} has a log already ({}); give each server one file, or "
                                           "name them as SID=FILE",
                                           read->sid, t.files[read->sid])});
      continue;
    }
    t.files[read->sid] = file.path;
    t.servers.push_back(read->sid);
    for (auto& e : read->events) {
      e.server = read->sid;
      all.push_back(std::move(e));
    }
  }
  if (!result.errors.empty()) return result;
  std::sort(t.servers.begin(), t.servers.end());
  if (all.empty()) {
    result.errors.push_back({files.front().path, 0, "none of the files holds a ZooKeeper quorum line"});
    return result;
  }

  // Log-time order first (stable: a server's own lines keep their file order).
  std::stable_sort(all.begin(), all.end(),
                   [](const ImportedEvent& a, const ImportedEvent& b) { return a.logTimeMs < b.logTimeMs; });
  t.events = std::move(all);
  matchAndCorrectClocks(t);

  // Corrected order, with the matched pairs following their events.
  for (auto& e : t.events) e.timeMs = e.logTimeMs + t.clockOffsetMs[e.server];
  std::vector<std::size_t> order(t.events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return t.events[a].timeMs < t.events[b].timeMs; });
  std::vector<std::size_t> where(order.size());
  std::vector<ImportedEvent> sorted;
  sorted.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    where[order[i]] = i;
    sorted.push_back(std::move(t.events[order[i]]));
  }
  t.events = std::move(sorted);
  for (auto& m : t.messages) {
    m.send = where[m.send];
    m.receive = where[m.receive];
    m.sentAfter = where[m.sentAfter];
  }
  std::sort(t.messages.begin(), t.messages.end(),
            [](const MatchedMessage& a, const MatchedMessage& b) { return a.receive < b.receive; });

  // Times from the earliest line.
  std::int64_t firstLog = t.events.front().logTimeMs, firstTime = t.events.front().timeMs;
  for (const auto& e : t.events) firstLog = std::min(firstLog, e.logTimeMs);
  t.epochMs = firstLog;
  for (auto& e : t.events) {
    e.logTimeMs -= firstLog;
    e.timeMs -= firstTime;
  }
  replayServerViews(t);
  result.timeline = std::move(t);
  return result;
}

}  // namespace zabscope::real
