#include "log_pattern.hpp"

#include <cctype>

namespace zabscope::real {

namespace {

std::string escapeLiteral(char c) {
  static const std::string special = R"(\^$.|?*+()[]{}/)";
  if (c == ' ') return " *";  // padding (%-5p) and separators blur into each other
  if (special.find(c) != std::string::npos) return std::string("\\") + c;
  return std::string(1, c);
}

// Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<std::int64_t> parseLogTimestamp(const std::string& s) {
  // yyyy-MM-dd HH:mm:ss[,SSS]
  auto num = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !se || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 ||
      *se > 60)
    return std::nullopt;
  std::int64_t ms = 0;
  if (s.size() > 20) {
    std::size_t n = s.size() - 20;
    auto frac = num(20, n);
    if (!frac || n > 3) return std::nullopt;
    ms = *frac;
    for (; n < 3; ++n) ms *= 10;
  }
  return ((daysFromCivil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 24 + *h) * 60 + *mi) * 60000 +
         static_cast<std::int64_t>(*se) * 1000 + ms;
}

std::optional<CompiledPattern> CompiledPattern::compile(const std::string& p, std::string& error) {
  CompiledPattern out;
  out.text_ = p;
  std::string re = "^";
  int group = 0;
  for (std::size_t i = 0; i < p.size();) {
    if (p[i] != '%') {
      re += escapeLiteral(p[i++]);
      continue;
    }
    ++i;
    if (i < p.size() && p[i] == '%') {
      re += "%";
      ++i;
      continue;
    }
    while (i < p.size() && (p[i] == '-' || p[i] == '.' || std::isdigit(static_cast<unsigned char>(p[i])))) ++i;
    std::string name;
    while (i < p.size() && std::isalpha(static_cast<unsigned char>(p[i]))) name += p[i++];
    std::string arg;
    if (i < p.size() && p[i] == '{') {
      auto close = p.find('}', i);
      if (close == std::string::npos) {
        error = "pattern: '{' without '}' after %" + name;
        return std::nullopt;
      }
      arg = p.substr(i + 1, close - i - 1);
      i = close + 1;
    }
    if (name == "d" || name == "date") {
      re += R"((\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d{1,3})?))";
      out.date_ = ++group;
    } else if (name == "p" || name == "le" || name == "level") {
      re += "([A-Z]+)";
      out.level_ = ++group;
    } else if (name == "t" || name == "thread") {
      re += "(.*?)";
      out.thread_ = ++group;
    } else if (name == "c" || name == "C" || name == "lo" || name == "logger" || name == "class") {
      re += R"((\S*?))";
      out.logger_ = ++group;
    } else if (name == "L" || name == "line") {
      re += R"((?:\d+|\?))";
    } else if (name == "X" || name == "mdc") {
      re += "(.*?)";
      out.mdc_ = ++group;
    } else if (name == "m" || name == "msg" || name == "message") {
      re += "(.*)";
      out.message_ = ++group;
    } else if (name == "n") {
      // the end of the line
    } else if (name == "M" || name == "method" || name == "F" || name == "file" || name == "r" ||
               name == "relative") {
      re += R"((?:\S*?))";
    } else {
      error = "pattern: %" + name + " is not understood (known: %d %p %t %c %C %L %X %m %n)";
      return std::nullopt;
    }
  }
  if (!out.date_ || !out.message_) {
    error = "pattern: needs a timestamp (%d) and a message (%m)";
    return std::nullopt;
  }
  re += "\r?$";
  try {
    out.regex_ = std::regex(re, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error&) {
    error = "pattern: cannot be turned into a line reader";
    return std::nullopt;
  }
  return out;
}

std::optional<LogRecordHead> CompiledPattern::read(const std::string& line) const {
  // Cheap test first: a record starts with a digit in every pattern we know of.
  if (line.empty() || line[0] == '\t' || line[0] == ' ') return std::nullopt;
  std::smatch m;
  if (!std::regex_match(line, m, regex_)) return std::nullopt;
  auto ts = parseLogTimestamp(m[date_].str());
  if (!ts) return std::nullopt;
  LogRecordHead h;
  h.epochMs = *ts;
  if (level_) h.level = m[level_].str();
  if (thread_) h.thread = m[thread_].str();
  if (logger_) h.logger = m[logger_].str();
  if (mdc_) h.mdc = m[mdc_].str();
  h.message = m[message_].str();
  return h;
}

}  // namespace zabscope::real
