#pragma once
// zoo.cfg parsing for an ensemble (QuorumPeerConfig, facts section 5). Pure: takes text,
// returns values or errors naming file and line; never throws, never touches the disk.
#include <map>
#include <string>
#include <vector>

#include "quorum_verifier.hpp"

namespace zab {

struct ConfigDiagnostic {
  std::string file;
  int line = 0;         // 1-based; 0 when the problem is about the file as a whole
  std::string message;  // e.g. "quorumPort and electionPort must differ (2888)"
  std::string str() const;  // "zoo.cfg:7: message"
};

struct ZooCfg {
  int tickTime = 3000;  // DEFAULT_TICK_TIME when absent
  int initLimit = 0;
  int syncLimit = 0;
  int connectToLearnerMasterLimit = 0;
  int electionAlg = 3;
  std::string peerType = "participant";
  std::string dataDir;
  int clientPort = -1;
  bool standaloneEnabled = true;
  bool reconfigEnabled = false;
  bool multiAddressEnabled = false;
  std::vector<QuorumServer> servers;                // in file order
  std::map<std::int64_t, std::vector<Sid>> groups;  // group.x=1:2:3
  std::map<Sid, std::int64_t> weights;              // weight.x=w
  std::map<std::string, std::string> systemProperties;  // unknown key k -> "zookeeper.k"
  std::vector<ConfigDiagnostic> warnings;           // "No server failure will be tolerated", ...

  QuorumVerifier verifier() const;  // hierarchical when any group.* was given
};

struct ZooCfgParse {
  bool ok() const { return errors.empty(); }
  ZooCfg config;
  std::vector<ConfigDiagnostic> errors;
};

// Parses the whole file; collects every error (each names its line).
ZooCfgParse parseZooCfg(const std::string& text, const std::string& fileName = "zoo.cfg");

// Parses one "server.N" value (the part after '='), per QuorumServer.initializeWithAddressString.
// Returns an error message or empty on success.
std::string parseServerLine(Sid id, const std::string& value, bool multiAddressEnabled, QuorumServer& out);

// The dynamic-config text carried in notifications (server.N=... lines, optional group/weight
// lines, and version=<hex>). Used by the FLE receiver; a failure only logs (qv = null).
struct DynamicConfigParse {
  bool ok = false;
  QuorumVerifier verifier;
  std::string error;
};
DynamicConfigParse parseDynamicConfig(const std::string& text);

}  // namespace zab
