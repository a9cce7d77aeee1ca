// libFuzzer target: the zoo.cfg parser (QuorumPeerConfig's rules) and the quorum verifier it
// builds, plus the dynamic-config parser that reads the same server lines from a notification.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "zab/zoo_cfg.hpp"

using namespace zab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ZooCfgParse p = parseZooCfg(text, "zoo.cfg");
  for (const auto& e : p.errors)
    if (e.message.empty()) std::abort();  // every error says what is wrong
  if (p.ok()) {
    const QuorumVerifier qv = p.config.verifier();
    // The text a verifier puts in notifications is read back by the receivers.
    (void)parseDynamicConfig(qv.toString());
  }
  (void)parseDynamicConfig(text);
  return 0;
}
