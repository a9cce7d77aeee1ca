#pragma once
// Building an EnsembleSpec: from "participants=N observers=M" or from a real zoo.cfg.
#include <string>

#include "simulation.hpp"
#include "zab/zoo_cfg.hpp"

namespace zab::sim {

// Servers 1..participants, then the observers; server.N=127.0.0.1:(2887+N):(3887+N);0.0.0.0:(2180+N).
std::vector<QuorumServer> syntheticServers(int participants, int observers);

// tickTime/initLimit/syncLimit and the quorum verifier come from the parsed file.
EnsembleSpec specFromZooCfg(const ZooCfg& cfg);

}  // namespace zab::sim
