#pragma once
// The same run again with other known-bug fixes: the session's actions, from the same seed,
// replayed on an ensemble whose `fix=` setting differs (docs/known-bugs.md). Where 3.8.0 loses
// or diverges data, a user switches the upstream fix on and watches the same faults end well.
// Headless: the Faults panel calls it, and tests call it without a window.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session.hpp"
#include "zab/known_bugs.hpp"

namespace zabscope {

// Every known bug the engine reproduces, in the order the Faults panel lists them.
const std::vector<std::string_view>& knownBugNames();
bool fixIsOn(const zab::KnownBugFixes& f, std::string_view bug);
void setFix(zab::KnownBugFixes& f, std::string_view bug, bool on);
std::string fixList(const zab::KnownBugFixes& f);  // "ZOOKEEPER-2846,ZOOKEEPER-4785", "" for none

// The ensemble line with its fix= word replaced by `fixes` (dropped when none is on).
std::string ensembleLineWithFixes(const std::string& line, const zab::KnownBugFixes& fixes);

// The session's whole timeline replayed with `fixes`, at the same cursor (or its end, if the
// replay is shorter). On failure, nullopt and `error` says why (an action that no longer
// applies, for example a delivery by hand of a message the new run never sends).
std::optional<Session> replayWithFixes(const Session& session, const zab::KnownBugFixes& fixes,
                                       const std::string& file, std::string& error);

}  // namespace zabscope
