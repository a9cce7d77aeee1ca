// libFuzzer target: QuorumCnxManager's connection header (the initial message a connecting
// peer sends) and the int-length frame of every election message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "zab/qcm_wire.hpp"

using namespace zab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes bytes(data, data + size);
  const InitialMessageDecode d = decodeInitialMessage(bytes);
  if (!d.message) {
    if (d.error.empty()) std::abort();  // a closed connection always says why
  } else if (!d.legacy && !d.message->addresses.empty()) {
    // What was accepted re-encodes into a header with the same sid. (Its addresses need not
    // read back: like ZooKeeper, the decoder takes any text between '[' and "]:" as a host,
    // "[[x]:1" included, and the "[x:1" it prints for that is not a valid address.)
    const InitialMessageDecode back = decodeInitialMessage(encodeInitialMessage(*d.message));
    if (back.message && back.message->sid != d.message->sid) std::abort();
  }

  const FrameDecode f = decodeFrame(bytes);
  if (f.payload) {
    if (f.payload->empty() || f.payload->size() > static_cast<std::size_t>(kPacketMaxSize)) std::abort();
  } else if (f.error.empty()) {
    std::abort();
  }
  return 0;
}
