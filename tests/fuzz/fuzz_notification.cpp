// libFuzzer target: the FLE notification decoder (WorkerReceiver's parsing rules), both the
// allocating and the view form, and the dynamic-config parser the receiver feeds the config to.
// A decoder must answer every byte string with a message or an error, never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "zab/notification_codec.hpp"
#include "zab/zoo_cfg.hpp"

using namespace zab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes payload(data, data + size);
  const NotificationDecode d = decodeNotification(payload);
  const NotificationViewDecode v = decodeNotificationView(data, size);

  // The two forms are one decoder: they must agree on accept/skip.
  if (d.message.has_value() != (v.error == NotificationError::None)) std::abort();
  if (!d.message) {
    if (d.error.empty()) std::abort();  // a skipped message always says why
    return 0;
  }

  // The 3.8 form re-encodes to exactly the bytes it was read from (trailing bytes aside).
  const NotificationMessage& m = *d.message;
  if (m.version == kNotificationVersion && m.config) {
    const Bytes again = encodeNotification(m);
    if (again.size() > payload.size() || !std::equal(again.begin(), again.end(), payload.begin())) std::abort();
    const NotificationDecode back = decodeNotification(again);
    if (!back.message || back.message->config != m.config || back.message->zxid != m.zxid) std::abort();
  }

  // The receiver parses a carried config; a failure there only logs.
  if (m.config) (void)parseDynamicConfig(*m.config);
  return 0;
}
