#pragma once
// The FLE notification payload as FastLeaderElection.buildMsg writes it and
// WorkerReceiver.run reads it (facts section 1.4). All integers big-endian.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "types.hpp"

namespace zab {

using Bytes = std::vector<std::uint8_t>;

constexpr std::int32_t kNotificationVersion = 0x2;  // FLE CURRENTVERSION

struct NotificationMessage {
  std::int32_t state = 0;          // ServerState ordinal as sent (may be out of range on input)
  Sid leader = 0;                  // proposed leader
  Zxid zxid = 0;                   // proposed zxid
  std::int64_t electionEpoch = 0;  // sender's round
  Epoch peerEpoch = 0;             // proposed leader's epoch
  std::int32_t version = 0;        // 0 for the 28/40-byte legacy forms
  std::optional<std::string> config;  // present only when version > 1
};

// 3.8 form: 44 + configLen bytes, version 2.
Bytes encodeNotification(const NotificationMessage& m);
// Legacy 28-byte form: state, leader, zxid, electionEpoch.
Bytes encodeNotification28(const NotificationMessage& m);
// Test-helper 40-byte form: state, leader, zxid, electionEpoch, peerEpoch, int 1 (never read).
Bytes encodeNotification40(const NotificationMessage& m);

struct NotificationDecode {
  std::optional<NotificationMessage> message;  // empty: the message is skipped
  std::string error;                            // why it was skipped (empty on success)
  std::string layout;                           // "legacy-28", "legacy-40", "v2+config", "v1"
};

// WorkerReceiver parsing rules: <28 bytes dropped; 28 -> peerEpoch = zxid>>32, version 0;
// 40 -> last 4 bytes ignored, version 0; otherwise read peerEpoch, version, and when
// version > 1 a configLen (negative or > payload length is an error) and the config bytes.
// Any buffer underflow skips the message. An unknown state ordinal skips it too.
NotificationDecode decodeNotification(const Bytes& payload);

// ---- the step path: no heap allocation ----------------------------------------------------
// The fields of a notification with its config as a view into the payload it was decoded
// from (or into the config text it will be encoded with).
struct NotificationView {
  std::int32_t state = 0;
  Sid leader = 0;
  Zxid zxid = 0;
  std::int64_t electionEpoch = 0;
  Epoch peerEpoch = 0;
  std::int32_t version = 0;
  bool hasConfig = false;
  std::string_view config;
};
enum class NotificationError { None, TooShort, NoPeerEpoch, NoVersion, NoConfigLen, BadConfigLen, ShortConfig, BadState };
struct NotificationViewDecode {
  NotificationError error = NotificationError::None;
  const char* layout = "";       // "legacy-28", "legacy-40", "v2+config", "v1", "too-short", "truncated"
  std::int64_t configLen = 0;    // for the error text
  NotificationView view;         // valid when error == None; config points into the payload
};
NotificationViewDecode decodeNotificationView(const std::uint8_t* data, std::size_t size);
// Writes the 3.8 form into `out` (cleared first; its capacity is reused).
void encodeNotificationInto(Bytes& out, const NotificationView& m, std::string_view config);
// The same payload inside its int-length frame (SendWorker's layout), written once into `out`.
void encodeNotificationFrame(Bytes& out, const NotificationView& m, std::string_view config);

// "0a 0b ..." for the inspector.
std::string hexDump(const Bytes& bytes);

}  // namespace zab
