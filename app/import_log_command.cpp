#include "import_log_command.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "log_file.hpp"
#include "real/zk_log_import.hpp"

namespace zabscope {

CLI::App* addImportLogCommand(CLI::App& app, ImportLogOptions& o) {
  auto* cmd = app.add_subcommand("import-log",
                                 "read real ZooKeeper 3.8 server logs (one per server, or a merged excerpt whose "
                                 "lines begin with their server, \"s1: \") and print the explained timeline, as `run` "
                                 "prints a scenario's trace");
  cmd->add_option("FILES", o.files,
                  "server logs; the server id comes from SID=FILE, else a myid in the log, else the last number "
                  "in the file name")
      ->required();
  cmd->add_option("--pattern", o.pattern,
                  fmt::format("the log4j/logback layout of the lines (default: Debian's '{}', or upstream's '{}')",
                              real::LogPattern::kDebianLog4j, real::LogPattern::kUpstreamLogback));
  cmd->add_option("--jsonl", o.jsonlPath, "write one JSON object per event to this file (the keys of `run --trace`)");
  cmd->add_option("--shiviz", o.shivizPath, "write the timeline as a ShiViz log to this file");
  cmd->add_flag("--json", o.json, "print the outcome as one JSON object, in the shape of `run --json`");
  cmd->footer(R"x(Exit codes:
  0  the logs were read; the timeline is printed (lines of other kinds are counted and skipped)
  2  a log could not be read, or no line matched the log pattern: file:line: problem

See README "Open a production incident's logs" for the patterns, merged excerpts and what is inferred.)x");
  return cmd;
}

int runImportLog(const ImportLogOptions& o) {
  std::vector<real::LogFile> files;
  for (const auto& spec : o.files) {
    std::string error;
    auto f = loadLogFile(spec, error);
    if (!f) {
      fmt::print(stderr, "{}\n", error);
      return 2;
    }
    files.push_back(std::move(*f));
  }
  real::LogPattern pattern;
  if (!o.pattern.empty()) {
    pattern.text = o.pattern;
    pattern.autodetect = false;
  }
  auto result = real::importLogs(files, pattern);
  if (!result.timeline) {
    for (const auto& e : result.errors) fmt::print(stderr, "{}\n", e.str());
    return 2;
  }
  const auto& t = *result.timeline;
  if (!o.jsonlPath.empty()) {
    std::ofstream out(o.jsonlPath);
    if (!out) {
      fmt::print(stderr, "{}: cannot write the JSONL trace\n", o.jsonlPath);
      return 2;
    }
    for (std::size_t i = 0; i < t.events.size(); ++i) out << real::eventToJson(t, i).dump() << '\n';
  }
  if (!o.shivizPath.empty()) {
    std::ofstream out(o.shivizPath);
    if (!out) {
      fmt::print(stderr, "{}: cannot write the ShiViz log\n", o.shivizPath);
      return 2;
    }
    out << real::toShiviz(t);
  }
  if (o.json) {
    std::cout << real::outcomeToJson(t).dump(2) << std::endl;
    return 0;
  }
  for (const auto& line : real::timelineText(t)) fmt::print("{}\n", line);
  auto outcome = real::outcomeToJson(t);
  fmt::print("-- {} events from {} servers ({} lines of other kinds skipped), {} messages matched; leader: {}, "
             "epoch {}\n",
             t.events.size(), t.servers.size(), t.skippedLines, t.messages.size(),
             outcome["leader"].is_null() ? "none" : "S" + outcome["leader"].dump(),
             outcome["epoch"].is_null() ? "-" : outcome["epoch"].dump());
  return 0;
}

}  // namespace zabscope
