// libFuzzer target: the QuorumPacket decoder (jute binary form on the quorum port) and the
// payload decoders applied to a packet's data (LearnerInfo, int, long).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "zab/quorum_packet.hpp"

using namespace zab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes bytes(data, data + size);
  const QuorumPacketDecode d = decodeQuorumPacket(bytes);
  if (!d.packet) {
    if (d.error.empty()) std::abort();  // a refused packet always says why
  } else {
    // Encoding what was decoded and decoding it again gives the same packet.
    const QuorumPacketDecode back = decodeQuorumPacket(encodeQuorumPacket(*d.packet));
    if (!back.packet || back.packet->type != d.packet->type || back.packet->zxid != d.packet->zxid ||
        back.packet->data != d.packet->data)
      std::abort();
  }
  // The payload decoders see whatever a packet carries.
  const Bytes& payload = d.packet && d.packet->data ? *d.packet->data : bytes;
  if (auto li = decodeLearnerInfo(payload)) {
    if (payload.size() < 8) std::abort();
  }
  (void)decodeInt(payload);
  (void)decodeLong(payload);
  return 0;
}
