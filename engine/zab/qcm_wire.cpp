// QuorumCnxManager wire pieces: the initial message (InitialMessage.parse, handleConnection)
// and the int-length framing (SendWorker.send, RecvWorker.run). Facts sections 2.3 and 2.4.
#include "qcm_wire.hpp"

#include "byte_io.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <fmt/format.h>
#include <string_view>

namespace zab {

namespace {

// ---- Java string helpers ------------------------------------------------------------------

// String.split with a single-character separator, piece by piece: leading empty pieces are
// kept, trailing empty pieces are removed (so "a:" gives ["a"] and "|" gives []); "" gives
// [""]. `visit(piece)` sees views into `s` and returns false to stop. Nothing is allocated:
// every connection request is parsed.
template <class Visit>
void javaSplit(std::string_view s, char sep, Visit&& visit) {
  if (s.empty()) {
    visit(s);
    return;
  }
  // Trailing empty pieces are exactly the trailing separators.
  while (!s.empty() && s.back() == sep) s.remove_suffix(1);
  if (s.empty()) return;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      visit(s.substr(start));
      return;
    }
    if (!visit(s.substr(start, at - start))) return;
    start = at + 1;
  }
}

// The number of pieces javaSplit(s, sep) gives, and the first two.
struct SplitHead {
  std::size_t count = 0;
  std::string_view first, second;
};
SplitHead splitHead(std::string_view s, char sep) {
  SplitHead h;
  javaSplit(s, sep, [&](std::string_view piece) {
    if (h.count == 0) h.first = piece;
    else if (h.count == 1) h.second = piece;
    ++h.count;
    return true;
  });
  return h;
}

// ConfigUtils.getHostAndPort, then the caller's "exactly two parts" check: "[v6]:port" keeps
// the bracketed host whole; everything else is split on ':'. False where the Java code throws
// ConfigException or the parts are not two; otherwise `host` and `port` view into `s`.
bool hostAndPort(std::string_view s, std::string_view& host, std::string_view& port) {
  if (s.empty() || s.front() != '[') {
    const SplitHead h = splitHead(s, ':');
    if (h.count != 2) return false;
    host = h.first;
    port = h.second;
    return true;
  }
  const std::size_t close = s.find(']');
  if (close == std::string_view::npos) return false;  // '[' without ']'
  if (close + 2 == s.size()) return false;           // "[h]:" has no port
  // "[host]" with nothing after it is one element (all brackets removed): not two parts.
  if (close + 2 > s.size()) return false;
  // Note: the character after ']' is skipped without being checked (it should be ':').
  const SplitHead rest = splitHead(s.substr(close + 2), ':');
  if (rest.count != 1) return false;
  host = s.substr(1, close - 1);
  port = rest.first;
  return true;
}

// Integer.parseInt (ASCII digits): optional sign, at least one digit, fits in an int.
std::optional<std::int64_t> javaParseInt(std::string_view s) {
  std::size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return std::nullopt;
  std::int64_t value = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
    if (value > 2147483648LL) return std::nullopt;
  }
  if (negative) value = -value;
  if (value > INT32_MAX || value < INT32_MIN) return std::nullopt;
  return value;
}

// A Java IPv4 literal (InetAddress accepts "a.b.c.d", "a.b.c", "a.b" and "a", decimal parts,
// the last part filling the remaining bytes). Returns the 32-bit value.
std::optional<std::uint32_t> parseIpv4Literal(std::string_view s) {
  if (s.empty() || s.back() == '.') return std::nullopt;
  // At most four parts: a fixed array, no allocation (every connection request parses one).
  std::array<std::string_view, 4> parts;
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    if (count == parts.size()) return std::nullopt;  // a fifth part
    const std::size_t at = s.find('.', start);
    parts[count++] = s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const auto part = parts[i];
    if (part.empty() || part.size() > 10) return std::nullopt;
    std::uint64_t n = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    const bool last = i + 1 == count;
    const std::size_t bytesLeft = 4 - i;  // the last part fills every byte that is left
    const std::uint64_t limit = last ? ((std::uint64_t{1} << (8 * bytesLeft)) - 1) : 0xffU;
    if (n > limit) return std::nullopt;
    value = last ? ((value << (8 * bytesLeft)) | n) : ((value << 8) | n);
  }
  return static_cast<std::uint32_t>(value);
}

// An IPv6 literal (optionally with a "%scope" suffix and a dotted IPv4 tail) as 16 bytes.
std::optional<std::array<std::uint8_t, 16>> parseIpv6Literal(std::string_view s) {
  if (const auto pct = s.find('%'); pct != std::string_view::npos) s = s.substr(0, pct);
  if (s.empty()) return std::nullopt;

  const auto parseGroups = [](std::string_view text,
                              std::vector<std::uint8_t>& bytes) -> bool {
    if (text.empty()) return true;
    std::size_t start = 0;
    while (true) {
      const std::size_t at = text.find(':', start);
      const auto group = text.substr(
          start, at == std::string_view::npos ? std::string_view::npos : at - start);
      if (at == std::string_view::npos && group.find('.') != std::string_view::npos) {
        // Dotted IPv4 tail: exactly four decimal parts.
        if (std::count(group.begin(), group.end(), '.') != 3) return false;
        const auto v4 = parseIpv4Literal(group);
        if (!v4) return false;
        for (int shift = 24; shift >= 0; shift -= 8) {
          bytes.push_back(static_cast<std::uint8_t>((*v4 >> shift) & 0xffU));
        }
        return true;
      }
      if (group.empty() || group.size() > 4) return false;
      unsigned value = 0;
      for (char c : group) {
        unsigned digit = 0;
        if (c >= '0' && c <= '9') {
          digit = static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
          digit = static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
          digit = static_cast<unsigned>(c - 'A' + 10);
        } else {
          return false;
        }
        value = value * 16 + digit;
      }
      bytes.push_back(static_cast<std::uint8_t>(value >> 8));
      bytes.push_back(static_cast<std::uint8_t>(value & 0xffU));
      if (at == std::string_view::npos) return true;
      start = at + 1;
    }
  };

  std::vector<std::uint8_t> head;
  std::vector<std::uint8_t> tail;
  const std::size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    if (!parseGroups(s, head) || head.size() != 16) return std::nullopt;
  } else {
    if (s.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    if (!parseGroups(s.substr(0, gap), head) || !parseGroups(s.substr(gap + 2), tail)) {
      return std::nullopt;
    }
    if (head.size() + tail.size() > 14) return std::nullopt;  // "::" stands for >= 1 group
  }
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < head.size(); ++i) out[i] = head[i];
  for (std::size_t i = 0; i < tail.size(); ++i) out[16 - tail.size() + i] = tail[i];
  return out;
}

// InitialMessage.isWildcardAddress: InetAddress.getByName(host).isAnyLocalAddress().
// Literals are checked here; names would need a DNS lookup, which the simulator does not do,
// so a name is never a wildcard (ZooKeeper treats an unresolvable name the same way).
bool isWildcardHost(std::string_view host) {
  if (host.find(':') != std::string_view::npos) {
    const auto v6 = parseIpv6Literal(host);
    if (!v6) return false;
    bool allZero = true;
    for (auto b : *v6) allZero = allZero && b == 0;
    if (allZero) return true;  // "::"
    // Java turns an IPv4-mapped literal (::ffff:a.b.c.d) into an IPv4 address.
    bool mappedZero = true;
    for (std::size_t i = 0; i < 16; ++i) {
      const std::uint8_t want = (i == 10 || i == 11) ? 0xff : 0x00;
      mappedZero = mappedZero && (*v6)[i] == want;
    }
    return mappedZero;
  }
  const auto v4 = parseIpv4Literal(host);
  return v4 && *v4 == 0;
}

// True for one address "host:port" that the checks of decodeInitialMessage accept: no '|' (one
// address), not bracketed, exactly one ':', and a port of 1 to 5 ASCII digits up to 65535. The
// general path then splits it into that host and port, parses the port, and finds it in range
// (a wildcard host is dropped before the range check, and is accepted as well).
bool plainHostPort(std::string_view text) {
  if (text.empty() || text.front() == '[') return false;
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) return false;
  if (text.find('|') != std::string_view::npos) return false;
  const std::string_view port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5) return false;
  std::int64_t value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value <= 65535;
}

InitialMessageDecode initialFail(std::string error) {
  InitialMessageDecode d;
  d.error = std::move(error);
  return d;
}

}  // namespace

Bytes encodeInitialMessage(const InitialMessage& m) {
  Bytes out;
  if (m.protocolVersion >= 0) {
    // Old protocol: the connection starts with the bare sid and nothing else.
    putI64(out, m.sid);
    return out;
  }
  std::string joined;
  for (std::size_t i = 0; i < m.addresses.size(); ++i) {
    if (i != 0) joined.push_back('|');
    joined += m.addresses[i];
  }
  out.reserve(20 + joined.size());
  putI64(out, m.protocolVersion);
  putI64(out, m.sid);
  putI32(out, static_cast<std::int32_t>(joined.size()));
  out.insert(out.end(), joined.begin(), joined.end());
  return out;
}

InitialMessageDecode decodeInitialMessage(const Bytes& bytes, bool withAddresses) {
  // Like DataInputStream: a read past the end fails (EOFException).
  ByteReader r(bytes);
  const std::int64_t first = r.i64();
  if (!r.ok()) {
    return initialFail(
        fmt::format("initial message truncated: {} bytes, need 8 for the protocol version",
                    bytes.size()));
  }

  if (first >= 0) {
    // handleConnection: a non-negative first long is a server id, not a protocol version.
    InitialMessageDecode d;
    InitialMessage m;
    m.protocolVersion = first;
    m.sid = first;
    d.message = std::move(m);
    d.legacy = true;
    return d;
  }

  const std::int64_t version = first;
  if (version != kProtocolVersionV1 && version != kProtocolVersionV2) {
    return initialFail(fmt::format("unrecognized protocol version {}", version));
  }

  const std::int64_t sid = r.i64();
  if (!r.ok()) return initialFail("initial message truncated: no sid");
  const std::int32_t remaining = r.i32();
  if (!r.ok()) return initialFail("initial message truncated: no address length");
  if (remaining <= 0 || remaining > kMaxInitialAddressLength) {
    return initialFail(fmt::format("unreasonable buffer length: {}", remaining));
  }
  const auto n = static_cast<std::size_t>(remaining);
  if (r.remaining() < n) {
    return initialFail(fmt::format("read only {} bytes out of {} sent by server {}",
                                   r.remaining(), n, sid));
  }
  // A view of the address text: the bytes are read in place, not copied.
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()) + r.pos(), n);

  InitialMessage m;
  m.protocolVersion = version;
  m.sid = sid;
  if (!withAddresses && plainHostPort(text)) {
    // One "host:port" with a port in range: every check below passes and, without addresses,
    // keeps nothing, so the result is known without running them (each acceptor checks every
    // dialler's message once).
    InitialMessageDecode d;
    d.message = std::move(m);
    return d;
  }
  // Both V1 and V2 are split on '|' (V1 senders only ever send one address).
  std::optional<InitialMessageDecode> failed;
  javaSplit(text, '|', [&](std::string_view addr) {
    std::string_view host, portText;
    if (!hostAndPort(addr, host, portText)) {
      failed = initialFail(fmt::format("badly formed address: {}", addr));
      return false;
    }
    const auto port = javaParseInt(portText);
    if (!port) {
      failed = initialFail(fmt::format("bad port number: {}", portText));
      return false;
    }
    if (isWildcardHost(host)) return true;  // dropped before the port range is ever checked
    if (*port < 0 || *port > 65535) {
      // new InetSocketAddress throws IllegalArgumentException: the connection is lost.
      failed = initialFail(fmt::format("port out of range: {}", *port));
      return false;
    }
    if (!withAddresses) return true;
    const bool v6 = host.find(':') != std::string_view::npos;
    m.addresses.push_back(v6 ? fmt::format("[{}]:{}", host, *port)
                             : fmt::format("{}:{}", host, *port));
    return true;
  });
  if (failed) return std::move(*failed);

  InitialMessageDecode d;
  d.message = std::move(m);
  return d;
}

Bytes encodeFrame(const Bytes& payload) {
  Bytes out;
  out.reserve(4 + payload.size());
  putI32(out, static_cast<std::int32_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

FrameDecode decodeFrame(const Bytes& frame) {
  ByteReader r(frame);
  FrameDecode d;
  const std::int32_t len = r.i32();
  if (!r.ok()) {
    d.error = fmt::format("frame truncated: {} bytes, need 4 for the length", frame.size());
    return d;
  }
  if (len <= 0) {
    d.error = fmt::format("frame length {} <= 0", len);
    return d;
  }
  if (len > kPacketMaxSize) {
    d.error = fmt::format("frame length {} > PACKETMAXSIZE", len);
    return d;
  }
  const auto n = static_cast<std::size_t>(len);
  if (r.remaining() < n) {
    d.error = fmt::format("frame truncated: length {} but only {} payload bytes", n,
                          r.remaining());
    return d;
  }
  d.payload = r.raw<Bytes>(n);
  return d;
}

}  // namespace zab
