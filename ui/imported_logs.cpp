#include "imported_logs.hpp"

#include <algorithm>
#include <filesystem>

#include "log_file.hpp"

namespace zabscope {

namespace fs = std::filesystem;

std::optional<ImportedLogs> ImportedLogs::open(const std::vector<std::string>& specs, std::vector<std::string>& errors,
                                               const std::string& pattern) {
  std::vector<real::LogFile> files;
  for (const auto& spec : specs) {
    std::string error;
    auto f = loadLogFile(spec, error);
    if (!f) {
      errors.push_back(error);
      return std::nullopt;
    }
    files.push_back(std::move(*f));
  }
  real::LogPattern p;
  if (!pattern.empty()) {
    p.text = pattern;
    p.autodetect = false;
  }
  auto result = real::importLogs(files, p);
  if (!result.timeline) {
    for (const auto& e : result.errors) errors.push_back(e.str());
    return std::nullopt;
  }
  ImportedLogs out;
  out.timeline_ = std::move(*result.timeline);
  for (const auto& f : files) out.paths_.push_back(f.path);
  out.explained_.resize(out.timeline_.events.size());
  return out;
}

std::vector<std::string> ImportedLogs::logsBeside(const std::string& path) {
  std::vector<std::string> out;
  std::error_code ec;
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".log") out.push_back(entry.path().string());
  if (std::find(out.begin(), out.end(), path) == out.end()) out.push_back(path);
  std::sort(out.begin(), out.end());
  return out;
}

bool ImportedLogs::stepForward() {
  if (cursor_ >= size()) return false;
  ++cursor_;
  return true;
}

bool ImportedLogs::stepBack() {
  if (cursor_ == 0) return false;
  --cursor_;
  return true;
}

void ImportedLogs::jumpToTime(std::int64_t timeMs) {
  const auto& ev = timeline_.events;
  cursor_ = static_cast<std::size_t>(
      std::upper_bound(ev.begin(), ev.end(), timeMs, [](std::int64_t t, const real::ImportedEvent& e) { return t < e.timeMs; }) -
      ev.begin());
}

bool ImportedLogs::stepUntil(real::EventKind kind) {
  for (std::size_t i = cursor_; i < size(); ++i)
    if (timeline_.events[i].kind == kind) {
      cursor_ = i + 1;
      return true;
    }
  return false;
}

std::int64_t ImportedLogs::timeMs() const { return cursor_ == 0 ? 0 : timeline_.events[cursor_ - 1].timeMs; }

std::vector<real::ServerView> ImportedLogs::servers() const {
  return real::viewAt(timeline_, cursor_ == 0 ? static_cast<std::size_t>(-1) : cursor_ - 1);
}

std::optional<zab::Sid> ImportedLogs::leader() const { return real::quorumLeader(servers()); }

const std::vector<std::string>& ImportedLogs::explained(std::size_t i) const {
  if (explained_[i].empty()) explained_[i] = real::explainEvent(timeline_, i);
  return explained_[i];
}

}  // namespace zabscope
