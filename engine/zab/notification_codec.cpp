// FLE notification payload: encoder (FastLeaderElection.buildMsg) and decoder following the
// receiver's parsing rules (WorkerReceiver.run). See facts section 1.4.
#include "notification_codec.hpp"

#include "byte_io.hpp"

#include <cstddef>
#include <fmt/format.h>

#include "zxid.hpp"

namespace zab {

namespace {

// state, leader, zxid, electionEpoch: the 28 bytes every generation of the protocol sends.
void putCommonPrefix(Bytes& out, const NotificationMessage& m) {
  putI32(out, m.state);
  putI64(out, m.leader);
  putI64(out, m.zxid);
  putI64(out, m.electionEpoch);
}

NotificationDecode fail(std::string layout, std::string error) {
  NotificationDecode d;
  d.layout = std::move(layout);
  d.error = std::move(error);
  return d;
}

}  // namespace

Bytes encodeNotification(const NotificationMessage& m) {
  const std::string config = m.config.value_or(std::string{});
  Bytes out;
  out.reserve(44 + config.size());
  putCommonPrefix(out, m);
  putI64(out, m.peerEpoch);
  putI32(out, kNotificationVersion);
  putI32(out, static_cast<std::int32_t>(config.size()));
  out.insert(out.end(), config.begin(), config.end());
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

NotificationDecode decodeNotification(const Bytes& payload) {
  const std::size_t capacity = payload.size();
  if (capacity < 28) {
    return fail("too-short",
                fmt::format("short notification: {} bytes < 28, message dropped", capacity));
  }

  // Like ByteBuffer: a read past the end fails (BufferUnderflowException) and leaves the
  // position where it was, so the config error below reports the bytes that were left.
  ByteReader r(payload);
  NotificationMessage m;
  // capacity >= 28, so these four reads cannot underflow.
  m.state = r.i32();
  m.leader = r.i64();
  m.zxid = r.i64();
  m.electionEpoch = r.i64();
  m.version = 0;

  NotificationDecode d;
  if (capacity == 28) {
    // Before ZOOKEEPER-107: no peer epoch on the wire; it is derived from the zxid.
    d.layout = "legacy-28";
    m.peerEpoch = epochOf(m.zxid);
  } else {
    m.peerEpoch = r.i64();
    if (!r.ok()) {
      return fail("truncated", fmt::format("buffer underflow reading peerEpoch ({} bytes), "
                                           "malformed message skipped",
                                           capacity));
    }
    if (capacity == 40) {
      // 40-byte form: the trailing 4 bytes are not read; the version stays 0.
      d.layout = "legacy-40";
    } else {
      m.version = r.i32();
      if (!r.ok()) {
        return fail("truncated", fmt::format("buffer underflow reading version ({} bytes), "
                                             "malformed message skipped",
                                             capacity));
      }
      d.layout = "v1";
    }
  }

  if (m.version > 1) {
    d.layout = "v2+config";
    const std::int32_t configLen = r.i32();
    if (!r.ok()) {
      return fail(d.layout, fmt::format("buffer underflow reading configLen ({} bytes), "
                                        "malformed message skipped",
                                        capacity));
    }
    // The limit is the whole payload length (capacity), not the bytes remaining; a length
    // that passes this check but exceeds what is left fails as an underflow below.
    if (configLen < 0 || static_cast<std::uint64_t>(configLen) > capacity) {
      return fail(d.layout,
                  fmt::format("invalid configLength {} (capacity {}, version {}), "
                              "malformed message skipped",
                              configLen, capacity, m.version));
    }
    std::string config = r.raw(static_cast<std::size_t>(configLen));
    if (!r.ok()) {
      return fail(d.layout, fmt::format("buffer underflow reading {} config bytes ({} left), "
                                        "malformed message skipped",
                                        configLen, r.remaining()));
    }
    m.config = std::move(config);
  }

  if (m.state < 0 || m.state > 3) {
    return fail(d.layout, fmt::format("unknown server state ordinal {}, message skipped", m.state));
  }

  d.message = std::move(m);
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
