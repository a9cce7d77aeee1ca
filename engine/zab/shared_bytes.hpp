#pragma once
// Immutable byte buffers shared between holders. A frame is written once and then only
// read: by the sender's transport (which keeps the last one to resend it), the simulated
// network, and the receiver. Sharing it costs a reference count instead of a copy of an
// O(ensemble) notification at every hop. The bytes never change, so a copy of the
// simulation (a checkpoint) can share them too.
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace zab {

using Bytes = std::vector<std::uint8_t>;

// A whole buffer: a frame as it travels on a connection.
class SharedBytes {
 public:
  SharedBytes() = default;
  SharedBytes(Bytes bytes) : p_(std::make_shared<const Buffer>(std::move(bytes), nullptr)) {}  // NOLINT: implicit on purpose
  // `origin`: an immutable object the writer copied part of the bytes from (a notification
  // carries its sender's config text). The buffer keeps it alive, so a reader holding the same
  // object knows those bytes without comparing them: O(1) instead of O(ensemble).
  SharedBytes(Bytes bytes, std::shared_ptr<const void> origin)
      : p_(std::make_shared<const Buffer>(std::move(bytes), std::move(origin))) {}
  // A frame that carries a copy of `payload`'s bytes (a PROPOSAL carries its txn). A receiver
  // that finds those bytes in the frame may hold `payload` itself (payload()) instead of a
  // copy: the same bytes, one buffer (and one memoised hash) for every server.
  static SharedBytes carrying(Bytes frame, const SharedBytes& payload) {
    SharedBytes out;
    out.p_ = std::make_shared<const Buffer>(std::move(frame), payload.p_, payload.p_ != nullptr);
    return out;
  }
  // The payload this frame was made with (carrying), or nothing.
  SharedBytes payload() const {
    SharedBytes out;
    if (p_ && p_->originIsPayload) out.p_ = std::static_pointer_cast<const Buffer>(p_->origin);
    return out;
  }

  const Bytes& bytes() const { return p_ ? p_->bytes : none(); }
  const void* origin() const { return p_ ? p_->origin.get() : nullptr; }
  operator const Bytes&() const { return bytes(); }  // NOLINT: read it as the bytes it holds
  const std::uint8_t* data() const { return bytes().data(); }
  std::size_t size() const { return bytes().size(); }
  bool empty() const { return bytes().empty(); }
  std::uint8_t operator[](std::size_t i) const { return bytes()[i]; }
  // FNV-1a 64 of the bytes (fnv1a below), made at the first call and kept with the buffer: every
  // server hashes every txn it applies, and holders of one buffer hold the same bytes.
  std::uint64_t fnv1aHash() const {
    if (!p_) return fnv1a(nullptr, 0);
    if (!p_->hashed) {
      p_->hash = fnv1a(p_->bytes.data(), p_->bytes.size());
      p_->hashed = true;
    }
    return p_->hash;
  }
  // FNV-1a 64, four bytes per turn of the loop (each byte still goes in alone, in order): the
  // counter and branch of a byte loop were a third of the work.
  static std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) {
    constexpr std::uint64_t kPrime = 0x100000001b3ULL;
    std::uint64_t h = 0xcbf29ce484222325ULL;
    const std::uint8_t* const end = p + n;
    for (; end - p >= 4; p += 4) {
      h = (h ^ p[0]) * kPrime;
      h = (h ^ p[1]) * kPrime;
      h = (h ^ p[2]) * kPrime;
      h = (h ^ p[3]) * kPrime;
    }
    for (; p != end; ++p) h = (h ^ *p) * kPrime;
    return h;
  }
  // A value decoded from the bytes (a pure function of them, as the hash is), made by the first
  // holder that asks and shared with the others while any holds it: the followers of a PROPOSAL
  // hold the leader's txn buffer, and one decode serves them all. The buffer keeps only a weak
  // reference: the buffer lives on in every txn log, the decoded value only until the last
  // follower has committed it (kept strongly, a run's memory grew by a decoded txn per write).
  // `decode` takes the bytes and returns a std::shared_ptr<const T> (null: not decodable, and
  // asked again next time). One type T per buffer.
  template <class T, class Decode>
  std::shared_ptr<const T> decodedOnce(Decode&& decode) const {
    if (!p_) return decode(none());
    if (p_->decodedTag == &kDecodedTag<T>) {
      if (auto kept = p_->decoded.lock()) return std::static_pointer_cast<const T>(kept);
    }
    std::shared_ptr<const T> made = decode(p_->bytes);
    p_->decoded = made;
    p_->decodedTag = &kDecodedTag<T>;
    return made;
  }
  // Lets go of decodedOnce's value (a holder that still has it keeps it): the leader calls it
  // when a proposal commits, after which a follower that asks decodes for itself. Without it
  // the buffer, which lives in every txn log, would keep a small control block per write.
  void forgetDecoded() const {
    if (!p_) return;
    p_->decoded.reset();
    p_->decodedTag = nullptr;
  }
  // Holders of the same buffer hold the same bytes (the test for "our own config" and friends).
  bool sameBuffer(const SharedBytes& o) const { return p_ == o.p_; }

  friend bool operator==(const SharedBytes& a, const SharedBytes& b) { return a.p_ == b.p_ || a.bytes() == b.bytes(); }
  friend bool operator==(const SharedBytes& a, const Bytes& b) { return a.bytes() == b; }

 private:
  static const Bytes& none() {
    static const Bytes nothing;
    return nothing;
  }
  template <class T>
  static inline const char kDecodedTag = 0;  // its address names T
  struct Buffer {
    Buffer(Bytes b, std::shared_ptr<const void> o, bool payload = false)
        : bytes(std::move(b)), origin(std::move(o)), originIsPayload(payload) {}
    Bytes bytes;
    std::shared_ptr<const void> origin;
    bool originIsPayload = false;  // origin is the Buffer of the payload this frame carries
    mutable bool hashed = false;    // a cache of a pure function of the bytes (fnv1aHash)
    mutable std::uint64_t hash = 0;
    mutable std::weak_ptr<const void> decoded;    // decodedOnce's value, while a holder keeps it
    mutable const void* decodedTag = nullptr;     // the T it was made for (its tag's address)
  };
  std::shared_ptr<const Buffer> p_;
};

// An election message payload kept inside its int-length frame (SendWorker's layout: int len,
// then the payload): the payload is bytes [4, end) of the frame, so sending it again is the
// same frame, not a new buffer.
class FramedPayload {
 public:
  FramedPayload() = default;
  // Frames a payload: the one copy, made when a message is first sent.
  static FramedPayload of(const Bytes& payload) {
    Bytes frame;
    frame.reserve(4 + payload.size());
    const auto n = static_cast<std::uint32_t>(payload.size());
    frame.push_back(static_cast<std::uint8_t>(n >> 24));
    frame.push_back(static_cast<std::uint8_t>(n >> 16));
    frame.push_back(static_cast<std::uint8_t>(n >> 8));
    frame.push_back(static_cast<std::uint8_t>(n));
    frame.insert(frame.end(), payload.begin(), payload.end());
    return FramedPayload(SharedBytes(std::move(frame)));
  }
  // A received frame whose length field says exactly its payload (checked by the caller).
  static FramedPayload adopt(SharedBytes frame) { return FramedPayload(std::move(frame)); }

  const std::uint8_t* data() const { return frame_.size() < 4 ? nullptr : frame_.data() + 4; }
  std::size_t size() const { return frame_.size() < 4 ? 0 : frame_.size() - 4; }
  bool empty() const { return size() == 0; }
  Bytes toBytes() const { return size() == 0 ? Bytes{} : Bytes(data(), data() + size()); }
  const SharedBytes& frame() const { return frame_; }

  friend bool operator==(const FramedPayload& a, const Bytes& b) {
    return a.size() == b.size() && (b.empty() || std::memcmp(a.data(), b.data(), b.size()) == 0);
  }
  friend bool operator==(const FramedPayload& a, const FramedPayload& b) {
    return a.frame_.sameBuffer(b.frame_) || (a.size() == b.size() && (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size()) == 0));
  }

 private:
  explicit FramedPayload(SharedBytes frame) : frame_(std::move(frame)) {}
  SharedBytes frame_;
};

}  // namespace zab
