#include "real/zk_wire_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace zabscope::real {

namespace {

// ZooDefs.OpCode and KeeperException.Code values used here.
constexpr int kOpCreate = 1, kOpDelete = 2, kOpExists = 3, kOpGetData = 4, kOpSetData = 5, kOpSync = 9, kOpCloseSession = -11;
constexpr int kErrNoNode = -101;

// Jute's big-endian encoding.
struct Out {
  std::vector<char> b;
  void i32(std::int32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<char>((static_cast<std::uint32_t>(v) >> s) & 0xff));
  }
  void i64(std::int64_t v) {
    for (int s = 56; s >= 0; s -= 8) b.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> s) & 0xff));
  }
  void boolean(bool v) { b.push_back(v ? 1 : 0); }
  void buffer(const std::string& s) {
    i32(static_cast<std::int32_t>(s.size()));
    b.insert(b.end(), s.begin(), s.end());
  }
  std::vector<char> framed() const {  // the length prefix of every packet
    Out f;
    f.i32(static_cast<std::int32_t>(b.size()));
    f.b.insert(f.b.end(), b.begin(), b.end());
    return f.b;
  }
};

struct In {
  std::vector<char> b;
  std::size_t at = 0;
  bool has(std::size_t n) const { return at + n <= b.size(); }
  std::int64_t be(int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(b[at++]);
    return bytes == 4 ? static_cast<std::int32_t>(v) : static_cast<std::int64_t>(v);
  }
};

class Socket {
 public:
  explicit Socket(int timeoutMs) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool connectTo(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  bool sendAll(const std::vector<char>& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  bool recvAll(char* out, std::size_t len) {
    std::size_t got = 0;
    while (got < len) {
      ssize_t n = ::recv(fd_, out + got, len - got, 0);
      if (n <= 0) return false;
      got += static_cast<std::size_t>(n);
    }
    return true;
  }
  // One length-prefixed packet (capped: a reply here is small).
  std::optional<In> recvPacket() {
    char len[4];
    if (!recvAll(len, 4)) return std::nullopt;
    In header{std::vector<char>(len, len + 4)};
    std::int64_t n = header.be(4);
    if (n < 0 || n > (1 << 20)) return std::nullopt;
    In p;
    p.b.resize(static_cast<std::size_t>(n));
    if (n > 0 && !recvAll(p.b.data(), p.b.size())) return std::nullopt;
    return p;
  }
  std::string recvToEnd() {
    std::string s;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0 && s.size() < (1 << 20);) s.append(buf, buf + n);
    return s;
  }

 private:
  int fd_ = -1;
};

struct Reply {
  std::int32_t xid = 0;
  std::int64_t zxid = 0;
  std::int32_t err = 0;
};

// Sends one request and reads replies until the one with this xid (skipping pings/notifications).
std::optional<Reply> call(Socket& s, std::int32_t xid, int op, const Out& body) {
  Out req;
  req.i32(xid);
  req.i32(op);
  req.b.insert(req.b.end(), body.b.begin(), body.b.end());
  if (!s.sendAll(req.framed())) return std::nullopt;
  for (int i = 0; i < 16; ++i) {
    auto p = s.recvPacket();
    if (!p || !p->has(16)) return std::nullopt;
    Reply r;
    r.xid = static_cast<std::int32_t>(p->be(4));
    r.zxid = p->be(8);
    r.err = static_cast<std::int32_t>(p->be(4));
    if (r.xid == xid) return r;
  }
  return std::nullopt;
}

Out pathData(const std::string& path, const std::string& data) {
  Out o;
  o.buffer(path);
  o.buffer(data);
  return o;
}

}  // namespace

ZkReply zkRequest(int port, ZkOp op, const std::string& path, const std::string& data, int timeoutMs) {
  ZkReply out;
  Socket s(timeoutMs);
  if (!s.connectTo(port)) {
    out.message = std::string("cannot connect to 127.0.0.1:") + std::to_string(port) + ": " + std::strerror(errno);
    return out;
  }
  // ConnectRequest: protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly.
  Out connect;
  connect.i32(0);
  connect.i64(0);
  connect.i32(30000);
  connect.i64(0);
  connect.buffer(std::string(16, '\0'));
  connect.boolean(false);
  if (!s.sendAll(connect.framed())) {
    out.message = "the server closed the connection before the session request";
    return out;
  }
  auto resp = s.recvPacket();
  if (!resp || !resp->has(16)) {
    // A server that is not serving (LOOKING, syncing) closes new connections at once.
    out.message = "no session: the server is not serving clients (not in BROADCAST?)";
    return out;
  }
  std::optional<Reply> r;
  out.sent = true;
  if (op == ZkOp::CreateOrSet) {
    // exists first: a create that fails (NodeExists) still costs a zxid on the leader (an error
    // txn), and the engine's write spends one. exists is read locally: no txn.
    Out exists;
    exists.buffer(path);
    exists.boolean(false);
    r = call(s, 1, kOpExists, exists);
    if (r && r->err == kErrNoNode) {
      Out create = pathData(path, data);
      create.i32(1);  // one ACL: world:anyone, all permissions (ZooDefs.Ids.OPEN_ACL_UNSAFE)
      create.i32(31);
      create.buffer("world");
      create.buffer("anyone");
      create.i32(0);  // persistent
      r = call(s, 2, kOpCreate, create);
    } else if (r && r->err == 0) {
      Out set = pathData(path, data);
      set.i32(-1);  // any version
      r = call(s, 2, kOpSetData, set);
    }
  } else if (op == ZkOp::Delete) {
    Out del;
    del.buffer(path);
    del.i32(-1);
    r = call(s, 1, kOpDelete, del);
  } else if (op == ZkOp::GetData) {
    Out get;
    get.buffer(path);
    get.boolean(false);
    r = call(s, 1, kOpGetData, get);
  } else {
    Out sync;
    sync.buffer(path.empty() ? "/" : path);
    r = call(s, 1, kOpSync, sync);
  }
  if (!r) {
    out.message = "no reply within the timeout (the server lost its leader?)";
    return out;
  }
  out.err = r->err;
  out.zxid = r->zxid;
  out.ok = r->err == 0;
  if (!out.ok) out.message = "KeeperException code " + std::to_string(r->err);
  call(s, 3, kOpCloseSession, Out{});  // best effort: a local session leaves no txn either way
  return out;
}

std::optional<std::string> fourLetterWord(int port, const std::string& word, int timeoutMs) {
  Socket s(timeoutMs);
  if (!s.connectTo(port)) return std::nullopt;
  if (!s.sendAll(std::vector<char>(word.begin(), word.end()))) return std::nullopt;
  std::string answer = s.recvToEnd();
  if (answer.empty()) return std::nullopt;
  return answer;
}

}  // namespace zabscope::real
