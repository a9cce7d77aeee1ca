// Failover time against a real ZooKeeper 3.8.0 ensemble (Debian's package, loopback, tickTime
// 200; ../shared/evidence/realzk-log-excerpts/failover*.log): from SIGKILL of the leader to a
// new leader serving took 348 ms with 3 servers and 379 ms with 5. Most of it is two fixed
// waits: the election's finalizeWait (200 ms), and the learner's first connect, refused while
// the new leader is still being built, retried leaderConnectDelayDuringRetryMs (100 ms) later.
// Simulated time is deterministic, so this is no timing test of the CPU.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/ensemble_config.hpp"
#include "sim/simulation.hpp"

using namespace zab;
using namespace zab::sim;

namespace {

// A leader whose quorum has acked NEWLEADER: it logs "leading - broadcast" and serves.
std::optional<Sid> servingLeader(const Simulation& sim) {
  for (const auto& [sid, slot] : sim.peers())
    if (slot.alive && slot.peer.state() == ServerState::LEADING && slot.peer.isServing()) return sid;
  return std::nullopt;
}

// Elects, runs a second more, kills the leader (SIGKILL: its connections are reset) and
// returns the simulated ms until another leader serves; -1 if none within 10 s.
std::int64_t failoverMs(int servers, std::uint64_t seed, const PeerTiming& timing) {
  EnsembleSpec spec;  // the scenario language's default network: latency 1..5 ms
  spec.qv = QuorumVerifier::majority(syntheticServers(servers, 0));
  spec.timing = timing;
  spec.seed = seed;
  Simulation sim(spec);
  sim.setExplain(false);
  std::vector<Sid> all;
  for (const auto& [sid, slot] : sim.peers()) all.push_back(sid);
  sim.start(all);
  while (!sim.stable() && sim.now() < 10'000 && sim.step()) {
  }
  if (!sim.stable()) return -1;
  const std::int64_t settled = sim.now() + 1000;
  while (sim.nextEventTime() && *sim.nextEventTime() <= settled) sim.step();
  sim.advanceClockTo(settled);
  const std::optional<Sid> leader = servingLeader(sim);
  if (!leader) return -1;
  const Sid old = *leader;
  sim.kill(old);
  const std::int64_t killedAt = sim.now();
  while (sim.now() < killedAt + 10'000) {
    if (auto l = servingLeader(sim); l && *l != old) return sim.now() - killedAt;
    if (!sim.step()) break;
  }
  return -1;
}

PeerTiming realTiming() {
  PeerTiming t;
  t.tickTime = 200;  // as in the measured ensembles; initLimit and syncLimit play no part here
  t.initLimit = 10;
  t.syncLimit = 5;
  return t;
}

// The mean over seeds 1..n: one seed's latencies move a run by a few ms either way.
double meanFailover(int servers, const PeerTiming& timing, int n = 20) {
  std::int64_t sum = 0;
  for (int seed = 1; seed <= n; ++seed) {
    const std::int64_t ms = failoverMs(servers, static_cast<std::uint64_t>(seed), timing);
    INFO("servers " << servers << ", seed " << seed);
    REQUIRE(ms > 0);
    sum += ms;
  }
  return static_cast<double>(sum) / n;
}

}  // namespace

// The default network of the scenario language (latency 1..5 ms per message) stands for the
// loopback and the JVMs' own delays. Per seed the 3-server failover takes 332 to 341 ms; now
// and then a vote arrives just too late and the election needs one more round (534 ms; the
// real logs have such a run too, 562 ms).
TEST_CASE("failover time: 3 servers, SIGKILL of the leader to a new leader serving, near ZooKeeper's 348 ms",
          "[failover][realzk]") {
  const double ms = meanFailover(3, realTiming());
  INFO("mean simulated failover " << ms << " ms (real ZooKeeper 3.8.0: 348 ms)");
  CHECK(ms >= 348 * 0.95);
  CHECK(ms <= 348 * 1.05);
}

// The real 5-server ensemble took 31 ms longer than the 3-server one; here the two differ by a
// few ms. Its five JVMs shared one machine, and their election exchange took about 20 ms
// against 6 ms in the simulation: time spent processing messages, which is not modelled.
// Hence the wider band.
TEST_CASE("failover time: 5 servers, near ZooKeeper's 379 ms", "[failover][realzk]") {
  const double ms = meanFailover(5, realTiming());
  INFO("mean simulated failover " << ms << " ms (real ZooKeeper 3.8.0: 379 ms)");
  CHECK(ms >= 379 * 0.88);
  CHECK(ms <= 379 * 1.12);
}

TEST_CASE("failover time: a leader listening at the instant it decides (leaderStartup=0) is too fast",
          "[failover]") {
  // The model before the leader start-up: learners that decide after the leader connect at the
  // first try, and with five servers two of them usually do, so the leader needs no retried
  // connect for its quorum: about 100 ms faster than ZooKeeper.
  PeerTiming instant = realTiming();
  instant.leaderStartupMs = 0;
  const double withStartup = meanFailover(5, realTiming());
  const double without = meanFailover(5, instant);
  INFO("5 servers: with start-up " << withStartup << " ms, without " << without << " ms");
  CHECK(without < 379 * 0.88);
  CHECK(withStartup - without >= 60);
}
