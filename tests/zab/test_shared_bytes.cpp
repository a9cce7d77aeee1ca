// SharedBytes::decodedOnce: one decode serves every holder while any of them keeps the value,
// the buffer alone does not keep it (a txn log holds its buffers for the whole run), and
// forgetDecoded lets it go at once (the leader, when the proposal commits).
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "zab/shared_bytes.hpp"

namespace {

struct Decoded {
  std::string text;
};

// Decodes the bytes as text, counting the decodes.
std::shared_ptr<const Decoded> decodeCounting(const zab::SharedBytes& b, int& decodes) {
  return b.decodedOnce<Decoded>([&](const zab::Bytes& bytes) {
    ++decodes;
    return std::make_shared<const Decoded>(Decoded{std::string(bytes.begin(), bytes.end())});
  });
}

}  // namespace

TEST_CASE("shared bytes: one decode while a holder keeps it, none kept by the buffer alone", "[shared_bytes]") {
  const zab::SharedBytes txn(zab::Bytes{'s', 'e', 't'});
  const zab::SharedBytes sameBuffer = txn;  // a follower's copy of the leader's buffer
  int decodes = 0;

  auto first = decodeCounting(txn, decodes);
  auto second = decodeCounting(sameBuffer, decodes);
  CHECK(decodes == 1);
  CHECK(first == second);  // the very same object
  CHECK(first->text == "set");

  first.reset();
  second.reset();  // nobody holds it: the buffer's reference does not keep it alive
  auto third = decodeCounting(txn, decodes);
  CHECK(decodes == 2);
  CHECK(third->text == "set");

  txn.forgetDecoded();  // a holder keeps its value, the next asker decodes again
  auto fourth = decodeCounting(sameBuffer, decodes);
  CHECK(decodes == 3);
  CHECK(third->text == "set");
  CHECK(fourth != third);
  CHECK(fourth->text == "set");
}
