// The workload table's index of client operations by id, following the simulation's
// append-only log of answered operations through play, steps back, jumps and forks.
#include <catch2/catch.hpp>

#include "client_op_index.hpp"
#include "load_session.hpp"
#include "session.hpp"

using namespace zabscope;

namespace {
using test::load;

// Every id from 1 to the number submitted is found, answered or waiting, and is that op.
void requireComplete(ClientOpIndex& index, const Session& s) {
  index.update(s.sim());
  const auto& sim = s.sim();
  REQUIRE(sim.clientOpCount() == sim.answeredClientOps().size() + sim.waitingClientOps().size());
  for (std::uint64_t id = 1; id <= sim.clientOpCount(); ++id) {
    const auto* op = index.find(sim, id);
    REQUIRE(op != nullptr);
    CHECK(op->id == id);
    CHECK(op->answeredAt.has_value() == (sim.waitingClientOps().count(id) == 0));
  }
  CHECK(index.find(sim, sim.clientOpCount() + 1) == nullptr);
  CHECK(index.find(sim, 0) == nullptr);
}

const char* kWorkload = "ensemble participants=3\nseed 1\nlatency 2..6\nstart 1 2 3\nworkload writes=20 reads=20\n";
}  // namespace

TEST_CASE("client op index: by id through play, steps back, jumps and a fork") {
  Session s = load(kWorkload);
  ClientOpIndex index;
  for (int i = 0; i < 1500 && s.stepForward(); ++i)
    if (i % 50 == 0) requireComplete(index, s);
  requireComplete(index, s);
  const std::size_t end = s.cursor();
  REQUIRE(s.sim().answeredClientOps().size() > 20);

  for (int i = 0; i < 30; ++i) s.stepBack();
  requireComplete(index, s);
  s.jumpTo(end / 3);
  requireComplete(index, s);
  s.jumpTo(end);
  requireComplete(index, s);

  s.jumpTo(end / 2);
  std::string error;
  REQUIRE(s.command("kill 3", error));  // a fork: another line of answers
  for (int i = 0; i < 500 && s.stepForward(); ++i) {
  }
  requireComplete(index, s);
  s.switchBranch(0);
  requireComplete(index, s);
}
