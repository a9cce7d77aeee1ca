#include "ensemble_config.hpp"

#include <algorithm>

namespace zab::sim {

std::vector<QuorumServer> syntheticServers(int participants, int observers) {
  std::vector<QuorumServer> servers;
  for (int i = 1; i <= participants + observers; ++i) {
    QuorumServer s;
    s.id = i;
    s.quorumPort = 2887 + i;
    s.electionPort = 3887 + i;
    // Each server's own zoo.cfg gives its client port as the static clientPort (a server line
    // without ";client"), so the config text in notifications carries no client address.
    s.clientPort = 2180 + i;
    s.clientAddrFromStatic = true;
    s.type = i <= participants ? LearnerType::PARTICIPANT : LearnerType::OBSERVER;
    servers.push_back(s);
  }
  return servers;
}

EnsembleSpec specFromZooCfg(const ZooCfg& cfg) {
  EnsembleSpec spec;
  spec.qv = cfg.verifier();
  spec.timing.tickTime = cfg.tickTime;
  spec.timing.initLimit = cfg.initLimit;
  spec.timing.syncLimit = cfg.syncLimit;
  spec.timing.connectToLearnerMasterLimit = cfg.connectToLearnerMasterLimit;
  auto prop = [&](const std::string& key, std::int64_t& out) {
    auto it = cfg.systemProperties.find(key);
    if (it == cfg.systemProperties.end()) return;
    try {
      out = std::stoll(it->second);
    } catch (...) {
    }
  };
  prop("zookeeper.fastleader.minNotificationInterval", spec.timing.fle.minNotificationInterval);
  prop("zookeeper.fastleader.maxNotificationInterval", spec.timing.fle.maxNotificationInterval);
  prop("zookeeper.snapCount", spec.timing.snapCount);
  spec.timing.snapCount = std::max<std::int64_t>(2, spec.timing.snapCount);  // ZooKeeperServer.getSnapCount
  return spec;
}

}  // namespace zab::sim
