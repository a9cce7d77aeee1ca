// FLE notification payload: encoder (FastLeaderElection.buildMsg) and decoder following the
// receiver's parsing rules (WorkerReceiver.run). See facts section 1.4.
#include "notification_codec.hpp"

#include "byte_io.hpp"

#include <cstddef>
#include <cstring>
#include <fmt/format.h>

#include "zxid.hpp"

namespace zab {

namespace {

// state, leader, zxid, electionEpoch: the 28 bytes every generation of the protocol sends.
// A NotificationMessage or a NotificationView: the same fields.
template <typename Message>
void putCommonPrefix(Bytes& out, const Message& m) {
  putI32(out, m.state);
  putI64(out, m.leader);
  putI64(out, m.zxid);
  putI64(out, m.electionEpoch);
}

std::int32_t getI32(const std::uint8_t* p) {
  return static_cast<std::int32_t>((std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                                   (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]});
}
std::int64_t getI64(const std::uint8_t* p) {
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(static_cast<std::uint32_t>(getI32(p))) << 32) |
                                   static_cast<std::uint32_t>(getI32(p + 4)));
}
}  // namespace

namespace {
// The 3.8 payload (FastLeaderElection.buildMsg): the 28-byte prefix, peerEpoch, version,
// configLen, config. Big-endian stores into a buffer already sized: the notification is written in place, and
// its config text (O(ensemble) bytes) copied with one memcpy. push_back per byte and an insert
// from char iterators (a byte-by-byte loop) were most of the cost of framing a notification.
// The 44-byte fixed part and the config text, from `p` on.
void storeNotification(std::uint8_t* p, const NotificationView& m, std::string_view config) {
  p = storeI32(p, m.state);
  p = storeI64(p, m.leader);
  p = storeI64(p, m.zxid);
  p = storeI64(p, m.electionEpoch);
  p = storeI64(p, m.peerEpoch);
  p = storeI32(p, kNotificationVersion);
  p = storeI32(p, static_cast<std::int32_t>(config.size()));
  if (!config.empty()) std::memcpy(p, config.data(), config.size());
}
}  // namespace

void encodeNotificationInto(Bytes& out, const NotificationView& m, std::string_view config) {
  out.resize(44 + config.size());
  storeNotification(out.data(), m, config);
}

void encodeNotificationFrame(Bytes& out, const NotificationView& m, std::string_view config) {
  out.resize(48 + config.size());
  storeNotification(storeI32(out.data(), static_cast<std::int32_t>(44 + config.size())), m, config);  // the payload's length
}

Bytes encodeNotification(const NotificationMessage& m) {
  NotificationView v{m.state, m.leader, m.zxid, m.electionEpoch, m.peerEpoch, m.version, false, {}};
  Bytes out;
  encodeNotificationInto(out, v, m.config ? std::string_view(*m.config) : std::string_view());
  return out;
}

Bytes encodeNotification28(const NotificationMessage& m) {
  Bytes out;
  out.reserve(28);
  putCommonPrefix(out, m);
  return out;
}

Bytes encodeNotification40(const NotificationMessage& m) {
  Bytes out;
  out.reserve(40);
  putCommonPrefix(out, m);
  putI64(out, m.peerEpoch);
  putI32(out, 1);  // the test helper's trailing int; receivers never read it
  return out;
}

// WorkerReceiver.run's reading order. Like ByteBuffer, a read past the end fails
// (BufferUnderflowException); reads are checked against the size before they happen.
NotificationViewDecode decodeNotificationView(const std::uint8_t* p, std::size_t capacity) {
  NotificationViewDecode d;
  NotificationView& m = d.view;
  if (capacity < 28) {
    d.layout = "too-short";
    d.error = NotificationError::TooShort;
    return d;
  }
  m.state = getI32(p);
  m.leader = getI64(p + 4);
  m.zxid = getI64(p + 12);
  m.electionEpoch = getI64(p + 20);
  std::size_t pos = 28;
  if (capacity == 28) {
    // Before ZOOKEEPER-107: no peer epoch on the wire; it is derived from the zxid.
    d.layout = "legacy-28";
    m.peerEpoch = epochOf(m.zxid);
  } else {
    if (capacity < pos + 8) {
      d.layout = "truncated";
      d.error = NotificationError::NoPeerEpoch;
      return d;
    }
    m.peerEpoch = getI64(p + pos);
    pos += 8;
    if (capacity == 40) {
      d.layout = "legacy-40";  // the trailing 4 bytes are not read; the version stays 0
    } else {
      if (capacity < pos + 4) {
        d.layout = "truncated";
        d.error = NotificationError::NoVersion;
        return d;
      }
      m.version = getI32(p + pos);
      pos += 4;
      d.layout = "v1";
    }
  }
  if (m.version > 1) {
    d.layout = "v2+config";
    if (capacity < pos + 4) {
      d.error = NotificationError::NoConfigLen;
      return d;
    }
    const std::int32_t configLen = getI32(p + pos);
    pos += 4;
    d.configLen = configLen;
    // The limit is the whole payload length (capacity), not the bytes remaining; a length
    // that passes this check but exceeds what is left fails as an underflow below.
    if (configLen < 0 || static_cast<std::uint64_t>(configLen) > capacity) {
      d.error = NotificationError::BadConfigLen;
      return d;
    }
    if (capacity - pos < static_cast<std::size_t>(configLen)) {
      d.error = NotificationError::ShortConfig;
      d.configLen = configLen;
      return d;
    }
    m.hasConfig = true;
    m.config = std::string_view(reinterpret_cast<const char*>(p + pos), static_cast<std::size_t>(configLen));
  }
  if (m.state < 0 || m.state > 3) d.error = NotificationError::BadState;
  return d;
}

NotificationDecode decodeNotification(const Bytes& payload) {
  const std::size_t capacity = payload.size();
  NotificationViewDecode v = decodeNotificationView(payload.data(), capacity);
  NotificationDecode d;
  d.layout = v.layout;
  const NotificationView& m = v.view;
  switch (v.error) {
    case NotificationError::None: {
      NotificationMessage out{m.state, m.leader, m.zxid, m.electionEpoch, m.peerEpoch, m.version, std::nullopt};
      if (m.hasConfig) out.config = std::string(m.config);
      d.message = std::move(out);
      return d;
    }
    case NotificationError::TooShort:
      d.error = fmt::format("short notification: {} bytes < 28, message dropped", capacity);
      return d;
    case NotificationError::NoPeerEpoch:
      d.error = fmt::format("buffer underflow reading peerEpoch ({} bytes), malformed message skipped", capacity);
      return d;
    case NotificationError::NoVersion:
      d.error = fmt::format("buffer underflow reading version ({} bytes), malformed message skipped", capacity);
      return d;
    case NotificationError::NoConfigLen:
      d.error = fmt::format("buffer underflow reading configLen ({} bytes), malformed message skipped", capacity);
      return d;
    case NotificationError::BadConfigLen:
      d.error = fmt::format("invalid configLength {} (capacity {}, version {}), malformed message skipped",
                            v.configLen, capacity, m.version);
      return d;
    case NotificationError::ShortConfig:
      d.error = fmt::format("buffer underflow reading {} config bytes ({} left), malformed message skipped",
                            v.configLen, capacity - 44);
      return d;
    case NotificationError::BadState:
      d.error = fmt::format("unknown server state ordinal {}, message skipped", m.state);
      return d;
  }
  return d;
}

std::string hexDump(const Bytes& bytes) {
  std::string out;
  out.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0) out.push_back(' ');
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

}  // namespace zab
