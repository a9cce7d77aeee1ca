#include "replay_with_fixes.hpp"

#include <algorithm>
#include <sstream>

#include "file_open.hpp"
#include "session_scenario.hpp"

namespace zabscope {

const std::vector<std::string_view>& knownBugNames() {
  static const std::vector<std::string_view> names = {zab::kZk4785, zab::kZk2846, zab::kZk1549,
                                                      zab::kTruncKeepsNext, zab::kStaleAckAfterTrunc};
  return names;
}

namespace {
bool* member(zab::KnownBugFixes& f, std::string_view bug) {
  if (bug == zab::kZk2846) return &f.zk2846;
  if (bug == zab::kZk1549) return &f.zk1549;
  if (bug == zab::kZk4785) return &f.zk4785;
  if (bug == zab::kTruncKeepsNext) return &f.truncKeepsNext;
  if (bug == zab::kStaleAckAfterTrunc) return &f.staleAck;
  return nullptr;
}
}  // namespace

bool fixIsOn(const zab::KnownBugFixes& f, std::string_view bug) {
  zab::KnownBugFixes copy = f;
  const bool* on = member(copy, bug);
  return on && *on;
}

void setFix(zab::KnownBugFixes& f, std::string_view bug, bool on) {
  if (bool* m = member(f, bug)) *m = on;
}

std::string fixList(const zab::KnownBugFixes& f) {
  std::string out;
  for (std::string_view bug : knownBugNames())
    if (fixIsOn(f, bug)) out += (out.empty() ? "" : ",") + std::string(bug);
  return out;
}

std::string ensembleLineWithFixes(const std::string& line, const zab::KnownBugFixes& fixes) {
  std::istringstream words(line);
  std::string word, out;
  while (words >> word)
    if (word.rfind("fix=", 0) != 0) out += (out.empty() ? "" : " ") + word;
  const std::string list = fixList(fixes);
  if (!list.empty()) out += " fix=" + list;
  return out;
}

std::optional<Session> replayWithFixes(const Session& session, const zab::KnownBugFixes& fixes,
                                       const std::string& file, std::string& error) {
  // The saved form of the whole timeline (it replays to the same state), with the new fixes.
  std::string text = sessionToScenario(session, session.length(), "a replay with other fixes");
  std::istringstream in(text);
  std::string line, out;
  bool replaced = false;
  while (std::getline(in, line)) {
    if (!replaced && line.rfind("ensemble", 0) == 0) {
      line = ensembleLineWithFixes(line, fixes);
      replaced = true;
    }
    out += line + "\n";
  }
  std::vector<std::string> errors;
  auto replayed = Session::fromScenario(out, file.empty() ? "session" : file, readSmallFile, std::nullopt, errors);
  if (!replayed || !errors.empty()) {
    error = "the run could not be replayed with these fixes";
    for (const auto& e : errors) error += "\n" + e;
    return std::nullopt;
  }
  replayed->jumpTo(std::min(session.cursor(), replayed->length()));
  return replayed;
}

}  // namespace zabscope
