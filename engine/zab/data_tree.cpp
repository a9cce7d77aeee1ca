// DataTree: znodes, their data and stats, changed only by applying txns (the parts of
// DataTree.createNode / deleteNode / setData / processTxn that ZAB's replication shows).
#include "data_tree.hpp"

#include <fmt/format.h>

#include "byte_io.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace zab {

namespace {

// KeeperException.Code.BADARGUMENTS: what PrepRequestProcessor answers for a malformed path.
// Not in the KeeperCode enum; produced here only for txns carrying an invalid path.
constexpr auto kBadArguments = static_cast<KeeperCode>(-8);

// ---- snapshot encoding --------------------------------------------------------------------

constexpr std::uint8_t kMagic[4] = {'Z', 'S', 'D', 'T'};
constexpr std::int32_t kFormatVersion = 1;
// path length + data length + 5 longs + 2 ints: the least a node can occupy.
constexpr std::size_t kMinNodeBytes = 4 + 4 + 5 * 8 + 2 * 4;

void putU8(Bytes& out, std::uint8_t v) { out.push_back(v); }

// ---- digest -------------------------------------------------------------------------------

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

void fnvByte(std::uint64_t& h, std::uint8_t b) {
  h ^= b;
  h *= kFnvPrime;
}

// Big-endian bytes, written out: the loop with a variable shift did not unroll (a tenth of a
// broadcast's digest work was its counter and shifts).
void fnvU32(std::uint64_t& h, std::uint32_t v) {
  fnvByte(h, static_cast<std::uint8_t>(v >> 24));
  fnvByte(h, static_cast<std::uint8_t>(v >> 16));
  fnvByte(h, static_cast<std::uint8_t>(v >> 8));
  fnvByte(h, static_cast<std::uint8_t>(v));
}

void fnvI64(std::uint64_t& h, std::int64_t v) {
  fnvU32(h, static_cast<std::uint32_t>(static_cast<std::uint64_t>(v) >> 32));
  fnvU32(h, static_cast<std::uint32_t>(v));
}

// Length-prefixed, so ("/a", "bc") and ("/ab", "c") hash differently.
void fnvString(std::uint64_t& h, const std::string& s) {
  fnvU32(h, static_cast<std::uint32_t>(s.size()));
  for (const char c : s) fnvByte(h, static_cast<std::uint8_t>(c));
}

// DigestCalculator.calculateDigest: one node's contribution to the tree digest. The
// /zookeeper subtree is left out, as in ZooKeeper (its config node differs between servers).
std::uint64_t nodeHash(const std::string& path, const DataNode& node) {
  if (path == "/zookeeper" || path.rfind("/zookeeper/", 0) == 0) return 0;
  std::uint64_t h = kFnvOffset;
  fnvString(h, path);
  fnvString(h, node.data);
  fnvI64(h, node.stat.czxid);
  fnvI64(h, node.stat.mzxid);
  fnvI64(h, node.stat.pzxid);
  fnvI64(h, node.stat.ctime);
  fnvI64(h, node.stat.mtime);
  fnvU32(h, static_cast<std::uint32_t>(node.stat.version));
  fnvU32(h, static_cast<std::uint32_t>(node.stat.cversion));
  return h;
}

// ---- paths --------------------------------------------------------------------------------

std::string childName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Decodes one UTF-8 code point at s[i]; false on a malformed sequence.
bool nextCodePoint(std::string_view s, std::size_t& i, std::uint32_t& cp) {
  const auto b0 = static_cast<std::uint8_t>(s[i]);
  std::size_t extra = 0;
  std::uint32_t minCp = 0;
  if (b0 < 0x80) {
    cp = b0;
  } else if ((b0 & 0xe0U) == 0xc0U) {
    cp = b0 & 0x1fU;
    extra = 1;
    minCp = 0x80;
  } else if ((b0 & 0xf0U) == 0xe0U) {
    cp = b0 & 0x0fU;
    extra = 2;
    minCp = 0x800;
  } else if ((b0 & 0xf8U) == 0xf0U) {
    cp = b0 & 0x07U;
    extra = 3;
    minCp = 0x10000;
  } else {
    return false;
  }
  if (s.size() - i - 1 < extra) return false;
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto b = static_cast<std::uint8_t>(s[i + k]);
    if ((b & 0xc0U) != 0x80U) return false;
    cp = (cp << 6) | (b & 0x3fU);
  }
  if (cp < minCp || cp > 0x10ffff) return false;  // overlong or out of range
  i += extra + 1;
  return true;
}

// PathUtils.validatePath's character rule, applied to Java's UTF-16 chars: control
// characters, U+D800..U+F8FF (which includes every surrogate, so every code point above
// U+FFFF) and U+FFF0..U+FFFF are refused. Malformed UTF-8 would decode to U+FFFD: refused.
bool isAllowedCodePoint(std::uint32_t cp) {
  if (cp <= 0x1f) return false;
  if (cp >= 0x7f && cp <= 0x9f) return false;
  if (cp >= 0xd800 && cp <= 0xf8ff) return false;
  if (cp >= 0xfff0) return false;
  return true;
}

// createNode / setCversionPzxid: a parentCVersion of -1 means "one more than now"; the
// parent's cversion and pzxid move only if the new cversion is larger (replay safety).
void raiseCversion(DataNode& parent, std::int32_t parentCVersion, Zxid zxid) {
  const std::int32_t newCversion = parentCVersion == -1 ? parent.stat.cversion + 1 : parentCVersion;
  if (newCversion > parent.stat.cversion) {
    parent.stat.cversion = newCversion;
    parent.stat.pzxid = zxid;
  }
}

}  // namespace

std::string_view to_string(KeeperCode c) {
  switch (static_cast<std::int32_t>(c)) {
    case 0: return "OK";
    case -1: return "SYSTEMERROR";
    case -2: return "RUNTIMEINCONSISTENCY";
    case -3: return "DATAINCONSISTENCY";
    case -4: return "CONNECTIONLOSS";
    case -5: return "MARSHALLINGERROR";
    case -6: return "UNIMPLEMENTED";
    case -7: return "OPERATIONTIMEOUT";
    case -8: return "BADARGUMENTS";
    case -12: return "UNKNOWNSESSION";
    case -13: return "NEWCONFIGNOQUORUM";
    case -14: return "RECONFIGINPROGRESS";
    case -100: return "APIERROR";
    case -101: return "NONODE";
    case -102: return "NOAUTH";
    case -103: return "BADVERSION";
    case -108: return "NOCHILDRENFOREPHEMERALS";
    case -110: return "NODEEXISTS";
    case -111: return "NOTEMPTY";
    case -112: return "SESSIONEXPIRED";
    case -113: return "INVALIDCALLBACK";
    case -114: return "INVALIDACL";
    case -115: return "AUTHFAILED";
    case -118: return "SESSIONMOVED";
    case -119: return "NOTREADONLY";
    case -120: return "EPHEMERALONLOCALSESSION";
    case -121: return "NOWATCHER";
    case -122: return "REQUESTTIMEOUT";
    case -123: return "RECONFIGDISABLED";
    case -124: return "SESSIONCLOSEDREQUIRESASLAUTH";
    case -125: return "QUOTAEXCEEDED";
    case -127: return "THROTTLEDOP";
    default: return "UNKNOWN";
  }
}

std::string parentPath(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos || path == "/") return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool isValidPath(const std::string& path) { return pathProblem(path).empty(); }

std::string pathProblem(const std::string& path) {
  if (path.empty() || path[0] != '/') return "it must start with '/', e.g. /app/config";
  if (path.size() == 1) return {};  // the root
  if (path.back() == '/') return "it must not end with '/'";
  std::size_t segStart = 1;
  std::size_t i = 1;
  while (i <= path.size()) {
    if (i == path.size() || path[i] == '/') {
      const std::string_view seg(path.data() + segStart, i - segStart);
      if (seg.empty()) return "it has an empty component ('//')";
      if (seg == "." || seg == "..") return fmt::format("it has a relative component '{}'", seg);
      segStart = i + 1;
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    if (!nextCodePoint(path, i, cp)) return "it is not valid UTF-8";
    if (!isAllowedCodePoint(cp)) return fmt::format("it has a character ZooKeeper does not allow in a path (U+{:04X})", cp);
  }
  return {};
}

const std::shared_ptr<DataTree::Shared>& DataTree::freshNodes() {
  // DataTree(): the root, the "proc" node /zookeeper, /zookeeper/quota and (addConfigNode)
  // /zookeeper/config, all with empty data and zeroed stats. Made once, shared until written.
  static const std::shared_ptr<Shared> fresh = [] {
    auto f = std::make_shared<Shared>();
    Nodes& n = f->nodes;
    n["/"].children = {"zookeeper"};
    n["/zookeeper"].children = {"quota", "config"};
    n["/zookeeper/quota"];
    n["/zookeeper/config"];
    for (auto& [path, node] : n) {
      node.digestHash = nodeHash(path, node);
      f->digest += node.digestHash;
    }
    f->reindex();
    return f;
  }();
  return fresh;
}

DataTree::DataTree() : s_(freshNodes()) {}

DataTree::Nodes& DataTree::mut() {
  if (s_.use_count() > 1) s_ = std::make_shared<Shared>(*s_);
  return s_->nodes;
}

void DataTree::touch(const std::string& path, DataNode& node) {
  if (node.digestStale) return;
  node.digestStale = true;
  s_->stale.push_back(path);
  // Deletes and creates of one path, never read in between, would list it again and again:
  // past twice the tree's size the list is worked off (amortised, still O(1) per change).
  if (s_->stale.size() > 2 * s_->nodes.size() + 64) refreshDigest();
}

// A node changed, deleted and created again is listed twice: the first visit remakes its hash
// and clears the mark, the second finds it unmarked. A deleted node took its hash out at once.
void DataTree::refreshDigest() const {
  Shared& s = *s_;
  for (const std::string& path : s.stale) {
    const auto it = s.find(path);
    if (it == s.nodes.end() || !it->second.digestStale) continue;
    DataNode& node = it->second;
    s.digest -= node.digestHash;
    node.digestHash = nodeHash(path, node);
    s.digest += node.digestHash;
    node.digestStale = false;
  }
  s.stale.clear();
}

const DataNode* DataTree::getNode(const std::string& path) const {
  const auto it = s_->find(path);
  return it == s_->nodes.end() ? nullptr : &it->second;
}

ProcessTxnResult DataTree::processTxn(const Txn& txn) {
  const TxnHeader& hdr = txn.hdr;
  ProcessTxnResult rc;
  rc.zxid = hdr.zxid;
  rc.type = hdr.type;
  Nodes& nodes = mut();
  Shared& shared = *s_;  // after mut(): this tree's own copy

  switch (hdr.type) {
    case OpCode::create: {
      rc.path = txn.path;
      if (!isValidPath(txn.path)) {
        rc.err = kBadArguments;
        break;
      }
      if (txn.path == "/") {  // the root has no parent; it always exists
        rc.err = KeeperCode::NODEEXISTS;
        break;
      }
      const auto parentIt = shared.find(parentPath(txn.path));
      if (parentIt == nodes.end()) {
        rc.err = KeeperCode::NONODE;
        break;
      }
      DataNode& parent = parentIt->second;
      if (shared.find(txn.path) != nodes.end()) {
        // DataTree.processTxn still applies the txn's parentCVersion to the parent
        // (setCversionPzxid), a repair meant for replaying txns over a fuzzy snapshot.
        rc.err = KeeperCode::NODEEXISTS;
        raiseCversion(parent, txn.parentCVersion, hdr.zxid);
        touch(parentIt->first, parent);
        break;
      }
      raiseCversion(parent, txn.parentCVersion, hdr.zxid);
      touch(parentIt->first, parent);
      parent.children.insert(childName(txn.path));
      DataNode child;
      child.data = txn.data;
      child.stat.czxid = hdr.zxid;
      child.stat.mzxid = hdr.zxid;
      child.stat.pzxid = hdr.zxid;
      child.stat.ctime = hdr.time;
      child.stat.mtime = hdr.time;
      rc.stat = child.stat;
      const auto made = nodes.emplace(txn.path, std::move(child)).first;
      shared.byPath.insert(made->first, made);
      touch(made->first, made->second);  // adds nothing to the digest until it is hashed
      break;
    }

    case OpCode::delete_: {
      rc.path = txn.path;
      if (!isValidPath(txn.path) || txn.path == "/") {
        rc.err = kBadArguments;
        break;
      }
      const auto parentIt = shared.find(parentPath(txn.path));
      if (parentIt == nodes.end()) {
        rc.err = KeeperCode::NONODE;
        break;
      }
      const auto nodeIt = shared.find(txn.path);
      if (nodeIt != nodes.end() && !nodeIt->second.children.empty()) {
        // PrepRequestProcessor's check (DataTree itself never sees such a txn).
        rc.err = KeeperCode::NOTEMPTY;
        break;
      }
      // deleteNode raises the parent's pzxid before it looks for the child, so even a
      // delete of a missing child moves it. The parent's cversion is not touched.
      DataNode& parent = parentIt->second;
      parent.children.erase(childName(txn.path));
      if (hdr.zxid > parent.stat.pzxid) parent.stat.pzxid = hdr.zxid;
      touch(parentIt->first, parent);
      if (nodeIt == nodes.end()) {
        rc.err = KeeperCode::NONODE;
        break;
      }
      s_->digest -= nodeIt->second.digestHash;  // what it added (stale or not)
      shared.byPath.erase(std::string_view(nodeIt->first));
      nodes.erase(nodeIt);
      break;
    }

    case OpCode::setData: {
      rc.path = txn.path;
      const auto it = shared.find(txn.path);
      if (it == nodes.end()) {
        rc.err = isValidPath(txn.path) ? KeeperCode::NONODE : kBadArguments;
        break;
      }
      DataNode& node = it->second;
      node.data = txn.data;
      node.stat.mtime = hdr.time;
      node.stat.mzxid = hdr.zxid;
      node.stat.version = txn.version;
      touch(it->first, node);
      rc.stat = node.stat;
      break;
    }

    case OpCode::error:
      rc.err = static_cast<KeeperCode>(txn.err);
      break;

    case OpCode::createSession:
    case OpCode::closeSession:  // would remove the session's ephemerals; we have none
    case OpCode::notification:
    case OpCode::exists:
    case OpCode::getData:
    case OpCode::sync:
      break;
  }

  // After the change, and whatever its outcome (error txns included).
  if (rc.zxid > lastProcessedZxid_) lastProcessedZxid_ = rc.zxid;
  return rc;
}

std::uint64_t DataTree::digest() const {
  std::uint64_t h = kFnvOffset;
  for (const auto& [path, node] : s_->nodes) {
    fnvString(h, path);
    fnvString(h, node.data);
    fnvU32(h, static_cast<std::uint32_t>(node.stat.version));
  }
  return h;
}

// Layout: "ZSDT", int format version, long lastProcessedZxid, int node count, then per node
// in path order: string path, string data, long czxid, mzxid, pzxid, ctime, mtime, int
// version, cversion. Strings are an int length then bytes; everything big-endian.
Bytes DataTree::serialize() const {
  // Every blank disk gets the snapshot of a fresh tree (db.autocreate): made once.
  if (s_ == freshNodes() && lastProcessedZxid_ == 0) {
    static const Bytes freshBytes = DataTree().serializeNodes();
    return freshBytes;
  }
  return serializeNodes();
}

Bytes DataTree::serializeNodes() const {
  Bytes out;
  const Nodes& nodes = s_->nodes;
  out.reserve(32 + 80 * nodes.size());
  for (const std::uint8_t b : kMagic) putU8(out, b);
  putI32(out, kFormatVersion);
  putI64(out, lastProcessedZxid_);
  putI32(out, static_cast<std::int32_t>(nodes.size()));
  for (const auto& [path, node] : nodes) {
    putLengthPrefixed(out, path);
    putLengthPrefixed(out, node.data);
    putI64(out, node.stat.czxid);
    putI64(out, node.stat.mzxid);
    putI64(out, node.stat.pzxid);
    putI64(out, node.stat.ctime);
    putI64(out, node.stat.mtime);
    putI32(out, node.stat.version);
    putI32(out, node.stat.cversion);
  }
  return out;
}

std::optional<DataTree> DataTree::deserialize(const Bytes& bytes) {
  ByteReader r(bytes);
  for (const std::uint8_t b : kMagic) {
    if (r.u8() != b) return std::nullopt;
  }
  if (r.i32() != kFormatVersion) return std::nullopt;
  DataTree tree;
  tree.s_ = std::make_shared<Shared>();
  Nodes& nodes = tree.s_->nodes;
  tree.lastProcessedZxid_ = r.i64();
  const std::int32_t count = r.i32();
  if (!r.ok() || count < 1) return std::nullopt;  // at least the root
  if (static_cast<std::size_t>(count) > r.remaining() / kMinNodeBytes) return std::nullopt;

  for (std::int32_t n = 0; n < count; ++n) {
    std::string path = r.text();
    DataNode node;
    node.data = r.text();
    node.stat.czxid = r.i64();
    node.stat.mzxid = r.i64();
    node.stat.pzxid = r.i64();
    node.stat.ctime = r.i64();
    node.stat.mtime = r.i64();
    node.stat.version = r.i32();
    node.stat.cversion = r.i32();
    if (!r.ok() || !isValidPath(path)) return std::nullopt;
    if (!nodes.emplace(std::move(path), std::move(node)).second) return std::nullopt;  // duplicate
  }
  if (!r.ok() || r.remaining() != 0) return std::nullopt;

  // Children from paths; every node but the root needs its parent.
  if (nodes.count("/") == 0) return std::nullopt;
  for (const auto& [path, node] : nodes) {
    if (path == "/") continue;
    const auto parent = nodes.find(parentPath(path));
    if (parent == nodes.end()) return std::nullopt;
    parent->second.children.insert(childName(path));
  }
  for (auto& [path, node] : nodes) {
    node.digestHash = nodeHash(path, node);
    tree.s_->digest += node.digestHash;
  }
  tree.s_->reindex();
  return tree;
}

}  // namespace zab
