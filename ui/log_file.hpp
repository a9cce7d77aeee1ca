#pragma once
// Reading a real ZooKeeper server log from disk for the importer (engine/real reads no files).
#include <optional>
#include <string>

#include "real/zk_log_import.hpp"

namespace zabscope {

// "FILE" or "SID=FILE"; reads at most real::kMaxLogFileBytes. nullopt and `error` set on failure.
std::optional<real::LogFile> loadLogFile(const std::string& spec, std::string& error);

}  // namespace zabscope
