#include "zxid.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>

namespace zab {

std::string formatZxid(Zxid zxid) {
  if (zxid == std::numeric_limits<Zxid>::min()) return "MIN";
  if (zxid < 0) return fmt::format("-0x{:x}", 0 - static_cast<std::uint64_t>(zxid));
  return fmt::format("0x{:x}", zxid);
}

std::string formatEpochCounter(Zxid zxid) {
  if (zxid == std::numeric_limits<Zxid>::min()) return "MIN";
  if (zxid < 0) return fmt::format("{}", zxid);
  return fmt::format("{}:{}", epochOf(zxid), counterOf(zxid));
}

namespace {
bool parseInt(std::string_view s, int base, std::int64_t& out) {
  if (s.empty()) return false;
  bool neg = false;
  if (s.front() == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  out = neg ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  return true;
}
}  // namespace

bool parseZxid(std::string_view text, Zxid& out) {
  auto colon = text.find(':');
  if (colon != std::string_view::npos) {
    std::int64_t e = 0, c = 0;
    if (!parseInt(text.substr(0, colon), 10, e) || !parseInt(text.substr(colon + 1), 10, c)) return false;
    if (e < 0 || c < 0 || c > 0xffffffffLL) return false;
    out = makeZxid(e, c);
    return true;
  }
  bool neg = !text.empty() && text.front() == '-';
  std::string_view body = neg ? text.substr(1) : text;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    std::int64_t v = 0;
    if (!parseInt(body.substr(2), 16, v)) return false;
    out = neg ? -v : v;
    return true;
  }
  return parseInt(text, 10, out);
}

}  // namespace zab
