#pragma once
// Real ZooKeeper 3.8 servers on loopback, one JVM each (Debian's zookeeper package): their
// directories, zoo.cfg, processes and signals. It signals only the processes it started (it keeps
// their PIDs) and kills every one of them when it goes away, on an error, on SIGINT or SIGTERM.
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zabscope::real {

struct RealServerSpec {
  std::int64_t sid = 0;
  bool observer = false;
};

struct RealEnsembleSpec {
  std::vector<RealServerSpec> servers;
  int tickTime = 2000, initLimit = 10, syncLimit = 5;
  int connectToLearnerMasterLimit = 0;  // 0: not written (ZooKeeper then uses initLimit)
  std::int64_t minNotificationInterval = 200, maxNotificationInterval = 60000;
  // Client port portBase+sid, quorum port portBase+1000+sid, election port portBase+2000+sid. The
  // default 2280 (2281, 3281, 4281 for S1) stays clear of ZooKeeper's defaults (2181/2888/3888).
  int portBase = 2280;
  std::vector<std::string> systemProperties;  // "-Dzookeeper.snapCount=..." and the like
  std::string dir;  // a fresh working directory: s<sid>/{zoo.cfg,data/,zookeeper.log,jvm.out}
};

// Where the JVM and the ZooKeeper classes are; empty `problem` when all were found.
struct JavaSetup {
  std::string java, classpath, problem;
};
JavaSetup findJava();

// What `srvr` says about one server.
struct ServerStatus {
  bool answered = false;  // false: down, stopped, or not listening yet
  bool serving = false;   // false: "not currently serving requests" (LOOKING or syncing)
  std::string mode;       // leader, follower, observer, standalone ("" when not serving)
  std::int64_t zxid = -1;
  std::int64_t nodeCount = -1;
};

class RealEnsemble {
 public:
  enum class Proc { NotStarted, Running, Stopped, Dead };

  RealEnsemble(RealEnsembleSpec spec, JavaSetup java);
  ~RealEnsemble();  // SIGKILLs every server still running or stopped
  RealEnsemble(const RealEnsemble&) = delete;
  RealEnsemble& operator=(const RealEnsemble&) = delete;

  // Writes each server's zoo.cfg and myid; false (with `error`) when the directory cannot be made.
  bool prepare(std::string& error);

  bool start(std::int64_t sid, std::string& error);  // a new JVM on the server's data dir
  void kill(std::int64_t sid);                       // SIGKILL: the OS resets its connections
  void stop(std::int64_t sid);                       // SIGSTOP: silent, its sockets stay open
  void resume(std::int64_t sid);                     // SIGCONT
  void wipe(std::int64_t sid);                       // SIGKILL, then the data dir comes back blank
  void killAll();

  Proc proc(std::int64_t sid) const;
  ServerStatus status(std::int64_t sid) const;
  int clientPort(std::int64_t sid) const { return spec_.portBase + static_cast<int>(sid); }
  std::string serverDir(std::int64_t sid) const;
  std::string logPath(std::int64_t sid) const { return serverDir(sid) + "/zookeeper.log"; }
  std::string dataDir(std::int64_t sid) const { return serverDir(sid) + "/data"; }
  const RealEnsembleSpec& spec() const { return spec_; }
  bool isObserver(std::int64_t sid) const;

 private:
  void reap(std::int64_t sid);

  RealEnsembleSpec spec_;
  JavaSetup java_;
  std::map<std::int64_t, pid_t> pids_;
  std::map<std::int64_t, Proc> procs_;
};

// Installs SIGINT/SIGTERM/SIGHUP handlers that SIGKILL every JVM started by any RealEnsemble at
// once; interruptedBy() then names the signal (0: none) so that the caller stops and cleans up.
void installCleanupOnSignals();
int interruptedBy();

}  // namespace zabscope::real
