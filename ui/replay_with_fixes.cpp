#include "replay_with_fixes.hpp"

#include <algorithm>
#include <sstream>

#include "file_open.hpp"
#include "session_scenario.hpp"

namespace zabscope {

const std::vector<std::string_view>& knownBugNames() {
  static const std::vector<std::string_view> names = {zab::kZk4785, zab::kShutdownBeforeRunning, zab::kZk2846,
                                                      zab::kZk1549, zab::kTruncKeepsNext, zab::kStaleAckAfterTrunc,
                                                      zab::kZk2354, zab::kZk1558, zab::kZk4394};
  return names;
}

bool fixIsOn(const zab::KnownBugFixes& f, std::string_view bug) {
  const bool* on = zab::fixFlag(f, bug);
  return on && *on;
}

void setFix(zab::KnownBugFixes& f, std::string_view bug, bool on) {
  if (bool* m = zab::fixFlag(f, bug)) *m = on;
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
  // A timer fired by hand is saved by its event number, which names another event once the runs
  // differ: such a run is not replayed rather than replayed wrong.
  for (const char* byNumber : {"\ndeliver id=", "\ndrop id=", "\nduplicate id="})
    if (out.find(byNumber) != std::string::npos) {
      error = "the run fires a timer by hand (saved by its event number), which a run with other fixes may not "
              "have: save it as a scenario and edit it instead";
      return std::nullopt;
    }
  std::vector<std::string> errors, problems;
  auto replayed =
      Session::fromScenario(out, file.empty() ? "session" : file, readSmallFile, std::nullopt, errors, &problems);
  if (!replayed || !errors.empty() || !problems.empty()) {
    // A delivery, drop or duplication by hand whose message the new run never sends, for example.
    error = "the run could not be replayed with these fixes";
    for (const auto& e : errors) error += "\n" + e;
    if (!problems.empty())
      error += "\n" + problems.front() +
               (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : std::string());
    return std::nullopt;
  }
  replayed->keepSetupLength(session.setupLength());
  // At the end of the timeline, stay at its end (the new run may be longer or shorter).
  replayed->jumpTo(session.cursor() >= session.length() ? replayed->length()
                                                        : std::min(session.cursor(), replayed->length()));
  return replayed;
}

}  // namespace zabscope
