#pragma once
// A log4j / logback PatternLayout turned into a line reader (see LogPattern in
// zk_log_import.hpp for what is understood).
#include <cstdint>
#include <optional>
#include <regex>
#include <string>

namespace zabscope::real {

struct LogRecordHead {
  std::int64_t epochMs = 0;  // the timestamp, ms since 1970 (as written, no zone)
  std::string level, thread, logger, mdc, message;
};

class CompiledPattern {
 public:
  // nullopt and `error` set when the pattern has no timestamp or no message.
  static std::optional<CompiledPattern> compile(const std::string& pattern, std::string& error);
  // A record's first line; nullopt for a continuation line (a stack trace) or a foreign line.
  std::optional<LogRecordHead> read(const std::string& line) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::regex regex_;
  int date_ = 0, level_ = 0, thread_ = 0, logger_ = 0, mdc_ = 0, message_ = 0;  // group numbers, 0 = absent
};

// "2026-12-05 05:23:55,229" (or with 'T' / '.'): ms since 1970; nullopt if malformed.
std::optional<std::int64_t> parseLogTimestamp(const std::string& text);

}  // namespace zabscope::real
