#pragma once
// Transactions as ZooKeeper logs and proposes them: TxnHeader + one txn record
// (zookeeper.jute: TxnHeader, CreateTxn, DeleteTxn, SetDataTxn, CreateSessionTxn, ErrorTxn).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "notification_codec.hpp"  // Bytes
#include "shared_bytes.hpp"
#include "types.hpp"

namespace zab {

// ZooDefs.OpCode values.
enum class OpCode : std::int32_t {
  notification = 0,
  create = 1,
  delete_ = 2,
  exists = 3,
  getData = 4,
  setData = 5,
  sync = 9,
  createSession = -10,
  closeSession = -11,
  error = -1,
};
std::string_view to_string(OpCode op);

struct TxnHeader {
  std::int64_t clientId = 0;  // session id
  std::int32_t cxid = 0;      // client's request counter
  Zxid zxid = 0;
  std::int64_t time = 0;      // virtual ms
  OpCode type = OpCode::create;

  bool operator==(const TxnHeader&) const = default;
};

// One txn of any supported kind; fields unused by a kind are ignored on the wire.
struct Txn {
  TxnHeader hdr;
  std::string path;      // create / delete / setData
  std::string data;      // create / setData
  std::int32_t version = -1;  // setData: the new version (SetDataTxn.version)
  std::int32_t parentCVersion = -1;  // create
  std::int32_t sessionTimeout = 0;   // createSession
  std::int32_t err = 0;              // error: KeeperException code (e.g. -110 NodeExists)

  bool operator==(const Txn&) const = default;
};

// TxnHeader then the record, jute binary (CreateTxn: ustring path, buffer data, vector<ACL>
// acl (written as 0 entries), boolean ephemeral (false), int parentCVersion; DeleteTxn:
// ustring path; SetDataTxn: ustring path, buffer data, int version; CreateSessionTxn: int
// timeOut; ErrorTxn: int err; closeSession: no record).
Bytes serializeTxn(const Txn& t);
std::optional<Txn> deserializeTxn(const Bytes& bytes);
// The same, decoded once per buffer and shared (null: not a txn): every follower gets the
// leader's txn buffer with its PROPOSAL, and all of them read the same txn from it.
std::shared_ptr<const Txn> sharedTxnOf(const SharedBytes& bytes);

// "create /a = 'x'", "setData /a = 'y' (v2)", "delete /a", "createSession", "error NodeExists"
std::string describeTxn(const Txn& t);

}  // namespace zab
