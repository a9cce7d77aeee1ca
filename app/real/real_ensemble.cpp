#include "real/real_ensemble.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "real/zk_wire_client.hpp"

namespace zabscope::real {

namespace fs = std::filesystem;

namespace {

// Every PID started by any RealEnsemble, for the signal handler (kill() is async-signal-safe).
std::array<std::atomic<pid_t>, 64> g_started{};

void remember(pid_t pid) {
  for (auto& slot : g_started) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}
void forget(pid_t pid) {
  for (auto& slot : g_started) {
    pid_t p = pid;
    if (slot.compare_exchange_strong(p, 0)) return;
  }
}

std::atomic<int> g_signal{0};

// The servers die at once; zabsim then unwinds (removing its temp dir) as the player sees the
// flag. A second signal exits at once.
extern "C" void onTerminatingSignal(int sig) {
  for (auto& slot : g_started) {
    pid_t p = slot.load();
    if (p > 0) ::kill(p, SIGKILL);
  }
  if (g_signal.exchange(sig) != 0) ::_exit(128 + sig);
}

std::string findInPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(ss, dir, ':');) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

// A log4j 1.2 configuration: INFO to one file per server (set by -Dzookeeper.log.file), in the
// pattern of ZooKeeper 3.8's own logback.xml, so the logs read like a production server's.
constexpr const char* kLog4j = R"(log4j.rootLogger=INFO, FILE
log4j.appender.FILE=org.apache.log4j.FileAppender
log4j.appender.FILE.File=${zookeeper.log.file}
log4j.appender.FILE.Append=true
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n
)";

std::int64_t hexOrDec(const std::string& s) {
  try {
    return std::stoll(s, nullptr, s.rfind("0x", 0) == 0 ? 16 : 10);
  } catch (...) {
    return -1;
  }
}

// Can a server bind this loopback port now? A port in use would make that server fail to start
// (and another ensemble on the same ports would join ours).
bool portFree(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  int one = 1;  // as the servers bind: a port in TIME_WAIT from an earlier run is free
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int interruptedBy() { return g_signal.load(); }

void installCleanupOnSignals() {
  struct sigaction sa {};
  sa.sa_handler = onTerminatingSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
}

JavaSetup findJava() {
  JavaSetup j;
  if (const char* env = std::getenv("ZABSCOPE_JAVA")) j.java = env;
  else j.java = findInPath("java");
  if (j.java.empty()) {
    j.problem = "no 'java' in PATH (install Debian's zookeeper package, which pulls a JRE)";
    return j;
  }
  // Debian's zkEnv.sh puts /usr/share/java/zookeeper.jar on the classpath; its manifest names the
  // other jars. It names no SLF4J binding, so the servers would log nothing: add log4j 1.2's.
  if (const char* env = std::getenv("ZABSCOPE_ZK_CLASSPATH")) {
    j.classpath = env;
    return j;
  }
  const std::vector<std::string> jars = {"/usr/share/java/zookeeper.jar", "/usr/share/java/slf4j-log4j12.jar",
                                         "/usr/share/java/log4j-1.2.jar"};
  for (const auto& jar : jars) {
    if (!fs::exists(jar)) {
      j.problem = fmt::format("{} is missing (install Debian's zookeeper package)", jar);
      return j;
    }
    j.classpath += (j.classpath.empty() ? "" : ":") + jar;
  }
  return j;
}

RealEnsemble::RealEnsemble(RealEnsembleSpec spec, JavaSetup java) : spec_(std::move(spec)), java_(std::move(java)) {
  for (const auto& s : spec_.servers) procs_[s.sid] = Proc::NotStarted;
}

RealEnsemble::~RealEnsemble() { killAll(); }

std::string RealEnsemble::serverDir(std::int64_t sid) const { return fmt::format("{}/s{}", spec_.dir, sid); }

bool RealEnsemble::isObserver(std::int64_t sid) const {
  for (const auto& s : spec_.servers)
    if (s.sid == sid) return s.observer;
  return false;
}

bool RealEnsemble::prepare(std::string& error) {
  std::error_code ec;
  fs::create_directories(spec_.dir, ec);
  if (ec) {
    error = fmt::format("{}: cannot create the directory: {}", spec_.dir, ec.message());
    return false;
  }
  for (const auto& s : spec_.servers)
    for (int port : {clientPort(s.sid), spec_.portBase + 1000 + static_cast<int>(s.sid), spec_.portBase + 2000 + static_cast<int>(s.sid)})
      if (!portFree(port)) {
        error = fmt::format("127.0.0.1:{} is in use (another ensemble?): choose other ports with --port-base", port);
        return false;
      }
  std::ofstream(spec_.dir + "/log4j.properties") << kLog4j;
  for (const auto& s : spec_.servers) {
    fs::create_directories(dataDir(s.sid), ec);
    if (ec) {
      error = fmt::format("{}: cannot create the directory: {}", dataDir(s.sid), ec.message());
      return false;
    }
    std::ofstream(dataDir(s.sid) + "/myid") << s.sid << '\n';
    std::ofstream cfg(serverDir(s.sid) + "/zoo.cfg");
    cfg << fmt::format("# written by zabsim real\ntickTime={}\ninitLimit={}\nsyncLimit={}\n", spec_.tickTime,
                       spec_.initLimit, spec_.syncLimit);
    if (spec_.connectToLearnerMasterLimit > 0) cfg << fmt::format("connectToLearnerMasterLimit={}\n", spec_.connectToLearnerMasterLimit);
    cfg << fmt::format("dataDir={}\nclientPort={}\nclientPortAddress=127.0.0.1\n", fs::absolute(dataDir(s.sid)).string(),
                       clientPort(s.sid));
    // Local sessions: a client session costs no txn, so zxids count writes as in the engine.
    cfg << "localSessionsEnabled=true\nlocalSessionsUpgradingEnabled=true\n";
    cfg << "admin.enableServer=false\n4lw.commands.whitelist=srvr,stat,mntr,conf\n";
    if (s.observer) cfg << "peerType=observer\n";
    for (const auto& m : spec_.servers)
      cfg << fmt::format("server.{}=127.0.0.1:{}:{}{}\n", m.sid, spec_.portBase + 1000 + m.sid, spec_.portBase + 2000 + m.sid,
                         m.observer ? ":observer" : "");
    if (!cfg) {
      error = fmt::format("{}/zoo.cfg: cannot write", serverDir(s.sid));
      return false;
    }
  }
  return true;
}

bool RealEnsemble::start(std::int64_t sid, std::string& error) {
  reap(sid);
  if (procs_[sid] == Proc::Running || procs_[sid] == Proc::Stopped) return true;  // already up
  const std::string dir = fs::absolute(serverDir(sid)).string();
  std::vector<std::string> args = {java_.java,
                                   "-Xmx128m",
                                   "-XX:+UseSerialGC",
                                   "-XX:TieredStopAtLevel=1",  // starts faster; 2 cores are shared
                                   "-Djava.net.preferIPv4Stack=true",
                                   "-Dzookeeper.log.file=" + dir + "/zookeeper.log",
                                   "-Dlog4j.configuration=file:" + fs::absolute(spec_.dir).string() + "/log4j.properties",
                                   fmt::format("-Dzookeeper.fastleader.minNotificationInterval={}", spec_.minNotificationInterval),
                                   fmt::format("-Dzookeeper.fastleader.maxNotificationInterval={}", spec_.maxNotificationInterval),
                                   "-cp",
                                   java_.classpath,
                                   "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                                   dir + "/zoo.cfg"};
  args.insert(args.end() - 4, spec_.systemProperties.begin(), spec_.systemProperties.end());  // before -cp
  pid_t pid = ::fork();
  if (pid < 0) {
    error = "fork failed";
    return false;
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // Ctrl-C reaches zabsim, which kills its servers; not the JVMs directly
    int out = ::open((dir + "/jvm.out").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    if (in >= 0) ::dup2(in, 0);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  remember(pid);
  pids_[sid] = pid;
  procs_[sid] = Proc::Running;
  return true;
}

void RealEnsemble::reap(std::int64_t sid) {
  auto it = pids_.find(sid);
  if (it == pids_.end()) return;
  int st = 0;
  if (::waitpid(it->second, &st, WNOHANG) == it->second) {  // it ended on its own
    forget(it->second);
    pids_.erase(it);
    procs_[sid] = Proc::Dead;
  }
}

void RealEnsemble::kill(std::int64_t sid) {
  auto it = pids_.find(sid);
  if (it == pids_.end()) return;
  ::kill(it->second, SIGKILL);  // a stopped process dies too
  ::waitpid(it->second, nullptr, 0);
  forget(it->second);
  pids_.erase(it);
  procs_[sid] = Proc::Dead;
}

void RealEnsemble::stop(std::int64_t sid) {
  reap(sid);
  if (auto it = pids_.find(sid); it != pids_.end()) {
    ::kill(it->second, SIGSTOP);
    procs_[sid] = Proc::Stopped;
  }
}

void RealEnsemble::resume(std::int64_t sid) {
  if (auto it = pids_.find(sid); it != pids_.end()) {
    ::kill(it->second, SIGCONT);
    procs_[sid] = Proc::Running;
  }
}

void RealEnsemble::wipe(std::int64_t sid) {
  kill(sid);
  std::error_code ec;
  fs::remove_all(dataDir(sid) + "/version-2", ec);  // myid stays: it names the server, not its data
}

void RealEnsemble::killAll() {
  std::vector<std::int64_t> sids;
  for (const auto& [sid, pid] : pids_) sids.push_back(sid);
  for (auto sid : sids) kill(sid);
}

RealEnsemble::Proc RealEnsemble::proc(std::int64_t sid) const {
  auto it = procs_.find(sid);
  return it == procs_.end() ? Proc::NotStarted : it->second;
}

ServerStatus RealEnsemble::status(std::int64_t sid) const {
  ServerStatus st;
  if (proc(sid) != Proc::Running) return st;
  auto text = fourLetterWord(clientPort(sid), "srvr", 1000);
  if (!text) return st;
  st.answered = true;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    auto value = [&](const char* key) -> std::optional<std::string> {
      std::string k = std::string(key) + ": ";
      if (line.rfind(k, 0) != 0) return std::nullopt;
      return line.substr(k.size());
    };
    if (auto v = value("Mode")) st.mode = *v, st.serving = true;
    if (auto v = value("Zxid")) st.zxid = hexOrDec(*v);
    if (auto v = value("Node count")) st.nodeCount = hexOrDec(*v);
  }
  return st;
}

}  // namespace zabscope::real
