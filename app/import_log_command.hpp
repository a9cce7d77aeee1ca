#pragma once
// `zabsim import-log`: real ZooKeeper 3.8 logs as an explained timeline, a JSONL trace, a
// ShiViz log or the outcome JSON (engine/real/zk_log_import.hpp).
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace zabscope {

struct ImportLogOptions {
  std::vector<std::string> files;  // FILE or SID=FILE
  std::string pattern;             // empty: Debian's log4j pattern or upstream's logback one
  std::string jsonlPath, shivizPath;
  bool json = false;
};

// Adds the subcommand to `app`; returns it so main can ask whether it was given.
CLI::App* addImportLogCommand(CLI::App& app, ImportLogOptions& options);
// Exit code: 0 imported, 2 a file could not be read or understood (file:line on stderr).
int runImportLog(const ImportLogOptions& options);

}  // namespace zabscope
