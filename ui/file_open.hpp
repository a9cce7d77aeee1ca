#pragma once
// Opening a file into the app: a scenario (.zab), a lesson (.lesson) or a ZooKeeper zoo.cfg
// (its servers, all started). What replaces the session goes through replaceSession(), which
// waits for the user's confirmation when there is work to lose (AppState::discardRequest).
#include <optional>
#include <string>

#include "app_state.hpp"

namespace zabscope {

enum class FileKind { Scenario, Lesson, ZooCfg };
FileKind fileKind(const std::string& path);  // by extension; anything unknown is read as a scenario

// The user's own actions beyond the scenario's, or branches: what discarding would lose.
bool sessionHasWork(const AppState& app);

// Runs `then` now when nothing would be lost, or asks first (the modal in ui/confirm_discard.hpp).
void replaceSession(AppState& app, std::string what, std::function<void(AppState&)> then);

// Loads the file at once (no confirmation). On failure the session is untouched and `error`
// holds file:line: problem lines.
bool openFile(AppState& app, const std::string& path, std::string& error);

// A regular file of bounded size (what a scenario's cfg= or history= names), or nullopt.
std::optional<std::string> readSmallFile(const std::string& path);

// The scenario text for a zoo.cfg: its ensemble, every server started.
std::string scenarioForZooCfg(const std::string& cfgPath, std::string& error);

}  // namespace zabscope
