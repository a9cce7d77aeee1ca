#pragma once
// A tiny ZooKeeper client that speaks the wire protocol (jute over TCP) for the few requests
// `zabsim real` sends: create-or-set, delete, getData, sync, and the four-letter words. No JVM per
// write (zkCli.sh takes a second or two to start), and the reply header carries the zxid of the
// transaction, which is what the comparison with the engine needs.
#include <cstdint>
#include <optional>
#include <string>

namespace zabscope::real {

struct ZkReply {
  bool ok = false;
  int err = 0;            // KeeperException code from the ReplyHeader (0: OK); 0 also on socket errors
  std::int64_t zxid = 0;  // the ReplyHeader's zxid: the txn's zxid for a write
  std::string message;    // what went wrong, for people
  bool sent = false;      // the request went out in a session: the server may have acted on it
};

enum class ZkOp { CreateOrSet, Delete, GetData, Sync };

// One session, one operation, then closeSession. With localSessionsEnabled=true (zoo.cfg written by
// RealEnsemble) the session is local to the server: no createSession/closeSession txns, so the zxids
// count the same operations the engine counts. CreateOrSet asks `exists` first (a failed create
// would cost an error txn); the server read from may lag the leader by a txn, as any read.
ZkReply zkRequest(int port, ZkOp op, const std::string& path, const std::string& data, int timeoutMs);

// A four-letter word ("srvr", "stat", ...) on the client port: the server's answer, or nullopt
// when nothing answered (process down, stopped, or the word not whitelisted).
std::optional<std::string> fourLetterWord(int port, const std::string& word, int timeoutMs);

}  // namespace zabscope::real
