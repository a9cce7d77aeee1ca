// The simulation's event queue pops in exactly (time, seq) order, whatever it is asked: pushes
// near and far (the ring and the far heap), cancels, re-arms to earlier and later times, events
// at the same millisecond, a clock that jumps past the ring, a copy taken midway (a checkpoint).
// A std::set of (time, seq) is the reference: the order a std::map of events gave.
#include <catch2/catch.hpp>

#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/prng.hpp"

namespace {

struct Ev {
  std::int64_t time = 0;
  std::uint64_t seq = 0;
  int payload = 0;
};

using Queue = zab::sim::EventQueue<Ev>;
using Key = std::pair<std::int64_t, std::uint64_t>;

// The queue and its reference, driven together.
struct Model {
  Queue q;
  std::set<Key> ref;
  std::map<std::uint64_t, Queue::Handle> handles;  // by seq
  std::uint64_t nextSeq = 1;
  std::int64_t now = 0;

  void push(std::int64_t delay) {
    Ev e{now + delay, nextSeq++, static_cast<int>(nextSeq)};
    handles[e.seq] = q.push(e);
    ref.insert({e.time, e.seq});
  }
  void pop() {
    REQUIRE(!ref.empty());
    CHECK(q.top().time == ref.begin()->first);
    CHECK(q.top().seq == ref.begin()->second);
    Ev e = q.pop();
    CHECK(e.time == ref.begin()->first);
    CHECK(e.seq == ref.begin()->second);
    CHECK(e.payload == static_cast<int>(e.seq) + 1);
    ref.erase(ref.begin());
    handles.erase(e.seq);
    if (e.time > now) now = e.time;
  }
  // The pending event with the index-th smallest seq.
  std::map<std::uint64_t, Queue::Handle>::iterator pick(std::uint64_t index) {
    return std::next(handles.begin(), static_cast<std::ptrdiff_t>(index % handles.size()));
  }
  void cancel(std::uint64_t index) {
    auto it = pick(index);
    const Ev& e = q.at(it->second);
    ref.erase({e.time, e.seq});
    Ev out = q.remove(it->second);
    CHECK(out.seq == it->first);
    handles.erase(it);
  }
  void rearm(std::uint64_t index, std::int64_t delay) {
    auto it = pick(index);
    const Queue::Handle h = it->second;
    ref.erase({q.at(h).time, q.at(h).seq});
    handles.erase(it);
    Ev e{now + delay, nextSeq++, static_cast<int>(nextSeq)};
    q.replace(h, e);
    handles[e.seq] = h;
    ref.insert({e.time, e.seq});
  }
  void checkAll() {
    CHECK(q.size() == ref.size());
    CHECK(q.empty() == ref.empty());
    std::set<Key> seen;
    q.forEach([&](Queue::Handle h, const Ev& e) {
      CHECK(handles.at(e.seq) == h);
      seen.insert({e.time, e.seq});
    });
    CHECK(seen == ref);
  }
};

// Delays as the simulation makes them: mostly a few ms, sometimes the same instant, a timer of
// hundreds of ms, now and then one past the ring (seconds) or far past it.
std::int64_t drawDelay(zab::sim::Prng& rng) {
  switch (rng.uniform(0, 9)) {
    case 0: return 0;
    case 1: return rng.uniform(100, 1100);  // around the ring's reach
    case 2: return rng.uniform(1000, 30000);
    case 3: return 1023 + rng.uniform(0, 2);
    default: return rng.uniform(1, 5);
  }
}

}  // namespace

TEST_CASE("event queue: pops in (time, seq) order through pushes, cancels and re-arms", "[event_queue]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    zab::sim::Prng rng(seed);
    Model m;
    for (int i = 0; i < 4000; ++i) {
      const auto op = rng.uniform(0, 9);
      if (op <= 3 || m.ref.empty()) m.push(drawDelay(rng));
      else if (op <= 6) m.pop();
      else if (op == 7) m.cancel(static_cast<std::uint64_t>(rng.uniform(0, 1 << 20)));
      else m.rearm(static_cast<std::uint64_t>(rng.uniform(0, 1 << 20)), drawDelay(rng));
      if (i % 500 == 0) m.checkAll();
      if (op == 9 && rng.chance(0.01)) m.now += rng.uniform(0, 5000);  // the clock moves on (advanceClockTo)
    }
    m.checkAll();
    Model copy = m;  // a checkpoint: the copy pops the same order, the original is untouched
    while (!copy.ref.empty()) copy.pop();
    m.checkAll();
    while (!m.ref.empty()) m.pop();
    CHECK(m.q.empty());
  }
}

TEST_CASE("event queue: events at the same millisecond pop in seq order, wherever they wait", "[event_queue]") {
  Model m;
  m.push(2000);  // far: past the ring's reach from base 0
  m.push(990);
  m.push(0);
  m.pop();  // time 0
  m.pop();  // time 990: the ring now reaches 2000
  m.push(1010);  // 2000 again, in the ring: after the far one, which has the smaller seq
  m.push(1010);
  m.push(5);
  m.rearm(0, 1010);  // the far event re-armed to 2000 again: the largest seq now, in the ring
  m.checkAll();
  while (!m.ref.empty()) m.pop();
}

// A learner's read timeout: a few far timers re-armed later at nearly every step, among ring
// traffic, so their heap keys stay behind their events (replace keeps a lower bound) and are
// brought up to date only when one could be the least: with the ring busy, with the ring empty
// (the far event must still pop on time), and in a copy taken while keys are behind.
TEST_CASE("event queue: far timers re-armed later at every step still pop in order", "[event_queue]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    zab::sim::Prng rng(seed);
    Model m;
    std::vector<std::uint64_t> timers;  // seqs of the far timers
    for (int t = 0; t < 4; ++t) {
      m.push(10000);
      timers.push_back(m.nextSeq - 1);
    }
    for (int i = 0; i < 3000; ++i) {
      if (rng.chance(0.6) || m.ref.size() <= timers.size()) m.push(rng.uniform(1, 5));
      else m.pop();
      // Re-arm one timer 10 s past now (later than its key, usually), unless it fired.
      const std::size_t t = static_cast<std::size_t>(rng.uniform(0, 3));
      if (auto it = m.handles.find(timers[t]); it != m.handles.end()) {
        const auto index = static_cast<std::uint64_t>(std::distance(m.handles.begin(), it));
        m.rearm(index, rng.chance(0.05) ? 2000 : 10000);  // now and then earlier than before
        timers[t] = m.nextSeq - 1;
      }
      if (i == 1500) {
        Model copy = m;
        while (!copy.ref.empty()) copy.pop();
      }
    }
    m.checkAll();
    while (!m.ref.empty()) m.pop();  // the ring drains first, then the timers alone
  }
}
