#pragma once
// DataTree: the replicated state, znodes with data and versions (S/DataTree.java), minus
// ACLs, watches and ephemerals. Applying a txn is deterministic; so is the digest.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "path_index.hpp"
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
  bool digestStale = false;          // changed since digestHash was made (DataTree remakes it when read)
  // The content; the digest fields follow from it.
  bool operator==(const DataNode& o) const { return data == o.data && stat == o.stat && children == o.children; }
};

// std::string's order (bytes compared as unsigned char, then the shorter first), compared in line:
// every apply looks its path up, and std::less<std::string> called memcmp at every node of the
// walk for paths of a few bytes. The same order, so the same iteration (snapshots, digests, views).
struct PathLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    return a.size() < b.size();
  }
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
  std::size_t nodeCount() const { return s_->nodes.size(); }
  using Nodes = std::map<std::string, DataNode, PathLess>;  // by path, in std::string's order
  const Nodes& nodes() const { return s_->nodes; }

  Zxid lastProcessedZxid() const { return lastProcessedZxid_; }
  void setLastProcessedZxid(Zxid z) { lastProcessedZxid_ = z; }

  // Deterministic 64-bit digest over every (path, data, version): equal trees, equal digests.
  std::uint64_t digest() const;
  // The tree digest ZooKeeper 3.6+ keeps (zookeeper.digest.enabled, DigestCalculator): the
  // sum of one hash per znode outside /zookeeper over its path, data and stat, updated as
  // nodes change. A changed node is hashed again when the digest is next read, not at every
  // txn: a run that never reads it (a benchmark) never hashes, and a node changed by several
  // txns between two reads is hashed once. The value is the same either way.
  std::uint64_t treeDigest() const {
    if (!s_->stale.empty()) refreshDigest();
    return s_->digest;
  }

  // Snapshot form (our own simple binary layout) and back.
  Bytes serialize() const;
  static std::optional<DataTree> deserialize(const Bytes& bytes);

  bool operator==(const DataTree& o) const {
    return lastProcessedZxid_ == o.lastProcessedZxid_ && (s_ == o.s_ || s_->nodes == o.s_->nodes);
  }

 private:
  // Copy on write: copies of a tree (every new process starts from the same four nodes, a
  // checkpoint copies every peer's tree) share the nodes until one of them applies a txn. The
  // digest and its list of stale nodes are shared with them: holders of one state hold the same
  // nodes, so remaking a stale hash (on a read, through any of them) is right for all of them.
  struct Shared {
    Shared() = default;
    Shared(const Shared& o) : nodes(o.nodes), digest(o.digest), stale(o.stale) { reindex(); }
    Shared& operator=(const Shared&) = delete;
    Nodes nodes;
    // The same nodes by path (path_index.hpp); every insert and erase of `nodes` does the same here.
    PathIndex<Nodes::iterator> byPath;
    std::uint64_t digest = 0;         // the sum of every node's digestHash
    std::vector<std::string> stale;   // paths of nodes marked digestStale (each once while marked)
    void reindex() {
      byPath.clear();
      for (auto it = nodes.begin(); it != nodes.end(); ++it) byPath.insert(it->first, it);
    }
    Nodes::iterator find(std::string_view path) {
      const Nodes::iterator* at = byPath.find(path);
      return at ? *at : nodes.end();
    }
  };
  // A changed node: marked, hashed again at the next read of the digest.
  void touch(const std::string& path, DataNode& node);
  void refreshDigest() const;

  static const std::shared_ptr<Shared>& freshNodes();  // the four nodes of a new tree, shared
  Bytes serializeNodes() const;
  std::shared_ptr<Shared> s_;
  Nodes& mut();
  Zxid lastProcessedZxid_ = 0;
};

// "/a/b" -> "/a"; "/a" -> "/"
std::string parentPath(const std::string& path);
// Valid ZooKeeper path: starts with '/', no empty segments, no trailing '/', no "." or "..".
bool isValidPath(const std::string& path);
// What makes `path` invalid, in words for an error message ("it must not end with '/'"); empty
// when it is valid.
std::string pathProblem(const std::string& path);

}  // namespace zab
