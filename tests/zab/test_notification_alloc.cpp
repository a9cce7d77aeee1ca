// The step path's notification codec allocates nothing: encodeNotificationInto reuses its
// buffer's capacity and decodeNotificationView returns the config as a view into the payload.
// Counted with a replaced global operator new (this test binary only).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>
#include <string>

#include "zab/fifo.hpp"
#include "zab/notification_codec.hpp"

namespace {
std::size_t gAllocations = 0;
}  // namespace

// Every plain form is replaced (the library's own nothrow new, used by std::stable_sort, too),
// so that whatever new allocates, this delete frees (AddressSanitizer checks the pairing).
void* operator new(std::size_t n) {
  ++gAllocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++gAllocations;
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

TEST_CASE("notification codec: encoding into a warm buffer and decoding a view allocate nothing") {
  const std::string config =
      "server.1=127.0.0.1:2888:3888:participant\nserver.2=127.0.0.1:2889:3889:participant\n"
      "server.3=127.0.0.1:2890:3890:participant\nversion=0";
  zab::NotificationView m;
  m.state = 0;
  m.leader = 3;
  m.zxid = 0x100000007;
  m.electionEpoch = 4;
  m.peerEpoch = 1;
  m.version = zab::kNotificationVersion;
  zab::Bytes buffer;
  zab::encodeNotificationInto(buffer, m, config);  // warms the buffer up

  // No Catch2 macro inside the measured loop: its bookkeeping may allocate.
  bool decodedRight = true;
  const std::size_t before = gAllocations;
  for (int i = 0; i < 100; ++i) {
    m.electionEpoch = 4 + i;
    zab::encodeNotificationInto(buffer, m, config);
    zab::NotificationViewDecode d = zab::decodeNotificationView(buffer.data(), buffer.size());
    decodedRight = decodedRight && d.error == zab::NotificationError::None && d.view.electionEpoch == 4 + i &&
                   d.view.config == config;
  }
  const std::size_t allocated = gAllocations - before;
  CHECK(decodedRight);
  CHECK(allocated == 0);

  // The counter does count: the old API returns owning values.
  const std::size_t owning = gAllocations;
  auto decoded = zab::decodeNotification(buffer);
  CHECK(gAllocations > owning);
  CHECK(decoded.message->config == config);
}

// The engine's queues stay empty for most of their life (a process's receive and election
// queues, a learner's, a connection's): an empty zab::Fifo, built, moved or cleared, allocates
// nothing, where an empty std::deque allocated twice.
TEST_CASE("fifo: an empty queue allocates nothing, built, moved or cleared") {
  const std::size_t before = gAllocations;
  zab::Fifo<std::string> a;
  zab::Fifo<std::string> b = std::move(a);
  zab::Fifo<std::string> c;
  c = std::move(b);
  c.clear();
  const std::size_t after = gAllocations;  // read before Catch's own bookkeeping runs
  CHECK(after == before);
  CHECK(c.empty());
}
