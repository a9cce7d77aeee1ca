#pragma once
// DataTree: the replicated state, znodes with data and versions (S/DataTree.java), minus
// ACLs, watches and ephemerals. Applying a txn is deterministic; so is the digest.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "txn.hpp"

namespace zab {

struct Stat {
  Zxid czxid = 0;
  Zxid mzxid = 0;
  Zxid pzxid = 0;
  std::int64_t ctime = 0;
  std::int64_t mtime = 0;
  std::int32_t version = 0;
  std::int32_t cversion = 0;
  bool operator==(const Stat&) const = default;
};

struct DataNode {
  std::string data;
  Stat stat;
  std::set<std::string> children;  // child names, not paths
  std::uint64_t digestHash = 0;      // what this node adds to the tree digest (kept by DataTree)
  bool operator==(const DataNode&) const = default;
};

// KeeperException codes used by ErrorTxn and results.
enum class KeeperCode : std::int32_t { OK = 0, NONODE = -101, BADVERSION = -103, NODEEXISTS = -110, NOTEMPTY = -111 };
std::string_view to_string(KeeperCode c);

struct ProcessTxnResult {
  Zxid zxid = 0;
  OpCode type = OpCode::create;
  std::string path;
  KeeperCode err = KeeperCode::OK;
  Stat stat;
};

class DataTree {
 public:
  // A new tree holds "/", "/zookeeper", "/zookeeper/quota" and "/zookeeper/config", as in ZooKeeper 3.8.
  DataTree();

  // Applies one txn (create/delete/setData/error/session txns) and raises lastProcessedZxid
  // (it never lowers it). Failures such as NONODE are reported in the result, not thrown.
  ProcessTxnResult processTxn(const Txn& txn);

  const DataNode* getNode(const std::string& path) const;
  bool exists(const std::string& path) const { return getNode(path) != nullptr; }
  std::size_t nodeCount() const { return nodes_->size(); }
  const std::map<std::string, DataNode>& nodes() const { return *nodes_; }

  Zxid lastProcessedZxid() const { return lastProcessedZxid_; }
  void setLastProcessedZxid(Zxid z) { lastProcessedZxid_ = z; }

  // Deterministic 64-bit digest over every (path, data, version): equal trees, equal digests.
  std::uint64_t digest() const;
  // The tree digest ZooKeeper 3.6+ keeps (zookeeper.digest.enabled, DigestCalculator): the
  // sum of one hash per znode outside /zookeeper over its path, data and stat, updated as
  // nodes change, so reading it costs nothing.
  std::uint64_t treeDigest() const { return treeDigest_; }

  // Snapshot form (our own simple binary layout) and back.
  Bytes serialize() const;
  static std::optional<DataTree> deserialize(const Bytes& bytes);

  bool operator==(const DataTree& o) const {
    return lastProcessedZxid_ == o.lastProcessedZxid_ && (nodes_ == o.nodes_ || *nodes_ == *o.nodes_);
  }

 private:
  // Around every change of a node: take its hash out of the digest, then put it back.
  void unhash(const DataNode& node);
  void rehash(const std::string& path, DataNode& node);

  using Nodes = std::map<std::string, DataNode>;
  static const std::shared_ptr<Nodes>& freshNodes();  // the four nodes of a new tree, shared
  Bytes serializeNodes() const;
  // Copy on write: copies of a tree (every new process starts from the same four nodes, a
  // checkpoint copies every peer's tree) share the nodes until one of them applies a txn.
  std::shared_ptr<Nodes> nodes_;
  Nodes& mut();
  Zxid lastProcessedZxid_ = 0;
  std::uint64_t treeDigest_ = 0;
};

// "/a/b" -> "/a"; "/a" -> "/"
std::string parentPath(const std::string& path);
// Valid ZooKeeper path: starts with '/', no empty segments, no trailing '/', no "." or "..".
bool isValidPath(const std::string& path);

}  // namespace zab
