#pragma once
// The ZooKeeper 3.8 INFO lines the importer knows, one recogniser per line, each named after
// the Java class that writes it (FastLeaderElection, QuorumPeer, Leader, LearnerHandler,
// Learner, Follower, QuorumCnxManager).
#include <map>
#include <optional>
#include <string>

#include "log_pattern.hpp"
#include "zk_log_import.hpp"

namespace zabscope::real {

// What one file's reader remembers between lines: a LearnerHandler thread's learner sid
// ("Follower sid: 1" names it; the SNAP line and GOODBYE do not).
struct LineContext {
  std::map<std::string, Sid> learnerOfThread;
};

struct LineReading {
  enum class Outcome { Unknown, Event, Malformed } outcome = Outcome::Unknown;
  ImportedEvent event;  // server, time and source are filled in by the caller
  std::string problem;  // Malformed: what is wrong
};

LineReading readZkLine(const LogRecordHead& head, LineContext& ctx);

// A myid the line names: "[myid:2]" MDC, "QuorumPeer[myid=2]" / "WorkerReceiver[myid=2]"
// threads, "Starting quorum peer, myid=2".
std::optional<Sid> myidOf(const LogRecordHead& head);

}  // namespace zabscope::real
